#pragma once

#include "app/store/SyncRepository.h"

namespace vax {
class Clock;
}

namespace vax::db {

class Connection;

// The device's sync bookkeeping on SQLite: the cursors and the server in meta, central's
// rejections, the review list, the sync history, bundles to relay.
class SyncTables final : public SyncRepository
{
public:
    SyncTables(Connection& connection, const Clock& clock);

    SyncState state() override;
    Result<void> setEnrolment(const DeviceEnrolment& enrolment) override;
    Result<void> acknowledgePush(qint64 throughSeq, const QList<PushRejection>& rejected) override;
    Result<void> rewindPush(qint64 seq) override;
    Result<void> setBundledThrough(qint64 seq) override;
    QList<PushRejection> rejections() override;
    QList<ReviewItem> reviewItems(bool includeResolved = false) override;
    Result<void> recordRun(const SyncRun& run) override;
    QList<SyncRun> history(int limit) override;
    Result<bool> addBundle(const RelayBundle& bundle) override;
    QList<RelayBundle> bundlesToRelay() override;
    QList<RelayBundle> bundlesToApply() override;
    Result<void> markApplied(const QString& bundleId) override;
    qint64 appliedThrough(const QString& deviceId) override;
    // Inside a caller's transaction: other devices' changes applied up to these seqs.
    Result<void> advanceOrigins(const QHash<QString, qint64>& throughByDevice);
    QList<RelayBundle> bundles() override;
    Result<void> markRelayed(const QString& bundleId, const QString& outcome) override;
    Result<void> noteBundle(const QString& bundleId, const QString& outcome) override;

    // Inside a caller's transaction.
    Result<void> setMeta(const QString& key, const QString& value);
    QString meta(const QString& key);

private:
    // Runs `work` in its own transaction.
    Result<void> inTransaction(const std::function<Result<void>()>& work);
    Result<void> setMetaIfHigher(const QString& key, qint64 value);
    QList<RelayBundle> readBundles(const QString& sql);

    Connection& m_connection;
    const Clock& m_clock;
};

} // namespace vax::db

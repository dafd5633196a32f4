#pragma once

#include "app/common/Result.h"
#include "app/store/Entity.h"
#include "app/store/SyncRepository.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <functional>
#include <optional>

namespace vax {

class CatalogueRepository;
class ClinicalRepository;
class PersonRepository;
class RecordWriter;
class StockRepository;
class UserRepository;

// Who this database belongs to: the device, and the site (and mobile team) it works for.
struct SiteIdentity {
    QString deviceId;
    QString siteId;
    QString teamId;
    QString siteCode;
    QString siteName;

    // Whose stock this device holds and spends: its team's if it is a team laptop.
    QString holderId() const { return teamId.isEmpty() ? siteId : teamId; }
};

// One entry of the change log: what this device changed, in order (DESIGN.md rule 6).
struct ChangeEntry {
    qint64 seq = 0;          // per device, increasing
    QString id;              // UUIDv7: push is idempotent by it
    QString entity;
    QString recordId;
    QString op;              // "insert" or "update"
    QJsonObject payload;     // the canonical record (insert) or the changed fields (update)
    QString hlc;
    QString userId;
    QString createdAt;
    // An update's base: each changed field's stamp as this device had it before the change. A
    // field someone else changed since then is a conflict; one changed after this device saw
    // it is simply newer (DESIGN.md rule 4).
    QJsonObject base;
    // The payload as the change log stores it (compact JSON), when read to be sent: then
    // `payload` is left empty and encoders copy this text as is.
    QByteArray payloadJson = {};
};

// A change pulled from central: someone else's, in central's global order.
struct RemoteChange {
    qint64 globalSeq = 0;
    QString deviceId;        // the device that made it ("central" for central's own)
    ChangeEntry change;      // change.seq is the origin device's seq
};

struct ApplyReport {
    int applied = 0;         // rows inserted or fields changed
    int ignored = 0;         // already here (events are a set union by id) or older than ours
    int conflicts = 0;       // losing values put on the review list
};

struct IntegrityReport {
    QStringList problems;           // empty when everything checks out
    QStringList warnings;           // true but worth a manager's look: a lot below zero at this device's holders after a merge
    qint64 auditEntries = 0;
    qint64 recordsVerified = 0;     // event rows whose content matched their audit digest
    qint64 ledgerBalances = 0;      // holder/lot balances compared with their ledger sums
    bool ok() const { return problems.isEmpty(); }
};

// The site database as the domain sees it (db/ implements it on SQLite). One per thread.
class SiteStore
{
public:
    virtual ~SiteStore() = default;

    virtual const SiteIdentity& identity() const = 0;

    // Runs `work` in one write transaction as `userId`: everything it writes through the
    // RecordWriter (records, change log, audit) commits together, or nothing does if it
    // returns an error.
    virtual Result<void> write(const QString& userId,
        const std::function<Result<void>(RecordWriter&)>& work) = 0;
    // Reference data from central or from the files shipped in resources/: stored and audited
    // but not queued for push (this device does not own it). Newer fields win.
    virtual Result<void> importReference(Entity entity, const QList<QJsonObject>& records,
        const QString& source) = 0;
    // An audit entry for something that is not a record change (a login, a failed login).
    virtual Result<void> auditEvent(const QString& userId, const QString& action, const QString& detail) = 0;

    virtual PersonRepository& persons() = 0;
    virtual CatalogueRepository& catalogue() = 0;
    virtual StockRepository& stock() = 0;
    virtual ClinicalRepository& clinical() = 0;
    virtual UserRepository& users() = 0;

    // SQLite's own check, the audit hash chain, every event row against its audit digest,
    // and every cached stock balance against its ledger sum; warns of the lots below zero at
    // this device's own holders (OwnStock).
    virtual IntegrityReport checkIntegrity() = 0;
    // Local changes not yet acknowledged by central (what the next sync will push).
    virtual qint64 pendingChanges() = 0;
    // Change-log entries after `seq`, oldest first, at most `limit`. To be sent (AsStored), each
    // payload comes as the log's JSON text in payloadJson, not parsed into payload.
    enum class ChangeForm { Parsed, AsStored };
    virtual QList<ChangeEntry> changesAfter(qint64 seq, int limit, ChangeForm form = ChangeForm::Parsed) = 0;

    // Applies a page pulled from central (or a bundle's changes, with newCursor 0: the cursor
    // stays) and moves the pull cursor, in one transaction: a crash halfway leaves neither.
    virtual Result<ApplyReport> applyPulled(const QList<RemoteChange>& changes, qint64 newCursor) = 0;
    // A pull run brackets the pages it applies, so that the store may put work off until
    // central has nothing more (SqliteSiteStore: a device's first pull builds its person
    // indexes and name search at its end). `caughtUp`: central had nothing more; a run that
    // stopped early leaves the work to the next one.
    virtual Result<void> beginPull() = 0;
    virtual Result<void> endPull(bool caughtUp) = 0;
    virtual SyncRepository& sync() = 0;
};

// SiteStore::write() for work that produces a value (the record it made).
template <typename T>
Result<T> writeReturning(SiteStore& store, const QString& userId, const std::function<Result<T>(RecordWriter&)>& work)
{
    std::optional<T> out;
    auto r = store.write(userId, [&](RecordWriter& writer) -> Result<void> {
        auto value = work(writer);
        if (!value.ok())
            return value.error();
        out = std::move(value).value();
        return {};
    });
    if (!r.ok())
        return r.error();
    return std::move(*out);
}

} // namespace vax

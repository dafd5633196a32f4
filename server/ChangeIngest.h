#pragma once

#include "app/common/Result.h"
#include "app/store/SiteStore.h"
#include "server/DeviceContext.h"
#include "sync/ChangeBatch.h"
#include "sync/Messages.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>

namespace vax {
class Clock;
}

namespace vax::server {

class CentralDatabase;

using PushOutcome = sync::PushResult;

// Takes a device's batch into central in one transaction (docs/sync-protocol.md "Push"):
// idempotent by change id, clones caught by device seq, ownership and schema checked per
// change, accepted changes numbered in global order, merged into the records' current state
// per field, people indexed and duplicates raised for review. Works in a few statements per
// batch, not per change: multi-row inserts on both databases.
class ChangeIngest
{
    Q_DECLARE_TR_FUNCTIONS(ChangeIngest)

public:
    ChangeIngest(CentralDatabase& db, const Clock& clock);

    // Err Conflict "cloned_device" when the device's seq continuity is broken (nothing is
    // written); Storage on a database failure.
    Result<PushOutcome> ingest(const DeviceContext& device, const sync::ChangeBatch& batch, const QString& via);

    // How far ahead of central a stamp may be before it is refused.
    static constexpr qint64 kMaxClockAheadMs = 5 * 60 * 1000;

private:
    struct State {
        QString siteId;
        QString teamId;
        QJsonObject data;
        QJsonObject fieldHlc;
        QString hlc;
        bool exists = false;  // already in record_state before this batch
        bool dirty = false;
        qint64 gseq = 0;      // the last accepted change that touched it
    };
    using Key = QString;  // entity + '/' + id
    static Key key(const QString& entity, const QString& id) { return entity + QLatin1Char('/') + id; }

    Result<void> loadStates(const QList<std::pair<QString, QString>>& wanted);
    std::optional<PushRejection> check(const DeviceContext& device, const ChangeEntry& c, QJsonObject* normalized);
    int mergeInto(State& state, const ChangeEntry& c, const QJsonObject& payload, const QString& entity);
    Result<void> writeFeed(const QList<std::pair<ChangeEntry, qint64>>& rows, const QString& deviceId, const QString& via);
    Result<void> writeStates();
    // A record `c` points to that central does not have (nor this batch before it).
    std::optional<std::pair<QString, QString>> missingReference(const ChangeEntry& c) const;
    // The person a dose's stock movement belongs to (empty for other movements).
    QString personOfInjection(const QString& injectionId);
    Result<void> indexPeopleAndDuplicates(const QList<ChangeEntry>& accepted);
    // Puts an item on central's review list; publishReviews() sends it to the site's devices.
    Result<void> addReview(const QString& kind, const QString& siteId, const QString& entity, const QString& recordId,
        const QString& otherId, const QString& field = {}, const QJsonValue& kept = {}, const QJsonValue& lost = {},
        const QString& keptHlc = {}, const QString& lostHlc = {});
    // The review items this batch raised, as central's own changes in the feed (in the same
    // transaction), so every device of the site pulls them.
    Result<void> publishReviews();
    // A device settled a review item (a correction voiding it): central's list shows it settled.
    Result<void> settleReviews(const QList<ChangeEntry>& accepted);
    // A dose voided twice (two laptops, both offline) goes on the review list.
    Result<void> indexVoids(const QList<ChangeEntry>& accepted);

    CentralDatabase& m_db;
    const Clock& m_clock;
    QHash<Key, State> m_states;
    QList<QJsonObject> m_reviews;  // raised by this batch, not yet in the feed
    qint64 m_clockAheadMs = 0;     // how far ahead of central the batch's stamps ran, at most
    QString m_now;
};

} // namespace vax::server

#pragma once

#include "app/common/Result.h"
#include "app/store/SiteStore.h"
#include "server/DeviceContext.h"
#include "server/LazyJson.h"
#include "sync/ChangeBatch.h"
#include "sync/Messages.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>

#include <functional>
#include <memory>

namespace vax {
class Clock;
}

namespace vax::server {

class CentralDatabase;
class PgBulk;

using PushOutcome = sync::PushResult;

// Takes a device's batch into central in one transaction (docs/sync-protocol.md "Push"):
// idempotent by change id, clones caught by device seq, ownership and schema checked per
// change, accepted changes numbered in global order, merged into the records' current state
// per field, people indexed and duplicates raised for review. Works in a few statements per
// batch, not per change: on PostgreSQL, look-ups take the batch's keys as arrays and new rows
// go in by COPY (PgBulk); on SQLite, multi-row statements.
class ChangeIngest
{
    Q_DECLARE_TR_FUNCTIONS(ChangeIngest)

public:
    ChangeIngest(CentralDatabase& db, const Clock& clock);
    ~ChangeIngest();
    Q_DISABLE_COPY_MOVE(ChangeIngest)

    // Err Conflict "cloned_device" when the device's seq continuity is broken (nothing is
    // written); Storage on a database failure.
    // `precondition` runs first inside the batch's transaction, after every other writer is
    // shut out (central's own checks that must hold when the batch commits, e.g. a store's
    // stock before it ships); an error from it rolls the batch back.
    Result<PushOutcome> ingest(const DeviceContext& device, const sync::ChangeBatch& batch, const QString& via,
        const std::function<Result<void>()>& precondition = {});

    // How far ahead of central a stamp may be before it is refused.
    static constexpr qint64 kMaxClockAheadMs = 5 * 60 * 1000;

private:
    struct State {
        QString siteId;
        QString teamId;
        LazyJson fields;      // the record (record_state.data; an event's feed payload)
        LazyJson fieldHlc;
        QString hlc;
        bool exists = false;  // on central (before this batch, or written by it)
        bool created = false; // a record this batch made: new to central
        bool dirty = false;
        qint64 gseq = 0;      // the last accepted change that touched it
        const QJsonObject& data() const { return fields.object(); }
    };
    using Key = QString;  // entity + '/' + id
    static Key key(const QString& entity, const QString& id) { return entity + QLatin1Char('/') + id; }

    // A change as it goes into the feed: its global seq and its payload as compact JSON.
    struct FeedRow {
        ChangeEntry change;
        qint64 gseq = 0;
        QByteArray payload;
    };

    Result<QHash<QString, std::pair<qint64, QString>>> knownChanges(const QStringList& ids);
    Result<void> loadStates(const QList<std::pair<QString, QString>>& wanted);
    std::optional<PushRejection> check(const DeviceContext& device, const ChangeEntry& c, QJsonObject* normalized);
    int mergeInto(State& state, const ChangeEntry& c, const QJsonObject& payload, const QByteArray& payloadJson, const QString& entity);
    Result<void> writeFeed(const QList<FeedRow>& rows, const QString& deviceId, const QString& via);
    Result<void> writeStates();
    // Whether records of this kind are events: never changed, so their insert in the feed is their
    // state (no record_state row).
    static bool isEventName(const QString& entity);
    // Of the records a change points to, one central does not have (nor this batch before it).
    std::optional<std::pair<QString, QString>> missingReference(const QList<std::pair<QString, QString>>& references) const;
    // The person a dose's stock movement belongs to (empty for other movements).
    QString personOfInjection(const QString& injectionId);
    // Whose devices see a holder's records: a team's are its site's; a site or store is its own.
    QString siteScopeOf(const QString& holderId) const;
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
    std::unique_ptr<PgBulk> m_bulk;  // on PostgreSQL
    QHash<Key, State> m_states;
    QList<QJsonObject> m_reviews;  // raised by this batch, not yet in the feed
    qint64 m_clockAheadMs = 0;     // how far ahead of central the batch's stamps ran, at most
    QString m_now;
    qint64 m_nowMs = 0;
};

} // namespace vax::server

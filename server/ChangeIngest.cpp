#include "ChangeIngest.h"

#include "app/common/Clock.h"
#include "app/common/Hlc.h"
#include "app/common/TimeText.h"
#include "app/common/Uuid.h"
#include "app/merge/FieldMerge.h"
#include "app/store/Entity.h"
#include "db/EntitySpec.h"
#include "db/RowWriter.h"
#include "server/CentralDatabase.h"
#include "server/PgBulk.h"
#include "server/SqlChunks.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace vax::server {

namespace {

const QStringList kStampKeys{QStringLiteral("id"), QStringLiteral("site_id"), QStringLiteral("team_id"),
    QStringLiteral("created_by"), QStringLiteral("created_at"), QStringLiteral("hlc")};

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString nodeOf(const QString& hlc)
{
    const auto h = Hlc::parse(hlc);
    return h ? h->node : QString();
}

// The records a record points to (the device's foreign keys), by column.
const QList<std::pair<QLatin1String, QString>>& references()
{
    static const QList<std::pair<QLatin1String, QString>> refs{
        {QLatin1String("person_id"), QStringLiteral("person")}, {QLatin1String("visit_id"), QStringLiteral("visit")},
        {QLatin1String("screening_id"), QStringLiteral("screening")}, {QLatin1String("product_id"), QStringLiteral("vaccine_product")},
        {QLatin1String("lot_id"), QStringLiteral("lot")}, {QLatin1String("movement_id"), QStringLiteral("stock_movement")},
        {QLatin1String("injection_id"), QStringLiteral("injection")}, {QLatin1String("holder_id"), QStringLiteral("site")},
        {QLatin1String("reverses_id"), QStringLiteral("stock_movement")}, {QLatin1String("vial_id"), QStringLiteral("vial")},
        {QLatin1String("counterpart_id"), QStringLiteral("site")}};
    return refs;
}

// What `c` points to: (entity, id) pairs, its correction target included.
QList<std::pair<QString, QString>> referencesOf(const ChangeEntry& c)
{
    QList<std::pair<QString, QString>> out;
    if (c.op == QLatin1String("update"))
        out << std::pair{c.entity, c.recordId};  // an update points to the record it changes
    for (const auto& [column, entity] : references()) {
        const QString id = c.payload.value(column).toString();
        if (!id.isEmpty() && !(entity == c.entity && id == c.recordId))
            out << std::pair{entity, id};
    }
    if (c.entity == QLatin1String("correction"))
        out << std::pair{c.payload.value(QLatin1String("entity")).toString(), c.payload.value(QLatin1String("target_id")).toString()};
    return out;
}

bool centralOwns(Entity e)
{
    return e == Entity::Site || e == Entity::Device || e == Entity::User || e == Entity::VaccineProduct || e == Entity::ReviewItem;
}

} // namespace

ChangeIngest::ChangeIngest(CentralDatabase& db, const Clock& clock)
    : m_db(db)
    , m_clock(clock)
    , m_bulk(PgBulk::on(db))
{
}

ChangeIngest::~ChangeIngest() = default;

std::optional<PushRejection> ChangeIngest::check(const DeviceContext& device, const ChangeEntry& c, QJsonObject* normalized)
{
    auto reject = [&c](const char* code, const QString& reason) {
        return PushRejection{c.id, c.seq, c.entity, c.recordId, QLatin1String(code), reason, {}};
    };
    const auto entity = entityFromName(c.entity);
    if (!entity)
        return reject("invalid", tr("Unknown kind of record '%1'.").arg(c.entity));
    const db::EntitySpec& spec = db::specFor(*entity);
    const bool isUpdate = c.op == QLatin1String("update");

    if (centralOwns(*entity) && !device.central) {
        return reject("central_owns",
            tr("Central owns %1 records: change them with vaxcentral admin, not on a device.").arg(c.entity));
    }
    if (isUpdate && !spec.mutableRecord)
        return reject("append_only", tr("A %1 is never changed: record a correction instead.").arg(c.entity));

    // The payload against the record's schema. An update's nulls (cleared fields) are kept.
    QJsonObject fields = c.payload;
    QStringList cleared;
    if (isUpdate) {
        for (auto it = fields.begin(); it != fields.end();) {
            if (it.value().isNull()) {
                cleared << it.key();
                it = fields.erase(it);
            } else {
                ++it;
            }
        }
    }
    auto ok = spec.normalize(fields);
    if (!ok.ok())
        return reject("invalid", ok.error().message());
    *normalized = ok.value();
    for (const QString& k : cleared) {
        if (!spec.column(k) || kStampKeys.contains(k))
            return reject("invalid", tr("Field '%1' of a %2 record cannot be cleared.").arg(k, c.entity));
        normalized->insert(k, QJsonValue::Null);
    }
    if (normalized->value(QLatin1String("id")).toString() != c.recordId)
        return reject("invalid", tr("The payload is not of record %1.").arg(c.recordId));
    if (!isUpdate && (normalized->value(QLatin1String("hlc")).toString().isEmpty()
                         || normalized->value(QLatin1String("created_at")).toString().isEmpty()))
        return reject("invalid", tr("A new %1 record must carry its hlc and created_at stamps.").arg(c.entity));

    const QString stamp = isUpdate ? c.hlc : normalized->value(QLatin1String("hlc")).toString();
    const auto hlc = Hlc::parse(stamp);
    if (!hlc)
        return reject("invalid", tr("The HLC stamp '%1' is not one.").arg(stamp));
    if (const qint64 ahead = hlc->wallMs - m_nowMs; ahead > kMaxClockAheadMs && !device.central) {
        // Held back, not refused (see ingest): nothing is lost and nothing stamped in the future
        // ever orders anything here.
        m_clockAheadMs = std::max(m_clockAheadMs, ahead);
        return reject("clock_ahead", {});
    }
    if (device.central)
        return std::nullopt;

    const auto stateIt = m_states.constFind(key(c.entity, c.recordId));
    const State* state = stateIt == m_states.constEnd() ? nullptr : &*stateIt;
    auto ownsState = [&device](const State& s) { return s.siteId == device.siteId && s.teamId == device.teamId; };

    if (isUpdate) {
        if (!state)
            return reject("unknown_record", tr("Central has no %1 %2 to change.").arg(c.entity, c.recordId));
        if (*entity != Entity::Lot && !ownsState(*state))
            return reject("not_owner", tr("This %1 belongs to another site or team: only its owner may change it.").arg(c.entity));
        if (*entity == Entity::Lot && state->siteId != device.siteId)
            return reject("not_owner", tr("This lot was recorded by another site: only that site may change it."));
        return std::nullopt;
    }
    if (*entity == Entity::Lot)
        return std::nullopt;  // lots are shared: the same lot received at two sites is one record
    const QString site = normalized->value(QLatin1String("site_id")).toString();
    const QString team = normalized->value(QLatin1String("team_id")).toString();
    if (site != device.siteId || team != device.teamId) {
        return reject("not_owner", tr("The record is stamped for site %1%2, not this device's.")
                                       .arg(site, team.isEmpty() ? QString() : QStringLiteral(" / team ") + team));
    }
    if (state && spec.mutableRecord && !ownsState(*state))
        return reject("not_owner", tr("This %1 belongs to another site or team: only its owner may change it.").arg(c.entity));
    if (*entity == Entity::Correction) {
        const QString targetEntity = normalized->value(QLatin1String("entity")).toString();
        const auto target = m_states.constFind(key(targetEntity, normalized->value(QLatin1String("target_id")).toString()));
        if (target == m_states.constEnd())
            return reject("unknown_record", tr("The corrected %1 is not known to central.").arg(targetEntity));
        if (target->siteId != device.siteId)
            return reject("not_owner", tr("The corrected %1 belongs to another site: only that site may correct it.").arg(targetEntity));
    }
    return std::nullopt;
}

int ChangeIngest::mergeInto(State& state, const ChangeEntry& c, const QJsonObject& payload, const QByteArray& payloadJson,
    const QString& entity)
{
    const bool isUpdate = c.op == QLatin1String("update");
    if (!isUpdate && !state.exists && state.fields.isEmpty()) {
        // New to central: stored as it came (the very bytes that go into the feed).
        state.fields.set(payload, payloadJson);
        state.hlc = payload.value(QLatin1String("hlc")).toString();
        state.siteId = payload.value(QLatin1String("site_id")).toString();
        state.teamId = payload.value(QLatin1String("team_id")).toString();
        state.created = true;
        state.dirty = true;
        return 0;
    }
    if (isEvent(*entityFromName(entity)))
        return 0;  // an event is a set member: seen once, never changed
    const QString incomingHlc = isUpdate ? c.hlc : payload.value(QLatin1String("hlc")).toString();
    if (!isUpdate && incomingHlc < state.hlc) {
        // Created in two places (a lot received at two sites): the first creation's stamp, as
        // every device keeps it (RowWriter::adoptStamp).
        db::RowWriter::adoptStamp(state.fields.edit(), state.fieldHlc.edit(), payload);
        state.hlc = incomingHlc;
        state.siteId = payload.value(QLatin1String("site_id")).toString();
        state.teamId = payload.value(QLatin1String("team_id")).toString();
        state.dirty = true;
    }
    int conflicts = 0;
    for (auto it = payload.begin(); it != payload.end(); ++it) {
        if (kStampKeys.contains(it.key()))
            continue;
        const QString storedHlc = state.fieldHlc.object().value(it.key()).toString(state.hlc);
        // Changed by someone else since the device last agreed with central: its base says what
        // it had; without one (a record both sides created), since another device wrote it.
        const QJsonValue base = c.base.value(it.key());
        const bool changedSinceBase = base.isString() ? storedHlc != base.toString() : nodeOf(storedHlc) != nodeOf(incomingHlc);
        const FieldVersion stored{state.data().value(it.key()), storedHlc, changedSinceBase};
        const FieldVersion incoming{it.value(), incomingHlc, true};
        const FieldMergeResult r = mergeField(stored, incoming);
        if (r.conflict) {
            ++conflicts;
            (void)addReview(QStringLiteral("field_conflict"), state.siteId, entity, c.recordId, {}, it.key(),
                r.takeIncoming ? incoming.value : stored.value, r.takeIncoming ? stored.value : incoming.value,
                r.takeIncoming ? incomingHlc : storedHlc, r.takeIncoming ? storedHlc : incomingHlc);
        }
        if (r.takeIncoming) {
            if (it.value().isNull())
                state.fields.edit().remove(it.key());
            else
                state.fields.edit().insert(it.key(), it.value());
            state.fieldHlc.edit().insert(it.key(), incomingHlc);
            state.dirty = true;
        }
    }
    return conflicts;
}

Result<PushOutcome> ChangeIngest::ingest(const DeviceContext& device, const sync::ChangeBatch& batch, const QString& via,
    const std::function<Result<void>()>& precondition)
{
    m_states.clear();
    m_reviews.clear();
    m_clockAheadMs = 0;
    const QDateTime now = m_clock.now();
    m_now = toIsoWithOffset(now);
    m_nowMs = now.toMSecsSinceEpoch();
    PushOutcome out;
    if (batch.changes.isEmpty())
        return out;

    CentralTransaction txn(m_db);
    if (auto r = txn.begin(); !r.ok())
        return r.error();
    if (m_db.backend() == Backend::Postgres) {
        // Pushes take turns: global seqs are handed out and become visible in order, so a pull
        // never skips a change committed late (see ChangeFeed).
        if (auto r = m_db.query(QStringLiteral("SELECT value FROM seq_counter WHERE name = 'change' FOR UPDATE")); !r.ok())
            return r.error();
        m_db.prepared(QStringLiteral("SELECT value FROM seq_counter WHERE name = 'change' FOR UPDATE")).finish();
    }
    if (precondition) {
        if (auto r = precondition(); !r.ok())
            return r.error();
    }

    // Already accepted (a resend after a cut): answer as before. A seq reused with another id:
    // two copies of one database.
    QStringList ids;
    qint64 minSeq = batch.changes.first().seq;
    qint64 maxSeq = batch.changes.last().seq;
    for (const ChangeEntry& c : batch.changes)
        ids << c.id;
    auto knownOrError = knownChanges(ids);
    if (!knownOrError.ok())
        return knownOrError.error();
    const QHash<QString, std::pair<qint64, QString>>& known = knownOrError.value();  // id -> gseq, device
    QHash<qint64, QString> taken;
    {
        auto q = m_db.query(QStringLiteral("SELECT device_seq, id FROM change_feed WHERE device_id = ? AND device_seq >= ? AND device_seq <= ?"),
            {batch.deviceId, minSeq, maxSeq});
        if (!q.ok())
            return q.error();
        while (q.value()->next())
            taken.insert(q.value()->value(0).toLongLong(), q.value()->value(1).toString());
        q.value()->finish();
    }

    QList<std::pair<QString, QString>> wanted;
    QHash<QString, QList<std::pair<QString, QString>>> pointsTo;  // by change id
    // Events this batch creates: central's copy, if any, changes nothing (an event is a set
    // member), and a change pointing to one finds it in the batch; not worth an index probe
    // each (half of what a batch of doses looked up).
    QSet<Key> createdEvents;
    for (const ChangeEntry& c : batch.changes) {
        if (known.contains(c.id))
            continue;
        pointsTo.insert(c.id, referencesOf(c));
        if (c.op == QLatin1String("insert") && isEventName(c.entity))
            createdEvents.insert(key(c.entity, c.recordId));
    }
    auto want = [&wanted, &createdEvents](const std::pair<QString, QString>& record) {
        if (!createdEvents.contains(key(record.first, record.second)))
            wanted << record;
    };
    for (const ChangeEntry& c : batch.changes) {
        if (known.contains(c.id))
            continue;
        if (taken.contains(c.seq) && taken.value(c.seq) != c.id) {
            return Error(ErrorCode::Conflict,
                tr("Change %1 of device %2 was already received with different content: two copies of this device's database "
                   "are in use, or it was restored from a backup. The device is refused until an administrator enrols it again; "
                   "enrolled again, it gets back what central holds of it.")
                    .arg(c.seq)
                    .arg(batch.deviceId));
        }
        want(std::pair{c.entity, c.recordId});
        for (const auto& record : pointsTo.value(c.id))
            want(record);
    }
    if (auto l = loadStates(wanted); !l.ok())
        return l.error();

    // A device's changes are taken in their order, with no gap: a change may point to any
    // earlier one. A bundle relayed before an earlier one of the same device waits for it;
    // a device whose cursor is ahead of central's (central restored from a backup) is asked to
    // send again from where central is.
    if (!device.central) {
        const qint64 have = m_db.scalar(QStringLiteral("SELECT last_seq FROM device WHERE id = ?"), {batch.deviceId}).toLongLong();
        if (minSeq > have + 1) {
            out.heldFrom = minSeq;
            out.heldReason = QStringLiteral("gap");
            out.resendFrom = have + 1;
            out.ackedThrough = have;
            out.heldMessage = tr("Central has this device's changes only up to #%1; these start at #%2. They wait for the ones "
                                 "in between (an earlier bundle not carried yet), or for the device to sync itself.")
                                  .arg(have)
                                  .arg(minSeq);
            return out;
        }
    }

    QList<ChangeEntry> fresh;
    QList<std::pair<QJsonObject, QByteArray>> payloads;  // normalized, and as compact JSON
    for (const ChangeEntry& c : batch.changes) {
        if (const auto it = known.constFind(c.id); it != known.constEnd()) {
            if (it->second != batch.deviceId) {
                out.rejected << PushRejection{c.id, c.seq, c.entity, c.recordId, QStringLiteral("invalid"),
                    tr("This change id belongs to another device."), {}};
            } else {
                out.accepted << std::pair{c.id, it->first};
            }
            continue;
        }
        // A change that points to a record central does not have yet (another device's, still
        // on a USB stick) waits, and everything after it: a feed never holds a record before
        // what it points to, so no device ever pulls a dangling reference.
        if (const auto missing = missingReference(pointsTo.value(c.id))) {
            out.heldFrom = c.seq;
            out.heldReason = QStringLiteral("missing_reference");
            out.heldMessage = tr("Change #%1 (%2) points to %3 %4, which central does not have yet: it waits until that "
                                 "record arrives (a mobile team's bundle not carried yet, or a laptop not synced yet).")
                                  .arg(c.seq)
                                  .arg(c.entity, missing->first, missing->second);
            break;
        }
        QJsonObject normalized;
        if (auto rejection = check(device, c, &normalized)) {
            if (rejection->code == QLatin1String("clock_ahead")) {
                // A stamp far ahead of central's clock: this change and everything after it wait
                // on the device (they may point to it), acknowledged only up to here. They come
                // through once the laptop's clock is set right and real time has passed their
                // stamps; meanwhile the device says why.
                out.heldFrom = c.seq;
                out.heldReason = QStringLiteral("clock_ahead");
                out.heldMessage = tr("This laptop's clock is %n minute(s) ahead of central's: changes from #%1 on wait on the laptop, "
                                     "and are sent once its date and time are right and real time has caught up with them.",
                    nullptr, int(m_clockAheadMs / 60000))
                                      .arg(c.seq);
                break;
            }
            out.rejected << *rejection;
            continue;
        }
        State& state = m_states[key(c.entity, c.recordId)];
        const QByteArray json = compact(normalized);
        out.conflicts += mergeInto(state, c, normalized, json, c.entity);
        fresh << c;
        payloads << std::pair{normalized, json};
    }

    // Global numbers for the accepted changes, in batch order.
    qint64 first = 0;
    if (!fresh.isEmpty()) {
        auto q = m_db.query(QStringLiteral("UPDATE seq_counter SET value = value + ? WHERE name = 'change' RETURNING value"),
            {qint64(fresh.size())});
        if (!q.ok())
            return q.error();
        if (!q.value()->next())
            return Error(ErrorCode::Storage, tr("Central's change counter is missing."));
        first = q.value()->value(0).toLongLong() - fresh.size() + 1;
        q.value()->finish();
    }
    QList<FeedRow> rows;
    rows.reserve(fresh.size());
    for (qsizetype i = 0; i < fresh.size(); ++i) {
        FeedRow row{fresh[i], first + i, payloads[i].second};
        row.change.payload = payloads[i].first;
        out.accepted << std::pair{row.change.id, row.gseq};
        m_states[key(row.change.entity, row.change.recordId)].gseq = row.gseq;
        rows << std::move(row);
    }
    if (auto w = writeFeed(rows, batch.deviceId, via); !w.ok())
        return w.error();
    if (auto w = writeStates(); !w.ok())
        return w.error();
    if (auto w = indexPeopleAndDuplicates(fresh); !w.ok())
        return w.error();
    if (auto w = settleReviews(fresh); !w.ok())
        return w.error();
    if (auto w = indexVoids(fresh); !w.ok())
        return w.error();
    if (auto w = publishReviews(); !w.ok())
        return w.error();
    out.ackedThrough = out.heldFrom > 0 ? out.heldFrom - 1 : maxSeq;
    out.clockAheadMs = m_clockAheadMs;
    if (m_clockAheadMs > 0 && !device.central) {
        if (auto u = m_db.query(QStringLiteral("UPDATE device SET clock_ahead_at = ? WHERE id = ?"), {m_now, batch.deviceId}); !u.ok())
            return u.error();
    }
    if (!device.central) {
        if (auto u = m_db.query(QStringLiteral("UPDATE device SET last_seq = CASE WHEN last_seq > ? THEN last_seq ELSE ? END, "
                                               "last_seen_at = ? WHERE id = ?"),
                {out.ackedThrough, out.ackedThrough, m_now, batch.deviceId});
            !u.ok())
            return u.error();
    }
    if (auto c = txn.commit(); !c.ok())
        return c.error();
    return out;
}

std::optional<std::pair<QString, QString>> ChangeIngest::missingReference(const QList<std::pair<QString, QString>>& references) const
{
    for (const auto& [entity, id] : references) {
        const auto it = m_states.constFind(key(entity, id));
        // Known to central, or written earlier in this batch.
        if (it == m_states.constEnd() || (!it->exists && it->fields.isEmpty()))
            return std::pair{entity, id};
    }
    return std::nullopt;
}

QString ChangeIngest::siteScopeOf(const QString& holderId) const
{
    const auto it = m_states.constFind(key(QStringLiteral("site"), holderId));
    if (it != m_states.constEnd() && it->data().value(QLatin1String("kind")).toString() == QLatin1String("team"))
        return it->data().value(QLatin1String("parent_id")).toString();
    return holderId;
}

bool ChangeIngest::isEventName(const QString& entity)
{
    const auto e = entityFromName(entity);
    return e && isEvent(*e);
}

QString ChangeIngest::personOfInjection(const QString& injectionId)
{
    if (injectionId.isEmpty())
        return {};
    const auto it = m_states.constFind(key(QStringLiteral("injection"), injectionId));
    if (it != m_states.constEnd())
        return it->data().value(QLatin1String("person_id")).toString();
    // Not in this batch (a batch ended between the movement and its dose, or a void later on).
    return QJsonDocument::fromJson(m_db.scalar(QStringLiteral("SELECT payload FROM change_feed WHERE entity = 'injection' AND record_id = ? "
                                                              "AND op = 'insert' ORDER BY gseq LIMIT 1"),
                                          {injectionId})
                                       .toString()
                                       .toUtf8())
        .object()
        .value(QLatin1String("person_id"))
        .toString();
}

} // namespace vax::server

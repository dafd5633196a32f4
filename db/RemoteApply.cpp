#include "RemoteApply.h"

#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/merge/FieldMerge.h"
#include "db/AuditChain.h"
#include "db/Connection.h"
#include "db/Statement.h"
#include "db/SyncTables.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace vax::db {

namespace {

const QString kInsert = QStringLiteral("insert");
const QString kUpdate = QStringLiteral("update");
const QString kHlcSeen = QStringLiteral("hlc_seen");

QString tr(const char* text)
{
    return QCoreApplication::translate("Database", text);
}

QJsonValue orNull(const QJsonValue& v)
{
    return v.isUndefined() ? QJsonValue(QJsonValue::Null) : v;
}

} // namespace

RemoteApply::RemoteApply(RemoteApplyContext context)
    : m_ctx(context)
    , m_rows(m_ctx.connection)
    , m_now(toIsoWithOffset(m_ctx.clock.now()))
{
}

Result<ApplyReport> RemoteApply::applyPage(const QList<RemoteChange>& changes, qint64 newCursor)
{
    // A page may hold a record before the one it points to (a lot before its product, an
    // injection before its movement): foreign keys are checked at COMMIT, for the whole page.
    Statement& defer = m_ctx.connection.statement(QStringLiteral("PRAGMA defer_foreign_keys = ON"));
    if (!defer.exec())
        return m_ctx.connection.statementError(defer);
    Statement& bulk = m_ctx.connection.statement(QStringLiteral("UPDATE fts_mode SET bulk = 1"));
    if (!bulk.exec())
        return m_ctx.connection.statementError(bulk);

    m_pushedThrough = m_ctx.sync.meta(QStringLiteral("pushed_through_seq")).toLongLong();
    ApplyReport report;
    QHash<QString, qint64> origins;  // how far each other device's changes now are here
    for (const RemoteChange& remote : changes) {
        if (auto r = applyOne(remote, report); !r.ok())
            return r.error();
        if (remote.change.seq > 0 && remote.deviceId != m_ctx.identity.deviceId) {
            qint64& through = origins[remote.deviceId];
            through = std::max(through, remote.change.seq);
        }
    }
    if (auto r = m_ctx.sync.advanceOrigins(origins); !r.ok())
        return r.error();
    // The page's new people into name search, in one statement; a first pull's at its end.
    QList<const char*> search;
    if (!m_ctx.deferSearch) {
        search << "INSERT INTO person_fts (rowid, name_folded) SELECT p.pk, p.name_folded FROM person p "
                  "JOIN fts_pending f ON f.pk = p.pk"
               << "DELETE FROM fts_pending";
    }
    search << "UPDATE fts_mode SET bulk = 0";
    for (const char* sql : std::as_const(search)) {
        Statement& s = m_ctx.connection.statement(QLatin1String(sql));
        if (!s.exec())
            return m_ctx.connection.statementError(s);
    }

    if (m_highestSeen) {
        const auto stored = Hlc::parse(m_ctx.sync.meta(kHlcSeen));
        if (!stored || *m_highestSeen > *stored) {
            if (auto r = m_ctx.sync.setMeta(kHlcSeen, m_highestSeen->toString()); !r.ok())
                return r.error();
        }
    }
    // A bundle's changes come with no cursor; a page never moves it back.
    if (newCursor > m_ctx.sync.meta(QStringLiteral("pull_cursor")).toLongLong()) {
        if (auto r = m_ctx.sync.setMeta(QStringLiteral("pull_cursor"), QString::number(newCursor)); !r.ok())
            return r.error();
    }
    return report;
}

Result<void> RemoteApply::applyOne(const RemoteChange& remote, ApplyReport& report)
{
    const ChangeEntry& c = remote.change;
    const auto entity = entityFromName(c.entity);
    if (!entity) {
        qCWarning(lcDb) << "pulled change" << c.id << "of unknown entity" << c.entity << "ignored (global seq"
                        << remote.globalSeq << ")";
        ++report.ignored;
        return {};
    }
    if (c.recordId.isEmpty())
        return failure(remote, tr("it names no record"));
    if (c.op != kInsert && c.op != kUpdate)
        return failure(remote, tr("its operation '%1' is unknown").arg(c.op));
    if (auto r = witness(remote, c.hlc); !r.ok())
        return r;

    const EntitySpec& spec = specFor(*entity);
    if (spec.entity == Entity::VaccineProduct)
        m_productsChanged = true;
    auto normalized = spec.normalize(c.payload);
    if (!normalized.ok())
        return failure(remote, normalized.error().message());
    const QString payloadId = normalized->value(QLatin1String("id")).toString();
    if (!payloadId.isEmpty() && payloadId != c.recordId)
        return failure(remote, tr("its payload is record %1").arg(payloadId));

    if (c.op == kInsert) {
        QJsonObject record = normalized.value();
        if (payloadId.isEmpty())  // (inserting an equal value would still copy the whole record)
            record.insert(QStringLiteral("id"), c.recordId);
        // The record's own stamp is what its fields carry; the change's stamp if it has none.
        QString recordHlc = record.value(QLatin1String("hlc")).toString();
        if (recordHlc.isEmpty()) {
            recordHlc = c.hlc;
            record.insert(QStringLiteral("hlc"), recordHlc);
        } else if (recordHlc != c.hlc) {
            if (auto r = witness(remote, recordHlc); !r.ok())
                return r;
        }
        if (!spec.mutableRecord) {
            // Facts are a set union by id: one already here is the same fact.
            if (m_rows.exists(spec, c.recordId)) {
                ++report.ignored;
                return {};
            }
            return insertNew(spec, remote, record, report);
        }
        // New here (most of a first pull): a cheap look, no record read.
        if (!m_rows.exists(spec, c.recordId))
            return insertNew(spec, remote, record, report);
        auto stored = m_rows.loadStamped(spec, c.recordId);
        if (!stored)
            return insertNew(spec, remote, record, report);
        // Here already (a lot both sites received: its id comes from its name). The record
        // carries the stamp of its first creation, the same on every side; its fields merge.
        if (recordHlc < stored->record.value(QLatin1String("hlc")).toString()) {
            auto restamped = m_rows.adoptStamp(spec, *stored, record);
            if (!restamped.ok())
                return failure(remote, restamped.error().message(), restamped.error().code());
            stored = restamped.value();
        }
        QJsonObject incoming = record;
        for (const QString& key : RowWriter::stampKeys())
            incoming.remove(key);
        return merge(spec, remote, *stored, incoming, recordHlc, report);
    }

    if (!spec.mutableRecord)
        return failure(remote, tr("%1 records are never changed").arg(spec.tableName()));
    const auto stored = m_rows.loadStamped(spec, c.recordId);
    if (!stored) {
        // Not in this device's scope (yet): nothing to merge into.
        ++report.ignored;
        return {};
    }
    // The changed fields; a null (dropped by normalize) clears the field.
    QJsonObject incoming;
    for (auto it = c.payload.begin(); it != c.payload.end(); ++it) {
        if (!RowWriter::stampKeys().contains(it.key()))
            incoming.insert(it.key(), orNull(normalized->value(it.key())));
    }
    return merge(spec, remote, *stored, incoming, c.hlc, report);
}

Result<void> RemoteApply::insertNew(const EntitySpec& spec, const RemoteChange& remote, const QJsonObject& record, ApplyReport& report)
{
    const auto canonical = m_rows.insert(spec, record);
    if (!canonical.ok())
        return failure(remote, canonical.error().message(), canonical.error().code());
    if (auto r = audit(spec, remote, canonical.value()); !r.ok())
        return r;
    ++report.applied;
    return {};
}

Result<void> RemoteApply::merge(const EntitySpec& spec, const RemoteChange& remote, const StoredRecord& stored,
    const QJsonObject& incoming, const QString& incomingHlc, ApplyReport& report)
{
    const QString& recordId = remote.change.recordId;
    const QString recordHlc = stored.record.value(QLatin1String("hlc")).toString();
    const UnsentChange unsent = unsentChange(spec, recordId);
    QJsonObject taken;
    int changedValues = 0;  // taken fields whose value differs: the rest only catch up the stamp
    for (auto it = incoming.begin(); it != incoming.end(); ++it) {
        const QString& field = it.key();
        FieldVersion here;
        here.value = stored.record.value(field);
        here.hlc = stored.fieldHlc.value(field).toString(recordHlc);
        here.changedSinceBase = unsent.touches(field);
        FieldVersion there;
        there.value = it.value();
        there.hlc = incomingHlc;
        const FieldMergeResult m = mergeField(here, there);
        // Both values reach central, which puts the loser on the site's review list (one list,
        // not one per device); here the same rule picks the same winner meanwhile.
        if (m.conflict)
            ++report.conflicts;
        if (m.takeIncoming) {
            taken.insert(field, orNull(it.value()));
            if (here.value != there.value)
                ++changedValues;
        }
    }
    if (taken.isEmpty()) {
        ++report.ignored;  // the same values, or older than ours
        return {};
    }
    if (auto r = m_rows.update(spec, recordId, taken, incomingHlc); !r.ok())
        return failure(remote, r.error().message(), r.error().code());
    if (changedValues == 0) {
        ++report.ignored;  // the same values; only their stamps now match the other side's
        return {};
    }
    report.applied += changedValues;
    QJsonObject payload = taken;
    payload.insert(QStringLiteral("id"), recordId);
    return audit(spec, remote, RowWriter::canonical(payload));
}

RemoteApply::UnsentChange RemoteApply::unsentChange(const EntitySpec& spec, const QString& recordId)
{
    const QString entity = entityName(spec.entity);
    const QString key = entity + QLatin1Char('/') + recordId;
    auto it = m_unsent.find(key);
    if (it != m_unsent.end())
        return it.value();
    // Central acknowledges in change-log order, so the unsent changes are the tail after the
    // push cursor: a range scan of the primary key, however long the log has grown.
    UnsentChange unsent;
    Statement& s = m_ctx.connection.statement(
        QStringLiteral("SELECT op, payload FROM change_log WHERE seq > ? AND entity = ? AND record_id = ?"));
    s.bind(0, m_pushedThrough).bind(1, entity).bind(2, recordId);
    while (s.step()) {
        if (s.text(0) == kInsert) {
            unsent.wholeRecord = true;
            continue;
        }
        const QJsonObject payload = QJsonDocument::fromJson(s.text(1).toUtf8()).object();
        for (auto f = payload.begin(); f != payload.end(); ++f)
            unsent.fields.insert(f.key());
    }
    s.reset();
    m_unsent.insert(key, unsent);
    return unsent;
}

Result<void> RemoteApply::witness(const RemoteChange& remote, const QString& stamp)
{
    const auto hlc = Hlc::parse(stamp);
    if (!hlc)
        return failure(remote, tr("its stamp '%1' is not a hybrid logical clock stamp").arg(stamp));
    const qint64 ahead = m_ctx.hlc.witness(*hlc);
    if (ahead > HlcClock::kMaxAheadMs) {
        // Central refuses such stamps from devices; one here is central's own or an old one.
        // It is merged by its text like any other, but never drags this device's clock ahead.
        qCWarning(lcDb) << "pulled change" << remote.change.id << "is stamped" << ahead << "ms ahead of this device's clock";
        return {};
    }
    if (!m_highestSeen || *hlc > *m_highestSeen)
        m_highestSeen = *hlc;
    return {};
}

Result<void> RemoteApply::audit(const EntitySpec& spec, const RemoteChange& remote, const QByteArray& payload)
{
    AuditEntry e;
    e.at = m_now;
    e.deviceId = m_ctx.identity.deviceId;
    e.userId = remote.change.userId;
    e.action = QStringLiteral("apply");
    e.entity = entityName(spec.entity);
    e.recordId = remote.change.recordId;
    e.digest = AuditChain::digest(payload);
    e.detail = QStringLiteral("from %1 #%2").arg(remote.deviceId).arg(remote.globalSeq);
    if (auto r = m_ctx.audit.append(e); !r.ok())
        return failure(remote, r.error().message(), r.error().code());
    return {};
}

Error RemoteApply::failure(const RemoteChange& remote, const QString& why, ErrorCode code) const
{
    const ChangeEntry& c = remote.change;
    return Error(code,
        tr("Pulled change %1 (#%2 from device %3: %4 of %5 %6) cannot be applied, so none of its page was: %7")
            .arg(c.id, QString::number(remote.globalSeq), remote.deviceId, c.op, c.entity, c.recordId, why));
}

} // namespace vax::db

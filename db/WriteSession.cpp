#include "WriteSession.h"

#include "app/common/Clock.h"
#include "app/common/Hlc.h"
#include "app/common/TimeText.h"
#include "app/common/Uuid.h"
#include "app/store/SiteStore.h"
#include "db/AuditChain.h"
#include "db/Connection.h"
#include "db/Statement.h"

#include <QCoreApplication>

namespace vax::db {

namespace {

void setIfEmpty(QJsonObject& record, const QString& key, const QString& value)
{
    if (record.value(key).toString().isEmpty() && !value.isEmpty())
        record.insert(key, value);
}

} // namespace

WriteSession::WriteSession(WriteContext context)
    : m_ctx(std::move(context))
    , m_rows(m_ctx.connection)
    , m_time(m_ctx.clock.now())
    , m_now(toIsoWithOffset(m_time))
{
}

Result<QJsonObject> WriteSession::insert(Entity entity, QJsonObject record)
{
    const EntitySpec& spec = specFor(entity);
    setIfEmpty(record, QStringLiteral("id"), Uuid::v7(m_time.toMSecsSinceEpoch()));
    setIfEmpty(record, QStringLiteral("site_id"), m_ctx.identity.siteId);
    setIfEmpty(record, QStringLiteral("team_id"), m_ctx.identity.teamId);
    setIfEmpty(record, QStringLiteral("created_by"), m_ctx.userId);
    record.insert(QStringLiteral("created_at"), m_now);
    record.insert(QStringLiteral("hlc"), m_ctx.hlc.tick().toString());

    auto normalized = spec.normalize(record);
    if (!normalized.ok())
        return normalized.error();
    const QJsonObject& r = normalized.value();
    const QString id = r.value(QLatin1String("id")).toString();
    const auto payload = m_rows.insert(spec, r);
    if (!payload.ok())
        return payload.error();
    if (auto w = logChange(spec, id, QStringLiteral("insert"), payload.value(), r.value(QLatin1String("hlc")).toString()); !w.ok())
        return w.error();
    if (auto w = audit(QStringLiteral("insert"), spec, id, payload.value()); !w.ok())
        return w.error();
    return r;
}

Result<void> WriteSession::update(Entity entity, const QString& id, const QJsonObject& fields)
{
    const EntitySpec& spec = specFor(entity);
    if (!spec.mutableRecord) {
        return Error(ErrorCode::Invalid,
            QCoreApplication::translate("Database", "%1 records are never changed: record a correction instead.").arg(spec.tableName()));
    }
    for (const QString& key : fields.keys()) {
        if (RowWriter::stampKeys().contains(key)) {
            return Error(ErrorCode::Invalid,
                QCoreApplication::translate("Database", "Field '%1' of a %2 record cannot be changed.").arg(key, spec.tableName()));
        }
    }
    const auto current = m_rows.loadStamped(spec, id);
    if (!current) {
        return Error(ErrorCode::NotFound,
            QCoreApplication::translate("Database", "There is no %1 with id %2.").arg(spec.tableName(), id));
    }
    auto changed = RowWriter::changedFields(spec, current->record, fields);
    if (!changed.ok())
        return changed.error();
    if (changed->isEmpty())
        return {};
    // What this device had agreed with for each field it changes: central tells a conflict
    // (someone else changed it since) from a newer edit by that.
    const QString recordHlc = current->record.value(QLatin1String("hlc")).toString();
    QJsonObject base;
    for (auto it = changed->begin(); it != changed->end(); ++it)
        base.insert(it.key(), current->fieldHlc.value(it.key()).toString(recordHlc));
    const QString hlc = m_ctx.hlc.tick().toString();
    if (auto w = m_rows.update(spec, id, changed.value(), hlc); !w.ok())
        return w;
    QJsonObject payload = changed.value();
    payload.insert(QStringLiteral("id"), id);
    const QByteArray bytes = RowWriter::canonical(payload);
    if (auto w = logChange(spec, id, QStringLiteral("update"), bytes, hlc, base); !w.ok())
        return w;
    return audit(QStringLiteral("update"), spec, id, bytes);
}

Result<void> WriteSession::importRecord(Entity entity, const QJsonObject& record, const QString& source)
{
    const EntitySpec& spec = specFor(entity);
    QJsonObject r = record;
    setIfEmpty(r, QStringLiteral("created_at"), now());
    setIfEmpty(r, QStringLiteral("hlc"), m_ctx.hlc.tick().toString());
    auto normalized = spec.normalize(r);
    if (!normalized.ok())
        return normalized.error();
    const QString id = normalized->value(QLatin1String("id")).toString();
    if (id.isEmpty())
        return Error(ErrorCode::Invalid, QCoreApplication::translate("Database", "A %1 record to import has no id.").arg(spec.tableName()));

    const auto current = m_rows.load(spec, id);
    if (!current) {
        const auto payload = m_rows.insert(spec, normalized.value());
        if (!payload.ok())
            return payload.error();
        return audit(QStringLiteral("import"), spec, id, payload.value(), source);
    }
    QJsonObject wanted = normalized.value();
    for (const QString& key : RowWriter::stampKeys())
        wanted.remove(key);
    auto changed = RowWriter::changedFields(spec, *current, wanted);
    if (!changed.ok())
        return changed.error();
    if (changed->isEmpty())
        return {};
    if (auto w = m_rows.update(spec, id, changed.value(), m_ctx.hlc.tick().toString()); !w.ok())
        return w;
    QJsonObject payload = changed.value();
    payload.insert(QStringLiteral("id"), id);
    return audit(QStringLiteral("import"), spec, id, RowWriter::canonical(payload), source);
}

Result<void> WriteSession::logChange(const EntitySpec& spec, const QString& recordId, const QString& op,
    const QByteArray& payload, const QString& hlc, const QJsonObject& base)
{
    // The seq after the log's last, and after everything central acknowledged: a database
    // restored from a backup with an empty log, enrolled again, starts after central's highest
    // seq of this device (SyncTables::setEnrolment), not at 1 again.
    Statement& s = m_ctx.connection.statement(QStringLiteral(
        "INSERT INTO change_log (seq, id, entity, record_id, op, payload, hlc, user_id, created_at, base) VALUES ("
        "max(coalesce((SELECT max(seq) FROM change_log), 0), "
        "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'pushed_through_seq'), 0)) + 1, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    s.bind(0, Uuid::v7(m_time.toMSecsSinceEpoch()))
        .bind(1, entityName(spec.entity))
        .bind(2, recordId)
        .bind(3, op)
        .bind(4, QString::fromUtf8(payload))
        .bind(5, hlc)
        .bind(6, m_ctx.userId.isEmpty() ? QString() : m_ctx.userId)
        .bind(7, m_now)
        .bind(8, base.isEmpty() ? QString() : QString::fromUtf8(RowWriter::canonical(base)));
    if (!s.exec())
        return m_ctx.connection.statementError(s);
    return {};
}

Result<void> WriteSession::audit(const QString& action, const EntitySpec& spec, const QString& recordId,
    const QByteArray& payload, const QString& detail)
{
    AuditEntry e;
    e.at = now();
    e.deviceId = m_ctx.identity.deviceId;
    e.userId = m_ctx.userId;
    e.action = action;
    e.entity = entityName(spec.entity);
    e.recordId = recordId;
    e.digest = AuditChain::digest(payload);
    e.detail = detail;
    return m_ctx.audit.append(e);
}

} // namespace vax::db

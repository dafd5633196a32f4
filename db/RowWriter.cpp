#include "RowWriter.h"

#include "db/Connection.h"
#include "db/Statement.h"

#include <QJsonDocument>

namespace vax::db {

RowWriter::RowWriter(Connection& connection)
    : m_connection(connection)
{
}

const QStringList& RowWriter::stampKeys()
{
    static const QStringList keys{QStringLiteral("id"), QStringLiteral("site_id"), QStringLiteral("team_id"),
        QStringLiteral("created_by"), QStringLiteral("created_at"), QStringLiteral("hlc")};
    return keys;
}

QByteArray RowWriter::canonical(const QJsonObject& record)
{
    return QJsonDocument(record).toJson(QJsonDocument::Compact);
}

Result<void> RowWriter::insert(const EntitySpec& spec, const QJsonObject& record)
{
    Statement& s = m_connection.statement(spec.insertSql);
    int i = 0;
    for (const Column& c : spec.columns)
        EntitySpec::bind(s, i++, c.type, record.value(QLatin1String(c.name)));
    if (!s.exec())
        return m_connection.statementError(s);
    return {};
}

Result<void> RowWriter::update(const EntitySpec& spec, const QString& id, const QJsonObject& changed, const QString& hlc)
{
    QStringList sets;
    QStringList stampPaths;
    const QStringList keys = changed.keys();
    for (const QString& key : keys) {
        sets << key + QStringLiteral(" = ?");
        stampPaths << QStringLiteral("'$.%1', ?").arg(key);
    }
    QSqlQuery& q = m_connection.prepared(QStringLiteral("UPDATE %1 SET %2, field_hlc = json_set(field_hlc, %3) WHERE id = ?")
                                             .arg(spec.tableName(), sets.join(QStringLiteral(", ")),
                                                 stampPaths.join(QStringLiteral(", "))));
    int i = 0;
    for (const QString& key : keys)
        q.bindValue(i++, EntitySpec::toSql(spec.column(key)->type, changed.value(key)));
    for (int k = 0; k < keys.size(); ++k)
        q.bindValue(i++, hlc);
    q.bindValue(i, id);
    return m_connection.run(q);
}

std::optional<QJsonObject> RowWriter::load(const EntitySpec& spec, const QString& id)
{
    QSqlQuery& q = m_connection.prepared(
        QStringLiteral("SELECT %1 FROM %2 WHERE id = ?").arg(spec.selectList(), spec.tableName()));
    q.bindValue(0, id);
    std::optional<QJsonObject> out;
    if (q.exec() && q.next())
        out = spec.read(q);
    q.finish();
    return out;
}

std::optional<StoredRecord> RowWriter::loadStamped(const EntitySpec& spec, const QString& id)
{
    if (!spec.mutableRecord) {
        auto record = load(spec, id);
        if (!record)
            return std::nullopt;
        return StoredRecord{*record, {}};
    }
    QSqlQuery& q = m_connection.prepared(
        QStringLiteral("SELECT %1, field_hlc FROM %2 WHERE id = ?").arg(spec.selectList(), spec.tableName()));
    q.bindValue(0, id);
    std::optional<StoredRecord> out;
    if (q.exec() && q.next()) {
        out = StoredRecord{spec.read(q),
            QJsonDocument::fromJson(q.value(int(spec.columns.size())).toString().toUtf8()).object()};
    }
    q.finish();
    return out;
}

bool RowWriter::exists(const EntitySpec& spec, const QString& id)
{
    Statement& s = m_connection.statement(QStringLiteral("SELECT 1 FROM %1 WHERE id = ?").arg(spec.tableName()));
    const bool found = s.bind(0, id).step();
    s.reset();
    return found;
}

void RowWriter::adoptStamp(QJsonObject& record, QJsonObject& fieldHlc, const QJsonObject& first)
{
    const QString oldHlc = record.value(QLatin1String("hlc")).toString();
    for (auto it = record.begin(); it != record.end(); ++it) {
        if (!stampKeys().contains(it.key()) && !fieldHlc.contains(it.key()))
            fieldHlc.insert(it.key(), oldHlc);
    }
    for (const QString& key : stampKeys()) {
        if (key == QLatin1String("id"))
            continue;
        const QJsonValue v = first.value(key);
        if (v.isUndefined() || v.isNull() || (v.isString() && v.toString().isEmpty()))
            record.remove(key);
        else
            record.insert(key, v);
    }
}

Result<StoredRecord> RowWriter::adoptStamp(const EntitySpec& spec, const StoredRecord& stored, const QJsonObject& first)
{
    StoredRecord out = stored;
    adoptStamp(out.record, out.fieldHlc, first);
    QSqlQuery& q = m_connection.prepared(
        QStringLiteral("UPDATE %1 SET site_id = ?, team_id = ?, created_by = ?, created_at = ?, hlc = ?, field_hlc = ? WHERE id = ?")
            .arg(spec.tableName()));
    int i = 0;
    for (const char* key : {"site_id", "team_id", "created_by", "created_at", "hlc"}) {
        const QString v = out.record.value(QLatin1String(key)).toString();
        q.bindValue(i++, v.isEmpty() ? QVariant() : QVariant(v));
    }
    q.bindValue(i++, QString::fromUtf8(canonical(out.fieldHlc)));
    q.bindValue(i, out.record.value(QLatin1String("id")).toString());
    if (auto r = m_connection.run(q); !r.ok())
        return r.error();
    return out;
}

Result<QJsonObject> RowWriter::changedFields(const EntitySpec& spec, const QJsonObject& current, const QJsonObject& wanted)
{
    QJsonObject changed;
    for (auto it = wanted.begin(); it != wanted.end(); ++it) {
        QJsonObject one;
        one.insert(it.key(), it.value());
        auto normalized = spec.normalize(one);
        if (!normalized.ok())
            return normalized.error();
        const QJsonValue value = normalized->value(it.key());  // undefined when cleared
        const QJsonValue stored = current.value(it.key());
        if (value.isUndefined() && stored.isUndefined())
            continue;
        if (value == stored)
            continue;
        changed.insert(it.key(), value.isUndefined() ? QJsonValue(QJsonValue::Null) : value);
    }
    return changed;
}

} // namespace vax::db

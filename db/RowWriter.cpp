#include "RowWriter.h"

#include "db/Connection.h"
#include "db/Statement.h"

#include <QJsonArray>
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

namespace {

// How a string went into canonical JSON.
enum class Written {
    Plain,    // as its UTF-8 bytes, between the quotes
    Escaped,  // with escapes
    Refused,  // not at all: a lone surrogate, left to Qt's writer
};

// `text` as a JSON string, exactly as QJsonDocument writes it (UTF-8; quote, backslash and
// controls escaped, controls as \\b \\f \\n \\r \\t or \\u00xx), at `out`'s end.
Written appendCanonicalString(QByteArray& out, QStringView text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    const qsizetype from = out.size();
    out.resize(from + 2 + text.size() * 6);  // the most a UTF-16 unit can take
    char* p = out.data() + from;
    *p++ = '"';
    bool escaped = false;
    const char16_t* u = text.utf16();
    const char16_t* const end = u + text.size();
    for (; u < end; ++u) {
        const char16_t c = *u;
        if (c < 0x80) {
            if (c >= 0x20 && c != '"' && c != '\\') {
                *p++ = char(c);
                continue;
            }
            escaped = true;
            *p++ = '\\';
            switch (c) {
            case '"': *p++ = '"'; break;
            case '\\': *p++ = '\\'; break;
            case '\b': *p++ = 'b'; break;
            case '\f': *p++ = 'f'; break;
            case '\n': *p++ = 'n'; break;
            case '\r': *p++ = 'r'; break;
            case '\t': *p++ = 't'; break;
            default:
                *p++ = 'u';
                *p++ = '0';
                *p++ = '0';
                *p++ = kHex[c >> 4];
                *p++ = kHex[c & 0xf];
            }
        } else if (c < 0x800) {
            *p++ = char(0xc0 | (c >> 6));
            *p++ = char(0x80 | (c & 0x3f));
        } else if (QChar::isSurrogate(c)) {
            if (!QChar::isHighSurrogate(c) || u + 1 == end || !QChar::isLowSurrogate(u[1])) {
                out.resize(from);
                return Written::Refused;
            }
            const char32_t cp = QChar::surrogateToUcs4(c, u[1]);
            ++u;
            *p++ = char(0xf0 | (cp >> 18));
            *p++ = char(0x80 | ((cp >> 12) & 0x3f));
            *p++ = char(0x80 | ((cp >> 6) & 0x3f));
            *p++ = char(0x80 | (cp & 0x3f));
        } else {
            *p++ = char(0xe0 | (c >> 12));
            *p++ = char(0x80 | ((c >> 6) & 0x3f));
            *p++ = char(0x80 | (c & 0x3f));
        }
    }
    *p++ = '"';
    out.resize(p - out.constData());
    return escaped ? Written::Escaped : Written::Plain;
}

// Writes `record` as RowWriter::canonical() does, straight into one buffer (Qt's writer grows
// its output piece by piece, and this is done for every record written and applied); strings,
// booleans and nulls here, anything else as Qt's own writer has it. Calls
// `field(key, value, utf8)` for each field, `utf8` a string's bytes when it went in plain.
// False when Qt must write the record itself (a lone surrogate).
template <typename Field>
bool writeCanonical(QByteArray& out, const QJsonObject& record, Field field)
{
    out.reserve(64 + record.size() * 40);
    out.append('{');
    for (auto it = record.begin(); it != record.end(); ++it) {
        if (it != record.begin())
            out.append(',');
        const QString key = it.key();
        if (appendCanonicalString(out, key) == Written::Refused)
            return false;
        out.append(':');
        const QJsonValue v = it.value();
        switch (v.type()) {
        case QJsonValue::String: {
            const QString text = v.toString();
            const qsizetype from = out.size();
            const Written w = appendCanonicalString(out, text);
            if (w == Written::Refused)
                return false;
            field(key, v, w == Written::Plain ? QByteArrayView(out).sliced(from + 1, out.size() - from - 2) : QByteArrayView());
            continue;
        }
        case QJsonValue::Bool:
            out.append(v.toBool() ? "true" : "false");
            break;
        case QJsonValue::Null:
            out.append("null");
            break;
        default: {
            // A number, list or object: Qt's text for it, taken out of a one-element list.
            const QByteArray one = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
            out.append(QByteArrayView(one).sliced(1, one.size() - 2));
        }
        }
        field(key, v, QByteArrayView());
    }
    out.append('}');
    return true;
}

} // namespace

QByteArray RowWriter::canonical(const QJsonObject& record)
{
    QByteArray out;
    if (!writeCanonical(out, record, [](const QString&, const QJsonValue&, QByteArrayView) {}))
        return QJsonDocument(record).toJson(QJsonDocument::Compact);
    return out;
}

Result<QByteArray> RowWriter::insert(const EntitySpec& spec, const QJsonObject& record)
{
    // The values are bound in the same pass that writes the canonical bytes: a string that
    // went in plain is bound from them. Columns the record lacks stay NULL (a statement's
    // values are cleared after each use).
    Statement& s = m_connection.statement(spec.insertSql);
    QByteArray json;
    const bool written = writeCanonical(json, record, [&s, &spec](const QString& key, const QJsonValue& v, QByteArrayView utf8) {
        const auto column = spec.columnIndex.constFind(key);
        if (column == spec.columnIndex.cend())
            return;
        const ColumnType type = spec.columns[size_t(column.value())].type;
        if (!utf8.isEmpty() && type == ColumnType::Text)
            s.bindUtf8(column.value(), utf8);
        else
            EntitySpec::bind(s, column.value(), type, v);
    });
    if (!written) {
        json = QJsonDocument(record).toJson(QJsonDocument::Compact);
        int i = 0;
        for (const Column& c : spec.columns)
            EntitySpec::bind(s, i++, c.type, record.value(QLatin1String(c.name)));
    }
    if (!s.exec())
        return m_connection.statementError(s);
    return json;
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

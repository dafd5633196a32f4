#include "JsonFields.h"

#include <QJsonDocument>

#include <cmath>

namespace vax {

JsonFields::JsonFields(QJsonObject object, QString where, QString path, QList<FieldError>& faults)
    : m_object(std::move(object))
    , m_where(std::move(where))
    , m_path(std::move(path))
    , m_faults(faults)
{
}

JsonFields JsonFields::child(QJsonObject object, const QString& prefix) const
{
    JsonFields c(std::move(object), m_where, m_path, m_faults);
    c.m_prefix = m_prefix + prefix;
    return c;
}

void JsonFields::fail(const QString& key, const QString& problem) const
{
    m_faults.append({m_path + field(key), tr("%1: %2").arg(m_where, problem)});
}

void JsonFields::onlyKeys(std::initializer_list<const char*> allowed) const
{
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
        bool known = false;
        for (const char* key : allowed)
            known = known || it.key() == QLatin1String(key);
        if (!known) {
            fail(it.key(), tr("\"%1\" is not a known field; remove it or correct its spelling.")
                               .arg(field(it.key())));
        }
    }
}

void JsonFields::requireFormat(int supported) const
{
    const QLatin1String key("format");
    const QJsonValue v = m_object.value(key);
    if (!v.isDouble() || v.toDouble() != supported) {
        fail(key, tr("\"%1\" must be %2, the only format this version of VaxStation reads.")
                      .arg(field(key))
                      .arg(supported));
    }
}

std::optional<QString> JsonFields::text(const char* key, Need need) const
{
    const QJsonValue v = m_object.value(QLatin1String(key));
    if (v.isUndefined() && need == Optional)
        return QString();
    if (!v.isString() || v.toString().trimmed().isEmpty()) {
        fail(QLatin1String(key), tr("\"%1\" is missing or empty; give it as text.").arg(field(QLatin1String(key))));
        return std::nullopt;
    }
    return v.toString();
}

std::optional<std::pair<QString, QString>> JsonFields::bilingual(const char* key) const
{
    const QJsonObject o = m_object.value(QLatin1String(key)).toObject();
    const QString vi = o.value(QLatin1String("vi")).toString().trimmed();
    const QString en = o.value(QLatin1String("en")).toString().trimmed();
    if (vi.isEmpty() || en.isEmpty() || o.size() != 2) {
        fail(QLatin1String(key), tr("\"%1\" must be {\"vi\": \"…\", \"en\": \"…\"} with both texts given.")
                                     .arg(field(QLatin1String(key))));
        return std::nullopt;
    }
    return std::make_pair(vi, en);
}

std::optional<double> JsonFields::number(const char* key) const
{
    const QJsonValue v = m_object.value(QLatin1String(key));
    if (!v.isDouble()) {
        fail(QLatin1String(key), tr("\"%1\" must be a number.").arg(field(QLatin1String(key))));
        return std::nullopt;
    }
    return v.toDouble();
}

std::optional<int> JsonFields::whole(const char* key, int min, std::optional<int> fallback) const
{
    const QJsonValue v = m_object.value(QLatin1String(key));
    if (v.isUndefined() && fallback)
        return fallback;
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || d != std::trunc(d) || d < min || d > 1e6) {
        fail(QLatin1String(key),
            tr("\"%1\" must be a whole number of %2 or more.").arg(field(QLatin1String(key))).arg(min));
        return std::nullopt;
    }
    return static_cast<int>(d);
}

std::optional<bool> JsonFields::boolean(const char* key, std::optional<bool> fallback) const
{
    const QJsonValue v = m_object.value(QLatin1String(key));
    if (v.isUndefined() && fallback)
        return fallback;
    if (!v.isBool()) {
        fail(QLatin1String(key), tr("\"%1\" must be true or false.").arg(field(QLatin1String(key))));
        return std::nullopt;
    }
    return v.toBool();
}

std::optional<QJsonArray> JsonFields::array(const char* key, Need need) const
{
    const QJsonValue v = m_object.value(QLatin1String(key));
    if (v.isUndefined() && need == Optional)
        return QJsonArray();
    if (!v.isArray()) {
        fail(QLatin1String(key), tr("\"%1\" must be a list ([…]).").arg(field(QLatin1String(key))));
        return std::nullopt;
    }
    return v.toArray();
}

std::optional<QJsonArray> JsonFields::nonEmptyArray(const char* key) const
{
    const QJsonValue v = m_object.value(QLatin1String(key));
    if (!v.isArray() || v.toArray().isEmpty()) {
        fail(QLatin1String(key), tr("\"%1\" must be a list ([…]) that is not empty.").arg(field(QLatin1String(key))));
        return std::nullopt;
    }
    return v.toArray();
}

std::optional<QJsonObject> JsonFields::element(const QJsonValue& value, const QString& name) const
{
    if (!value.isObject()) {
        fail(name, tr("\"%1\" must be an object ({…}).").arg(field(name)));
        return std::nullopt;
    }
    return value.toObject();
}

QString JsonFields::indexed(const char* key, qsizetype index)
{
    return QStringLiteral("%1[%2]").arg(QLatin1String(key)).arg(index);
}

bool JsonFields::isKey(const QString& key)
{
    if (key.isEmpty())
        return false;
    for (const QChar c : key) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            || c == QLatin1Char('_');
        if (!ok)
            return false;
    }
    return true;
}

Result<QJsonObject> JsonFields::parseObject(const QByteArray& json, const QString& what, const QString& holding)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return Error::invalid(QStringLiteral("json"),
            tr("%1 is not valid JSON (%2 at character %3): correct the file.")
                .arg(what, parseError.errorString())
                .arg(parseError.offset));
    }
    if (!doc.isObject())
        return Error::invalid(QStringLiteral("json"), tr("%1 must be a JSON object holding %2.").arg(what, holding));
    return doc.object();
}

} // namespace vax

#pragma once

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace vax::RecordJson {

// Records leave empty values out, so the stored row, the change-log payload and the audit
// digest agree on one canonical form.
inline void putText(QJsonObject& record, QLatin1String key, const QString& value)
{
    if (!value.isEmpty())
        record.insert(key, value);
}

inline void putInt(QJsonObject& record, QLatin1String key, qint64 value)
{
    record.insert(key, value);
}

inline void putDate(QJsonObject& record, QLatin1String key, const QDate& value)
{
    if (value.isValid())
        record.insert(key, value.toString(Qt::ISODate));
}

inline QString text(const QJsonObject& record, QLatin1String key)
{
    return record.value(key).toString();
}

inline int integer(const QJsonObject& record, QLatin1String key, int fallback = 0)
{
    return record.value(key).toInt(fallback);
}

inline QDate date(const QJsonObject& record, QLatin1String key)
{
    return QDate::fromString(record.value(key).toString(), Qt::ISODate);
}

inline QDateTime time(const QJsonObject& record, QLatin1String key)
{
    return QDateTime::fromString(record.value(key).toString(), Qt::ISODateWithMs);
}

} // namespace vax::RecordJson

#include "Stamp.h"

namespace vax {

namespace {

void putIfSet(QJsonObject& record, QLatin1String key, const QString& value)
{
    if (!value.isEmpty())
        record.insert(key, value);
}

} // namespace

void Stamp::writeTo(QJsonObject& record) const
{
    putIfSet(record, QLatin1String("id"), id);
    putIfSet(record, QLatin1String("site_id"), siteId);
    putIfSet(record, QLatin1String("team_id"), teamId);
    putIfSet(record, QLatin1String("created_by"), createdBy);
    putIfSet(record, QLatin1String("created_at"), createdAt);
    putIfSet(record, QLatin1String("hlc"), hlc);
}

Stamp Stamp::readFrom(const QJsonObject& record)
{
    Stamp s;
    s.id = record.value(QLatin1String("id")).toString();
    s.siteId = record.value(QLatin1String("site_id")).toString();
    s.teamId = record.value(QLatin1String("team_id")).toString();
    s.createdBy = record.value(QLatin1String("created_by")).toString();
    s.createdAt = record.value(QLatin1String("created_at")).toString();
    s.hlc = record.value(QLatin1String("hlc")).toString();
    return s;
}

} // namespace vax

#include "Visit.h"

#include "app/common/RecordJson.h"
#include "app/common/TimeText.h"

namespace vax {

using namespace RecordJson;

QJsonObject Visit::toRecord() const
{
    QJsonObject r;
    stamp.writeTo(r);
    putText(r, QLatin1String("person_id"), personId);
    putText(r, QLatin1String("arrived_at"), toIsoWithOffset(arrivedAt));
    putDate(r, QLatin1String("day"), day);
    return r;
}

Visit Visit::fromRecord(const QJsonObject& r)
{
    Visit v;
    v.stamp = Stamp::readFrom(r);
    v.personId = text(r, QLatin1String("person_id"));
    v.arrivedAt = time(r, QLatin1String("arrived_at"));
    v.day = date(r, QLatin1String("day"));
    return v;
}

} // namespace vax

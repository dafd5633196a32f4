#include "Vial.h"

#include "app/common/RecordJson.h"
#include "app/common/TimeText.h"

namespace vax {

using namespace RecordJson;

QJsonObject Vial::toRecord() const
{
    QJsonObject r;
    stamp.writeTo(r);
    putText(r, QLatin1String("holder_id"), holderId);
    putText(r, QLatin1String("lot_id"), lotId);
    putInt(r, QLatin1String("doses"), doses);
    putText(r, QLatin1String("opened_at"), toIsoWithOffset(openedAt));
    putText(r, QLatin1String("discard_at"), toIsoWithOffset(discardAt));
    putDate(r, QLatin1String("session_day"), session);
    putText(r, QLatin1String("note"), note);
    return r;
}

Vial Vial::fromRecord(const QJsonObject& r)
{
    Vial v;
    v.stamp = Stamp::readFrom(r);
    v.holderId = text(r, QLatin1String("holder_id"));
    v.lotId = text(r, QLatin1String("lot_id"));
    v.doses = integer(r, QLatin1String("doses"));
    v.openedAt = time(r, QLatin1String("opened_at"));
    v.discardAt = time(r, QLatin1String("discard_at"));
    v.session = date(r, QLatin1String("session_day"));
    v.note = text(r, QLatin1String("note"));
    return v;
}

} // namespace vax

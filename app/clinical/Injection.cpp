#include "Injection.h"

#include "app/common/EnumKeys.h"
#include "app/common/RecordJson.h"
#include "app/common/TimeText.h"

namespace vax {

using namespace RecordJson;

namespace {

constexpr EnumKeys<BodySite, 4> kSites({{
    {BodySite::LeftArm, "left_arm"},
    {BodySite::RightArm, "right_arm"},
    {BodySite::LeftThigh, "left_thigh"},
    {BodySite::RightThigh, "right_thigh"},
}});

} // namespace

QString bodySiteKey(BodySite site)
{
    return kSites.key(site);
}

std::optional<BodySite> bodySiteFromKey(const QString& key)
{
    const QString k = key.trimmed().toLower();
    if (k == QLatin1String("left"))
        return BodySite::LeftArm;
    if (k == QLatin1String("right"))
        return BodySite::RightArm;
    return kSites.fromKey(k);
}

QJsonObject Injection::toRecord() const
{
    QJsonObject r;
    stamp.writeTo(r);
    putText(r, QLatin1String("person_id"), personId);
    putText(r, QLatin1String("visit_id"), visitId);
    putText(r, QLatin1String("screening_id"), screeningId);
    putText(r, QLatin1String("product_id"), productId);
    putText(r, QLatin1String("lot_id"), lotId);
    putInt(r, QLatin1String("dose_number"), doseNumber);
    putText(r, QLatin1String("body_site"), bodySiteKey(bodySite));
    putText(r, QLatin1String("injected_at"), toIsoWithOffset(injectedAt));
    putText(r, QLatin1String("injected_by"), injectedBy);
    putText(r, QLatin1String("movement_id"), movementId);
    putText(r, QLatin1String("note"), note);
    return r;
}

Injection Injection::fromRecord(const QJsonObject& r)
{
    Injection i;
    i.stamp = Stamp::readFrom(r);
    i.personId = text(r, QLatin1String("person_id"));
    i.visitId = text(r, QLatin1String("visit_id"));
    i.screeningId = text(r, QLatin1String("screening_id"));
    i.productId = text(r, QLatin1String("product_id"));
    i.lotId = text(r, QLatin1String("lot_id"));
    i.doseNumber = integer(r, QLatin1String("dose_number"), 1);
    i.bodySite = bodySiteFromKey(text(r, QLatin1String("body_site"))).value_or(BodySite::LeftArm);
    i.injectedAt = time(r, QLatin1String("injected_at"));
    i.injectedBy = text(r, QLatin1String("injected_by"));
    i.movementId = text(r, QLatin1String("movement_id"));
    i.note = text(r, QLatin1String("note"));
    return i;
}

} // namespace vax

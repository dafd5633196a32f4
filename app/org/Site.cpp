#include "Site.h"

#include "app/common/EnumKeys.h"
#include "app/common/RecordJson.h"
#include "app/common/Uuid.h"

namespace vax {

using namespace RecordJson;

namespace {

constexpr EnumKeys<SiteKind, 5> kKinds({{
    {SiteKind::NationalStore, "national_store"},
    {SiteKind::ProvinceStore, "province_store"},
    {SiteKind::DistrictStore, "district_store"},
    {SiteKind::Site, "site"},
    {SiteKind::Team, "team"},
}});

} // namespace

QString siteKindKey(SiteKind kind)
{
    return kKinds.key(kind);
}

std::optional<SiteKind> siteKindFromKey(const QString& key)
{
    return kKinds.fromKey(key);
}

QString Site::idFor(const QString& code)
{
    return Uuid::fromName(QStringLiteral("site:") + code.trimmed().toUpper());
}

QJsonObject Site::toRecord() const
{
    QJsonObject r;
    stamp.writeTo(r);
    putText(r, QLatin1String("code"), code);
    putText(r, QLatin1String("name"), name);
    putText(r, QLatin1String("kind"), siteKindKey(kind));
    putText(r, QLatin1String("parent_id"), parentId);
    putText(r, QLatin1String("province_code"), provinceCode);
    putText(r, QLatin1String("address"), address);
    r.insert(QLatin1String("active"), active);
    return r;
}

Site Site::fromRecord(const QJsonObject& r)
{
    Site s;
    s.stamp = Stamp::readFrom(r);
    s.code = text(r, QLatin1String("code"));
    s.name = text(r, QLatin1String("name"));
    s.kind = siteKindFromKey(text(r, QLatin1String("kind"))).value_or(SiteKind::Site);
    s.parentId = text(r, QLatin1String("parent_id"));
    s.provinceCode = text(r, QLatin1String("province_code"));
    s.address = text(r, QLatin1String("address"));
    s.active = r.value(QLatin1String("active")).toBool(true);
    return s;
}

} // namespace vax

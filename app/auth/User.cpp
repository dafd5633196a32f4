#include "User.h"

#include "app/common/EnumKeys.h"
#include "app/common/RecordJson.h"

#include <QCoreApplication>

namespace vax {

using namespace RecordJson;

namespace {

constexpr EnumKeys<Role, 4> kRoles({{
    {Role::Nurse, "nurse"},
    {Role::SiteManager, "site_manager"},
    {Role::TeamLead, "team_lead"},
    {Role::Admin, "admin"},
}});

} // namespace

QString roleKey(Role role)
{
    return kRoles.key(role);
}

std::optional<Role> roleFromKey(const QString& key)
{
    return kRoles.fromKey(key);
}

QString roleTitle(Role role)
{
    switch (role) {
    case Role::Nurse: return QCoreApplication::translate("Role", "Nurse");
    case Role::SiteManager: return QCoreApplication::translate("Role", "Site manager");
    case Role::TeamLead: return QCoreApplication::translate("Role", "Mobile team lead");
    case Role::Admin: return QCoreApplication::translate("Role", "Administrator");
    }
    return {};
}

bool roleMay(Role role, Permission permission)
{
    switch (permission) {
    case Permission::RegisterPerson:
    case Permission::ScreenPerson:
    case Permission::RecordDose:
    case Permission::ObservePerson:
        return true;
    case Permission::CorrectRecords:
    case Permission::ReceiveStock:
    case Permission::ManageStock:
        return role != Role::Nurse;
    case Permission::ManageUsers:
        return role == Role::Admin;
    }
    return false;
}

QJsonObject User::toRecord() const
{
    QJsonObject r;
    stamp.writeTo(r);
    putText(r, QLatin1String("username"), username);
    putText(r, QLatin1String("full_name"), fullName);
    putText(r, QLatin1String("role"), roleKey(role));
    putText(r, QLatin1String("password_hash"), passwordHash);
    r.insert(QLatin1String("active"), active);
    return r;
}

User User::fromRecord(const QJsonObject& r)
{
    User u;
    u.stamp = Stamp::readFrom(r);
    u.username = text(r, QLatin1String("username"));
    u.fullName = text(r, QLatin1String("full_name"));
    u.role = roleFromKey(text(r, QLatin1String("role"))).value_or(Role::Nurse);
    u.passwordHash = text(r, QLatin1String("password_hash"));
    u.active = r.value(QLatin1String("active")).toBool(true);
    return u;
}

} // namespace vax

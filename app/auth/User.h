#pragma once

#include "app/common/Stamp.h"

#include <QJsonObject>

#include <optional>

namespace vax {

enum class Role { Nurse, SiteManager, TeamLead, Admin };

// What a role may do. Checked by the services, so the GUI, vaxctl and sync obey the same rules.
enum class Permission {
    RegisterPerson,
    ScreenPerson,
    RecordDose,
    ObservePerson,
    CorrectRecords,  // void or amend an injection, screening, visit or reaction report
    ReceiveStock,
    ManageStock,     // transfers, wastage, counts, quarantine
    ManageUsers,
};

QString roleKey(Role role);                        // "nurse", "site_manager", "team_lead", "admin"
std::optional<Role> roleFromKey(const QString& key);
QString roleTitle(Role role);                      // translated, for people
bool roleMay(Role role, Permission permission);

// A user of the site. Central owns users; their password hashes sync so people log in offline.
struct User {
    Stamp stamp;
    QString username;
    QString fullName;
    Role role = Role::Nurse;
    QString passwordHash;
    bool active = true;

    bool may(Permission p) const { return active && roleMay(role, p); }
    QJsonObject toRecord() const;
    static User fromRecord(const QJsonObject& record);
};

} // namespace vax

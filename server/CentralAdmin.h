#pragma once

#include "app/auth/User.h"
#include "app/common/Result.h"
#include "app/org/Site.h"
#include "server/CentralChanges.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace vax {
class Clock;
class VaccineCatalogue;
}

namespace vax::server {

class CentralDatabase;

// What district and IT staff do on central (vaxcentral admin …): the tree of stores, sites
// and teams, users with roles, the vaccine catalogue, enrolment codes, devices, the review
// list. Reference data is written as central's own changes through the same ingest as a
// push, so devices pull it like anything else.
class CentralAdmin
{
    Q_DECLARE_TR_FUNCTIONS(CentralAdmin)

public:
    CentralAdmin(CentralDatabase& db, const Clock& clock);

    Result<Site> addSite(const QString& code, const QString& name, SiteKind kind, const QString& parentCode,
        const QString& provinceCode);
    Result<User> addUser(const QString& siteCode, const QString& username, const QString& fullName, Role role,
        const QString& password, int iterations);
    // Inserts new products and updates changed fields of known ones. Returns how many changed.
    Result<int> loadCatalogue(const VaccineCatalogue& catalogue);
    Result<QString> issueCode(const QString& siteCode, const QString& teamCode, int hours);
    // A code that enrols this known device again, for one refused (revoked, cloned) or seen on
    // another computer; it replaces the device's code not used yet.
    Result<QString> issueDeviceCode(const QString& deviceId, int hours);
    QJsonArray devices();
    QJsonArray reviewItems(const QString& siteCode);
    std::optional<Site> siteByCode(const QString& code);

private:
    CentralDatabase& m_db;
    const Clock& m_clock;
    CentralChanges m_changes;
};

} // namespace vax::server

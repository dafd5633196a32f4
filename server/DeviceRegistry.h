#pragma once

#include "app/common/Result.h"
#include "server/DeviceContext.h"

#include <QCoreApplication>
#include <QDateTime>

namespace vax {
class Clock;
}

namespace vax::server {

class CentralDatabase;

struct Enrolment {
    QString deviceId;
    QString secret;      // shown once; central keeps only its SHA-256
    QString siteId;
    QString teamId;
};

// Enrolment codes, device credentials, and the check every request passes.
class DeviceRegistry
{
    Q_DECLARE_TR_FUNCTIONS(DeviceRegistry)

public:
    DeviceRegistry(CentralDatabase& db, const Clock& clock);

    // A one-time code for a site or one of its teams, valid for `hours`.
    Result<QString> issueCode(const QString& siteId, const QString& teamId, int hours);
    // `siteId` and `teamId` are those of the device's database: a code for another site or
    // team is refused before it is used up.
    Result<Enrolment> enrol(const QString& code, const QString& deviceId, const QString& installId, const QString& name,
        const QString& publicKey, const QString& siteId, const QString& teamId);
    // Checks "Bearer <device>.<secret>" and the install id. Forbidden (401) for a wrong, unknown
    // or revoked credential; Conflict (409) for a database copied to another machine.
    Result<DeviceContext> authenticate(const QByteArray& authorization, const QByteArray& installId);
    Result<void> revoke(const QString& deviceId);
    // Two databases push as one device: both copies are refused from now on (HTTP 409).
    Result<void> markCloned(const QString& deviceId);
    QString publicKey(const QString& deviceId);
    std::optional<DeviceContext> device(const QString& deviceId);

    static QString hash(const QString& secret);

private:
    QString siteName(const QString& siteId);

    CentralDatabase& m_db;
    const Clock& m_clock;
};

} // namespace vax::server

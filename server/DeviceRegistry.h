#pragma once

#include "app/common/Result.h"
#include "server/DeviceContext.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>

#include <optional>
#include <utility>

namespace vax {
class Clock;
}

namespace vax::server {

class CentralDatabase;

// What a device sends to enrol (POST /api/v1/enroll). A device enrolled before, asking again
// with a code for it, also says where its change log stands: `log` holds the (seq, id) of its
// changes central has not acknowledged, `lastSeq` its highest seq.
struct EnrolRequest {
    QString code;
    QString deviceId;
    QString installId;
    QString name;
    QString publicKey;
    QString siteId;
    QString teamId;
    qint64 lastSeq = 0;
    QList<std::pair<qint64, QString>> log;
};

struct Enrolment {
    QString deviceId;
    QString secret;      // shown once; central keeps only its SHA-256
    QString siteId;
    QString teamId;
    bool again = false;  // a known device, enrolled again with a code for it
    // Central holds other changes under this device's seqs (another copy of its database sent
    // them): the device moves its changes from seq `moveFrom` on after `moveAfter`. 0: nothing.
    qint64 moveFrom = 0;
    qint64 moveAfter = 0;
    // Central holds changes of this device that its database lacks (restored from a backup, or
    // sent by another copy): it echoes them to the device, whose pull goes back to `pullFrom`.
    // -1: nothing to echo.
    qint64 pullFrom = -1;
};

// A device as the district sees it (vaxcentral admin device list, enrol-code --device).
struct DeviceRecord {
    QString id;
    QString siteId;
    QString teamId;
    QString name;
    QString revokedAt;
    QString revokedReason;   // "revoked" (or empty, before schema 3) or "cloned"
    QString otherInstallAt;  // when a request last came from another computer
    // Why central refuses it: "revoked", "cloned", "other_computer", or empty.
    QString refusal() const;
};

// Enrolment codes, device credentials, and the check every request passes.
class DeviceRegistry
{
    Q_DECLARE_TR_FUNCTIONS(DeviceRegistry)

public:
    DeviceRegistry(CentralDatabase& db, const Clock& clock);

    // A one-time code for a site or one of its teams, valid for `hours`. With `deviceId`, a
    // code that enrols that known device again (of that site and team), and only it; it
    // replaces the device's code not used yet.
    Result<QString> issueCode(const QString& siteId, const QString& teamId, int hours, const QString& deviceId = {});
    // The request's site and team are those of the device's database: a code for another site
    // or team, or for another device, is refused before it is used up. A known device enrols
    // again only with a code for it: it keeps its id, change log and cursors; its secret, key
    // and install id are new, and whatever refused it is lifted.
    Result<Enrolment> enrol(const EnrolRequest& request);
    // Checks "Bearer <device>.<secret>" and the install id. Forbidden (401) for a wrong, unknown
    // or revoked credential; Conflict (409) for a database copied to another machine, and for
    // the copy whose credential a re-enrolment replaced.
    Result<DeviceContext> authenticate(const QByteArray& authorization, const QByteArray& installId);
    Result<void> revoke(const QString& deviceId);
    // Two databases push as one device: both copies are refused from now on (HTTP 409).
    Result<void> markCloned(const QString& deviceId);
    QString publicKey(const QString& deviceId);
    std::optional<DeviceContext> device(const QString& deviceId);
    // Any known device, refused or not.
    std::optional<DeviceRecord> record(const QString& deviceId);

    static QString hash(const QString& secret);

private:
    QString siteName(const QString& siteId);
    // Rotates the device's secret (and key, install id, name) inside the caller's transaction.
    Result<QString> newSecret(const EnrolRequest& request);
    // Where the device's change log must go on so that none of its changes reuses a seq under
    // which central holds another change (fills moveFrom/moveAfter).
    Result<void> resumePoint(const EnrolRequest& request, Enrolment& e);

    CentralDatabase& m_db;
    const Clock& m_clock;
};

} // namespace vax::server

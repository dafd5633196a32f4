#pragma once

#include "app/common/Result.h"
#include "app/store/SiteStore.h"
#include "server/DeviceContext.h"

#include <QJsonArray>

namespace vax {
class Clock;
}

namespace vax::server {

class CentralDatabase;

// Cross-site lookup: a person registered elsewhere is found by CCCD, CMND, passport, phone or
// name, and attached to the asking site, after which their record and doses sync there.
class PersonLookup
{
public:
    PersonLookup(CentralDatabase& db, const Clock& clock);

    Result<QJsonArray> find(const QString& text, int limit);
    // Attaches and returns the person's whole history for the device to apply now.
    Result<QList<RemoteChange>> attach(const DeviceContext& device, const QString& personId);

private:
    CentralDatabase& m_db;
    const Clock& m_clock;
};

} // namespace vax::server

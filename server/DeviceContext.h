#pragma once

#include <QString>

namespace vax::server {

// Who is asking: an enrolled device, scoped to its site (and team), or central itself.
struct DeviceContext {
    QString deviceId;
    QString siteId;
    QString teamId;
    bool central = false;  // central's own changes (administration): owns reference data
    // Its own changes a pull sends back to it: device_seq in (echoAfter, echoThrough], those its
    // database lacks since it was enrolled again. A pull never echoes any other.
    qint64 echoAfter = 0;
    qint64 echoThrough = 0;
    qint64 lastSeq = 0;  // the highest of its own changes central holds

    static DeviceContext centralItself();
};

inline constexpr const char* kCentralDeviceId = "central";
// The node part of central's own HLC stamps.
inline constexpr const char* kCentralNode = "c0000000c0000000";

inline DeviceContext DeviceContext::centralItself()
{
    DeviceContext c;
    c.deviceId = QLatin1String(kCentralDeviceId);
    c.central = true;
    return c;
}

} // namespace vax::server

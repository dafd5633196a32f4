#pragma once

#include <QString>

namespace vax::bench {

// What vaxcentral says it spent on requests, from its request log on stderr
// ("vax.server: Post /api/v1/push 200 1234B 45.6ms DEVICE": the time from the parsed request
// to the answer written, so without reading the request body off the socket).
struct ServerTime {
    int requests = 0;
    int failed = 0;          // status ≥ 400
    double seconds = 0;      // the sum of their times
    qint64 bytesOut = 0;     // answer bodies as sent (gzip when the device accepts it)
};

// The requests to `path` (e.g. "/api/v1/push") in a piece of that log.
ServerTime serverTime(const QString& log, const QString& path);

} // namespace vax::bench

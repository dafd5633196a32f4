#pragma once

#include <QDateTime>

namespace vax {

// The time source every service takes, so tests can drive expiry, observation timers and
// sync stamps. Production code uses SystemClock; tests use ManualClock (tests/support).
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;
    // Milliseconds since the epoch, for stamps: no time zone work (the HLC takes it per record).
    virtual qint64 nowMs() const { return now().toMSecsSinceEpoch(); }
    QDate today() const { return now().date(); }
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTime(); }
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
};

} // namespace vax

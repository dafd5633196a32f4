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
    QDate today() const { return now().date(); }
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTime(); }
};

} // namespace vax

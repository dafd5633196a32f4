#pragma once

#include "app/common/Clock.h"

namespace vax::test {

// A clock the test moves by hand: observation countdowns, expiry, HLC behind a slow clock.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime(QDate(2026, 11, 25), QTime(9, 0)))
        : m_now(std::move(start))
    {
    }

    QDateTime now() const override { return m_now; }
    void set(const QDateTime& time) { m_now = time; }
    void advanceSecs(qint64 secs) { m_now = m_now.addSecs(secs); }

private:
    QDateTime m_now;
};

} // namespace vax::test

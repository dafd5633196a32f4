#pragma once

#include <QRandomGenerator>

#include <chrono>

namespace vax::sync {

// When to try central again after a failure: exponential from `first` to `cap`, with "full
// jitter" (a random delay between half and all of the step), so that a hundred laptops that
// lost the same network do not all come back in the same second.
class Backoff
{
public:
    using ms = std::chrono::milliseconds;

    Backoff(ms first, ms cap, quint32 seed = QRandomGenerator::global()->generate());

    // The delay before the next attempt; each call after a failure doubles the step.
    ms next();
    // After a success: the next failure starts again from `first`.
    void reset() { m_failures = 0; }
    int failures() const { return m_failures; }

private:
    ms m_first;
    ms m_cap;
    int m_failures = 0;
    QRandomGenerator m_random;
};

} // namespace vax::sync

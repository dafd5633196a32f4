#include "Backoff.h"

#include <algorithm>

namespace vax::sync {

Backoff::Backoff(ms first, ms cap, quint32 seed)
    : m_first(first)
    , m_cap(std::max(cap, first))
    , m_random(seed)
{
}

Backoff::ms Backoff::next()
{
    const int doublings = std::min(m_failures, 30);
    ++m_failures;
    const qint64 step = std::min<qint64>(m_cap.count(), m_first.count() << std::min(doublings, 20));
    const qint64 half = step / 2;
    return ms(half + qint64(m_random.bounded(quint64(step - half) + 1)));
}

} // namespace vax::sync

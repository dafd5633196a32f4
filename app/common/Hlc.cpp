#include "Hlc.h"

#include "app/common/Clock.h"

#include <QStringList>

namespace vax {

QString Hlc::toString() const
{
    return QStringLiteral("%1.%2.%3")
        .arg(wallMs, 12, 16, QLatin1Char('0'))
        .arg(counter, 4, 16, QLatin1Char('0'))
        .arg(node);
}

std::optional<Hlc> Hlc::parse(const QString& text)
{
    const QStringList parts = text.split(QLatin1Char('.'));
    if (parts.size() != 3 || parts[0].size() != 12 || parts[1].size() != 4 || parts[2].isEmpty())
        return std::nullopt;
    bool okWall = false;
    bool okCounter = false;
    Hlc h;
    h.wallMs = parts[0].toLongLong(&okWall, 16);
    h.counter = parts[1].toUInt(&okCounter, 16);
    h.node = parts[2];
    if (!okWall || !okCounter)
        return std::nullopt;
    return h;
}

std::strong_ordering Hlc::operator<=>(const Hlc& other) const
{
    if (auto c = wallMs <=> other.wallMs; c != 0)
        return c;
    if (auto c = counter <=> other.counter; c != 0)
        return c;
    const int n = node.compare(other.node);
    return n < 0 ? std::strong_ordering::less
                 : (n > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

HlcClock::HlcClock(QString node, const Clock& clock)
    : m_node(std::move(node))
    , m_clock(clock)
{
    m_last.node = m_node;
}

Hlc HlcClock::tick()
{
    const qint64 physical = m_clock.nowMs();
    if (physical > m_last.wallMs) {
        m_last.wallMs = physical;
        m_last.counter = 0;
    } else if (m_last.counter >= 0xFFFF) {
        ++m_last.wallMs;
        m_last.counter = 0;
    } else {
        ++m_last.counter;
    }
    m_last.node = m_node;
    return m_last;
}

qint64 HlcClock::witness(const Hlc& seen)
{
    const qint64 physical = m_clock.nowMs();
    const qint64 ahead = seen.wallMs - physical;
    if (ahead > kMaxAheadMs)
        return ahead;
    if (seen.wallMs > m_last.wallMs
        || (seen.wallMs == m_last.wallMs && seen.counter > m_last.counter)) {
        m_last.wallMs = seen.wallMs;
        m_last.counter = seen.counter;
    }
    return ahead;
}

} // namespace vax

#pragma once

#include <QString>

#include <compare>
#include <optional>

namespace vax {

class Clock;

// A hybrid logical clock stamp (Kulkarni et al.): wall milliseconds, a counter for events in
// the same millisecond or behind a faster clock, and the node (device) that made it. Stamps
// order merges across devices; the text form sorts exactly like the stamps do.
struct Hlc {
    qint64 wallMs = 0;
    quint32 counter = 0;
    QString node;

    bool isNull() const { return wallMs == 0 && counter == 0 && node.isEmpty(); }
    // "0193612f4a2b.0000.8c1f3a9b2d4e5f60": 12 hex digits of ms, 4 of counter, the node.
    QString toString() const;
    static std::optional<Hlc> parse(const QString& text);

    std::strong_ordering operator<=>(const Hlc& other) const;
    bool operator==(const Hlc& other) const = default;
};

// Issues HLC stamps for one node. Not thread-safe: one per database connection.
class HlcClock
{
public:
    HlcClock(QString node, const Clock& clock);

    // A stamp for a local event, later than every stamp made or seen before.
    Hlc tick();
    // Takes in a stamp from elsewhere (a pulled change, the stamp stored in the database), so
    // the next tick() comes after it. Returns how far, in ms, the stamp is ahead of our clock.
    qint64 witness(const Hlc& seen);
    const Hlc& last() const { return m_last; }
    const QString& node() const { return m_node; }

    // A remote stamp further ahead than this is not followed: it would drag every later local
    // stamp into the future (the server flags such devices).
    static constexpr qint64 kMaxAheadMs = 5 * 60 * 1000;

private:
    QString m_node;
    const Clock& m_clock;
    Hlc m_last;
};

} // namespace vax

#pragma once

#include <QObject>
#include <QTimer>

#include <utility>

namespace vax {

// Calls `tick` every `intervalMs` while `owner` lives: what moves with the clock on screen (the
// observation board's countdowns, the open vials' discard time, the header clock). Each tick
// reads the context's Clock, so tests move a ManualClock and call the page's tick() themselves.
template <typename Owner, typename Fn>
QTimer* startTicker(Owner* owner, int intervalMs, Fn&& tick)
{
    auto* timer = new QTimer(owner);
    timer->setInterval(intervalMs);
    QObject::connect(timer, &QTimer::timeout, owner, std::forward<Fn>(tick));
    timer->start();
    return timer;
}

} // namespace vax

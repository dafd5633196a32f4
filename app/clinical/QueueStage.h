#pragma once

#include <QString>

namespace vax {

struct QueueEntry;

// Where a visit of the day stands in the site's flow. The screening and injection queues
// are filters on this (ui/screening/QueueFilter), and so is any report of the day.
enum class QueueStage {
    AwaitingScreening,  // checked in, not screened yet
    AwaitingInjection,  // screened eligible or caution, no dose yet
    NotToday,           // screened defer or contraindicated: no dose today
    Injected,           // a dose was recorded for this visit
    Cancelled,          // the visit was cancelled (left the queue without a dose)
};

QueueStage queueStage(const QueueEntry& entry);
// "awaiting_screening", "awaiting_injection", "not_today", "injected", "cancelled".
QString queueStageKey(QueueStage stage);

} // namespace vax

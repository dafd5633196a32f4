#include "QueueStage.h"

#include "app/store/ClinicalRepository.h"

namespace vax {

QueueStage queueStage(const QueueEntry& entry)
{
    if (entry.cancelled)
        return QueueStage::Cancelled;
    if (entry.injection)
        return QueueStage::Injected;
    if (!entry.screening)
        return QueueStage::AwaitingScreening;
    switch (entry.screening->conclusion) {
    case ScreeningConclusion::Eligible:
    case ScreeningConclusion::Caution:
        return QueueStage::AwaitingInjection;
    case ScreeningConclusion::Defer:
    case ScreeningConclusion::Contraindicated:
        return QueueStage::NotToday;
    }
    return QueueStage::AwaitingScreening;
}

QString queueStageKey(QueueStage stage)
{
    switch (stage) {
    case QueueStage::AwaitingScreening:
        return QStringLiteral("awaiting_screening");
    case QueueStage::AwaitingInjection:
        return QStringLiteral("awaiting_injection");
    case QueueStage::NotToday:
        return QStringLiteral("not_today");
    case QueueStage::Injected:
        return QStringLiteral("injected");
    case QueueStage::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

} // namespace vax

#include "StockFigures.h"

namespace vax {

WastageFigures wastageOf(const StockFlow& flow)
{
    WastageFigures w;
    w.issued = flow.opening + flow.received - flow.sentOut - flow.closing;
    w.administered = flow.administered;
    if (w.issued <= 0)
        return w;
    w.usageRate = 100.0 * double(w.administered) / double(w.issued);
    w.wastageRate = 100.0 - *w.usageRate;
    if (*w.wastageRate < 100.0)
        w.wastageFactor = 100.0 / (100.0 - *w.wastageRate);
    return w;
}

int wastageCeilingPercent(int dosesPerVial)
{
    if (dosesPerVial <= 1)
        return 5;
    if (dosesPerVial <= 6)
        return 10;
    return 25;
}

std::optional<double> daysOfStock(qint64 onHand, qint64 usedInPeriod, int periodDays)
{
    if (usedInPeriod <= 0 || periodDays <= 0)
        return std::nullopt;
    return double(onHand) / (double(usedInPeriod) / double(periodDays));
}

} // namespace vax

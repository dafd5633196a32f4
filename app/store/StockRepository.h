#pragma once

#include "app/stock/Lot.h"
#include "app/stock/StockMovement.h"

#include <QList>

#include <optional>

namespace vax {

struct LotBalance {
    Lot lot;
    QString productCode;
    QString productName;
    int dosesPerVial = 1;
    int doses = 0;
};

class StockRepository
{
public:
    virtual ~StockRepository() = default;

    // Doses of the lot the holder has: the sum of its ledger (kept in a checked cache).
    virtual int balance(const QString& holderId, const QString& lotId) = 0;
    // Every lot the holder has any stock of, by product then expiry.
    virtual QList<LotBalance> onHand(const QString& holderId) = 0;
    virtual std::optional<StockMovement> movement(const QString& id) = 0;
    // The movements made for one record (a dose given, a dose given back), oldest first.
    virtual QList<StockMovement> movementsFor(const QString& refId) = 0;
};

} // namespace vax

#pragma once

#include "app/services/Session.h"
#include "app/stock/ReceiptDraft.h"
#include "app/store/StockRepository.h"

#include <QCoreApplication>

namespace vax {

class Clock;
class SiteStore;

// Stock at this site: receiving shipments and what is on hand. The full ledger (transfers,
// vials, wastage, counts) builds on the same movements.
class StockService
{
    Q_DECLARE_TR_FUNCTIONS(StockService)

public:
    StockService(SiteStore& store, const Clock& clock);

    Result<LotBalance> receive(const Session& session, const ReceiptDraft& draft);
    // A receipt filled from a GS1 scan of the pack: product from its GTIN (or `productCode`
    // when the catalogue does not know the GTIN), lot and expiry. Doses and note stay empty.
    Result<ReceiptDraft> draftFromScan(const QString& scanned, const QString& productCode = {});
    QList<LotBalance> onHand();

private:
    SiteStore& m_store;
    const Clock& m_clock;
};

} // namespace vax

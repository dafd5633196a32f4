#pragma once

#include "app/common/Result.h"
#include "app/org/Site.h"
#include "app/stock/Lot.h"
#include "app/stock/ReceiptDraft.h"
#include "app/stock/StockMovement.h"
#include "server/CentralChanges.h"

#include <QCoreApplication>

#include <optional>

namespace vax {
class Clock;
}

namespace vax::server {

class CentralDatabase;

// What central's ledger says a holder has of a lot: the sum of every movement pushed to it.
struct CentralBalance {
    Site holder;
    Lot lot;
    QString productCode;
    int doses = 0;
};

// A store's shipment to a site (or a lower store), and the receipt that confirmed it.
struct CentralShipment {
    StockMovement sent;
    std::optional<StockMovement> received;
    Site to;
    Lot lot;
    QString productCode;
};

// A store's stock, kept on central (vaxcentral admin stock …): vaccine arriving at the store,
// lots issued to the sites below it, in transit until the site confirms on its device (with
// any difference), and what the ledger on central says each holder has. The store's movements
// are central's own changes, so the site pulls the shipment and its receipt comes back.
class CentralStock
{
    Q_DECLARE_TR_FUNCTIONS(CentralStock)

public:
    CentralStock(CentralDatabase& db, const Clock& clock);

    Result<StockMovement> receive(const QString& storeCode, const ReceiptDraft& draft);
    // Sends sealed vials of a lot the store holds to a holder below it in the tree.
    Result<StockMovement> issue(const QString& storeCode, const QString& toCode, const QString& productCode, const QString& lotNumber,
        const QString& doses, const QString& note);
    // Every holder in the site's scope (a store; or a site and its teams), lot by lot, zero
    // balances left out.
    Result<QList<CentralBalance>> onHand(const QString& siteCode);
    Result<QList<CentralShipment>> shipments(const QString& storeCode);

private:
    Result<Site> store(const QString& code);
    std::optional<Site> siteById(const QString& id);
    std::optional<Lot> lot(const QString& id);
    QList<VaccineProduct> products();
    Result<QList<StockMovement>> movements(const QString& where, const QVariantList& binds);
    // What the holder (a store: its own scope) has of the lot, by central's ledger.
    int heldAt(const QString& holderId, const QString& lotId);
    Result<StockMovement> write(const Site& holder, StockMovement m, const std::function<Result<void>()>& precondition = {});

    CentralDatabase& m_db;
    const Clock& m_clock;
    CentralChanges m_changes;
};

} // namespace vax::server

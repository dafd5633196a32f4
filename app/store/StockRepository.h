#pragma once

#include "app/org/Site.h"
#include "app/stock/Lot.h"
#include "app/stock/StockFigures.h"
#include "app/stock/StockMovement.h"
#include "app/stock/Vial.h"

#include <QDate>
#include <QList>
#include <QSet>

#include <optional>

namespace vax {

struct LotBalance {
    Lot lot;
    QString productCode;
    QString productName;
    int dosesPerVial = 1;
    int doses = 0;
};

// A lot at one holder, with the holder's code: what a "below zero" notice names.
struct HolderBalance {
    QString holderId;
    QString holderCode;   // the holder's id when this database does not know the holder
    LotBalance balance;
};

// A transfer or a store's issue, with its confirmation by the receiving holder if there is one
// (a transfer-in or receipt whose ref_id is the sent movement).
struct Shipment {
    StockMovement sent;                        // doses < 0, at the sender
    std::optional<StockMovement> received;     // doses > 0, at the receiver
    QString productCode;
    QString lotNumber;
    QDate expiry;
    int dosesSent() const { return -sent.doses; }
    int difference() const { return received ? dosesSent() - received->doses : 0; }
};

// Which movements a ledger listing shows.
struct LedgerFilter {
    QStringList holderIds;   // empty = every holder known here
    QString lotId;           // empty = every lot
    QDate from;              // invalid = from the start
    QDate to;                // invalid = to now (inclusive)
    int limit = 0;           // 0 = no limit (newest first when limited)
};

// Doses given and the stock on hand at the end of one day, for one product.
struct StockDay {
    QDate day;
    QString productCode;
    qint64 given = 0;
    qint64 onHand = 0;
};

class StockRepository
{
public:
    virtual ~StockRepository() = default;

    // Doses of the lot the holder has: the sum of its ledger (kept in a checked cache).
    virtual int balance(const QString& holderId, const QString& lotId) = 0;
    // Every lot the holder has any stock of, by product then expiry.
    virtual QList<LotBalance> onHand(const QString& holderId) = 0;
    // The lots these holders have less than nothing of (more doses left them than reached
    // them: offline work merged), by holder code, product and expiry.
    virtual QList<HolderBalance> belowZero(const QStringList& holderIds) = 0;
    virtual std::optional<StockMovement> movement(const QString& id) = 0;
    // The movements made for one record (a dose given, a dose given back, a shipment's
    // confirmation), oldest first.
    virtual QList<StockMovement> movementsFor(const QString& refId) = 0;
    // Movements, oldest first (newest first when the filter has a limit).
    virtual QList<StockMovement> ledger(const LedgerFilter& filter) = 0;

    // The site and its mobile teams: the holders a site manager looks after.
    virtual QList<Site> holdersOf(const QString& siteId) = 0;
    // Where the holder sends stock: the holders under it in the tree (a site's teams, a
    // store's sites and lower stores) and, for a team, its site.
    virtual QList<Site> destinationsOf(const QString& holderId) = 0;
    // Any holder this device knows of (every store, site and team comes from central).
    virtual std::optional<Site> holder(const QString& id) = 0;
    // Lots under quarantine at the holder (the latest quarantine or release decides).
    virtual QSet<QString> quarantinedLots(const QString& holderId) = 0;

    virtual std::optional<Vial> vial(const QString& id) = 0;
    // Vials opened at the holder with doses left and not yet discarded, soonest discard first.
    virtual QList<OpenVial> openVials(const QString& holderId) = 0;

    // Shipments sent to the holder (incoming) or by it (outgoing); `pendingOnly` keeps those
    // not yet confirmed: in transit.
    virtual QList<Shipment> shipmentsTo(const QString& holderId, bool pendingOnly) = 0;
    virtual QList<Shipment> shipmentsFrom(const QString& holderId, bool pendingOnly) = 0;

    // Per product, over [from, to] (whole days), for the given holders taken together
    // (transfers between them cancel out).
    virtual QList<StockFlow> flows(const QStringList& holderIds, const QDate& from, const QDate& to) = 0;
    // Day by day over [from, to], per product.
    virtual QList<StockDay> days(const QStringList& holderIds, const QDate& from, const QDate& to) = 0;
};

} // namespace vax

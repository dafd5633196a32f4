#pragma once

#include "app/services/Session.h"
#include "app/store/StockRepository.h"
#include "app/vaccines/VaccineProduct.h"

#include <QCoreApplication>

namespace vax {

class Clock;
class SiteStore;

// A shipment confirmed by the holder it was sent to, as typed.
struct ConfirmDraft {
    QString shipmentId;   // the sender's transfer-out or issue movement
    QString doses;        // received; empty = all that was sent
    QString difference;   // short, damaged or wrong_lot when fewer arrived
    QString note;
};

// Every stock movement a site manager (or team lead) makes after the receipt: transfers to a
// mobile team and back, confirmations, closed-vial wastage, quarantine, physical counts. Each
// is a new movement; a mistake is corrected by another movement, never by an edit.
class StockLedgerService
{
    Q_DECLARE_TR_FUNCTIONS(StockLedgerService)

public:
    StockLedgerService(SiteStore& store, const Clock& clock);

    // Sends sealed vials to one of this holder's destinations: a store's sites, a site's
    // teams, a team's site. In transit until the receiver confirms.
    Result<StockMovement> transfer(const Session& session, const QString& toHolder, const QString& lotId, const QString& doses,
        const QString& note = {});
    Result<StockMovement> confirm(const Session& session, const ConfirmDraft& draft);
    // Closed-vial wastage with a reason (StockReasons' keys): whole vials.
    Result<StockMovement> discard(const Session& session, const QString& lotId, const QString& doses, const QString& reason,
        const QString& note = {});
    Result<StockMovement> quarantine(const Session& session, const QString& lotId, const QString& reason);
    Result<StockMovement> release(const Session& session, const QString& lotId, const QString& reason);
    // A physical count of the lot here (sealed and opened vials together): the variance
    // against the ledger becomes an adjustment, zero included, so the count is on record.
    Result<StockMovement> count(const Session& session, const QString& lotId, const QString& counted, const QString& note = {});

    // Where this device's holder may send stock (StockRepository::destinationsOf).
    QList<Site> destinations();
    // One of them by id or code ("HN-BD-PX01-T1").
    std::optional<Site> destination(const QString& idOrCode);

private:
    struct LotHere {
        Lot lot;
        VaccineProduct product;
    };
    Result<LotHere> lotHere(const QString& lotId);
    bool hereIsStore();
    Result<int> wholeDoses(const QString& text, const QString& field, bool allowZero);
    Result<StockMovement> add(const Session& session, StockMovement m);
    Result<StockMovement> hold(const Session& session, const QString& lotId, const QString& reason, bool on);

    SiteStore& m_store;
    const Clock& m_clock;
};

} // namespace vax

#pragma once

#include "app/clinical/Injection.h"
#include "app/services/Session.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/StockRepository.h"
#include "app/vaccines/VaccineProduct.h"

#include <QCoreApplication>

namespace vax {

class Clock;
class RecordWriter;
class SiteStore;

struct DoseRequest {
    QString personId;
    QString visitId;          // the check-in this dose ends; empty for a dose recorded afterwards
    QString lotId;
    BodySite bodySite = BodySite::LeftArm;
    QDateTime injectedAt;     // invalid = now
    QString note;
    bool cautionConfirmed = false;  // the clinician accepted a "vaccinate with caution" screening
    bool requireScreening = true;   // the injection station always screens; vaxctl may record history
};

struct DoseRecorded {
    Injection injection;
    QStringList warnings;     // schedule and product-mix notes for the nurse; not blocking
};

// A lot a nurse may pick, best first.
struct LotChoice {
    LotBalance balance;
    int daysToExpiry = 0;
    bool nearExpiry = false;  // within kNearExpiryDays: use it first, tell the manager
    std::optional<OpenVial> openVial;  // the vial the next dose comes from, if one is open
};

// The injection station: the dose and its stock movement in one transaction, the dose number
// from the person's history, voids with a reason that give the dose back to stock.
class InjectionService
{
    Q_DECLARE_TR_FUNCTIONS(InjectionService)

public:
    static constexpr int kNearExpiryDays = 14;

    InjectionService(SiteStore& store, const Clock& clock);

    // Lots this device holds with doses left, usable today: an opened vial first (soonest
    // discard first), then first-expiry-first-out (VVM stage 2 before stage 1 at equal
    // expiry). Expired and quarantined lots, and lots at VVM stage 3 or 4, are not offered.
    QList<LotChoice> lotChoices();
    int nextDoseNumber(const QString& personId);
    Result<DoseRecorded> record(const Session& session, const DoseRequest& request);
    // Voids a dose recorded in error. The dose goes back to the lot (a reversal movement); if
    // it was drawn and wasted, the manager records wastage separately.
    Result<void> voidInjection(const Session& session, const QString& injectionId, const QString& reason);
    // The void itself, inside a write the caller holds (a duplicate settled from the review
    // list voids the dose and settles the item in one transaction). No role check here.
    Result<void> writeVoid(RecordWriter& writer, const QString& injectionId, const QString& reason);

private:
    Result<void> checkScreening(const DoseRequest& request);
    QStringList scheduleWarnings(const QList<DoseSummary>& history, const VaccineProduct& product, int doseNumber,
        const QDate& day);

    SiteStore& m_store;
    const Clock& m_clock;
};

} // namespace vax

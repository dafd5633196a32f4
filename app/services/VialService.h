#pragma once

#include "app/services/Session.h"
#include "app/stock/Vial.h"
#include "app/vaccines/VaccineProduct.h"

#include <QCoreApplication>

namespace vax {

class Clock;
class RecordWriter;
class SiteStore;
struct Lot;

// Opened multi-dose vials at this device's holder: WHO's rule "discard 6 hours after opening
// or at the end of the session, whichever comes first", with the hours from the catalogue.
class VialService
{
    Q_DECLARE_TR_FUNCTIONS(VialService)

public:
    static constexpr int kDefaultOpenVialHours = 6;  // when the catalogue has no figure
    static constexpr int kWarnMinutes = 30;          // the injection station warns this long before

    VialService(SiteStore& store, const Clock& clock);

    // Inside the last kWarnMinutes before the vial's discard time, not yet past it.
    static bool discardSoon(const OpenVial& vial, const QDateTime& now);

    QList<OpenVial> openVials();
    // Doses of the lot here still in sealed vials: the balance less what open vials hold.
    int sealedDoses(const QString& lotId);
    Result<Vial> open(const Session& session, const QString& lotId, const QString& note = {});
    // Discards what is left in every open vial (open-vial wastage): the session is over.
    Result<int> closeSession(const Session& session);
    // Discards what is left in vials past their discard time, as of that time. Returns how
    // many vials it discarded.
    Result<int> discardExpired(const Session& session);

    // Inside a dose's write: the open vial of the lot to draw from, soonest discard first, or
    // a new one opened now; empty for a single-dose product (each dose is its own vial).
    Result<QString> vialForDose(RecordWriter& writer, const Lot& lot, const VaccineProduct& product, const QDateTime& at);

private:
    Result<Vial> openIn(RecordWriter& writer, const Lot& lot, const VaccineProduct& product, const QDateTime& at, const QString& note);
    Result<void> discard(RecordWriter& writer, const OpenVial& vial, const QDateTime& at, const QString& note);

    SiteStore& m_store;
    const Clock& m_clock;
};

} // namespace vax

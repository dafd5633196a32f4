#include "InjectionService.h"

#include "app/clinical/Correction.h"
#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/common/Uuid.h"
#include "app/services/VialService.h"
#include "app/stock/StockMovement.h"
#include "app/store/CatalogueRepository.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/PersonRepository.h"
#include "app/store/RecordWriter.h"
#include "app/store/SiteStore.h"

#include <algorithm>

namespace vax {

namespace {

constexpr qint64 kFutureToleranceSecs = 5 * 60;


} // namespace

InjectionService::InjectionService(SiteStore& store, const Clock& clock)
    : m_store(store)
    , m_clock(clock)
{
}

QList<LotChoice> InjectionService::lotChoices()
{
    const QDateTime now = m_clock.now();
    const QDate today = now.date();
    const QString holder = m_store.identity().holderId();
    const QSet<QString> held = m_store.stock().quarantinedLots(holder);
    const QList<OpenVial> open = m_store.stock().openVials(holder);
    QList<LotChoice> out;
    for (const LotBalance& b : m_store.stock().onHand(holder)) {
        if (b.doses <= 0 || b.lot.isExpiredOn(today) || held.contains(b.lot.stamp.id) || b.lot.vvmStage >= 3)
            continue;
        LotChoice c;
        c.balance = b;
        c.daysToExpiry = int(today.daysTo(b.lot.expiry));
        c.nearExpiry = c.daysToExpiry <= kNearExpiryDays;
        for (const OpenVial& v : open) {
            if (v.vial.lotId == b.lot.stamp.id && v.left() > 0 && !v.expiredAt(now)) {
                c.openVial = v;
                break;
            }
        }
        out << c;
    }
    // An opened vial is used up before another is opened; then first expiry first out across
    // products: a first dose takes the lot that would be wasted soonest (the injection
    // station puts the previous dose's product first for later doses).
    std::stable_sort(out.begin(), out.end(), [](const LotChoice& a, const LotChoice& b) {
        if (a.openVial.has_value() != b.openVial.has_value())
            return a.openVial.has_value();
        if (a.openVial && a.openVial->vial.discardAt != b.openVial->vial.discardAt)
            return a.openVial->vial.discardAt < b.openVial->vial.discardAt;
        if (a.balance.lot.expiry != b.balance.lot.expiry)
            return a.balance.lot.expiry < b.balance.lot.expiry;
        // VVM stage 2 before stage 1 at equal expiry.
        return a.balance.lot.vvmStage > b.balance.lot.vvmStage;
    });
    return out;
}

int InjectionService::nextDoseNumber(const QString& personId)
{
    return int(m_store.clinical().dosesOf(personId).size()) + 1;
}

Result<void> InjectionService::checkScreening(const DoseRequest& request)
{
    ClinicalRepository& clinical = m_store.clinical();
    if (request.visitId.isEmpty()) {
        if (request.requireScreening)
            return Error::invalid(QStringLiteral("screening"), tr("Screen the person before the injection: check them in and fill in the screening form."));
        return {};
    }
    const auto visit = clinical.visit(request.visitId);
    if (!visit || clinical.isVoided(request.visitId) || visit->personId != request.personId)
        return Error(ErrorCode::NotFound, tr("This person is not in today's queue: check them in again."));
    const auto screening = clinical.latestScreening(request.visitId);
    if (!screening) {
        if (request.requireScreening)
            return Error::invalid(QStringLiteral("screening"), tr("This person has not been screened today: fill in the screening form first."));
        return {};
    }
    switch (screening->conclusion) {
    case ScreeningConclusion::Eligible:
        return {};
    case ScreeningConclusion::Caution:
        if (request.cautionConfirmed)
            return {};
        return Error::invalid(QStringLiteral("caution"),
            tr("The screening says vaccinate with caution: confirm that a doctor agreed before recording the dose."));
    case ScreeningConclusion::Defer:
        return Error(ErrorCode::Forbidden, tr("The screening says postpone vaccination: do not inject today."));
    case ScreeningConclusion::Contraindicated:
        return Error(ErrorCode::Forbidden, tr("The screening found a contraindication: do not inject."));
    }
    return {};
}

QStringList InjectionService::scheduleWarnings(const QList<DoseSummary>& history, const VaccineProduct& product,
    int doseNumber, const QDate& onDay)
{
    QStringList warnings;
    if (history.isEmpty())
        return warnings;
    const DoseSummary& previous = history.last();
    const QDate previousDay = previous.injectedAt.date();
    const qint64 days = previousDay.daysTo(onDay);
    if (days < 0)
        return warnings;
    if (doseNumber <= product.primaryDoses) {
        if (previous.productId != product.stamp.id) {
            warnings << tr("Dose %1 was %2; this dose is %3. Check that mixing is allowed and the person consented.")
                            .arg(previous.doseNumber)
                            .arg(previous.productName, product.name);
        }
        if (const DoseInterval* interval = product.intervalBefore(doseNumber)) {
            if (days < interval->minDays) {
                warnings << tr("Dose %1 of %2 is due from %3 (%4 days after the dose of %5); today is only %6 days after.")
                                .arg(doseNumber)
                                .arg(product.name, dayText(previousDay.addDays(interval->minDays)))
                                .arg(interval->minDays)
                                .arg(dayText(previousDay))
                                .arg(days);
            }
        }
    } else {
        warnings << tr("This is dose %1: a booster after a primary series of %2. Check the booster interval.")
                        .arg(doseNumber)
                        .arg(product.primaryDoses);
    }
    return warnings;
}

Result<DoseRecorded> InjectionService::record(const Session& session, const DoseRequest& request)
{
    if (auto r = session.require(Permission::RecordDose, tr("record doses")); !r.ok())
        return r.error();
    const QDateTime now = m_clock.now();
    const QDateTime injectedAt = request.injectedAt.isValid() ? request.injectedAt : now;
    if (now.secsTo(injectedAt) > kFutureToleranceSecs)
        return Error::invalid(QStringLiteral("injected_at"), tr("Injection time is in the future: check the time (and the laptop's clock)."));

    if (!m_store.persons().exists(request.personId))
        return Error::invalid(QStringLiteral("person"), tr("There is no person with id %1: search for the person again.").arg(request.personId));
    const auto lot = m_store.catalogue().lot(request.lotId);
    if (!lot)
        return Error::invalid(QStringLiteral("lot"), tr("Lot is not known at this site: pick a lot from the list of stock on hand."));
    const auto product = m_store.catalogue().product(lot->productId);
    if (!product)
        return Error::invalid(QStringLiteral("lot"), tr("Lot %1 belongs to a product missing from the catalogue.").arg(lot->lotNumber));
    if (lot->isExpiredOn(injectedAt.date()))
        return Error::invalid(QStringLiteral("lot"), tr("Lot %1 expired on %2: take a vial from another lot.").arg(lot->lotNumber, dayText(lot->expiry)));
    const QString holder = m_store.identity().holderId();
    if (m_store.stock().quarantinedLots(holder).contains(lot->stamp.id))
        return Error::invalid(QStringLiteral("lot"), tr("Lot %1 is in quarantine here: take a vial from another lot.").arg(lot->lotNumber));
    if (lot->vvmStage >= 3)
        return Error::invalid(QStringLiteral("lot"), tr("Lot %1 has its VVM at stage %2: do not use it; the manager records it as wastage.").arg(lot->lotNumber).arg(lot->vvmStage));

    DoseRecorded out;
    auto r = m_store.write(session.userId(), [&](RecordWriter& w) -> Result<void> {
        if (auto ok = checkScreening(request); !ok.ok())
            return ok;
        if (!request.visitId.isEmpty()) {
            if (const auto given = m_store.clinical().injectionOfVisit(request.visitId)) {
                return Error(ErrorCode::Conflict,
                    tr("A dose was already recorded for this visit at %1: void it first if it was wrong.")
                        .arg(given->injectedAt.toString(QStringLiteral("HH:mm"))));
            }
        }
        const int left = m_store.stock().balance(holder, lot->stamp.id);
        if (left < 1) {
            return Error(ErrorCode::Conflict,
                tr("Lot %1 has no doses left here: pick another lot or receive stock.").arg(lot->lotNumber),
                {{QStringLiteral("lot"), tr("Lot %1 has no doses left here.").arg(lot->lotNumber)}});
        }
        const QList<DoseSummary> history = m_store.clinical().dosesOf(request.personId);
        const int doseNumber = int(history.size()) + 1;
        out.warnings = scheduleWarnings(history, *product, doseNumber, injectedAt.date());
        if (lot->expiry.isValid() && injectedAt.date().daysTo(lot->expiry) <= kNearExpiryDays)
            out.warnings << tr("Lot %1 expires on %2.").arg(lot->lotNumber, dayText(lot->expiry));

        auto vial = VialService(m_store, m_clock).vialForDose(w, *lot, *product, injectedAt);
        if (!vial.ok())
            return vial.error();
        const QString injectionId = Uuid::v7(now.toMSecsSinceEpoch());
        StockMovement m;
        m.vialId = vial.value();
        m.holderId = holder;
        m.lotId = lot->stamp.id;
        m.kind = MovementKind::DoseGiven;
        m.doses = -1;
        m.refId = injectionId;
        m.occurredAt = injectedAt;
        auto movement = w.add(Entity::StockMovement, m);
        if (!movement.ok())
            return movement.error();

        Injection i;
        i.stamp.id = injectionId;
        i.personId = request.personId;
        i.visitId = request.visitId;
        if (!request.visitId.isEmpty()) {
            if (const auto s = m_store.clinical().latestScreening(request.visitId))
                i.screeningId = s->stamp.id;
        }
        i.productId = product->stamp.id;
        i.lotId = lot->stamp.id;
        i.doseNumber = doseNumber;
        i.bodySite = request.bodySite;
        i.injectedAt = injectedAt;
        i.injectedBy = session.userId();
        i.movementId = movement->stamp.id;
        i.note = request.note.trimmed();
        auto injection = w.add(Entity::Injection, i);
        if (!injection.ok())
            return injection.error();
        out.injection = injection.value();
        return {};
    });
    if (!r.ok())
        return r.error();
    return out;
}

Result<void> InjectionService::voidInjection(const Session& session, const QString& injectionId, const QString& reason)
{
    const auto injection = m_store.clinical().injection(injectionId);
    if (!injection)
        return Error(ErrorCode::NotFound, tr("There is no injection with id %1.").arg(injectionId));
    const bool ownToday = injection->injectedBy == session.userId() && injection->injectedAt.date() == m_clock.today();
    if (!ownToday) {
        if (auto r = session.require(Permission::CorrectRecords, tr("void another nurse's or an earlier day's dose")); !r.ok())
            return r;
    }
    if (reason.trimmed().size() < 3)
        return Error::invalid(QStringLiteral("reason"), tr("Reason is empty: say why this dose is void (wrong person, recorded twice, …)."));
    return m_store.write(session.userId(), [&](RecordWriter& w) { return writeVoid(w, injectionId, reason.trimmed()); });
}

Result<void> InjectionService::writeVoid(RecordWriter& w, const QString& injectionId, const QString& reason)
{
    if (m_store.clinical().isVoided(injectionId))
        return Error(ErrorCode::Conflict, tr("This dose is already void."));
    const auto injection = m_store.clinical().injection(injectionId);
    if (!injection)
        return Error(ErrorCode::NotFound, tr("There is no injection with id %1.").arg(injectionId));
    Correction c;
    c.entity = Entity::Injection;
    c.targetId = injectionId;
    c.action = CorrectionAction::Void;
    c.reason = reason;
    if (auto r = w.add(Entity::Correction, c); !r.ok())
        return r.error();
    // The dose goes back to the lot it came from.
    const auto given = m_store.stock().movement(injection->movementId);
    if (!given)
        return {};
    StockMovement back;
    back.holderId = given->holderId;
    back.lotId = given->lotId;
    back.kind = MovementKind::Reversal;
    back.doses = -given->doses;
    back.reversesId = given->stamp.id;
    back.refId = injectionId;
    back.vialId = given->vialId;  // the dose goes back into its vial
    back.reason = reason;
    back.occurredAt = m_clock.now();
    if (auto r = w.add(Entity::StockMovement, back); !r.ok())
        return r.error();
    return {};
}

} // namespace vax

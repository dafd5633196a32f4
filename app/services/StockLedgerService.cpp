#include "StockLedgerService.h"

#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/services/VialService.h"
#include "app/stock/StockReasons.h"
#include "app/store/CatalogueRepository.h"
#include "app/store/RecordWriter.h"
#include "app/store/SiteStore.h"

namespace vax {

StockLedgerService::StockLedgerService(SiteStore& store, const Clock& clock)
    : m_store(store)
    , m_clock(clock)
{
}

QList<Site> StockLedgerService::destinations()
{
    return m_store.stock().destinationsOf(m_store.identity().holderId());
}

bool StockLedgerService::hereIsStore()
{
    const auto here = m_store.stock().holder(m_store.identity().holderId());
    return here && here->isStore();
}

std::optional<Site> StockLedgerService::destination(const QString& idOrCode)
{
    const QString wanted = idOrCode.trimmed();
    for (const Site& s : destinations()) {
        if (s.stamp.id == wanted || s.code.compare(wanted, Qt::CaseInsensitive) == 0)
            return s;
    }
    return std::nullopt;
}

Result<StockLedgerService::LotHere> StockLedgerService::lotHere(const QString& lotId)
{
    const auto lot = m_store.catalogue().lot(lotId);
    if (!lot)
        return Error::invalid(QStringLiteral("lot"), tr("Lot is not known here: pick a lot from the stock on hand."));
    const auto product = m_store.catalogue().product(lot->productId);
    if (!product)
        return Error::invalid(QStringLiteral("lot"), tr("Lot %1 belongs to a product missing from the catalogue.").arg(lot->lotNumber));
    return LotHere{*lot, *product};
}

Result<int> StockLedgerService::wholeDoses(const QString& text, const QString& field, bool allowZero)
{
    bool isNumber = false;
    const int doses = text.trimmed().toInt(&isNumber);
    if (!isNumber || doses < 0 || (doses == 0 && !allowZero))
        return Error::invalid(field, allowZero ? tr("Doses must be a whole number, zero or more.") : tr("Doses must be a whole number above zero."));
    return doses;
}

Result<StockMovement> StockLedgerService::add(const Session& session, StockMovement m)
{
    m.holderId = m_store.identity().holderId();
    if (!m.occurredAt.isValid())
        m.occurredAt = m_clock.now();
    return writeReturning<StockMovement>(m_store, session.userId(), [&](RecordWriter& w) { return w.add(Entity::StockMovement, m); });
}

Result<StockMovement> StockLedgerService::transfer(const Session& session, const QString& toHolder, const QString& lotId,
    const QString& dosesText, const QString& note)
{
    if (auto r = session.require(Permission::ManageStock, tr("send stock")); !r.ok())
        return r.error();
    const QString here = m_store.identity().holderId();
    const auto to = destination(toHolder);
    if (!to) {
        return Error::invalid(QStringLiteral("to"),
            tr("'%1' is not a holder this one sends to: a store ships to the sites below it, a site to its mobile teams, a team back to its site.")
                .arg(toHolder.trimmed()));
    }
    auto lot = lotHere(lotId);
    if (!lot.ok())
        return lot.error();
    auto doses = wholeDoses(dosesText, QStringLiteral("doses"), false);
    if (!doses.ok())
        return doses.error();
    const int perVial = lot->product.dosesPerVial;
    if (*doses % perVial != 0) {
        return Error::invalid(QStringLiteral("doses"),
            tr("%1 doses is not a whole number of %2-dose vials: send sealed vials only.").arg(*doses).arg(perVial));
    }
    if (lot->lot.isExpiredOn(m_clock.today()))
        return Error::invalid(QStringLiteral("lot"), tr("Lot %1 expired on %2: record it as wastage, do not send it.").arg(lot->lot.lotNumber, dayText(lot->lot.expiry)));
    if (m_store.stock().quarantinedLots(here).contains(lotId))
        return Error::invalid(QStringLiteral("lot"), tr("Lot %1 is in quarantine here: release it before sending it.").arg(lot->lot.lotNumber));
    const int sealed = VialService(m_store, m_clock).sealedDoses(lotId);
    if (*doses > sealed) {
        return Error::invalid(QStringLiteral("doses"),
            tr("Only %1 doses of lot %2 are in sealed vials here: send at most that.").arg(sealed).arg(lot->lot.lotNumber));
    }
    StockMovement m;
    m.lotId = lotId;
    // A store's shipment is an issue (allocation down the tree); the rest move within a site.
    m.kind = hereIsStore() ? MovementKind::Issue : MovementKind::TransferOut;
    m.doses = -*doses;
    m.counterpartId = to->stamp.id;
    m.note = note.trimmed();
    return add(session, m);
}

Result<StockMovement> StockLedgerService::confirm(const Session& session, const ConfirmDraft& draft)
{
    if (auto r = session.require(Permission::ReceiveStock, tr("confirm shipments")); !r.ok())
        return r.error();
    const QString here = m_store.identity().holderId();
    const auto sent = m_store.stock().movement(draft.shipmentId.trimmed());
    if (!sent || (sent->kind != MovementKind::TransferOut && sent->kind != MovementKind::Issue) || sent->counterpartId != here)
        return Error::invalid(QStringLiteral("shipment"), tr("There is no shipment %1 sent to this holder: pick one from the incoming list.").arg(draft.shipmentId.trimmed()));
    for (const StockMovement& m : m_store.stock().movementsFor(sent->stamp.id)) {
        if (m.kind == MovementKind::TransferIn || m.kind == MovementKind::Receipt) {
            return Error(ErrorCode::Conflict, tr("This shipment was already confirmed on %1 (%2 doses).")
                                                  .arg(m.occurredAt.toString(QStringLiteral("dd/MM/yyyy HH:mm")))
                                                  .arg(m.doses));
        }
    }
    const int sentDoses = -sent->doses;
    int received = sentDoses;
    if (!draft.doses.trimmed().isEmpty()) {
        auto doses = wholeDoses(draft.doses, QStringLiteral("doses"), true);
        if (!doses.ok())
            return doses.error();
        received = *doses;
    }
    if (received > sentDoses) {
        return Error::invalid(QStringLiteral("doses"),
            tr("%1 doses were sent; more cannot arrive: count again, and receive any extra lot as its own shipment.").arg(sentDoses));
    }
    const QString difference = draft.difference.trimmed();
    if (received < sentDoses && !receiptDifferenceFromKey(difference)) {
        return Error::invalid(QStringLiteral("difference"),
            tr("%1 of the %2 doses sent are missing: say why (%3).").arg(sentDoses - received).arg(sentDoses).arg(receiptDifferenceKeys().join(QStringLiteral(", "))));
    }
    if (received == sentDoses && !difference.isEmpty())
        return Error::invalid(QStringLiteral("difference"), tr("Everything sent arrived: leave the difference empty."));
    StockMovement m;
    m.lotId = sent->lotId;
    m.kind = sent->kind == MovementKind::Issue ? MovementKind::Receipt : MovementKind::TransferIn;
    m.doses = received;
    m.counterpartId = sent->holderId;
    m.refId = sent->stamp.id;
    m.reason = difference;
    m.note = draft.note.trimmed();
    return add(session, m);
}

Result<StockMovement> StockLedgerService::discard(const Session& session, const QString& lotId, const QString& dosesText,
    const QString& reason, const QString& note)
{
    if (auto r = session.require(Permission::ManageStock, tr("record wastage")); !r.ok())
        return r.error();
    if (!wastageReasonKeys().contains(reason.trimmed())) {
        return Error::invalid(QStringLiteral("reason"),
            tr("Say why the doses are wasted: one of %1.").arg(wastageReasonKeys().join(QStringLiteral(", "))));
    }
    auto lot = lotHere(lotId);
    if (!lot.ok())
        return lot.error();
    auto doses = wholeDoses(dosesText, QStringLiteral("doses"), false);
    if (!doses.ok())
        return doses.error();
    const int perVial = lot->product.dosesPerVial;
    if (*doses % perVial != 0) {
        return Error::invalid(QStringLiteral("doses"),
            tr("%1 doses is not a whole number of %2-dose vials: closed-vial wastage is counted in whole vials.").arg(*doses).arg(perVial));
    }
    const int sealed = VialService(m_store, m_clock).sealedDoses(lotId);
    if (*doses > sealed)
        return Error::invalid(QStringLiteral("doses"), tr("Only %1 doses of lot %2 are in sealed vials here.").arg(sealed).arg(lot->lot.lotNumber));
    StockMovement m;
    m.lotId = lotId;
    m.kind = MovementKind::Wastage;
    m.doses = -*doses;
    m.reason = reason.trimmed();
    m.note = note.trimmed();
    return add(session, m);
}

Result<StockMovement> StockLedgerService::quarantine(const Session& session, const QString& lotId, const QString& reason)
{
    return hold(session, lotId, reason, true);
}

Result<StockMovement> StockLedgerService::release(const Session& session, const QString& lotId, const QString& reason)
{
    return hold(session, lotId, reason, false);
}

Result<StockMovement> StockLedgerService::hold(const Session& session, const QString& lotId, const QString& reason, bool on)
{
    if (auto r = session.require(Permission::ManageStock, on ? tr("quarantine lots") : tr("release lots")); !r.ok())
        return r.error();
    auto lot = lotHere(lotId);
    if (!lot.ok())
        return lot.error();
    if (reason.trimmed().isEmpty()) {
        return Error::invalid(QStringLiteral("reason"),
            on ? tr("Say why the lot is held (a temperature alarm, a recall notice…).") : tr("Say why the lot may be used again (who cleared it)."));
    }
    if (m_store.stock().quarantinedLots(m_store.identity().holderId()).contains(lotId) == on) {
        return Error(ErrorCode::Conflict,
            on ? tr("Lot %1 is already in quarantine here.").arg(lot->lot.lotNumber) : tr("Lot %1 is not in quarantine here.").arg(lot->lot.lotNumber));
    }
    StockMovement m;
    m.lotId = lotId;
    m.kind = on ? MovementKind::Quarantine : MovementKind::Release;
    m.reason = reason.trimmed();
    return add(session, m);
}

Result<StockMovement> StockLedgerService::count(const Session& session, const QString& lotId, const QString& countedText, const QString& note)
{
    if (auto r = session.require(Permission::ManageStock, tr("record counts")); !r.ok())
        return r.error();
    auto lot = lotHere(lotId);
    if (!lot.ok())
        return lot.error();
    auto counted = wholeDoses(countedText, QStringLiteral("counted"), true);
    if (!counted.ok())
        return counted.error();
    // The ledger as it stands when the count is written, inside the same transaction.
    return writeReturning<StockMovement>(m_store, session.userId(), [&](RecordWriter& w) -> Result<StockMovement> {
        const int ledger = m_store.stock().balance(m_store.identity().holderId(), lotId);
        const int opened = ledger - VialService(m_store, m_clock).sealedDoses(lotId);
        if (*counted < opened) {
            return Error::invalid(QStringLiteral("counted"),
                tr("The opened vials of lot %1 still hold %2 doses by the record: close the session (or discard them) before counting.")
                    .arg(lot->lot.lotNumber)
                    .arg(opened));
        }
        StockMovement m;
        m.holderId = m_store.identity().holderId();
        m.lotId = lotId;
        m.kind = MovementKind::Adjustment;
        m.doses = *counted - ledger;
        m.reason = kCountReason;
        m.occurredAt = m_clock.now();
        const QString figures = tr("counted %1, ledger %2").arg(*counted).arg(ledger);
        m.note = note.trimmed().isEmpty() ? figures : figures + QStringLiteral("; ") + note.trimmed();
        return w.add(Entity::StockMovement, m);
    });
}

} // namespace vax

#include "VialService.h"

#include "app/common/Clock.h"
#include "app/stock/Lot.h"
#include "app/stock/StockMovement.h"
#include "app/stock/StockReasons.h"
#include "app/store/CatalogueRepository.h"
#include "app/store/RecordWriter.h"
#include "app/store/SiteStore.h"
#include "app/store/StockRepository.h"

#include <algorithm>

namespace vax {

VialService::VialService(SiteStore& store, const Clock& clock)
    : m_store(store)
    , m_clock(clock)
{
}

bool VialService::discardSoon(const OpenVial& vial, const QDateTime& now)
{
    return !vial.expiredAt(now) && now.secsTo(vial.vial.discardAt) <= qint64(kWarnMinutes) * 60;
}

QList<OpenVial> VialService::openVials()
{
    return m_store.stock().openVials(m_store.identity().holderId());
}

int VialService::sealedDoses(const QString& lotId)
{
    int open = 0;
    for (const OpenVial& v : openVials()) {
        if (v.vial.lotId == lotId)
            open += v.left();
    }
    return m_store.stock().balance(m_store.identity().holderId(), lotId) - open;
}

Result<Vial> VialService::open(const Session& session, const QString& lotId, const QString& note)
{
    if (auto r = session.require(Permission::RecordDose, tr("open vials")); !r.ok())
        return r.error();
    const auto lot = m_store.catalogue().lot(lotId);
    if (!lot)
        return Error::invalid(QStringLiteral("lot"), tr("Lot is not known here: pick a lot from the stock on hand."));
    const auto product = m_store.catalogue().product(lot->productId);
    if (!product)
        return Error::invalid(QStringLiteral("lot"), tr("Lot %1 belongs to a product missing from the catalogue.").arg(lot->lotNumber));
    if (product->dosesPerVial <= 1)
        return Error::invalid(QStringLiteral("lot"), tr("%1 comes in single-dose vials: there is nothing to open ahead of the dose.").arg(product->name));
    return writeReturning<Vial>(m_store, session.userId(),
        [&](RecordWriter& w) { return openIn(w, *lot, *product, m_clock.now(), note.trimmed()); });
}

Result<Vial> VialService::openIn(RecordWriter& writer, const Lot& lot, const VaccineProduct& product, const QDateTime& at, const QString& note)
{
    if (lot.isExpiredOn(at.date()))
        return Error::invalid(QStringLiteral("lot"), tr("Lot %1 expired on %2: do not open it.").arg(lot.lotNumber, lot.expiry.toString(QStringLiteral("dd/MM/yyyy"))));
    const QString holder = m_store.identity().holderId();
    if (m_store.stock().quarantinedLots(holder).contains(lot.stamp.id))
        return Error::invalid(QStringLiteral("lot"), tr("Lot %1 is in quarantine here: use another lot until the manager releases it.").arg(lot.lotNumber));
    // Normally whole vials are sealed; after a count found fewer doses, the last vial holds
    // what the ledger says is left.
    const int sealed = sealedDoses(lot.stamp.id);
    if (sealed < 1) {
        return Error(ErrorCode::Conflict, tr("Lot %1 has no sealed vial left here: pick another lot or receive stock.").arg(lot.lotNumber),
            {{QStringLiteral("lot"), tr("No sealed vial of lot %1 left.").arg(lot.lotNumber)}});
    }
    Vial v;
    v.holderId = holder;
    v.lotId = lot.stamp.id;
    v.doses = std::min(product.dosesPerVial, sealed);
    v.openedAt = at;
    v.discardAt = at.addSecs(qint64(product.openVialHours > 0 ? product.openVialHours : kDefaultOpenVialHours) * 3600);
    v.session = at.date();
    v.note = note;
    return writer.add(Entity::Vial, v);
}

Result<QString> VialService::vialForDose(RecordWriter& writer, const Lot& lot, const VaccineProduct& product, const QDateTime& at)
{
    if (product.dosesPerVial <= 1)
        return QString();
    QString draw;
    for (const OpenVial& v : openVials()) {
        if (v.vial.lotId != lot.stamp.id)
            continue;
        if (v.expiredAt(at)) {
            // Past its time: what is left was waste then; the dose needs another vial.
            if (auto r = discard(writer, v, v.vial.discardAt, tr("past its discard time")); !r.ok())
                return r.error();
        } else if (draw.isEmpty()) {
            draw = v.vial.stamp.id;
        }
    }
    if (!draw.isEmpty())
        return draw;
    auto opened = openIn(writer, lot, product, at, tr("opened for a dose"));
    if (!opened.ok())
        return opened.error();
    return opened->stamp.id;
}

Result<void> VialService::discard(RecordWriter& writer, const OpenVial& vial, const QDateTime& at, const QString& note)
{
    StockMovement m;
    m.holderId = vial.vial.holderId;
    m.lotId = vial.vial.lotId;
    m.kind = MovementKind::Wastage;
    m.doses = -vial.left();
    m.reason = wastageReasonKey(WastageReason::OpenVial);
    m.vialId = vial.vial.stamp.id;
    m.occurredAt = at;
    m.note = note;
    if (auto r = writer.add(Entity::StockMovement, m); !r.ok())
        return r.error();
    return {};
}

Result<int> VialService::closeSession(const Session& session)
{
    if (auto r = session.require(Permission::RecordDose, tr("close the session")); !r.ok())
        return r.error();
    const QDateTime now = m_clock.now();
    return writeReturning<int>(m_store, session.userId(), [&](RecordWriter& w) -> Result<int> {
        int discarded = 0;
        for (const OpenVial& v : openVials()) {
            // One past its time was already waste then, not at the end of the session.
            const QDateTime at = v.expiredAt(now) ? v.vial.discardAt : now;
            if (auto r = discard(w, v, at, v.expiredAt(now) ? tr("past its discard time") : tr("session closed")); !r.ok())
                return r.error();
            ++discarded;
        }
        return discarded;
    });
}

Result<int> VialService::discardExpired(const Session& session)
{
    const QDateTime now = m_clock.now();
    QList<OpenVial> expired;
    for (const OpenVial& v : openVials()) {
        if (v.expiredAt(now))
            expired << v;
    }
    if (expired.isEmpty())
        return 0;
    return writeReturning<int>(m_store, session.userId(), [&](RecordWriter& w) -> Result<int> {
        for (const OpenVial& v : expired) {
            if (auto r = discard(w, v, v.vial.discardAt, tr("past its discard time")); !r.ok())
                return r.error();
        }
        return int(expired.size());
    });
}

} // namespace vax

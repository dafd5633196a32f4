#include "StockService.h"

#include "app/common/Clock.h"
#include "app/stock/Gs1Scan.h"
#include "app/stock/Lot.h"
#include "app/stock/StockMovement.h"
#include "app/store/CatalogueRepository.h"
#include "app/store/RecordWriter.h"
#include "app/store/SiteStore.h"

namespace vax {

StockService::StockService(SiteStore& store, const Clock& clock)
    : m_store(store)
    , m_clock(clock)
{
}

Result<LotBalance> StockService::receive(const Session& session, const ReceiptDraft& draft)
{
    if (auto r = session.require(Permission::ReceiveStock, tr("receive stock")); !r.ok())
        return r.error();
    auto checked = ReceiptCheck::check(draft, m_store.catalogue().products(), m_clock.today());
    if (!checked.ok())
        return checked.error();
    const CheckedReceipt& receipt = *checked;
    const QString lotId = receipt.lotId;
    const QString holder = m_store.identity().holderId();
    auto r = m_store.write(session.userId(), [&](RecordWriter& w) -> Result<void> {
        if (const auto known = m_store.catalogue().lot(lotId)) {
            if (auto same = ReceiptCheck::sameExpiry(receipt, known->expiry); !same.ok())
                return same;
        } else {
            Lot lot;
            lot.stamp.id = lotId;
            lot.productId = receipt.product.stamp.id;
            lot.lotNumber = receipt.lotNumber;
            lot.expiry = receipt.expiry;
            lot.gtin = receipt.gtin;
            if (auto added = w.add(Entity::Lot, lot); !added.ok())
                return added.error();
        }
        StockMovement m;
        m.holderId = holder;
        m.lotId = lotId;
        m.kind = MovementKind::Receipt;
        m.doses = receipt.doses;
        m.occurredAt = m_clock.now();
        m.note = receipt.note;
        if (auto added = w.add(Entity::StockMovement, m); !added.ok())
            return added.error();
        return {};
    });
    if (!r.ok())
        return r.error();
    for (const LotBalance& b : onHand()) {
        if (b.lot.stamp.id == lotId)
            return b;
    }
    return Error(ErrorCode::Storage, tr("The receipt was saved but the lot is not on hand: run vaxctl check."));
}

Result<ReceiptDraft> StockService::draftFromScan(const QString& scanned, const QString& productCode)
{
    auto scan = Gs1Scan::parse(scanned, m_clock.today());
    if (!scan.ok())
        return scan.error();
    ReceiptDraft d;
    for (const VaccineProduct& p : m_store.catalogue().products()) {
        if (p.gtins.contains(scan->gtin))
            d.productCode = p.code;
    }
    if (d.productCode.isEmpty()) {
        if (productCode.trimmed().isEmpty()) {
            return Error::invalid(QStringLiteral("product"),
                tr("The pack's GTIN %1 is not in the vaccine catalogue: pick the product by hand, and ask central to add the GTIN.").arg(scan->gtin));
        }
        d.productCode = productCode.trimmed();
    } else if (!productCode.trimmed().isEmpty() && productCode.trimmed().compare(d.productCode, Qt::CaseInsensitive) != 0) {
        return Error::invalid(QStringLiteral("product"),
            tr("The scan is a pack of %1, not %2: check the box.").arg(d.productCode, productCode.trimmed()));
    }
    if (scan->lot.isEmpty())
        return Error::invalid(QStringLiteral("lot"), tr("The scan carries no lot number (10): type it from the label."));
    if (!scan->expiry.isValid())
        return Error::invalid(QStringLiteral("expiry"), tr("The scan carries no expiry date (17): type it from the label."));
    d.lotNumber = scan->lot;
    d.expiry = scan->expiry.toString(Qt::ISODate);
    d.gtin = scan->gtin;
    return d;
}

QList<LotBalance> StockService::onHand()
{
    return m_store.stock().onHand(m_store.identity().holderId());
}

} // namespace vax

#include "StockService.h"

#include "app/common/Clock.h"
#include "app/stock/Gs1Scan.h"
#include "app/stock/Lot.h"
#include "app/stock/StockMovement.h"
#include "app/store/CatalogueRepository.h"
#include "app/store/RecordWriter.h"
#include "app/store/SiteStore.h"

#include <QRegularExpression>

namespace vax {

namespace {

QDate parseDate(const QString& text)
{
    const QString t = text.trimmed();
    for (const char* format : {"yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"}) {
        const QDate d = QDate::fromString(t, QLatin1String(format));
        if (d.isValid())
            return d;
    }
    return {};
}

} // namespace

StockService::StockService(SiteStore& store, const Clock& clock)
    : m_store(store)
    , m_clock(clock)
{
}

Result<LotBalance> StockService::receive(const Session& session, const ReceiptDraft& draft)
{
    if (auto r = session.require(Permission::ReceiveStock, tr("receive stock")); !r.ok())
        return r.error();
    QList<FieldError> errors;
    const auto product = m_store.catalogue().productByCode(draft.productCode);
    if (!product) {
        QStringList codes;
        for (const VaccineProduct& p : m_store.catalogue().products())
            codes << p.code;
        errors << FieldError{QStringLiteral("product"),
            tr("Product '%1' is not in the catalogue: use one of %2.").arg(draft.productCode.trimmed(), codes.join(QStringLiteral(", ")))};
    }
    const QString lotNumber = Lot::normalizeNumber(draft.lotNumber);
    static const QRegularExpression kLot(QStringLiteral("^[A-Z0-9][A-Z0-9./-]{0,19}$"));
    if (!kLot.match(lotNumber).hasMatch()) {
        errors << FieldError{QStringLiteral("lot"),
            tr("Lot number must be 1–20 letters, digits, dots, dashes or slashes, as printed on the box.")};
    }
    const QDate expiry = parseDate(draft.expiry);
    const QDate today = m_clock.today();
    if (!expiry.isValid())
        errors << FieldError{QStringLiteral("expiry"), tr("Expiry date is not a date: enter it as YYYY-MM-DD, as on the box.")};
    else if (expiry < today)
        errors << FieldError{QStringLiteral("expiry"), tr("Lot expired on %1: do not receive expired vaccine.").arg(expiry.toString(QStringLiteral("dd/MM/yyyy")))};
    bool isNumber = false;
    const int doses = draft.doses.trimmed().toInt(&isNumber);
    if (!isNumber || doses <= 0) {
        errors << FieldError{QStringLiteral("doses"), tr("Doses must be a whole number above zero.")};
    } else if (product && doses % product->dosesPerVial != 0) {
        errors << FieldError{QStringLiteral("doses"),
            tr("%1 doses is not a whole number of %2-dose vials of %3: count the vials and multiply by %2.")
                .arg(doses)
                .arg(product->dosesPerVial)
                .arg(product->name)};
    }
    if (!errors.isEmpty())
        return Error::invalid(errors);

    const QString lotId = Lot::idFor(product->stamp.id, lotNumber);
    const QString holder = m_store.identity().holderId();
    auto r = m_store.write(session.userId(), [&](RecordWriter& w) -> Result<void> {
        if (const auto known = m_store.catalogue().lot(lotId)) {
            if (known->expiry != expiry) {
                return Error::invalid(QStringLiteral("expiry"),
                    tr("Lot %1 is already known with expiry %2: check the label.")
                        .arg(lotNumber, known->expiry.toString(QStringLiteral("dd/MM/yyyy"))));
            }
        } else {
            Lot lot;
            lot.stamp.id = lotId;
            lot.productId = product->stamp.id;
            lot.lotNumber = lotNumber;
            lot.expiry = expiry;
            lot.gtin = draft.gtin.trimmed();
            if (auto added = w.add(Entity::Lot, lot); !added.ok())
                return added.error();
        }
        StockMovement m;
        m.holderId = holder;
        m.lotId = lotId;
        m.kind = MovementKind::Receipt;
        m.doses = doses;
        m.occurredAt = m_clock.now();
        m.note = draft.note.trimmed();
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

#include "ReceiptDraft.h"

#include "app/common/TimeText.h"
#include "app/stock/Lot.h"

#include <QRegularExpression>

namespace vax {

QDate ReceiptCheck::parseDate(const QString& text)
{
    const QString t = text.trimmed();
    for (const char* format : {"yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"}) {
        const QDate d = QDate::fromString(t, QLatin1String(format));
        if (d.isValid())
            return d;
    }
    return {};
}

Result<CheckedReceipt> ReceiptCheck::check(const ReceiptDraft& draft, const QList<VaccineProduct>& products, const QDate& today)
{
    QList<FieldError> errors;
    const VaccineProduct* product = nullptr;
    QStringList codes;
    for (const VaccineProduct& p : products) {
        codes << p.code;
        if (p.code.compare(draft.productCode.trimmed(), Qt::CaseInsensitive) == 0)
            product = &p;
    }
    if (!product) {
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
    if (!expiry.isValid())
        errors << FieldError{QStringLiteral("expiry"), tr("Expiry date is not a date: enter it as YYYY-MM-DD, as on the box.")};
    else if (expiry < today)
        errors << FieldError{QStringLiteral("expiry"), tr("Lot expired on %1: do not receive expired vaccine.").arg(dayText(expiry))};
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
    CheckedReceipt r;
    r.product = *product;
    r.lotId = Lot::idFor(product->stamp.id, lotNumber);
    r.lotNumber = lotNumber;
    r.expiry = expiry;
    r.doses = doses;
    r.gtin = draft.gtin.trimmed();
    r.note = draft.note.trimmed();
    return r;
}

Result<void> ReceiptCheck::sameExpiry(const CheckedReceipt& receipt, const QDate& knownExpiry)
{
    if (knownExpiry == receipt.expiry)
        return {};
    return Error::invalid(QStringLiteral("expiry"),
        tr("Lot %1 is already known with expiry %2: check the label.").arg(receipt.lotNumber, dayText(knownExpiry)));
}

} // namespace vax

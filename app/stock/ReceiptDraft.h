#pragma once

#include "app/common/Result.h"
#include "app/vaccines/VaccineProduct.h"

#include <QCoreApplication>
#include <QDate>

namespace vax {

// A shipment as typed or scanned: raw text, checked by ReceiptCheck.
struct ReceiptDraft {
    QString productCode;
    QString lotNumber;
    QString expiry;    // YYYY-MM-DD (or dd/MM/yyyy)
    QString doses;
    QString gtin;
    QString note;
};

// A draft that passed the checks: what the receipt and its lot record are made of.
struct CheckedReceipt {
    VaccineProduct product;
    QString lotId;
    QString lotNumber;  // normalised
    QDate expiry;
    int doses = 0;
    QString gtin;
    QString note;
};

// The checks every receipt passes, at a site (StockService) and at a store on central
// (vaxcentral admin stock receive): a catalogue product, a lot number as printed, a real
// expiry not yet past, whole vials. Every field at fault is named at once.
class ReceiptCheck
{
    Q_DECLARE_TR_FUNCTIONS(ReceiptCheck)

public:
    static Result<CheckedReceipt> check(const ReceiptDraft& draft, const QList<VaccineProduct>& products, const QDate& today);
    // The lot is already known (received elsewhere): its expiry must be the one on this label.
    static Result<void> sameExpiry(const CheckedReceipt& receipt, const QDate& knownExpiry);
    static QDate parseDate(const QString& text);
};

} // namespace vax

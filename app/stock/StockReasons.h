#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

namespace vax {

// Why closed-vial doses left the usable stock (the reference's wastage causes); open-vial
// wastage is what was left in an opened vial at its discard time or at the end of the session.
enum class WastageReason { Expired, Vvm, Broken, Temperature, Lost, OpenVial };

// Why a confirmed shipment or transfer differs from what was sent.
enum class ReceiptDifference { Short, Damaged, WrongLot };

QString wastageReasonKey(WastageReason reason);
std::optional<WastageReason> wastageReasonFromKey(const QString& key);
QStringList wastageReasonKeys();  // what a manager may pick (not open_vial: the app records that)

QString receiptDifferenceKey(ReceiptDifference difference);
std::optional<ReceiptDifference> receiptDifferenceFromKey(const QString& key);
QStringList receiptDifferenceKeys();

// The reason a physical count's adjustment carries.
inline const QString kCountReason = QStringLiteral("count");

// Words for people, for any reason key a movement carries.
class StockReasonText
{
    Q_DECLARE_TR_FUNCTIONS(StockReasonText)

public:
    static QString label(const QString& key);
};

} // namespace vax

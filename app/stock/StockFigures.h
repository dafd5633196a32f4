#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

namespace vax {

// What a set of holders did with one product over a period, in doses: the terms of the
// reference's usage and wastage formulas.
struct StockFlow {
    QString productId;
    QString productCode;
    QString productName;
    int dosesPerVial = 1;
    qint64 opening = 0;       // on hand at the start of the period
    qint64 received = 0;      // receipts and transfers in from outside the holders
    qint64 sentOut = 0;       // issues and transfers out to outside the holders (positive)
    qint64 administered = 0;  // doses given, less any given back by a void
    qint64 wastedClosed = 0;  // closed-vial wastage (positive)
    qint64 wastedOpen = 0;    // open-vial wastage (positive)
    qint64 adjusted = 0;      // count adjustments (signed)
    // Transfers between the holders themselves, net (usually ≤ 0): doses one sent that another
    // has not received, still on the way at the end of the period or confirmed short or damaged.
    qint64 betweenHolders = 0;
    qint64 closing = 0;       // on hand at the end of the period

    // The ledger's own arithmetic: what the period's movements add up to.
    bool balances() const
    {
        return opening + received - sentOut - administered - wastedClosed - wastedOpen + adjusted + betweenHolders == closing;
    }
};

// The reference's formulas (WHO): usage rate = administered ÷ issued × 100, wastage rate =
// 100 − usage rate, wastage factor = 100 ÷ (100 − wastage rate). "Issued" is what left the
// shelf to be used: opening + received − closing, less what was sent on to another holder
// (sent stock was not used here).
struct WastageFigures {
    qint64 issued = 0;
    qint64 administered = 0;
    std::optional<double> usageRate;     // percent; none when nothing was issued
    std::optional<double> wastageRate;   // percent
    std::optional<double> wastageFactor; // none when everything issued was wasted
};

WastageFigures wastageOf(const StockFlow& flow);

// The indicative wastage ceiling for a vial size (reference): 5 % single-dose, 10 % for 2–6
// doses, 25 % for 10–20; for sizes between (7–9) the 10-dose ceiling applies.
int wastageCeilingPercent(int dosesPerVial);

// How many days the stock lasts at the period's rate of use; none when nothing was used.
std::optional<double> daysOfStock(qint64 onHand, qint64 usedInPeriod, int periodDays);

} // namespace vax

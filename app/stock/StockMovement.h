#pragma once

#include "app/common/Stamp.h"

#include <QDateTime>
#include <QJsonObject>

#include <optional>

namespace vax {

// Stock is a ledger (DESIGN.md rule 3): what a holder has of a lot is the sum of these.
// Quantities are whole doses; receipts and returns add, doses given and wastage take away.
enum class MovementKind {
    Receipt,      // a shipment arrived at this holder (+)
    DoseGiven,    // one dose into an arm (−1), paired with an injection
    Reversal,     // undoes an earlier movement (the opposite quantity), e.g. a voided injection
    Issue,        // a store sends stock out (−)
    TransferOut,  // to a mobile team or another site (−)
    TransferIn,   // from a site or team (+)
    Wastage,      // discarded, with a reason (−)
    Adjustment,   // the variance found by a physical count (±)
    Quarantine,   // the lot may not be used or sent here until released (0 doses)
    Release,      // ends a quarantine (0 doses)
};

QString movementKindKey(MovementKind kind);
std::optional<MovementKind> movementKindFromKey(const QString& key);

struct StockMovement {
    Stamp stamp;
    QString holderId;       // the site or team whose stock this is
    QString lotId;
    MovementKind kind = MovementKind::Receipt;
    int doses = 0;          // signed
    QString counterpartId;  // the other holder of a transfer or issue
    QString reason;
    QString refId;          // the injection (or other record) this movement belongs to
    QString reversesId;     // for a reversal: the movement it undoes
    QString vialId;         // a dose drawn from an opened vial, or what was left of it discarded
    QDateTime occurredAt;
    QString note;

    QJsonObject toRecord() const;
    static StockMovement fromRecord(const QJsonObject& record);
};

} // namespace vax

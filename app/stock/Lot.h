#pragma once

#include "app/common/Stamp.h"

#include <QDate>
#include <QJsonObject>

namespace vax {

// A manufacturing lot of one product. Its id is made from the product and lot number, so the
// same lot received at two sites offline is one record everywhere.
struct Lot {
    Stamp stamp;
    QString productId;
    QString lotNumber;  // trimmed, upper case
    QDate expiry;       // usable through the end of this day
    QString gtin;
    int vvmStage = 0;   // 0 = not recorded, 1–4

    static QString idFor(const QString& productId, const QString& lotNumber);
    static QString normalizeNumber(const QString& lotNumber);
    bool isExpiredOn(const QDate& day) const { return !expiry.isValid() || expiry < day; }

    QJsonObject toRecord() const;
    static Lot fromRecord(const QJsonObject& record);
};

} // namespace vax

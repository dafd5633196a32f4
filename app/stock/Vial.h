#pragma once

#include "app/common/Stamp.h"

#include <QDateTime>
#include <QJsonObject>

namespace vax {

// A multi-dose vial opened at a holder (WHO multi-dose vial policy: discard 6 hours after
// opening or at the end of the session, whichever comes first). An event: the doses drawn
// from it are dose-given movements that name it, and what is left when it is discarded is an
// open-vial wastage movement that names it.
struct Vial {
    Stamp stamp;
    QString holderId;
    QString lotId;
    int doses = 0;          // the product's doses per vial when it was opened
    QDateTime openedAt;
    QDateTime discardAt;    // the last safe moment: opened + the product's open-vial hours
    QDate session;          // the working day it was opened in; closing the session discards it
    QString note;

    QJsonObject toRecord() const;
    static Vial fromRecord(const QJsonObject& record);
};

// An opened vial not yet discarded, with the doses still in it.
struct OpenVial {
    Vial vial;
    int drawn = 0;          // doses given from it (less any given back by a void)
    QString productCode;
    QString productName;
    QString lotNumber;

    int left() const { return vial.doses - drawn; }
    bool expiredAt(const QDateTime& now) const { return now >= vial.discardAt; }
};

} // namespace vax

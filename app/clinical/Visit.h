#pragma once

#include "app/common/Stamp.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>

namespace vax {

// A person checked in at the site today: the queue for screening and injection is made of these.
struct Visit {
    Stamp stamp;
    QString personId;
    QDateTime arrivedAt;
    QDate day;  // the site's local date, so the queue is "today's visits"

    QJsonObject toRecord() const;
    static Visit fromRecord(const QJsonObject& record);
};

} // namespace vax

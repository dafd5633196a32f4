#pragma once

#include "app/common/Stamp.h"

#include <QDateTime>
#include <QJsonObject>

#include <optional>

namespace vax {

enum class BodySite { LeftArm, RightArm, LeftThigh, RightThigh };

QString bodySiteKey(BodySite site);                       // "left_arm", …
std::optional<BodySite> bodySiteFromKey(const QString& key); // also accepts "left"/"right"

// One dose given. Recorded together with its dose-given stock movement, in one transaction;
// never edited: a mistake is voided or amended by a Correction with a reason.
struct Injection {
    Stamp stamp;
    QString personId;
    QString visitId;
    QString screeningId;
    QString productId;
    QString lotId;
    int doseNumber = 1;
    BodySite bodySite = BodySite::LeftArm;
    QDateTime injectedAt;
    QString injectedBy;   // the nurse: the logged-in user
    QString movementId;   // the dose-given stock movement
    QString note;

    QJsonObject toRecord() const;
    static Injection fromRecord(const QJsonObject& record);
};

} // namespace vax

#pragma once

#include "app/common/Stamp.h"

#include <QDateTime>
#include <QJsonObject>

#include <optional>

namespace vax {

enum class ObservationOutcome {
    Released,     // watched for the full time, sent home
    Transferred,  // sent to hospital after a reaction
    LeftEarly,    // left before the time was up, against advice
};

QString observationOutcomeKey(ObservationOutcome outcome);
std::optional<ObservationOutcome> observationOutcomeFromKey(const QString& key);

// The end of the on-site watch after an injection. The watch itself starts at the injection
// time, so an injection without an Observation is a person still on the board.
struct Observation {
    Stamp stamp;
    QString injectionId;
    QString personId;
    ObservationOutcome outcome = ObservationOutcome::Released;
    QDateTime endedAt;
    QString note;

    QJsonObject toRecord() const;
    static Observation fromRecord(const QJsonObject& record);
};

} // namespace vax

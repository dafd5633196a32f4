#pragma once

#include "app/common/Stamp.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace vax {

// WHO seriousness criteria: any one makes the event serious (it must reach the district
// within 24 hours).
enum class SeriousCriterion { Death, LifeThreatening, Hospitalisation, Disability, CongenitalAnomaly, Intervention };
enum class AefiOutcome { Recovering, Recovered, RecoveredWithSequelae, NotRecovered, Unknown, Died };

QString seriousCriterionKey(SeriousCriterion c);
std::optional<SeriousCriterion> seriousCriterionFromKey(const QString& key);
QString aefiOutcomeKey(AefiOutcome o);
std::optional<AefiOutcome> aefiOutcomeFromKey(const QString& key);

// An adverse event following immunization, with the reference's minimum report: the person,
// vaccine, lot, dose and time come from the injection; the event adds what happened and when,
// serious or not and why, and the outcome. Outcome changes later are Corrections (amend).
struct AdverseEvent {
    Stamp stamp;
    QString personId;
    QString injectionId;
    QDateTime onsetAt;
    QStringList symptoms;         // keys from resources/aefi/symptoms.json
    QString description;
    bool serious = false;
    QList<SeriousCriterion> seriousCriteria;
    AefiOutcome outcome = AefiOutcome::Unknown;
    QString treatment;

    QJsonObject toRecord() const;
    static AdverseEvent fromRecord(const QJsonObject& record);
};

} // namespace vax

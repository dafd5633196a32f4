#pragma once

#include "app/clinical/ScreeningForm.h"
#include "app/common/Stamp.h"

#include <QDateTime>
#include <QJsonObject>

namespace vax {

// A completed screening checklist: the answers as given and the conclusion the form drew
// from them, kept with the form's code and version (forms change; records do not).
struct Screening {
    Stamp stamp;
    QString personId;
    QString visitId;
    QString formCode;
    int formVersion = 0;
    ScreeningAnswers answers;
    ScreeningConclusion conclusion = ScreeningConclusion::Eligible;
    QDateTime screenedAt;
    QString note;

    QJsonObject toRecord() const;
    static Screening fromRecord(const QJsonObject& record);
};

} // namespace vax

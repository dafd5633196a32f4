#include "Screening.h"

#include "app/common/RecordJson.h"
#include "app/common/TimeText.h"

namespace vax {

using namespace RecordJson;

QJsonObject Screening::toRecord() const
{
    QJsonObject r;
    stamp.writeTo(r);
    putText(r, QLatin1String("person_id"), personId);
    putText(r, QLatin1String("visit_id"), visitId);
    putText(r, QLatin1String("form_code"), formCode);
    putInt(r, QLatin1String("form_version"), formVersion);
    r.insert(QLatin1String("answers"), answers.toJson());
    putText(r, QLatin1String("conclusion"), conclusionKey(conclusion));
    putText(r, QLatin1String("screened_at"), toIsoWithOffset(screenedAt));
    putText(r, QLatin1String("note"), note);
    return r;
}

Screening Screening::fromRecord(const QJsonObject& r)
{
    Screening s;
    s.stamp = Stamp::readFrom(r);
    s.personId = text(r, QLatin1String("person_id"));
    s.visitId = text(r, QLatin1String("visit_id"));
    s.formCode = text(r, QLatin1String("form_code"));
    s.formVersion = integer(r, QLatin1String("form_version"));
    s.answers = ScreeningAnswers::fromJson(r.value(QLatin1String("answers")).toObject());
    s.conclusion = conclusionFromKey(text(r, QLatin1String("conclusion"))).value_or(ScreeningConclusion::Defer);
    s.screenedAt = time(r, QLatin1String("screened_at"));
    s.note = text(r, QLatin1String("note"));
    return s;
}

} // namespace vax

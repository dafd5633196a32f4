#include "Observation.h"

#include "app/common/EnumKeys.h"
#include "app/common/RecordJson.h"
#include "app/common/TimeText.h"

namespace vax {

using namespace RecordJson;

namespace {

constexpr EnumKeys<ObservationOutcome, 3> kOutcomes({{
    {ObservationOutcome::Released, "released"},
    {ObservationOutcome::Transferred, "transferred"},
    {ObservationOutcome::LeftEarly, "left_early"},
}});

} // namespace

QString observationOutcomeKey(ObservationOutcome outcome)
{
    return kOutcomes.key(outcome);
}

std::optional<ObservationOutcome> observationOutcomeFromKey(const QString& key)
{
    return kOutcomes.fromKey(key);
}

QJsonObject Observation::toRecord() const
{
    QJsonObject r;
    stamp.writeTo(r);
    putText(r, QLatin1String("injection_id"), injectionId);
    putText(r, QLatin1String("person_id"), personId);
    putText(r, QLatin1String("outcome"), observationOutcomeKey(outcome));
    putText(r, QLatin1String("ended_at"), toIsoWithOffset(endedAt));
    putText(r, QLatin1String("note"), note);
    return r;
}

Observation Observation::fromRecord(const QJsonObject& r)
{
    Observation o;
    o.stamp = Stamp::readFrom(r);
    o.injectionId = text(r, QLatin1String("injection_id"));
    o.personId = text(r, QLatin1String("person_id"));
    o.outcome = observationOutcomeFromKey(text(r, QLatin1String("outcome"))).value_or(ObservationOutcome::Released);
    o.endedAt = time(r, QLatin1String("ended_at"));
    o.note = text(r, QLatin1String("note"));
    return o;
}

} // namespace vax

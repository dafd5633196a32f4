#include "AdverseEvent.h"

#include "app/common/EnumKeys.h"
#include "app/common/RecordJson.h"
#include "app/common/TimeText.h"

#include <QJsonArray>

namespace vax {

using namespace RecordJson;

namespace {

constexpr EnumKeys<SeriousCriterion, 6> kCriteria({{
    {SeriousCriterion::Death, "death"},
    {SeriousCriterion::LifeThreatening, "life_threatening"},
    {SeriousCriterion::Hospitalisation, "hospitalisation"},
    {SeriousCriterion::Disability, "disability"},
    {SeriousCriterion::CongenitalAnomaly, "congenital_anomaly"},
    {SeriousCriterion::Intervention, "intervention"},
}});

constexpr EnumKeys<AefiOutcome, 6> kOutcomes({{
    {AefiOutcome::Recovering, "recovering"},
    {AefiOutcome::Recovered, "recovered"},
    {AefiOutcome::RecoveredWithSequelae, "recovered_with_sequelae"},
    {AefiOutcome::NotRecovered, "not_recovered"},
    {AefiOutcome::Unknown, "unknown"},
    {AefiOutcome::Died, "died"},
}});

} // namespace

QString seriousCriterionKey(SeriousCriterion c)
{
    return kCriteria.key(c);
}

std::optional<SeriousCriterion> seriousCriterionFromKey(const QString& key)
{
    return kCriteria.fromKey(key);
}

QString aefiOutcomeKey(AefiOutcome o)
{
    return kOutcomes.key(o);
}

std::optional<AefiOutcome> aefiOutcomeFromKey(const QString& key)
{
    return kOutcomes.fromKey(key);
}

QJsonObject AdverseEvent::toRecord() const
{
    QJsonObject r;
    stamp.writeTo(r);
    putText(r, QLatin1String("person_id"), personId);
    putText(r, QLatin1String("injection_id"), injectionId);
    putText(r, QLatin1String("onset_at"), toIsoWithOffset(onsetAt));
    r.insert(QLatin1String("symptoms"), QJsonArray::fromStringList(symptoms));
    putText(r, QLatin1String("description"), description);
    r.insert(QLatin1String("serious"), serious);
    QJsonArray criteria;
    for (SeriousCriterion c : seriousCriteria)
        criteria.append(seriousCriterionKey(c));
    if (!criteria.isEmpty())
        r.insert(QLatin1String("serious_criteria"), criteria);
    putText(r, QLatin1String("outcome"), aefiOutcomeKey(outcome));
    putText(r, QLatin1String("treatment"), treatment);
    return r;
}

AdverseEvent AdverseEvent::fromRecord(const QJsonObject& r)
{
    AdverseEvent e;
    e.stamp = Stamp::readFrom(r);
    e.personId = text(r, QLatin1String("person_id"));
    e.injectionId = text(r, QLatin1String("injection_id"));
    e.onsetAt = time(r, QLatin1String("onset_at"));
    for (const QJsonValue& v : r.value(QLatin1String("symptoms")).toArray())
        e.symptoms << v.toString();
    e.description = text(r, QLatin1String("description"));
    e.serious = r.value(QLatin1String("serious")).toBool();
    for (const QJsonValue& v : r.value(QLatin1String("serious_criteria")).toArray()) {
        if (auto c = seriousCriterionFromKey(v.toString()))
            e.seriousCriteria << *c;
    }
    e.outcome = aefiOutcomeFromKey(text(r, QLatin1String("outcome"))).value_or(AefiOutcome::Unknown);
    e.treatment = text(r, QLatin1String("treatment"));
    return e;
}

} // namespace vax

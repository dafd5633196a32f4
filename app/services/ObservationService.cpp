#include "ObservationService.h"

#include "app/common/Clock.h"
#include "app/store/RecordWriter.h"
#include "app/store/SiteStore.h"

namespace vax {

ObservationService::ObservationService(SiteStore& store, const Clock& clock, int minutes)
    : m_store(store)
    , m_clock(clock)
    , m_minutes(minutes)
{
}

QList<ObservationItem> ObservationService::board()
{
    const QDateTime now = m_clock.now();
    QList<ObservationItem> out;
    for (const ObservationEntry& e : m_store.clinical().underObservation(now.addDays(-1))) {
        ObservationItem item;
        item.entry = e;
        item.dueAt = e.injection.injectedAt.addSecs(qint64(m_minutes) * 60);
        item.secondsLeft = now.secsTo(item.dueAt);
        out << item;
    }
    return out;
}

Result<Observation> ObservationService::release(const Session& session, const QString& injectionId,
    ObservationOutcome outcome, const QString& note)
{
    if (auto r = session.require(Permission::ObservePerson, tr("release people from observation")); !r.ok())
        return r.error();
    const auto injection = m_store.clinical().injection(injectionId);
    if (!injection || m_store.clinical().isVoided(injectionId))
        return Error(ErrorCode::NotFound, tr("This dose is not on the observation board any more."));
    const QDateTime now = m_clock.now();
    const QDateTime due = injection->injectedAt.addSecs(qint64(m_minutes) * 60);
    if (outcome == ObservationOutcome::Released && now < due) {
        const qint64 minutesLeft = (now.secsTo(due) + 59) / 60;
        return Error::invalid(QStringLiteral("outcome"),
            tr("%n more minute(s) of observation are due: wait, or record that the person left early.", nullptr, int(minutesLeft)));
    }
    if (outcome != ObservationOutcome::Released && note.trimmed().isEmpty()) {
        return Error::invalid(QStringLiteral("note"), outcome == ObservationOutcome::LeftEarly
                ? tr("Note is empty: say that the person was told the risk and left anyway.")
                : tr("Note is empty: say where the person was transferred."));
    }
    return writeReturning<Observation>(m_store, session.userId(), [&](RecordWriter& w) -> Result<Observation> {
        if (m_store.clinical().observationOf(injectionId))
            return Error(ErrorCode::Conflict, tr("This person was already released."));
        Observation o;
        o.injectionId = injectionId;
        o.personId = injection->personId;
        o.outcome = outcome;
        o.endedAt = now;
        o.note = note.trimmed();
        return w.add(Entity::Observation, o);
    });
}

Result<AdverseEvent> ObservationService::reportAdverseEvent(const Session& session, const AdverseEventDraft& draft)
{
    if (auto r = session.require(Permission::ObservePerson, tr("report reactions")); !r.ok())
        return r.error();
    const auto injection = m_store.clinical().injection(draft.injectionId);
    if (!injection)
        return Error::invalid(QStringLiteral("injection"), tr("Pick the dose the reaction followed."));
    const QDateTime now = m_clock.now();
    const QDateTime onset = draft.onsetAt.isValid() ? draft.onsetAt : now;

    QList<FieldError> errors;
    if (onset < injection->injectedAt) {
        errors << FieldError{QStringLiteral("onset_at"),
            tr("Onset time is before the injection (%1): correct the time.").arg(injection->injectedAt.toString(QStringLiteral("dd/MM HH:mm")))};
    }
    if (now.secsTo(onset) > 5 * 60)
        errors << FieldError{QStringLiteral("onset_at"), tr("Onset time is in the future: correct the time.")};
    if (draft.symptoms.isEmpty() && draft.description.trimmed().isEmpty())
        errors << FieldError{QStringLiteral("symptoms"), tr("Symptoms: tick at least one or describe what happened.")};
    if (draft.serious && draft.seriousCriteria.isEmpty()) {
        errors << FieldError{QStringLiteral("serious_criteria"),
            tr("Serious: say why (death, life-threatening, hospital admission, disability, congenital anomaly, or intervention needed).")};
    }
    if (!draft.serious && !draft.seriousCriteria.isEmpty())
        errors << FieldError{QStringLiteral("serious"), tr("A reason for seriousness is ticked: mark the event serious, or untick the reason.")};
    if (draft.outcome == AefiOutcome::Died && !draft.seriousCriteria.contains(SeriousCriterion::Death))
        errors << FieldError{QStringLiteral("outcome"), tr("Outcome is death: mark the event serious because of death.")};
    if (!errors.isEmpty())
        return Error::invalid(errors);

    AdverseEvent e;
    e.personId = injection->personId;
    e.injectionId = draft.injectionId;
    e.onsetAt = onset;
    e.symptoms = draft.symptoms;
    e.description = draft.description.trimmed();
    e.serious = draft.serious;
    e.seriousCriteria = draft.seriousCriteria;
    e.outcome = draft.outcome;
    e.treatment = draft.treatment.trimmed();
    return writeReturning<AdverseEvent>(m_store, session.userId(), [&](RecordWriter& w) { return w.add(Entity::AdverseEvent, e); });
}

} // namespace vax

#include "ScreeningService.h"

#include "app/clinical/Correction.h"
#include "app/common/Clock.h"
#include "app/store/PersonRepository.h"
#include "app/store/RecordWriter.h"
#include "app/store/SiteStore.h"

namespace vax {

ScreeningService::ScreeningService(SiteStore& store, const Clock& clock, const ScreeningForm& form)
    : m_store(store)
    , m_clock(clock)
    , m_form(form)
{
}

Result<Visit> ScreeningService::checkIn(const Session& session, const QString& personId)
{
    if (auto r = session.require(Permission::RegisterPerson, tr("check people in")); !r.ok())
        return r.error();
    const auto person = m_store.persons().byId(personId);
    if (!person)
        return Error(ErrorCode::NotFound, tr("There is no person with id %1: search again.").arg(personId));
    const QDateTime now = m_clock.now();
    return writeReturning<Visit>(m_store, session.userId(), [&](RecordWriter& w) -> Result<Visit> {
        if (auto open = m_store.clinical().openVisit(personId, now.date()))
            return *open;
        Visit v;
        v.personId = personId;
        v.arrivedAt = now;
        v.day = now.date();
        return w.add(Entity::Visit, v);
    });
}

Result<void> ScreeningService::cancelVisit(const Session& session, const QString& visitId, const QString& reason)
{
    const auto visit = m_store.clinical().visit(visitId);
    if (!visit)
        return Error(ErrorCode::NotFound, tr("There is no visit with id %1.").arg(visitId));
    if (reason.trimmed().size() < 3)
        return Error::invalid(QStringLiteral("reason"), tr("Reason is empty: say why the person leaves the queue."));
    return m_store.write(session.userId(), [&](RecordWriter& w) -> Result<void> {
        if (m_store.clinical().isVoided(visitId))
            return {};
        Correction c;
        c.entity = Entity::Visit;
        c.targetId = visitId;
        c.action = CorrectionAction::Void;
        c.reason = reason.trimmed();
        auto r = w.add(Entity::Correction, c);
        if (!r.ok())
            return r.error();
        return {};
    });
}

QList<QueueEntry> ScreeningService::queue()
{
    return m_store.clinical().queue(m_clock.today());
}

Result<ScreeningService::Recorded> ScreeningService::record(const Session& session, const QString& visitId,
    const ScreeningAnswers& answers, const QString& note, const QLocale& locale)
{
    if (auto r = session.require(Permission::ScreenPerson, tr("screen people")); !r.ok())
        return r.error();
    const auto visit = m_store.clinical().visit(visitId);
    if (!visit || m_store.clinical().isVoided(visitId))
        return Error(ErrorCode::NotFound, tr("This visit is no longer in the queue: check the person in again."));
    auto outcome = m_form.evaluate(answers, locale);
    if (!outcome.ok())
        return outcome.error();

    Screening s;
    s.personId = visit->personId;
    s.visitId = visitId;
    s.formCode = m_form.code();
    s.formVersion = m_form.version();
    s.answers = answers;
    s.conclusion = outcome->conclusion;
    s.screenedAt = m_clock.now();
    s.note = note.trimmed();
    auto stored = writeReturning<Screening>(m_store, session.userId(),
        [&](RecordWriter& w) { return w.add(Entity::Screening, s); });
    if (!stored.ok())
        return stored.error();
    return Recorded{stored.value(), outcome.value()};
}

} // namespace vax

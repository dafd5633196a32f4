#pragma once

#include "app/clinical/Screening.h"
#include "app/clinical/ScreeningForm.h"
#include "app/clinical/Visit.h"
#include "app/services/Session.h"
#include "app/store/ClinicalRepository.h"

#include <QCoreApplication>
#include <QLocale>

namespace vax {

class Clock;
class SiteStore;

// Check-in and the screening checklist: today's queue of visits, and the form's verdict on
// each person before they may be injected.
class ScreeningService
{
    Q_DECLARE_TR_FUNCTIONS(ScreeningService)

public:
    ScreeningService(SiteStore& store, const Clock& clock, const ScreeningForm& form);

    const ScreeningForm& form() const { return m_form; }

    // Puts the person in today's queue; if they are already waiting, returns that visit.
    Result<Visit> checkIn(const Session& session, const QString& personId);
    // The person leaves without a dose (deferred, changed their mind): off the queue, with why.
    Result<void> cancelVisit(const Session& session, const QString& visitId, const QString& reason);
    QList<QueueEntry> queue();

    struct Recorded {
        Screening screening;
        ScreeningOutcome outcome;
    };
    Result<Recorded> record(const Session& session, const QString& visitId, const ScreeningAnswers& answers,
        const QString& note = {}, const QLocale& locale = QLocale());

private:
    SiteStore& m_store;
    const Clock& m_clock;
    const ScreeningForm& m_form;
};

} // namespace vax

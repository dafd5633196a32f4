#pragma once

#include "app/clinical/AdverseEvent.h"
#include "app/clinical/Observation.h"
#include "app/services/Session.h"
#include "app/store/ClinicalRepository.h"

#include <QCoreApplication>

namespace vax {

class Clock;
class SiteStore;

// One row of the observation board.
struct ObservationItem {
    ObservationEntry entry;
    QDateTime dueAt;          // injection time + the observation period
    qint64 secondsLeft = 0;   // negative once overdue
    bool overdue() const { return secondsLeft < 0; }
};

struct AdverseEventDraft {
    QString injectionId;
    QDateTime onsetAt;        // invalid = now
    QStringList symptoms;
    QString description;
    bool serious = false;
    QList<SeriousCriterion> seriousCriteria;
    AefiOutcome outcome = AefiOutcome::Recovering;
    QString treatment;
};

// The observation board: everyone injected in the last day and not yet released, with their
// countdown; release; and reports of adverse events.
class ObservationService
{
    Q_DECLARE_TR_FUNCTIONS(ObservationService)

public:
    static constexpr int kDefaultMinutes = 30;

    ObservationService(SiteStore& store, const Clock& clock, int minutes = kDefaultMinutes);

    int minutes() const { return m_minutes; }
    QList<ObservationItem> board();
    // Released before the time is up only as LeftEarly (with a note saying so).
    Result<Observation> release(const Session& session, const QString& injectionId,
        ObservationOutcome outcome = ObservationOutcome::Released, const QString& note = {});
    Result<AdverseEvent> reportAdverseEvent(const Session& session, const AdverseEventDraft& draft);

private:
    SiteStore& m_store;
    const Clock& m_clock;
    int m_minutes;
};

} // namespace vax

#pragma once

#include "app/clinical/AdverseEvent.h"
#include "app/clinical/Correction.h"
#include "app/clinical/Injection.h"
#include "app/clinical/Observation.h"
#include "app/clinical/Screening.h"
#include "app/clinical/Visit.h"
#include "app/people/Person.h"

#include <QDate>
#include <QList>

#include <optional>

namespace vax {

// An injection with what a person reading the history needs next to it.
struct InjectionView {
    Injection injection;
    QString productCode;
    QString productName;
    QString lotNumber;
    QString nurseName;
    bool voided = false;
    QString voidReason;
};

// What the dose number and schedule checks need of an earlier dose (not voided).
struct DoseSummary {
    QDateTime injectedAt;
    QString productId;
    QString productName;
    int doseNumber = 0;
};

// A visit of the day with where the person is in the flow.
struct QueueEntry {
    Visit visit;
    Person person;
    std::optional<Screening> screening;  // the latest one that is not voided
    std::optional<Injection> injection;  // given during this visit, not voided
    bool cancelled = false;              // the visit was voided (left without a dose)
};

// A person on the observation board: injected, not yet released.
struct ObservationEntry {
    Injection injection;
    QString personName;
    QDate birthDate;
    QString productName;
    QString lotNumber;
    int adverseEvents = 0;
    bool seriousEvent = false;
};

class ClinicalRepository
{
public:
    virtual ~ClinicalRepository() = default;

    virtual std::optional<Visit> visit(const QString& id) = 0;
    virtual std::optional<Visit> openVisit(const QString& personId, const QDate& day) = 0;
    virtual QList<QueueEntry> queue(const QDate& day) = 0;
    virtual std::optional<Screening> screening(const QString& id) = 0;
    virtual std::optional<Screening> latestScreening(const QString& visitId) = 0;
    virtual std::optional<Injection> injection(const QString& id) = 0;
    // The dose given during this visit, if any (not voided).
    virtual std::optional<Injection> injectionOfVisit(const QString& visitId) = 0;
    // Every injection of the person, oldest first, voided ones included and marked.
    virtual QList<InjectionView> injectionsOf(const QString& personId) = 0;
    // The person's doses that count (voided ones left out), oldest first.
    virtual QList<DoseSummary> dosesOf(const QString& personId) = 0;
    virtual QList<Screening> screeningsOf(const QString& personId) = 0;
    virtual QList<ObservationEntry> underObservation(const QDateTime& since) = 0;
    virtual std::optional<Observation> observationOf(const QString& injectionId) = 0;
    virtual QList<AdverseEvent> adverseEventsOf(const QString& personId) = 0;
    virtual QList<Correction> correctionsOf(const QString& targetId) = 0;
    virtual bool isVoided(const QString& targetId) = 0;
};

} // namespace vax

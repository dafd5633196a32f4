#pragma once

#include "app/store/ClinicalRepository.h"

namespace vax::db {

class Connection;

class ClinicalTables final : public ClinicalRepository
{
public:
    explicit ClinicalTables(Connection& connection);

    std::optional<Visit> visit(const QString& id) override;
    std::optional<Visit> openVisit(const QString& personId, const QDate& day) override;
    QList<QueueEntry> queue(const QDate& day) override;
    std::optional<Screening> screening(const QString& id) override;
    std::optional<Screening> latestScreening(const QString& visitId) override;
    std::optional<Injection> injection(const QString& id) override;
    std::optional<Injection> injectionOfVisit(const QString& visitId) override;
    QList<InjectionView> injectionsOf(const QString& personId) override;
    QList<DoseSummary> dosesOf(const QString& personId) override;
    QList<Screening> screeningsOf(const QString& personId) override;
    QList<ObservationEntry> underObservation(const QDateTime& since) override;
    std::optional<Observation> observationOf(const QString& injectionId) override;
    QList<AdverseEvent> adverseEventsOf(const QString& personId) override;
    QList<Correction> correctionsOf(const QString& targetId) override;
    bool isVoided(const QString& targetId) override;

private:
    // An event as it stands after its amendments (later corrections win, in HLC order).
    QJsonObject amended(QJsonObject record);

    Connection& m_connection;
};

} // namespace vax::db

#pragma once

#include "app/common/Result.h"
#include "app/services/Session.h"

#include <QCoreApplication>

#include <functional>
#include <utility>

namespace vax {

class AdminUnits;
class Clock;
class ScreeningForm;
class SiteStore;
class VaccineCatalogue;

struct DemoOptions {
    int persons = 2000;
    quint32 seed = 2021;
    bool history = true;      // earlier doses from 2021–2022 for most people
    bool today = true;        // a morning already under way: queue, screenings, people on the board
    int passwordIterations = 600000;
};

struct DemoSummary {
    int users = 0;
    int persons = 0;
    int lots = 0;
    int historicDoses = 0;
    int visitsToday = 0;
};

// One documented user per role, so a newcomer can log in (README lists them).
struct DemoUser {
    const char* username;
    const char* password;
    const char* fullName;
    const char* role;
};
extern const DemoUser kDemoUsers[4];

// Fills a site database so a newcomer can try every screen: users, a catalogue, stock on
// hand, realistic people with earlier doses, and a morning in progress. Everything goes
// through the same services a nurse uses.
class DemoSite
{
    Q_DECLARE_TR_FUNCTIONS(DemoSite)

public:
    DemoSite(SiteStore& store, const Clock& clock, const AdminUnits& units, const VaccineCatalogue& catalogue,
        const ScreeningForm& form);

    Result<DemoSummary> populate(const DemoOptions& options, const std::function<void(const QString&)>& progress = {});

private:
    Result<void> endHistoricLots(const Session& manager, const QList<std::pair<QString, QString>>& historic);

    SiteStore& m_store;
    const Clock& m_clock;
    const AdminUnits& m_units;
    const VaccineCatalogue& m_catalogue;
    const ScreeningForm& m_form;
};

} // namespace vax

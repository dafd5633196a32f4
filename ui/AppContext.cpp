#include "AppContext.h"

#include "app/services/AuthService.h"
#include "app/services/InjectionService.h"
#include "app/services/ObservationService.h"
#include "app/services/RegistrationService.h"
#include "app/services/ReviewService.h"
#include "app/services/ScreeningService.h"
#include "app/services/StockLedgerService.h"
#include "app/services/StockService.h"
#include "app/services/VialService.h"
#include "sync/SyncController.h"

namespace vax {

AppContext::AppContext(SiteStore& store, const Clock& clock, const AdminUnits& units, const ScreeningForm& form, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
    , m_units(units)
    , m_form(form)
    , m_auth(std::make_unique<AuthService>(store))
    , m_registration(std::make_unique<RegistrationService>(store, clock, units))
    , m_screening(std::make_unique<ScreeningService>(store, clock, form))
    , m_injections(std::make_unique<InjectionService>(store, clock))
    , m_observation(std::make_unique<ObservationService>(store, clock))
    , m_stock(std::make_unique<StockService>(store, clock))
    , m_stockLedger(std::make_unique<StockLedgerService>(store, clock))
    , m_vials(std::make_unique<VialService>(store, clock))
    , m_review(std::make_unique<ReviewService>(store, clock))
{
}

AppContext::~AppContext() = default;

void AppContext::setSession(const Session& session)
{
    m_session = session;
    emit sessionChanged();
}

void AppContext::setSyncController(sync::SyncController* sync)
{
    m_sync = sync;
    // What sync brought in (a pull, an imported bundle) shows on every screen at once.
    connect(sync, &sync::SyncController::pulled, this, &AppContext::notifyDataChanged);
}

void AppContext::notifyDataChanged()
{
    emit dataChanged();
}

} // namespace vax

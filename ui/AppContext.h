#pragma once

#include "app/services/Session.h"

#include <QObject>

#include <memory>
#include <optional>

namespace vax {

class AdminUnits;
class AuthService;
class Clock;
class InjectionService;
class ObservationService;
class RegistrationService;
class ReviewService;
class ScreeningForm;
class ScreeningService;
class SiteStore;
class StockLedgerService;
class StockService;
class VaccineCatalogue;
class VialService;
namespace sync {
class SyncController;
}

// What every screen of the app shares: the site's services, the logged-in user, and a signal
// when anything was written so every screen shows the same truth. Widgets reach data only
// through the services here (no SQL, no network in ui/).
class AppContext final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppContext)

public:
    AppContext(SiteStore& store, const Clock& clock, const AdminUnits& units, const ScreeningForm& form,
        QObject* parent = nullptr);
    ~AppContext() override;

    SiteStore& store() { return m_store; }
    const Clock& clock() const { return m_clock; }
    const AdminUnits& units() const { return m_units; }
    const ScreeningForm& screeningForm() const { return m_form; }

    bool loggedIn() const { return m_session.has_value(); }
    const Session& session() const { return *m_session; }
    void setSession(const Session& session);

    AuthService& auth() { return *m_auth; }
    RegistrationService& registration() { return *m_registration; }
    ScreeningService& screening() { return *m_screening; }
    InjectionService& injections() { return *m_injections; }
    ObservationService& observation() { return *m_observation; }
    StockService& stock() { return *m_stock; }
    StockLedgerService& stockLedger() { return *m_stockLedger; }
    VialService& vials() { return *m_vials; }
    ReviewService& review() { return *m_review; }

    // Background sync, when the app runs it (null in tests of single screens).
    sync::SyncController* syncController() const { return m_sync; }
    void setSyncController(sync::SyncController* sync);

    // Call after every successful write: screens refresh their lists.
    void notifyDataChanged();

signals:
    void dataChanged();
    void sessionChanged();

private:
    SiteStore& m_store;
    const Clock& m_clock;
    const AdminUnits& m_units;
    const ScreeningForm& m_form;
    std::optional<Session> m_session;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<RegistrationService> m_registration;
    std::unique_ptr<ScreeningService> m_screening;
    std::unique_ptr<InjectionService> m_injections;
    std::unique_ptr<ObservationService> m_observation;
    std::unique_ptr<StockService> m_stock;
    std::unique_ptr<StockLedgerService> m_stockLedger;
    std::unique_ptr<VialService> m_vials;
    std::unique_ptr<ReviewService> m_review;
    sync::SyncController* m_sync = nullptr;
};

} // namespace vax

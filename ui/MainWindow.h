#pragma once

#include "sync/SyncStatus.h"

#include <QMainWindow>
#include <QSet>

#include <optional>

class QLabel;
class QTabWidget;

namespace vax {

class AppContext;
class HistoryPage;
class InjectionPage;
class ObservationPage;
class RegistrationPage;
class ScreeningPage;
class StockPage;
class SyncPage;

// The station: registration desk, screening, injection, observation board, person history,
// sync and stock as tabs (F2–F8), the site, the user and the link to central always in view, and
// every step handing the person on to the next. Runs from the keyboard alone.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(AppContext& context, QWidget* parent = nullptr);
    ~MainWindow() override;

    RegistrationPage* registrationPage() const { return m_registration; }
    ScreeningPage* screeningPage() const { return m_screening; }
    InjectionPage* injectionPage() const { return m_injection; }
    ObservationPage* observationPage() const { return m_observation; }
    HistoryPage* historyPage() const { return m_history; }
    SyncPage* syncPage() const { return m_sync; }
    StockPage* stockPage() const { return m_stock; }

private:
    void buildHeader();
    void buildMenus();
    void connectPages();
    void refreshHeader();
    // The Stock tab says "(!)" while a lot of this device's holders is below zero (the tooltip
    // names them); one newly below zero is also said in the status bar.
    void refreshStockBadge();
    void showSyncStatus(const sync::SyncStatus& status);
    void switchUser();
    void showShortcuts();

    AppContext& m_context;
    QTabWidget* m_tabs = nullptr;
    RegistrationPage* m_registration = nullptr;
    ScreeningPage* m_screening = nullptr;
    InjectionPage* m_injection = nullptr;
    ObservationPage* m_observation = nullptr;
    HistoryPage* m_history = nullptr;
    SyncPage* m_sync = nullptr;
    StockPage* m_stock = nullptr;
    QLabel* m_siteLabel = nullptr;
    QLabel* m_userLabel = nullptr;
    QLabel* m_syncLabel = nullptr;
    QLabel* m_clockLabel = nullptr;
    std::optional<QSet<QString>> m_belowZero;  // holder/lot keys at the last look; none before the first
};

} // namespace vax

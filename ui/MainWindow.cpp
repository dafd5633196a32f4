#include "MainWindow.h"

#include "app/common/Clock.h"
#include "app/store/OwnStock.h"
#include "app/store/SiteStore.h"
#include "sync/SyncController.h"
#include "ui/AppContext.h"
#include "ui/common/MessageBox.h"
#include "ui/common/Ticker.h"
#include "ui/history/HistoryPage.h"
#include "ui/injection/InjectionPage.h"
#include "ui/login/LoginDialog.h"
#include "ui/observation/ObservationPage.h"
#include "ui/registration/RegistrationPage.h"
#include "ui/screening/ScreeningPage.h"
#include "ui/stock/StockPage.h"
#include "ui/sync/SyncPage.h"
#include "ui/sync/SyncStatusText.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace vax {

MainWindow::MainWindow(AppContext& context, QWidget* parent)
    : QMainWindow(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("VaxStation — %1").arg(context.store().identity().siteName));
    resize(1280, 800);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    setCentralWidget(central);
    buildHeader();
    layout->addWidget(m_siteLabel->parentWidget());

    m_tabs = new QTabWidget(central);
    m_tabs->setObjectName(QStringLiteral("mainTabWidget"));
    m_tabs->setDocumentMode(true);
    m_registration = new RegistrationPage(context, m_tabs);
    m_screening = new ScreeningPage(context, m_tabs);
    m_injection = new InjectionPage(context, m_tabs);
    m_observation = new ObservationPage(context, m_tabs);
    m_history = new HistoryPage(context, m_tabs);
    m_sync = new SyncPage(context, m_tabs);
    m_stock = new StockPage(context, m_tabs);
    m_tabs->addTab(m_registration, tr("Registration  F2"));
    m_tabs->addTab(m_screening, tr("Screening  F3"));
    m_tabs->addTab(m_injection, tr("Injection  F4"));
    m_tabs->addTab(m_observation, tr("Observation  F5"));
    m_tabs->addTab(m_history, tr("Person history  F6"));
    m_tabs->addTab(m_sync, tr("Sync  F7"));
    m_tabs->addTab(m_stock, tr("Stock  F8"));
    layout->addWidget(m_tabs, 1);

    buildMenus();
    connectPages();
    statusBar()->setObjectName(QStringLiteral("mainStatusBar"));

    connect(&context, &AppContext::dataChanged, this, &MainWindow::refreshHeader);
    connect(&context, &AppContext::sessionChanged, this, &MainWindow::refreshHeader);
    // Every local write and every sync that brought changes (AppContext turns a pull or an
    // imported bundle into dataChanged) may move a balance below zero.
    connect(&context, &AppContext::dataChanged, this, &MainWindow::refreshStockBadge);
    if (sync::SyncController* sync = context.syncController())
        connect(sync, &sync::SyncController::statusChanged, this, &MainWindow::showSyncStatus);
    startTicker(this, 1000, [this] {
        m_clockLabel->setText(m_context.clock().now().toString(QStringLiteral("HH:mm:ss  dd/MM/yyyy")));
        if (const sync::SyncController* sync = m_context.syncController())
            showSyncStatus(sync->status());  // "synced 3 min ago" keeps counting
    });
    refreshHeader();
    refreshStockBadge();
    m_registration->focusSearch();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildHeader()
{
    auto* header = new QWidget(centralWidget());
    header->setObjectName(QStringLiteral("headerWidget"));
    header->setAutoFillBackground(true);
    header->setStyleSheet(QStringLiteral("#headerWidget { background: #0d47a1; } #headerWidget QLabel { color: white; }"));
    auto* row = new QHBoxLayout(header);
    row->setContentsMargins(12, 6, 12, 6);
    m_siteLabel = new QLabel(header);
    m_siteLabel->setObjectName(QStringLiteral("siteLabel"));
    m_siteLabel->setStyleSheet(QStringLiteral("font-weight: bold; font-size: 12pt;"));
    m_userLabel = new QLabel(header);
    m_userLabel->setObjectName(QStringLiteral("userLabel"));
    m_syncLabel = new QLabel(header);
    m_syncLabel->setObjectName(QStringLiteral("syncLabel"));
    m_clockLabel = new QLabel(header);
    m_clockLabel->setObjectName(QStringLiteral("clockLabel"));
    m_clockLabel->setStyleSheet(QStringLiteral("font-family: monospace;"));
    row->addWidget(m_siteLabel);
    row->addStretch(1);
    row->addWidget(m_syncLabel);
    row->addSpacing(24);
    row->addWidget(m_userLabel);
    row->addSpacing(24);
    row->addWidget(m_clockLabel);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Switch user…"), QKeySequence(Qt::CTRL | Qt::Key_L), this, &MainWindow::switchUser);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    const QList<std::pair<QString, int>> pages{
        {tr("&Registration"), Qt::Key_F2}, {tr("S&creening"), Qt::Key_F3}, {tr("&Injection"), Qt::Key_F4},
        {tr("&Observation board"), Qt::Key_F5}, {tr("Person &history"), Qt::Key_F6}, {tr("S&ync with central"), Qt::Key_F7},
        {tr("S&tock"), Qt::Key_F8}};
    for (int i = 0; i < pages.size(); ++i) {
        go->addAction(pages[i].first, QKeySequence(pages[i].second), this, [this, i] {
            m_tabs->setCurrentIndex(i);
            if (i == 0)
                m_registration->focusSearch();
        });
    }
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), QKeySequence::HelpContents, this, &MainWindow::showShortcuts);
}

void MainWindow::connectPages()
{
    connect(m_registration, &RegistrationPage::checkedIn, this, [this](const QString& visitId) {
        m_tabs->setCurrentWidget(m_screening);
        m_screening->selectVisit(visitId);
    });
    connect(m_registration, &RegistrationPage::historyRequested, this, [this](const QString& personId) {
        m_tabs->setCurrentWidget(m_history);
        m_history->showPerson(personId);
    });
    connect(m_screening, &ScreeningPage::screened, this, [this](const QString& visitId, bool mayInject) {
        if (!mayInject)
            return;
        m_tabs->setCurrentWidget(m_injection);
        m_injection->selectVisit(visitId);
    });
    connect(m_injection, &InjectionPage::doseRecorded, this, [this](const QString& injectionId) {
        m_tabs->setCurrentWidget(m_observation);
        m_observation->selectInjection(injectionId);
        statusBar()->showMessage(tr("Dose recorded. The person is on the observation board."), 8000);
    });
}

void MainWindow::refreshHeader()
{
    const SiteIdentity& id = m_context.store().identity();
    m_siteLabel->setText(QStringLiteral("%1 · %2").arg(id.siteName, id.siteCode));
    if (m_context.loggedIn()) {
        const User& u = m_context.session().user;
        m_userLabel->setText(tr("%1 (%2)").arg(u.fullName, roleTitle(u.role)));
    }
    sync::SyncStatus status;
    if (const sync::SyncController* sync = m_context.syncController())
        status = sync->status();
    else
        status.waiting = m_context.store().pendingChanges();
    showSyncStatus(status);
}

void MainWindow::refreshStockBadge()
{
    const QList<HolderBalance> below = OwnStock(m_context.store()).belowZero();
    QSet<QString> now;
    QStringList lines;
    QStringList fresh;
    for (const HolderBalance& b : below) {
        const QString key = b.holderId + QLatin1Char('/') + b.balance.lot.stamp.id;
        now.insert(key);
        lines << OwnStock::belowZeroText(b);
        if (m_belowZero && !m_belowZero->contains(key))
            fresh << lines.last();
    }
    const int tab = m_tabs->indexOf(m_stock);
    m_tabs->setTabText(tab, below.isEmpty() ? tr("Stock  F8") : tr("Stock (!)  F8"));
    m_tabs->setTabIcon(tab, below.isEmpty() ? QIcon() : style()->standardIcon(QStyle::SP_MessageBoxWarning));
    m_tabs->setTabToolTip(tab, lines.join(QLatin1Char('\n')));
    m_tabs->tabBar()->setTabTextColor(tab, below.isEmpty() ? QColor() : QColor(0xc6, 0x28, 0x28));
    // Newly below zero since the last look (a sync merged another laptop's offline work): say
    // so without stopping anyone; the badge stays until the lot is counted.
    if (!fresh.isEmpty()) {
        statusBar()->showMessage(
            tr("After merging work done offline: %1 See Stock (F8).").arg(fresh.join(QLatin1Char(' '))));
    }
    m_belowZero = now;
}

void MainWindow::showSyncStatus(const sync::SyncStatus& status)
{
    const QDateTime now = m_context.clock().now();
    m_syncLabel->setText(SyncStatusText::headline(status, now));
    m_syncLabel->setToolTip(SyncStatusText::details(status, now));
    m_syncLabel->setStyleSheet(QStringLiteral("color: %1;").arg(SyncStatusText::colour(status).name()));
}

void MainWindow::switchUser()
{
    LoginDialog login(m_context, this);
    if (login.exec() == QDialog::Accepted)
        statusBar()->showMessage(tr("Logged in as %1.").arg(m_context.session().user.fullName), 5000);
}

void MainWindow::showShortcuts()
{
    MessageBox::information(this, tr("Keyboard shortcuts"),
        tr("F2 Registration · F3 Screening · F4 Injection · F5 Observation · F6 Person history\n"
           "Ctrl+F search · Ctrl+N new person · Enter open · Ctrl+Enter check in / save / record\n"
           "L / R the arm · Ctrl+Shift+X close the session (injection and stock)\n"
           "Ctrl+R release from observation · Ctrl+E report a reaction\n"
           "F7 Sync · F9 sync now · Ctrl+Shift+E / Ctrl+Shift+I export / import a bundle\n"
           "F8 Stock · Ctrl+R receive · Ctrl+T send to a team · Ctrl+Shift+C confirm a shipment · Ctrl+D discard\n"
           "Ctrl+K count · Ctrl+H quarantine / release · Ctrl+Shift+X close the session · Ctrl+E export the ledger\n"
           "Alt+1…5 the stock lists\n"
           "Ctrl+L switch user · Ctrl+Q quit\n\n"
           "A scanner in keyboard mode works in the search box: scan the chip-ID card's QR;\n"
           "and in the Receive dialog's Scan field: scan the GS1 code on the vaccine pack."));
}

} // namespace vax

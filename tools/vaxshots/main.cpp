// vaxshots: drives the real app on a demo site and saves a PNG of each screen, so the
// screenshots in docs/ show what a newcomer sees. Run under xvfb-run (scripts/screenshots.sh).
//   vaxshots --db DEMO.vaxdb --out DIR [--sync-db LAPTOP.vaxdb] [--refused-db LAPTOP.vaxdb]
// With --sync-db (an enrolled laptop whose central is running, as scripts/sync-demo.sh leaves
// it) it also shows that laptop's sync screen after a sync.
#include "app/clinical/ScreeningForm.h"
#include "app/common/Clock.h"
#include "app/people/AdminUnits.h"
#include "app/services/RegistrationService.h"
#include "app/services/ScreeningService.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/SiteStore.h"
#include "app/services/AuthService.h"
#include "app/services/VialService.h"
#include "db/SqliteSiteStore.h"
#include "sync/SyncController.h"
#include "ui/AppContext.h"
#include "ui/MainWindow.h"
#include "ui/common/MessageBox.h"
#include "ui/history/HistoryPage.h"
#include "ui/injection/InjectionPage.h"
#include "ui/login/LoginDialog.h"
#include "ui/observation/ObservationPage.h"
#include "ui/registration/RegistrationPage.h"
#include "ui/screening/ScreeningPage.h"
#include "ui/stock/StockPage.h"
#include "ui/sync/SyncPage.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <functional>

using namespace vax;

namespace {

// The system's time, moved on by hand: the injection station late in an open vial's life.
class ShiftedClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTime().addSecs(m_shift); }
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch() + m_shift * 1000; }
    void moveTo(const QDateTime& at) { m_shift = QDateTime::currentDateTime().secsTo(at); }

private:
    qint64 m_shift = 0;
};

void settle(int ms = 400)
{
    QTest::qWait(ms);
}

bool save(QWidget* w, const QDir& out, const QString& name)
{
    settle();
    const bool ok = w->grab().save(out.filePath(name + QStringLiteral(".png")));
    QTextStream(stdout) << (ok ? "saved " : "FAILED ") << name << Qt::endl;
    return ok;
}

void keys(QWidget* target, const QString& text)
{
    QTest::keyClicks(target, text);
}

// A laptop of the sync demo, logged in as its site manager, its sync screen shown once its
// first sync has ended the way `link` says; then `shoot` takes the pictures.
bool onLaptop(const QString& path, const ScreeningForm& form, sync::SyncStatus::Link link,
    const std::function<bool(MainWindow&)>& shoot)
{
    SystemClock clock;
    auto store = db::SqliteSiteStore::open(path, clock);
    if (!store.ok())
        return false;
    AppContext ctx(*store.value(), clock, AdminUnits::builtin(), form);
    sync::SyncController sync(
        [path, &clock]() -> Result<std::unique_ptr<SiteStore>> {
            auto own = db::SqliteSiteStore::open(path, clock);
            if (!own.ok())
                return own.error();
            return std::unique_ptr<SiteStore>(std::move(own).value());
        },
        path, clock);
    ctx.setSyncController(&sync);
    auto manager = ctx.auth().login(QStringLiteral("manager"), QStringLiteral("demo-manager"));
    if (!manager.ok())
        return false;
    ctx.setSession(manager.value());
    MainWindow window(ctx);
    window.resize(1280, 800);
    window.show();
    (void)QTest::qWaitForWindowActive(&window);
    window.findChild<QTabWidget*>(QStringLiteral("mainTabWidget"))->setCurrentWidget(window.syncPage());
    if (!QTest::qWaitFor([&] { return sync.status().link == link && !sync.status().running; }, 20000))
        QTextStream(stderr) << "the laptop's sync did not end as expected: its sync screen shows something else" << Qt::endl;
    return shoot(window);
}

// An enrolled laptop as the site manager sees it after a sync: online, and each sync's
// sent, received and refused (its history); then its shipments.
bool syncScreen(const QString& path, const ScreeningForm& form, const QDir& out)
{
    return onLaptop(path, form, sync::SyncStatus::Link::Online, [&out](MainWindow& window) {
        if (auto* lists = window.findChild<QTabWidget*>(QStringLiteral("syncListsTabWidget")))
            lists->setCurrentIndex(0);
        bool ok = save(&window, out, QStringLiteral("08-sync"));
        // The same laptop's shipments: the city store's, confirmed with a broken vial, and the team's.
        window.findChild<QTabWidget*>(QStringLiteral("mainTabWidget"))->setCurrentWidget(window.stockPage());
        window.findChild<QTabWidget*>(QStringLiteral("stockTabWidget"))->setCurrentIndex(1);
        return save(&window, out, QStringLiteral("13-stock-shipments")) && ok;
    });
}

// A laptop central refuses (the district revoked it): its sync screen says why and offers to
// enrol it again; the dialog comes with central's address filled in, waiting for the code.
bool refusedScreen(const QString& path, const ScreeningForm& form, const QDir& out)
{
    return onLaptop(path, form, sync::SyncStatus::Link::Refused, [&out](MainWindow& window) {
        bool ok = save(&window, out, QStringLiteral("14-sync-refused"));
        auto* enrol = window.findChild<QPushButton*>(QStringLiteral("enrolPushButton"));
        if (!enrol || !enrol->isVisible())
            return false;
        enrol->click();
        QWidget* dialog = nullptr;
        if (!QTest::qWaitFor([&] { return (dialog = QApplication::activeModalWidget()) != nullptr; }, 5000))
            return false;
        ok = save(dialog, out, QStringLiteral("15-enrol-again")) && ok;
        dialog->close();
        return ok;
    });
}

// The site manager's stock screen: what is on hand lot by lot, then usage and wastage.
bool stockScreens(MainWindow& window, AppContext& ctx, const QDir& out)
{
    auto manager = ctx.auth().login(QStringLiteral("manager"), QStringLiteral("demo-manager"));
    if (!manager.ok())
        return false;
    ctx.setSession(manager.value());
    window.findChild<QTabWidget*>(QStringLiteral("mainTabWidget"))->setCurrentWidget(window.stockPage());
    auto* lists = window.findChild<QTabWidget*>(QStringLiteral("stockTabWidget"));
    bool ok = save(&window, out, QStringLiteral("09-stock"));
    lists->setCurrentIndex(3);
    ok = save(&window, out, QStringLiteral("10-stock-wastage")) && ok;
    lists->setCurrentIndex(4);
    return save(&window, out, QStringLiteral("11-stock-chart")) && ok;
}

// The injection station 25 minutes before the morning's open vial must go: the countdown in
// amber and the banner. Last of the station's screens: the clock moves on for good.
bool vialWarning(MainWindow& window, AppContext& ctx, ShiftedClock& clock, const QDir& out)
{
    const QList<OpenVial> open = ctx.vials().openVials();
    if (open.isEmpty()) {
        QTextStream(stderr) << "no vial is open: the demo's morning doses should have opened one" << Qt::endl;
        return false;
    }
    clock.moveTo(open.first().vial.discardAt.addSecs(-25 * 60));
    window.findChild<QTabWidget*>(QStringLiteral("mainTabWidget"))->setCurrentWidget(window.injectionPage());
    window.injectionPage()->tick();
    for (const QueueEntry& e : ctx.screening().queue()) {
        if (e.screening && !e.injection && !e.cancelled) {
            window.injectionPage()->selectVisit(e.visit.stamp.id);
            break;
        }
    }
    settle(1100);  // the header's clock ticks to the moved time too
    return save(&window, out, QStringLiteral("12-injection-vial-warning"));
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("VaxStation"));
    QCommandLineParser p;
    p.addOption({QStringLiteral("db"), QStringLiteral("Demo site database."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("out"), QStringLiteral("Folder for the PNGs."), QStringLiteral("DIR")});
    p.addOption({QStringLiteral("sync-db"), QStringLiteral("An enrolled laptop's database, for the sync screen."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("refused-db"), QStringLiteral("A laptop central refuses, for the screen that enrols it again."), QStringLiteral("FILE")});
    p.process(app);
    QDir out(p.value(QStringLiteral("out")));
    out.mkpath(QStringLiteral("."));
    ShiftedClock clock;
    auto store = db::SqliteSiteStore::open(p.value(QStringLiteral("db")), clock);
    if (!store.ok()) {
        QTextStream(stderr) << store.error().message() << Qt::endl;
        return 1;
    }
    const ScreeningForm form = ScreeningForm::builtin().value();
    AppContext ctx(*store.value(), clock, AdminUnits::builtin(), form);

    LoginDialog login(ctx);
    login.show();
    (void)QTest::qWaitForWindowActive(&login);
    login.findChild<QLineEdit*>(QStringLiteral("usernameLineEdit"))->setText(QStringLiteral("nurse"));
    login.findChild<QLineEdit*>(QStringLiteral("passwordLineEdit"))->setText(QStringLiteral("demo-nurse"));
    save(&login, out, QStringLiteral("01-login"));
    login.accept();
    if (!ctx.loggedIn())
        return 1;

    MainWindow window(ctx);
    window.resize(1280, 800);
    window.show();
    (void)QTest::qWaitForWindowActive(&window);
    auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("mainTabWidget"));

    // The desk: a name typed without diacritics.
    auto* search = window.findChild<QLineEdit*>(QStringLiteral("searchLineEdit"));
    search->setFocus();
    keys(search, QStringLiteral("nguyen van"));
    settle(800);
    save(&window, out, QStringLiteral("02-registration-search"));

    // A new person with a typo in the CCCD: the form says what is wrong, under the field.
    // Without a window manager Xvfb never activates the window, so shortcuts would not fire:
    // press the buttons the shortcuts press (the offscreen tests cover the keys).
    window.findChild<QPushButton*>(QStringLiteral("newPersonButton"))->click();
    settle();
    window.findChild<QLineEdit*>(QStringLiteral("fullNameLineEdit"))->setText(QStringLiteral("phạm thị hồng nhung"));
    window.findChild<QLineEdit*>(QStringLiteral("birthDateLineEdit"))->setText(QStringLiteral("17/08/1996"));
    window.findChild<QLineEdit*>(QStringLiteral("cccdLineEdit"))->setText(QStringLiteral("07919600512"));
    window.findChild<QLineEdit*>(QStringLiteral("phoneLineEdit"))->setText(QStringLiteral("0112 345 678"));
    window.findChild<QPushButton*>(QStringLiteral("savePersonButton"))->click();
    save(&window, out, QStringLiteral("03-registration-errors"));
    MessageBox::setNextAnswer(QMessageBox::Yes);  // discard the typo'd form
    window.findChild<QPushButton*>(QStringLiteral("cancelPersonButton"))->click();
    settle();

    // Screening: the first person waiting, the checklist answered "all No" with vitals.
    tabs->setCurrentWidget(window.screeningPage());
    settle();
    const QList<QueueEntry> queue = ctx.screening().queue();
    for (const QueueEntry& e : queue) {
        if (!e.screening && !e.cancelled) {
            window.screeningPage()->selectVisit(e.visit.stamp.id);
            break;
        }
    }
    settle();
    window.findChild<QPushButton*>(QStringLiteral("setAllNoButton"))->click();
    if (auto* temperature = window.findChild<QLineEdit*>(QStringLiteral("temperatureLineEdit")))
        temperature->setText(QStringLiteral("36.8"));
    save(&window, out, QStringLiteral("04-screening"));

    // Injection: someone screened eligible, the morning's open vial first with its countdown,
    // then the lots first-expiry-first-out.
    tabs->setCurrentWidget(window.injectionPage());
    settle();
    for (const QueueEntry& e : ctx.screening().queue()) {
        if (e.screening && !e.injection && !e.cancelled) {
            window.injectionPage()->selectVisit(e.visit.stamp.id);
            break;
        }
    }
    save(&window, out, QStringLiteral("05-injection"));

    // The observation board: countdowns, the overdue in red.
    tabs->setCurrentWidget(window.observationPage());
    save(&window, out, QStringLiteral("06-observation"));

    // A person's history with earlier doses.
    RegistrationService registration(ctx.store(), clock, ctx.units());
    for (const Person& person : registration.search(QStringLiteral("nguyen"), 200).people) {
        if (ctx.store().clinical().injectionsOf(person.stamp.id).size() >= 2) {
            tabs->setCurrentWidget(window.historyPage());
            window.historyPage()->showPerson(person.stamp.id);
            break;
        }
    }
    save(&window, out, QStringLiteral("07-history"));
    if (!stockScreens(window, ctx, out) || !vialWarning(window, ctx, clock, out))
        return 1;
    if (p.isSet(QStringLiteral("sync-db")) && !syncScreen(p.value(QStringLiteral("sync-db")), form, out))
        return 1;
    if (p.isSet(QStringLiteral("refused-db")) && !refusedScreen(p.value(QStringLiteral("refused-db")), form, out))
        return 1;
    return 0;
}

// The sync screen as a site manager uses it, on the real main window with the real background
// sync (its own thread and connection) against the real vaxcentral: enrol with a code (a wrong
// one is refused under its field), see the link to central in the header, work that goes out
// by itself, a mobile team's bundle imported from a USB stick, a value two laptops changed put
// back from the review list, central going away and coming back, and a laptop central refuses
// enrolled again from the page.
#include "app/clinical/ScreeningForm.h"
#include "app/people/AdminUnits.h"
#include "app/services/RegistrationService.h"
#include "app/store/PersonRepository.h"
#include "app/store/UserRepository.h"
#include "sync/BundleTransfer.h"
#include "sync/CredentialStore.h"
#include "sync/SyncController.h"
#include "tests/support/Must.h"
#include "tests/support/PersonDrafts.h"
#include "tests/support/Pages.h"
#include "tests/support/SyncRig.h"
#include "ui/AppContext.h"
#include "ui/MainWindow.h"
#include "ui/common/FileDialog.h"
#include "ui/common/MessageBox.h"
#include "ui/registration/RegistrationPage.h"
#include "ui/sync/EnrolDialog.h"
#include "ui/sync/SyncPage.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace vax;
using namespace vax::test;
using namespace std::chrono_literals;

namespace {

const QString kSite = QStringLiteral("HN-BD-PX01");
const QString kTeam = QStringLiteral("HN-BD-PX01-T1");

// Seconds in the app; fractions here.
sync::SyncSchedule quickSchedule()
{
    sync::SyncSchedule s;
    s.poll = 50ms;
    s.debounce = 200ms;
    s.period = 60s;
    s.firstRetry = 200ms;
    s.maxRetry = 1s;
    s.requestTimeout = 5s;
    return s;
}

// The app's background sync on the laptop's database: its own thread and connection.
std::unique_ptr<sync::SyncController> backgroundSync(TestDevice& laptop, const sync::SyncSchedule& schedule = quickSchedule())
{
    const QString path = laptop.path();
    return std::make_unique<sync::SyncController>(
        [path, &laptop]() -> Result<std::unique_ptr<SiteStore>> {
            auto own = db::SqliteSiteStore::open(path, laptop.clock());
            if (!own.ok())
                return own.error();
            return std::unique_ptr<SiteStore>(std::move(own).value());
        },
        path, laptop.clock(), schedule);
}


} // namespace

class TestSyncPage : public QObject
{
    Q_OBJECT

private slots:
    void aSiteManagerEnrolsSyncsCarriesABundleAndSettlesAConflict()
    {
        CentralRig central;
        QVERIFY2(central.start(), qPrintable(central.log()));
        QVERIFY(central.addSite(kSite, QStringLiteral("Trạm Y tế phường Phúc Xá")));
        QVERIFY(central.addSite(kTeam, QStringLiteral("Đội lưu động 1"), kSite));
        QVERIFY(central.addUser(kSite, QStringLiteral("manager"), QStringLiteral("site_manager")));
        QVERIFY(central.addUser(kSite, QStringLiteral("nurse"), QStringLiteral("nurse")));
        QVERIFY(central.addSite(QStringLiteral("HN-HK-HB02"), QStringLiteral("Trạm Y tế phường Hàng Bông")));
        QVERIFY(central.addUser(QStringLiteral("HN-HK-HB02"), QStringLiteral("nurse-b"), QStringLiteral("nurse")));

        // This laptop: a fresh site database, not enrolled, the app with background sync.
        TestDevice laptop(QStringLiteral("laptop"), kSite);
        const ScreeningForm form = ScreeningForm::builtin().value();
        AppContext ctx(laptop.store(), laptop.clock(), AdminUnits::builtin(), form);
        const auto sync = backgroundSync(laptop);
        ctx.setSyncController(sync.get());
        MainWindow window(ctx);
        showActive(window);
        auto* tabs = child<QTabWidget>(window, QStringLiteral("mainTabWidget"));
        auto* header = child<QLabel>(window, QStringLiteral("syncLabel"));
        QTRY_VERIFY2(header->text().contains(QStringLiteral("Not enrolled")), qPrintable(header->text()));

        // F7 goes to the sync screen.
        QTest::keyClick(&window, Qt::Key_F7);
        QCOMPARE(tabs->currentWidget(), window.syncPage());
        SyncPage* page = window.syncPage();
        auto* enrolButton = child<QPushButton>(*page, QStringLiteral("enrolPushButton"));
        QVERIFY(enrolButton->isVisible());
        QVERIFY(!child<QPushButton>(*page, QStringLiteral("exportBundlePushButton"))->isEnabled());
        for (const char* table : {"syncHistoryTableView", "rejectionTableView", "reviewTableView", "bundleTableView"})
            new QAbstractItemModelTester(child<QTableView>(*page, QLatin1String(table))->model(), page);

        // Enrol: a mistyped code first.
        enrolButton->click();
        QPointer<EnrolDialog> dialog;
        QTRY_VERIFY((dialog = page->findChild<EnrolDialog*>()) != nullptr);
        child<QLineEdit>(*dialog, QStringLiteral("serverLineEdit"))->setText(central.url().toString());
        child<QLineEdit>(*dialog, QStringLiteral("codeLineEdit"))->setText(QStringLiteral("AAAAA-AAAAA"));
        child<QLineEdit>(*dialog, QStringLiteral("nameLineEdit"))->setText(QStringLiteral("Laptop at table 2"));
        auto* codeError = child<QLabel>(*dialog, QStringLiteral("codeErrorLabel"));
        auto* generalError = child<QLabel>(*dialog, QStringLiteral("errorLabel"));
        child<QPushButton>(*dialog, QStringLiteral("enrolPushButton"))->click();
        QTRY_VERIFY(!codeError->text().isEmpty() || !generalError->text().isEmpty());
        const QString refusal = codeError->text() + generalError->text();
        QVERIFY2(refusal.contains(QStringLiteral("AAAAA-AAAAA")), qPrintable(refusal));
        QVERIFY(dialog->isVisible());
        // Then the right one.
        MessageBox::setNextAnswer(QMessageBox::Ok);
        child<QLineEdit>(*dialog, QStringLiteral("codeLineEdit"))->setText(central.enrolCode(kSite));
        child<QPushButton>(*dialog, QStringLiteral("enrolPushButton"))->click();
        QTRY_VERIFY(!dialog);  // closed, and gone
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY2(MessageBox::lastText().contains(QStringLiteral("Enrolled")), qPrintable(MessageBox::lastText()));
        QTRY_VERIFY_WITH_TIMEOUT(header->text().contains(QStringLiteral("Online")), 10000);
        QTRY_VERIFY(laptop.store().users().byUsername(QStringLiteral("manager")));
        QVERIFY(!enrolButton->isVisible());
        const Session manager{*laptop.store().users().byUsername(QStringLiteral("manager"))};
        ctx.setSession(manager);

        // Work goes out by itself, soon after it is done.
        RegistrationService registration(laptop.store(), laptop.clock(), AdminUnits::builtin());
        const Person duc = must(registration.registerPerson(manager, draftFromCccd(QStringLiteral("Nguyễn Văn Đức"), QStringLiteral("001085001234"))));
        ctx.notifyDataChanged();
        QTRY_COMPARE_WITH_TIMEOUT(central.scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE entity = 'person'")).toInt(), 1, 10000);
        QTRY_VERIFY(header->text().contains(QStringLiteral("0 waiting")));
        auto* history = child<QTableView>(*page, QStringLiteral("syncHistoryTableView"));
        QTRY_VERIFY(history->model()->rowCount() >= 2);

        // The mobile team's bundle from a USB stick.
        TestDevice team(QStringLiteral("team"), kSite, kTeam);
        QVERIFY(team.enrol(central.url(), central.enrolCode(kSite, kTeam)).ok());
        QVERIFY(team.sync().ok());
        const Session teamNurse = *team.session(QStringLiteral("nurse"));
        const Person lan = must(RegistrationService(team.store(), team.clock(), AdminUnits::builtin())
                                    .registerPerson(teamNurse, draftFromCccd(QStringLiteral("Phạm Văn Lân"), QStringLiteral("001080054321"))));
        sync::DeviceCredential teamCredential;
        sync::CredentialStore(team.path()).load(team.store().identity().deviceId,
            [&](Result<sync::DeviceCredential> c) { teamCredential = c.value(); });
        QTemporaryDir usb;
        const QString file = usb.filePath(QStringLiteral("team.vaxbundle"));
        QVERIFY(sync::BundleTransfer(team.store(), team.clock()).exportTo(file, teamCredential, false).ok());
        FileDialog::setNextPath(file);
        MessageBox::setNextAnswer(QMessageBox::Ok);
        // An empty list says so, and how a bundle comes in; the hint goes once there is a row.
        auto* bundles = child<QTableView>(*page, QStringLiteral("bundleTableView"));
        auto* noBundle = child<QLabel>(*bundles->viewport(), QStringLiteral("emptyHintLabel"));
        QVERIFY(!noBundle->isHidden());
        QVERIFY2(noBundle->text().contains(QStringLiteral("Ctrl+Shift+I")), qPrintable(noBundle->text()));
        history->setFocus();
        QTest::keyClick(history, Qt::Key_I, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY2(laptop.store().persons().byId(lan.stamp.id), qPrintable(MessageBox::lastText()));  // seen here at once
        QTRY_VERIFY2(MessageBox::lastText().contains(QStringLiteral("now here")), qPrintable(MessageBox::lastText()));
        QTRY_COMPARE(bundles->model()->rowCount(), 1);
        QVERIFY(noBundle->isHidden());
        // … and carried to central by the next sync, which the import asked for.
        QTRY_COMPARE_WITH_TIMEOUT(central.scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE via LIKE 'relay:%'")).toInt(), 1, 10000);

        // Another laptop of the site changes Đức's phone while this one changes it too.
        TestDevice other(QStringLiteral("other"), kSite);
        QVERIFY(other.enrol(central.url(), central.enrolCode(kSite)).ok());
        QVERIFY(other.sync().ok());
        PersonDraft theirs = PersonDraft::fromPerson(*other.store().persons().byId(duc.stamp.id));
        theirs.phone = QStringLiteral("0987654321");
        other.clock().advanceSecs(5);
        QVERIFY(RegistrationService(other.store(), other.clock(), AdminUnits::builtin())
                    .updatePerson(*other.session(QStringLiteral("manager")), duc.stamp.id, theirs)
                    .ok());
        PersonDraft ours = PersonDraft::fromPerson(*laptop.store().persons().byId(duc.stamp.id));
        ours.phone = QStringLiteral("0912345678");
        QVERIFY(registration.updatePerson(manager, duc.stamp.id, ours).ok());
        QVERIFY(other.sync().ok());
        // This laptop's change was first on central; the other's is newer and wins there, and here.
        auto* lists = child<QTabWidget>(*page, QStringLiteral("syncListsTabWidget"));
        auto* review = child<QTableView>(*page, QStringLiteral("reviewTableView"));
        child<QPushButton>(*page, QStringLiteral("syncNowPushButton"))->click();
        auto* nothingToReview = child<QLabel>(*review->viewport(), QStringLiteral("emptyHintLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(review->model()->rowCount() == 1, 10000);
        QVERIFY(nothingToReview->isHidden());
        QTRY_COMPARE(laptop.store().persons().byId(duc.stamp.id)->phone, QStringLiteral("+84987654321"));
        QVERIFY2(lists->tabText(2).contains(QStringLiteral("(1)")), qPrintable(lists->tabText(2)));
        // The manager puts this laptop's value back: a new change, which wins everywhere.
        lists->setCurrentIndex(2);
        review->selectRow(0);
        auto* useOther = child<QPushButton>(*page, QStringLiteral("useOtherValuePushButton"));
        QVERIFY(useOther->isEnabled());
        useOther->click();
        QCOMPARE(laptop.store().persons().byId(duc.stamp.id)->phone, QStringLiteral("+84912345678"));
        QTRY_COMPARE(review->model()->rowCount(), 0);
        QVERIFY(!nothingToReview->isHidden());
        // The settling correction goes out with the new value, by itself.
        QTRY_COMPARE_WITH_TIMEOUT(
            central.scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE entity = 'correction'")).toInt(), 1, 10000);
        QVERIFY(other.sync().ok());
        QCOMPARE(other.store().persons().byId(duc.stamp.id)->phone, QStringLiteral("+84912345678"));

        // A woman registered at another site comes for her next dose: found on central from the
        // desk, brought here with her history.
        TestDevice elsewhere(QStringLiteral("elsewhere"), QStringLiteral("HN-HK-HB02"));
        QVERIFY(elsewhere.enrol(central.url(), central.enrolCode(QStringLiteral("HN-HK-HB02"))).ok());
        QVERIFY(elsewhere.sync().ok());
        const Person mai = must(RegistrationService(elsewhere.store(), elsewhere.clock(), AdminUnits::builtin())
                                    .registerPerson(*elsewhere.session(QStringLiteral("nurse-b")),
                                        draftFromCccd(QStringLiteral("Vũ Thị Mai"), QStringLiteral("001191077889"))));
        QVERIFY(elsewhere.sync().ok());
        tabs->setCurrentWidget(window.registrationPage());
        auto* search = child<QLineEdit>(window, QStringLiteral("searchLineEdit"));
        search->setFocus();
        QTest::keyClicks(search, QStringLiteral("001191077889"));
        auto* results = child<QTableView>(window, QStringLiteral("resultsTableView"));
        QTest::qWait(400);
        QCOMPARE(results->model()->rowCount(), 0);  // not at this site
        QVERIFY(child<QPushButton>(window, QStringLiteral("searchCentralButton"))->isEnabled());
        QTest::keyClick(search, Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
        QPointer<QDialog> lookup;
        QTRY_VERIFY((lookup = window.findChild<QDialog*>(QStringLiteral("centralLookupDialog"))) != nullptr);
        auto* found = child<QTableView>(*lookup, QStringLiteral("centralResultsTableView"));
        QTRY_COMPARE(found->model()->rowCount(), 1);
        QCOMPARE(found->model()->index(0, 0).data().toString(), QStringLiteral("Vũ Thị Mai"));
        child<QPushButton>(*lookup, QStringLiteral("attachPushButton"))->click();
        QTRY_VERIFY(!lookup);
        QTRY_VERIFY(laptop.store().persons().byId(mai.stamp.id));
        QTRY_COMPARE(results->model()->rowCount(), 1);

        // Central goes away: the laptop says so and keeps the work; it comes back: all goes out.
        central.process().kill();
        const Person hoa = must(registration.registerPerson(manager, draftFromCccd(QStringLiteral("Trần Thị Hoa"), QStringLiteral("001190012345"))));
        ctx.notifyDataChanged();
        QTRY_VERIFY_WITH_TIMEOUT(header->text().contains(QStringLiteral("Offline")), 10000);
        QVERIFY(header->text().contains(QStringLiteral("1 waiting")));
        QVERIFY2(central.process().restart(), qPrintable(central.log()));
        QTRY_VERIFY_WITH_TIMEOUT(header->text().contains(QStringLiteral("Online")), 15000);
        QTRY_VERIFY(header->text().contains(QStringLiteral("0 waiting")));
        QCOMPARE(central.scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE record_id = ?"), {hoa.stamp.id}).toInt(), 1);
    }

    // The district revoked the laptop by mistake: the Sync page says central refuses it and
    // offers to enrol it again; with the code made for this device it does, and the work that
    // waited goes out once.
    void aRefusedLaptopIsEnrolledAgainFromTheSyncPage()
    {
        CentralRig central;
        QVERIFY2(central.start(), qPrintable(central.log()));
        QVERIFY(central.addSite(kSite, QStringLiteral("Trạm Y tế phường Phúc Xá")));
        QVERIFY(central.addUser(kSite, QStringLiteral("manager"), QStringLiteral("site_manager")));
        TestDevice laptop(QStringLiteral("laptop"), kSite);
        QVERIFY(laptop.enrol(central.url(), central.enrolCode(kSite)).ok());
        QVERIFY(laptop.sync().ok());
        const QString id = laptop.store().identity().deviceId;
        const Session manager{*laptop.store().users().byUsername(QStringLiteral("manager"))};
        const ScreeningForm form = ScreeningForm::builtin().value();
        AppContext ctx(laptop.store(), laptop.clock(), AdminUnits::builtin(), form);
        ctx.setSession(manager);
        // Once refused, the app tries again only after a long while: enrolled again, it must not wait.
        sync::SyncSchedule slowRetry = quickSchedule();
        slowRetry.maxRetry = 120s;
        const auto sync = backgroundSync(laptop, slowRetry);
        ctx.setSyncController(sync.get());
        MainWindow window(ctx);
        showActive(window);
        auto* header = child<QLabel>(window, QStringLiteral("syncLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(header->text().contains(QStringLiteral("Online")), 10000);
        QTest::keyClick(&window, Qt::Key_F7);
        SyncPage* page = window.syncPage();
        auto* enrolButton = child<QPushButton>(*page, QStringLiteral("enrolPushButton"));
        QVERIFY(!enrolButton->isVisible());

        QVERIFY(central.admin({QStringLiteral("device"), QStringLiteral("revoke"), id}));
        const Person duc = must(RegistrationService(laptop.store(), laptop.clock(), AdminUnits::builtin())
                                    .registerPerson(manager, draftFromCccd(QStringLiteral("Nguyễn Văn Đức"), QStringLiteral("001085001234"))));
        ctx.notifyDataChanged();
        QTRY_VERIFY_WITH_TIMEOUT(header->text().contains(QStringLiteral("Refused")), 10000);
        auto* details = child<QLabel>(*page, QStringLiteral("syncDetailsLabel"));
        QTRY_VERIFY2(details->text().contains(QStringLiteral("enrol-code --device ") + id), qPrintable(details->text()));
        // It does not promise a sync: it only asks now and then whether the refusal was lifted.
        QTRY_VERIFY2(details->text().contains(QStringLiteral("Next check with central")), qPrintable(details->text()));
        QVERIFY2(!details->text().contains(QStringLiteral("Next automatic sync")), qPrintable(details->text()));
        QVERIFY(enrolButton->isVisible());
        QVERIFY2(enrolButton->text().contains(QStringLiteral("again")), qPrintable(enrolButton->text()));

        enrolButton->click();
        QPointer<EnrolDialog> dialog;
        QTRY_VERIFY((dialog = page->findChild<EnrolDialog*>()) != nullptr);
        QCOMPARE(child<QLineEdit>(*dialog, QStringLiteral("serverLineEdit"))->text(), central.url().toString());
        QVERIFY(central.admin({QStringLiteral("enrol-code"), QStringLiteral("--device"), id}));
        QTest::keyClicks(child<QLineEdit>(*dialog, QStringLiteral("codeLineEdit")), central.lastAdmin().stdOut.trimmed());
        MessageBox::setNextAnswer(QMessageBox::Ok);
        child<QPushButton>(*dialog, QStringLiteral("enrolPushButton"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, 10000);
        QVERIFY2(MessageBox::lastText().contains(QStringLiteral("Enrolled again")), qPrintable(MessageBox::lastText()));
        QTRY_VERIFY_WITH_TIMEOUT(header->text().contains(QStringLiteral("Online")), 10000);
        QTRY_VERIFY(header->text().contains(QStringLiteral("0 waiting")));
        QVERIFY(!enrolButton->isVisible());
        QCOMPARE(laptop.store().identity().deviceId, id);
        QCOMPARE(central.scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE record_id = ?"), {duc.stamp.id}).toInt(), 1);
    }
};

QTEST_MAIN(TestSyncPage)
#include "tst_syncpage.moc"

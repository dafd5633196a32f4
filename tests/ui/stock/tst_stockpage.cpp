// The stock screen as a site manager works it, from the keyboard, on real temporary site
// databases: a shipment received by scanning its pack (the catalogue has no GTIN for it, so the
// product is picked after the scan filled lot and expiry), doses drawn from an opened vial, the
// session closed and its open-vial wastage in the Wastage list and the ledger; stock sent to the
// team and confirmed short by the team; discard, count and quarantine; a nurse who may look but
// not move stock.
#include "app/services/InjectionService.h"
#include "app/services/StockLedgerService.h"
#include "app/services/VialService.h"
#include "app/stock/StockReasons.h"
#include "app/store/StockRepository.h"
#include "tests/support/MemoryFeed.h"
#include "tests/support/Must.h"
#include "tests/support/Pages.h"
#include "tests/support/Screenings.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"
#include "ui/AppContext.h"
#include "ui/common/FileDialog.h"
#include "ui/common/MessageBox.h"
#include "ui/common/ReasonDialog.h"
#include "ui/stock/LedgerModel.h"
#include "ui/stock/MovementDialog.h"
#include "ui/stock/OnHandModel.h"
#include "ui/stock/ReceiveDialog.h"
#include "ui/stock/ShipmentModel.h"
#include "ui/stock/StockPage.h"
#include "ui/stock/WastageModel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace vax;
using namespace vax::test;

namespace {

const QString kTeam = QStringLiteral("HN-TEST-01-T1");
// GS1's demonstration prefix 952: a GTIN no real product has, so the catalogue lacks it.
const QString kScan = QStringLiteral("]d20109520123456788") + QStringLiteral("17271231") + QStringLiteral("10ABV7001");

// One laptop's stock screen, shown and active, with a user logged in.
struct Station {
    TestSite& site;
    AppContext ctx{site.store(), site.clock(), site.units(), site.form()};
    StockPage page{ctx};

    Station(TestSite& s, const Session& user)
        : site(s)
    {
        ctx.setSession(user);
        for (const char* name : {"onHandTableView", "shipmentTableView", "ledgerTableView", "wastageTableView"})
            new QAbstractItemModelTester(table(name)->model(), &page);
        showActive(page);
    }

    QTableView* table(const char* name) { return child<QTableView>(page, QLatin1String(name)); }
    QPushButton* button(const char* name) { return child<QPushButton>(page, QLatin1String(name)); }
    QVariant cell(const char* name, int row, int column, int role = Qt::DisplayRole)
    {
        return table(name)->model()->index(row, column).data(role);
    }
    void key(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QWidget* to = QApplication::focusWidget() ? QApplication::focusWidget() : &page;
        QTest::keyClick(to, Qt::Key(key), modifiers);
    }
    void type(const QString& text) { QTest::keyClicks(QApplication::focusWidget(), text); }
    template <typename D>
    D* dialog()
    {
        D* d = nullptr;
        if (!QTest::qWaitFor([&] { return (d = page.findChild<D*>()) != nullptr && d->isVisible(); }))
            qFatal("no dialog");
        if (!QTest::qWaitFor([&] { return QApplication::activeWindow() == d; }))
            qFatal("the dialog did not become active");
        return d;
    }
    // Offscreen, closing a dialog activates no window: give the page the keyboard back.
    bool backToPage()
    {
        QApplication::setActiveWindow(&page);
        return QTest::qWaitForWindowActive(&page);
    }
    int balance(const QString& lot) { return site.store().stock().balance(site.store().identity().holderId(), lot); }
    QString message() { return child<QLabel>(page, QStringLiteral("stockMessageLabel"))->text(); }
};

QString giveDose(TestSite& site, AppContext& ctx, const QString& lot, const QString& cccd)
{
    const QString person = site.registerPerson(QStringLiteral("Nguyễn Văn Đức"), QStringLiteral("1985-03-12"), QStringLiteral("M"), cccd);
    DoseRequest request;
    request.personId = person;
    request.visitId = checkInAndScreen(ctx.screening(), site.nurse(), person, allNoExcept(site.form()));
    request.lotId = lot;
    return must(ctx.injections().record(site.nurse(), request)).injection.stamp.id;
}

// `doses` given from the lot (opening a vial), then the session closed: what the vial held
// is open-vial wastage.
void giveAndClose(TestSite& site, const QString& lot, int doses)
{
    InjectionService injections(site.store(), site.clock());
    for (int i = 0; i < doses; ++i) {
        DoseRequest d;
        d.personId = site.registerPerson();
        d.lotId = lot;
        d.requireScreening = false;
        must(injections.record(site.nurse(), d));
    }
    must(VialService(site.store(), site.clock()).closeSession(site.nurse()));
}

// The site laptop knows its team as central would tell it.
void knowTheTeam(TestSite& siteDb, TestSite& teamDb)
{
    for (const Site& h : teamDb.store().stock().holdersOf(teamDb.store().identity().siteId)) {
        if (h.kind == SiteKind::Team)
            must(siteDb.store().importReference(Entity::Site, {h.toRecord()}, QStringLiteral("central")));
    }
}

} // namespace

class TestStockPage : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        failOnSqlWarnings();
        MessageBox::setNextAnswer(QMessageBox::NoButton);
        ReasonDialog::setNextReason(QString());
        FileDialog::setNextPath(QString());
    }

    void aScannedShipmentIsUsedAndItsOpenVialWastageShows()
    {
        TestSite site;
        Station s(site, site.manager());
        QCOMPARE(s.table("onHandTableView")->model()->rowCount(), 0);

        // Ctrl+R: the scanner types into the Scan field and presses Enter.
        s.key(Qt::Key_R, Qt::ControlModifier);
        QPointer<ReceiveDialog> receive = s.dialog<ReceiveDialog>();
        auto* scan = child<QLineEdit>(*receive, QStringLiteral("scanLineEdit"));
        QCOMPARE(QApplication::focusWidget(), scan);
        s.type(QStringLiteral("]d2garbage"));
        s.key(Qt::Key_Return);
        QVERIFY(!child<QLabel>(*receive, QStringLiteral("scanErrorLabel"))->text().isEmpty());
        QVERIFY(receive->isVisible());
        scan->clear();
        s.type(kScan);
        s.key(Qt::Key_Return);
        // The pack's GTIN is unknown: lot and expiry are filled, the product is asked for.
        QCOMPARE(child<QLineEdit>(*receive, QStringLiteral("lotLineEdit"))->text(), QStringLiteral("ABV7001"));
        QCOMPARE(child<QLineEdit>(*receive, QStringLiteral("expiryLineEdit"))->text(), QStringLiteral("2027-12-31"));
        const QString productError = child<QLabel>(*receive, QStringLiteral("productErrorLabel"))->text();
        QVERIFY2(productError.contains(QStringLiteral("09520123456788")), qPrintable(productError));
        auto* product = child<QComboBox>(*receive, QStringLiteral("productComboBox"));
        QCOMPARE(QApplication::focusWidget(), product);
        s.type(QStringLiteral("Vax"));
        QCOMPARE(product->currentData().toString(), QStringLiteral("VAXZEVRIA"));
        // Tab to the doses: 15 is not whole 10-dose vials, refused under its field, nothing written.
        s.key(Qt::Key_Tab);
        s.key(Qt::Key_Tab);
        s.key(Qt::Key_Tab);
        auto* doses = child<QLineEdit>(*receive, QStringLiteral("dosesLineEdit"));
        QCOMPARE(QApplication::focusWidget(), doses);
        const qint64 movements = site.count(QStringLiteral("stock_movement"));
        s.type(QStringLiteral("15"));
        s.key(Qt::Key_Return);
        QVERIFY(!child<QLabel>(*receive, QStringLiteral("dosesErrorLabel"))->text().isEmpty());
        QCOMPARE(site.count(QStringLiteral("stock_movement")), movements);
        doses->selectAll();
        s.type(QStringLiteral("20"));
        s.key(Qt::Key_Return);
        QTRY_VERIFY(!receive);
        QVERIFY2(s.message().contains(QStringLiteral("ABV7001")), qPrintable(s.message()));

        QCOMPARE(s.table("onHandTableView")->model()->rowCount(), 1);
        const QString lot = s.cell("onHandTableView", 0, 0, OnHandModel::LotIdRole).toString();
        QCOMPARE(s.cell("onHandTableView", 0, OnHandModel::DosesColumn).toInt(), 20);
        QCOMPARE(s.cell("onHandTableView", 0, OnHandModel::VialsColumn).toString(), QStringLiteral("2"));

        // Three doses open a 10-dose vial: 17 doses, a vial and 7 doses.
        for (const QString& cccd : {QStringLiteral("001085001234"), QStringLiteral("001085001235"), QStringLiteral("001085001236")})
            giveDose(site, s.ctx, lot, cccd);
        s.ctx.notifyDataChanged();
        QCOMPARE(s.cell("onHandTableView", 0, OnHandModel::DosesColumn).toInt(), 17);
        QCOMPARE(s.cell("onHandTableView", 0, OnHandModel::VialsColumn).toString(), QStringLiteral("1 + 7 dose(s)"));

        // Close the session (Ctrl+Shift+X), confirmed: the 7 doses left are open-vial wastage.
        QVERIFY(s.backToPage());
        MessageBox::setNextAnswer(QMessageBox::Yes);
        s.key(Qt::Key_X, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY2(MessageBox::lastText().contains(QStringLiteral("7")), qPrintable(MessageBox::lastText()));
        QCOMPARE(s.balance(lot), 10);
        QCOMPARE(s.cell("onHandTableView", 0, OnHandModel::VialsColumn).toString(), QStringLiteral("1"));

        // Alt+4: the Wastage list, over the last 30 days, red above the 25 % ceiling.
        s.key(Qt::Key_4, Qt::AltModifier);
        QCOMPARE(child<QTabWidget>(s.page, QStringLiteral("stockTabWidget"))->currentIndex(), 3);
        QCOMPARE(s.table("wastageTableView")->model()->rowCount(), 1);
        QCOMPARE(s.cell("wastageTableView", 0, WastageModel::GivenColumn).toLongLong(), 3);
        QCOMPARE(s.cell("wastageTableView", 0, WastageModel::WastedOpenColumn).toLongLong(), 7);
        QCOMPARE(s.cell("wastageTableView", 0, WastageModel::IssuedColumn).toLongLong(), 10);
        QCOMPARE(s.cell("wastageTableView", 0, WastageModel::RateColumn).toString(), QStringLiteral("70.0 %"));
        QVERIFY(s.cell("wastageTableView", 0, 0, WastageModel::OverCeilingRole).toBool());

        // Alt+3: the ledger, newest first: the open-vial discard on top.
        s.key(Qt::Key_3, Qt::AltModifier);
        QCOMPARE(s.cell("ledgerTableView", 0, 0, LedgerModel::KindKeyRole).toString(), movementKindKey(MovementKind::Wastage));
        QCOMPARE(s.cell("ledgerTableView", 0, LedgerModel::DosesColumn).toString(), QStringLiteral("-7"));
        QCOMPARE(s.cell("ledgerTableView", 0, LedgerModel::ReasonColumn).toString(),
            StockReasonText::label(wastageReasonKey(WastageReason::OpenVial)));
        const int rows = s.table("ledgerTableView")->model()->rowCount();
        QCOMPARE(s.cell("ledgerTableView", rows - 1, 0, LedgerModel::KindKeyRole).toString(), movementKindKey(MovementKind::Receipt));

        // Ctrl+E: the ledger as CSV, through the file dialog's seam.
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("ledger.csv"));
        FileDialog::setNextPath(csv);
        s.key(Qt::Key_E, Qt::ControlModifier);
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY2(text.contains(QStringLiteral("ABV7001")) && text.count(QLatin1Char('\n')) >= rows + 1, qPrintable(text));
        QVERIFY2(s.message().contains(csv), qPrintable(s.message()));
    }

    void stockSentToTheTeamIsConfirmedShortByTheTeam()
    {
        TestSite siteDb;
        TestSite teamDb{kTeam};
        knowTheTeam(siteDb, teamDb);
        const QString lot = siteDb.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABX4521"), 100);
        Station site(siteDb, siteDb.manager());

        // Ctrl+T: team, lot (the selected one), doses.
        QVERIFY(site.button("sendPushButton")->text().startsWith(QStringLiteral("Send to team")));
        site.key(Qt::Key_T, Qt::ControlModifier);
        QPointer<MovementDialog> send = site.dialog<MovementDialog>();
        QVERIFY(child<QComboBox>(*send, QStringLiteral("teamComboBox"))->currentText().contains(kTeam));
        QCOMPARE(child<QComboBox>(*send, QStringLiteral("lotComboBox"))->currentData().toString(), lot);
        child<QLineEdit>(*send, QStringLiteral("dosesLineEdit"))->setFocus();
        site.type(QStringLiteral("30"));
        site.key(Qt::Key_Return);
        QTRY_VERIFY(!send);
        QCOMPARE(site.balance(lot), 70);
        QCOMPARE(site.cell("shipmentTableView", 0, ShipmentModel::StatusColumn).toString(), QStringLiteral("in transit"));

        MemoryFeed feed;
        feed.push(siteDb);
        must(feed.pull(teamDb));

        Station team(teamDb, teamDb.manager());
        QVERIFY(team.button("sendPushButton")->text().startsWith(QStringLiteral("Return to site")));  // where a team's stock goes
        QVERIFY(team.cell("shipmentTableView", 0, 0, ShipmentModel::PendingIncomingRole).toBool());
        QVERIFY(team.button("confirmPushButton")->isEnabled());
        team.key(Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QPointer<MovementDialog> confirm = team.dialog<MovementDialog>();
        auto* doses = child<QLineEdit>(*confirm, QStringLiteral("dosesLineEdit"));
        QCOMPARE(doses->text(), QStringLiteral("30"));  // all, by default
        QCOMPARE(QApplication::focusWidget(), doses);
        team.type(QStringLiteral("20"));  // selected: replaces
        team.key(Qt::Key_Return);
        // Fewer without a reason: refused under the difference.
        QVERIFY(!child<QLabel>(*confirm, QStringLiteral("reasonErrorLabel"))->text().isEmpty());
        QCOMPARE(teamDb.store().stock().balance(teamDb.store().identity().teamId, lot), 0);
        auto* reason = child<QComboBox>(*confirm, QStringLiteral("reasonComboBox"));
        reason->setCurrentIndex(reason->findData(receiptDifferenceKey(ReceiptDifference::Damaged)));
        team.key(Qt::Key_Return);
        QTRY_VERIFY(!confirm);
        QCOMPARE(teamDb.store().stock().balance(teamDb.store().identity().teamId, lot), 20);
        QVERIFY(!team.cell("shipmentTableView", 0, 0, ShipmentModel::PendingIncomingRole).toBool());
        QVERIFY(team.cell("shipmentTableView", 0, ShipmentModel::DifferenceColumn).toString().contains(QStringLiteral("10")));
    }

    void theWastageListFollowsTheHolderSelected()
    {
        TestSite siteDb;
        TestSite teamDb{kTeam};
        knowTheTeam(siteDb, teamDb);
        MemoryFeed feed;
        const QString lot = siteDb.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABX4521"), 100);
        must(StockLedgerService(siteDb.store(), siteDb.clock()).transfer(siteDb.manager(), kTeam, lot, QStringLiteral("30")));
        feed.push(siteDb);
        must(feed.pull(teamDb));
        const QString sent = teamDb.store().stock().shipmentsTo(teamDb.store().identity().teamId, true).first().sent.stamp.id;
        must(StockLedgerService(teamDb.store(), teamDb.clock()).confirm(teamDb.manager(), {sent, {}, {}, {}}));
        giveAndClose(siteDb, lot, 3);  // 7 wasted at the site
        giveAndClose(teamDb, lot, 2);  // 8 wasted by the team
        feed.push(teamDb);
        must(feed.pull(siteDb));

        Station s(siteDb, siteDb.manager());
        s.key(Qt::Key_4, Qt::AltModifier);
        auto* holder = child<QComboBox>(s.page, QStringLiteral("holderComboBox"));
        auto* note = child<QLabel>(s.page, QStringLiteral("wastageNoteLabel"));
        const auto wastage = [&s](int column) { return s.cell("wastageTableView", 0, column).toLongLong(); };
        // This laptop's holder first: the site's own doses and wastage; the 30 sent count as sent.
        QCOMPARE(holder->currentData().toStringList(), QStringList{siteDb.store().identity().siteId});
        QCOMPARE(s.table("wastageTableView")->model()->rowCount(), 1);
        QCOMPARE(wastage(WastageModel::GivenColumn), 3);
        QCOMPARE(wastage(WastageModel::WastedOpenColumn), 7);
        QCOMPARE(wastage(WastageModel::IssuedColumn), 10);
        QVERIFY2(note->text().contains(QStringLiteral("HN-TEST-01 alone")), qPrintable(note->text()));

        holder->setCurrentIndex(holder->findData(QStringList{teamDb.store().identity().teamId}));
        QCOMPARE(wastage(WastageModel::GivenColumn), 2);
        QCOMPARE(wastage(WastageModel::WastedOpenColumn), 8);
        QCOMPARE(wastage(WastageModel::IssuedColumn), 10);
        QVERIFY2(note->text().contains(kTeam + QStringLiteral(" alone")), qPrintable(note->text()));

        holder->setCurrentIndex(0);  // all: the transfer between them cancels out
        QCOMPARE(holder->currentData().toStringList().size(), 2);
        QCOMPARE(wastage(WastageModel::GivenColumn), 5);
        QCOMPARE(wastage(WastageModel::WastedOpenColumn), 15);
        QCOMPARE(wastage(WastageModel::IssuedColumn), 20);
        QVERIFY2(note->text().contains(QStringLiteral("together")), qPrintable(note->text()));
    }

    void discardCountAndQuarantineTheSelectedLot()
    {
        TestSite site;
        const QString lot = site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABX4521"), 40);
        Station s(site, site.manager());

        // Ctrl+D: a reason is required; then two vials go.
        s.key(Qt::Key_D, Qt::ControlModifier);
        QPointer<MovementDialog> discard = s.dialog<MovementDialog>();
        QCOMPARE(child<QComboBox>(*discard, QStringLiteral("lotComboBox"))->currentData().toString(), lot);
        child<QLineEdit>(*discard, QStringLiteral("dosesLineEdit"))->setFocus();
        s.type(QStringLiteral("20"));
        s.key(Qt::Key_Return);
        QVERIFY(!child<QLabel>(*discard, QStringLiteral("reasonErrorLabel"))->text().isEmpty());
        QCOMPARE(s.balance(lot), 40);
        auto* reason = child<QComboBox>(*discard, QStringLiteral("reasonComboBox"));
        reason->setCurrentIndex(reason->findData(wastageReasonKey(WastageReason::Broken)));
        s.key(Qt::Key_Return);
        QTRY_VERIFY(!discard);
        QCOMPARE(s.balance(lot), 20);

        // Ctrl+K: 18 counted, an adjustment of −2.
        QVERIFY(s.backToPage());
        s.key(Qt::Key_K, Qt::ControlModifier);
        QPointer<MovementDialog> count = s.dialog<MovementDialog>();
        child<QLineEdit>(*count, QStringLiteral("dosesLineEdit"))->setFocus();
        s.type(QStringLiteral("18"));
        s.key(Qt::Key_Return);
        QTRY_VERIFY(!count);
        QCOMPARE(s.balance(lot), 18);
        QVERIFY2(s.message().contains(QStringLiteral("-2")), qPrintable(s.message()));

        // Ctrl+H: quarantine with a reason, then release.
        QVERIFY(s.backToPage());
        ReasonDialog::setNextReason(QStringLiteral("cold box at 12 °C"));
        s.key(Qt::Key_H, Qt::ControlModifier);
        QVERIFY(s.cell("onHandTableView", 0, 0, OnHandModel::QuarantinedRole).toBool());
        QVERIFY(s.button("quarantinePushButton")->text().startsWith(QStringLiteral("Release")));
        ReasonDialog::setNextReason(QStringLiteral("VVM stage 1, district says use"));
        s.key(Qt::Key_H, Qt::ControlModifier);
        QVERIFY(!s.cell("onHandTableView", 0, 0, OnHandModel::QuarantinedRole).toBool());
    }

    void aNurseSeesStockButMovesNone()
    {
        TestSite site;
        site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABX4521"), 40);
        Station s(site, site.nurse());
        QCOMPARE(s.table("onHandTableView")->model()->rowCount(), 1);
        for (const char* name : {"receivePushButton", "sendPushButton", "discardPushButton", "countPushButton", "quarantinePushButton"}) {
            QVERIFY2(!s.button(name)->isEnabled(), name);
            QVERIFY2(!s.button(name)->toolTip().isEmpty(), name);
        }
        QVERIFY(s.button("closeSessionPushButton")->isEnabled());
        s.key(Qt::Key_R, Qt::ControlModifier);
        QTest::qWait(50);
        QVERIFY(!s.page.findChild<ReceiveDialog*>());
    }
};

QTEST_MAIN(TestStockPage)
#include "tst_stockpage.moc"

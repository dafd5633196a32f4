#include "app/services/ScreeningService.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/PersonRepository.h"
#include "app/store/StockRepository.h"
#include "ui/AppContext.h"
#include "ui/MainWindow.h"
#include "ui/common/MessageBox.h"
#include "ui/login/LoginDialog.h"
#include "ui/stock/OnHandModel.h"
#include "tests/support/Pages.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace vax;

// A nurse's whole morning on the real main window, keyboard only: log in, find nobody, register
// the person, check in, screen, inject, watch the 30 minutes, release, read the history.
class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    template <typename T>
    static T* child(QWidget* parent, const char* name)
    {
        return test::child<T>(*parent, QLatin1String(name));
    }

    static void type(const QString& text) { QTest::keyClicks(QApplication::focusWidget(), text); }
    static void key(Qt::Key k, Qt::KeyboardModifiers m = Qt::NoModifier) { QTest::keyClick(QApplication::focusWidget(), k, m); }

private slots:
    void init() { test::failOnSqlWarnings(); }

    void aNurseTakesAPersonFromTheDoorToRelease()
    {
        test::TestSite site;
        const QString lot = site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABX4521"), 50);
        const QString holder = site.store().identity().holderId();
        AppContext ctx(site.store(), site.clock(), site.units(), site.form());

        // Log in.
        LoginDialog login(ctx);
        login.show();
        QVERIFY(QTest::qWaitForWindowActive(&login));
        child<QLineEdit>(&login, "usernameLineEdit")->setFocus();
        type(QStringLiteral("nurse"));
        key(Qt::Key_Tab);
        type(QStringLiteral("wrong"));
        key(Qt::Key_Return);
        QVERIFY(!ctx.loggedIn());
        QVERIFY(child<QLabel>(&login, "errorLabel")->isVisible());
        type(QStringLiteral("password-nurse"));
        key(Qt::Key_Return);
        QVERIFY(ctx.loggedIn());
        QCOMPARE(ctx.session().user.username, QStringLiteral("nurse"));

        MainWindow window(ctx);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto* tabs = child<QTabWidget>(&window, "mainTabWidget");
        QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("registrationPage"));

        // Nobody by that name yet: register from the keyboard.
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("searchLineEdit"));
        type(QStringLiteral("tran thi lan"));
        QTRY_VERIFY(child<QLabel>(&window, "resultsInfoLabel")->text().contains(QStringLiteral("Ctrl+N")));
        key(Qt::Key_N, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("fullNameLineEdit"));
        child<QLineEdit>(&window, "fullNameLineEdit")->setText(QStringLiteral("trần thị lan"));
        child<QLineEdit>(&window, "birthDateLineEdit")->setText(QStringLiteral("06/05/1990"));
        child<QLineEdit>(&window, "cccdLineEdit")->setText(QStringLiteral("079190004321"));
        child<QLineEdit>(&window, "phoneLineEdit")->setText(QStringLiteral("0912 345 678"));
        // Saving without the sex: the form says so under the field and nothing is written.
        key(Qt::Key_S, Qt::ControlModifier);
        QTRY_VERIFY(child<QLabel>(&window, "sexErrorLabel")->isVisible());
        QCOMPARE(ctx.store().persons().count(), 0);
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("sexComboBox"));
        type(QStringLiteral("nu"));  // picks Nữ without typing the diacritic
        key(Qt::Key_S, Qt::ControlModifier);
        QTRY_COMPARE(ctx.store().persons().count(), 1);
        QTRY_COMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("checkInButton"));

        // Check in: the screening tab takes over with the person selected.
        key(Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(tabs->currentWidget()->objectName(), QStringLiteral("screeningPage"));
        QTRY_VERIFY(child<QLabel>(tabs->currentWidget(), "personSummaryLabel")->text().contains(QStringLiteral("Trần Thị Lan")));
        QCOMPARE(ctx.screening().queue().size(), 1);

        // All No, a temperature, save: eligible, and on to the injection station.
        key(Qt::Key_N, Qt::AltModifier);
        QTRY_COMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("temperatureLineEdit"));
        type(QStringLiteral("36.6"));
        key(Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(tabs->currentWidget()->objectName(), QStringLiteral("injectionPage"));
        QTRY_VERIFY(child<QLabel>(tabs->currentWidget(), "doseNumberLabel")->text().contains(QStringLiteral("1")));

        // Right arm, record: one dose less in stock, and the board has her.
        QWidget* injection = tabs->currentWidget();
        child<QTableView>(injection, "lotTableView")->setFocus();
        key(Qt::Key_R);
        key(Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(tabs->currentWidget()->objectName(), QStringLiteral("observationPage"));
        QCOMPARE(site.store().stock().balance(holder, lot), 49);
        const QString person = ctx.store().persons().byDocument(QStringLiteral("079190004321")).first().stamp.id;
        const QList<InjectionView> doses = site.store().clinical().injectionsOf(person);
        QCOMPARE(doses.size(), 1);
        QCOMPARE(doses.first().injection.bodySite, BodySite::RightArm);
        QCOMPARE(doses.first().injection.injectedBy, ctx.session().userId());

        auto* board = child<QTableView>(&window, "observationTableView");
        QTRY_COMPARE(board->model()->rowCount(), 1);

        // Too early to release: the nurse keeps her there.
        board->setFocus();
        MessageBox::setNextAnswer(QMessageBox::No);
        key(Qt::Key_R, Qt::ControlModifier);
        QCOMPARE(board->model()->rowCount(), 1);

        // Thirty-one minutes later she goes home.
        site.clock().advanceSecs(31 * 60);
        QTRY_VERIFY(child<QLabel>(&window, "boardSummaryLabel")->text().contains(QStringLiteral("1 ready")));
        board->setFocus();
        board->selectRow(0);
        key(Qt::Key_R, Qt::ControlModifier);
        QTRY_COMPARE(board->model()->rowCount(), 0);
        QVERIFY(site.store().clinical().observationOf(doses.first().injection.stamp.id).has_value());

        // Her history shows the dose.
        key(Qt::Key_F6);
        QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("historyPage"));
        key(Qt::Key_F2);
        QTRY_COMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("searchLineEdit"));
        type(QStringLiteral("079190004321"));
        QTRY_COMPARE(child<QTableView>(&window, "resultsTableView")->model()->rowCount(), 1);
        key(Qt::Key_H, Qt::ControlModifier);
        QTRY_COMPARE(tabs->currentWidget()->objectName(), QStringLiteral("historyPage"));
        QTRY_COMPARE(child<QTableView>(&window, "historyTableView")->model()->rowCount(), 1);
        // F8: the stock less her dose; a nurse may look but not receive.
        key(Qt::Key_F8);
        QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("stockPage"));
        QCOMPARE(child<QTableView>(&window, "onHandTableView")->model()->index(0, OnHandModel::DosesColumn).data().toInt(), 49);
        QVERIFY(!child<QPushButton>(&window, "receivePushButton")->isEnabled());
        // Not enrolled: the header says the work is kept on this laptop.
        const QString sync = child<QLabel>(&window, "syncLabel")->text();
        QVERIFY2(sync.contains(QStringLiteral("Not enrolled")) && sync.contains(QStringLiteral("kept here")), qPrintable(sync));
        QVERIFY(site.store().checkIntegrity().ok());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

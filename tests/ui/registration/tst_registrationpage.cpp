#include "ui/registration/RegistrationPage.h"

#include "app/services/RegistrationService.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/PersonRepository.h"
#include "tests/support/Pages.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"
#include "ui/AppContext.h"
#include "ui/common/MessageBox.h"
#include "ui/registration/PersonTableModel.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace vax;

namespace {

// The registration desk on a fresh site, shown and active so its shortcuts work.
struct Desk {
    test::TestSite site;
    AppContext ctx{site.store(), site.clock(), site.units(), site.form()};
    RegistrationPage page{ctx};

    Desk()
    {
        ctx.setSession(site.nurse());
        page.resize(1280, 760);
        page.show();
        QApplication::setActiveWindow(&page);
    }

    template <typename T>
    T* child(const char* name)
    {
        return test::child<T>(page, QLatin1String(name));
    }
    QLineEdit* search() { return child<QLineEdit>("searchLineEdit"); }
    QTableView* results() { return child<QTableView>("resultsTableView"); }
    QWidget* form() { return child<QWidget>("personForm"); }
    QLabel* label(const char* name) { return child<QLabel>(name); }
    qint64 people() { return site.store().persons().count(); }
    QString selectedId() { return results()->currentIndex().data(PersonTableModel::IdRole).toString(); }
};

QWidget* focused()
{
    return QApplication::focusWidget();
}

QString focusedName()
{
    return focused() ? focused()->objectName() : QStringLiteral("(no focus)");
}

// Types like a keyboard (or a scanner in keyboard mode) into whatever has the focus; QTest's
// keyClicks() only sends Latin-1.
void type(const QString& text)
{
    for (const QChar c : text) {
        QWidget* w = focused();
        QVERIFY(w);
        if (c.unicode() < 0x80)
            QTest::keyClick(w, char(c.unicode()));
        else
            QTest::sendKeyEvent(QTest::Click, w, Qt::Key_unknown, QString(c), Qt::NoModifier);
    }
}

void press(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QVERIFY(focused());
    QTest::keyClick(focused(), key, modifiers);
}

// A new person with the CCCD of Trần Thị Lan, typed from the keyboard.
void fillTheSameCard()
{
    press(Qt::Key_N, Qt::ControlModifier);
    type(QStringLiteral("Tran Thi Lan"));
    press(Qt::Key_Tab);
    type(QStringLiteral("06/05/1990"));
    press(Qt::Key_Tab);
    type(QStringLiteral("nu"));
    press(Qt::Key_Tab);
    type(QStringLiteral("079190004321"));
}

} // namespace

class TestRegistrationPage : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        test::failOnSqlWarnings();
        MessageBox::setNextAnswer(QMessageBox::NoButton);
    }

    void findsAsYouTypeWithoutDiacriticsAndPicksWithTheArrows()
    {
        Desk d;
        d.site.registerPerson(QStringLiteral("Nguyễn Văn Đức"), QStringLiteral("1985-03-12"));
        d.site.registerPerson(QStringLiteral("Nguyễn Văn Dũng"), QStringLiteral("1979-01-01"));
        d.site.registerPerson(QStringLiteral("Trần Thị Lan"), QStringLiteral("1990-05-06"), QStringLiteral("F"));
        QVERIFY(QTest::qWaitForWindowActive(&d.page));
        d.page.focusSearch();
        QCOMPARE(focused(), d.search());

        type(QStringLiteral("nguyen van duc"));
        QTRY_COMPARE(d.results()->model()->rowCount(), 1);
        QCOMPARE(d.results()->model()->index(0, PersonTableModel::NameColumn).data().toString(), QStringLiteral("Nguyễn Văn Đức"));
        QVERIFY(d.label("resultsInfoLabel")->text().startsWith(QStringLiteral("1 person")));

        press(Qt::Key_A, Qt::ControlModifier);
        type(QStringLiteral("nguyen van"));
        QTRY_COMPARE(d.results()->model()->rowCount(), 2);
        QCOMPARE(d.results()->currentIndex().row(), 0);
        press(Qt::Key_Down);  // moves in the results, the typing stays in the search box
        QCOMPARE(d.results()->currentIndex().row(), 1);
        QCOMPARE(focused(), d.search());
        press(Qt::Key_Up);
        QCOMPARE(d.results()->currentIndex().row(), 0);

        press(Qt::Key_A, Qt::ControlModifier);
        type(QStringLiteral("xyz abc"));
        QTRY_COMPARE(d.results()->model()->rowCount(), 0);
        QCOMPARE(d.label("resultsInfoLabel")->text(), QStringLiteral("Nobody found: press Ctrl+N to register"));
        QVERIFY(!d.child<QPushButton>("checkInButton")->isEnabled());

        // Ctrl+F brings the focus back to the search box from anywhere on the page.
        d.results()->setFocus();
        press(Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(focused(), d.search());
        QCOMPARE(d.search()->selectedText(), QStringLiteral("xyz abc"));
    }

    void aBadFormShowsEveryMessageUnderItsFieldAndSavesNothingUntilFixed()
    {
        Desk d;
        QVERIFY(QTest::qWaitForWindowActive(&d.page));
        d.page.focusSearch();
        press(Qt::Key_N, Qt::ControlModifier);
        QVERIFY(d.form()->isVisible());
        QCOMPARE(focusedName(), QStringLiteral("fullNameLineEdit"));

        // Tab goes through the fields in reading order.
        type(QStringLiteral("Phạm Thị Hoa"));
        press(Qt::Key_Tab);
        QCOMPARE(focusedName(), QStringLiteral("birthDateLineEdit"));
        type(QStringLiteral("14/02/1988"));
        press(Qt::Key_Tab);
        QCOMPARE(focusedName(), QStringLiteral("sexComboBox"));
        type(QStringLiteral("nu"));  // finds Nữ without the diacritic
        QCOMPARE(d.child<QComboBox>("sexComboBox")->currentData().toString(), QStringLiteral("F"));
        press(Qt::Key_Tab);
        QCOMPARE(focusedName(), QStringLiteral("cccdLineEdit"));
        type(QStringLiteral("00118800123"));  // one digit short
        press(Qt::Key_Tab);
        press(Qt::Key_Tab);
        press(Qt::Key_Tab);
        QCOMPARE(focusedName(), QStringLiteral("phoneLineEdit"));
        type(QStringLiteral("0112345678"));  // not a Vietnamese number
        press(Qt::Key_S, Qt::ControlModifier);

        QCOMPARE(d.people(), 0);
        QLabel* cccdError = d.label("cccdErrorLabel");
        QVERIFY(cccdError->isVisible());
        QVERIFY2(cccdError->text().contains(QStringLiteral("12 digits")), qPrintable(cccdError->text()));
        QVERIFY(d.label("phoneErrorLabel")->isVisible());
        QVERIFY(!d.label("phoneErrorLabel")->text().isEmpty());
        QVERIFY(!d.label("fullNameErrorLabel")->isVisible());
        QVERIFY(!d.label("birthDateErrorLabel")->isVisible());
        QCOMPARE(focusedName(), QStringLiteral("cccdLineEdit"));  // the first bad field

        // Fix both: the focused field has its text selected, typing replaces it.
        type(QStringLiteral("001188001234"));
        press(Qt::Key_Tab);
        press(Qt::Key_Tab);
        press(Qt::Key_Tab);
        QCOMPARE(focusedName(), QStringLiteral("phoneLineEdit"));
        press(Qt::Key_A, Qt::ControlModifier);
        type(QStringLiteral("0912 345 678"));
        press(Qt::Key_Return, Qt::ControlModifier);

        QCOMPARE(d.people(), 1);
        QVERIFY(!d.form()->isVisible());
        const auto saved = d.ctx.registration().person(d.selectedId());
        QVERIFY(saved);
        QCOMPARE(saved->fullName, QStringLiteral("Phạm Thị Hoa"));
        QCOMPARE(saved->cccd, QStringLiteral("001188001234"));
        QCOMPARE(saved->phone, QStringLiteral("+84912345678"));
        QCOMPARE(saved->sex, Sex::Female);
        QCOMPARE(focusedName(), QStringLiteral("checkInButton"));  // ready to check in
        QVERIFY(d.label("statusLabel")->text().contains(QStringLiteral("Phạm Thị Hoa")));
    }

    void aDuplicateCccdAnsweredNoKeepsTheFormWithTheReason()
    {
        Desk d;
        d.site.registerPerson(QStringLiteral("Trần Thị Lan"), QStringLiteral("1990-05-06"), QStringLiteral("F"),
            QStringLiteral("079190004321"));
        QVERIFY(QTest::qWaitForWindowActive(&d.page));
        d.page.focusSearch();
        fillTheSameCard();
        MessageBox::setNextAnswer(QMessageBox::No);
        press(Qt::Key_S, Qt::ControlModifier);
        QVERIFY(MessageBox::lastText().contains(QStringLiteral("Trần Thị Lan")));
        QVERIFY(d.form()->isVisible());
        QVERIFY(d.label("cccdErrorLabel")->isVisible());
        QVERIFY(d.label("cccdErrorLabel")->text().contains(QStringLiteral("Trần Thị Lan")));
        QCOMPARE(d.people(), 1);

        // Esc on a form with typed data asks first; "No" keeps it.
        MessageBox::setNextAnswer(QMessageBox::No);
        press(Qt::Key_Escape);
        QVERIFY(MessageBox::lastText().contains(QStringLiteral("Discard")));
        QVERIFY(d.form()->isVisible());
        MessageBox::setNextAnswer(QMessageBox::Yes);
        press(Qt::Key_Escape);
        QVERIFY(!d.form()->isVisible());
        QCOMPARE(focused(), d.search());
        QCOMPARE(d.people(), 1);
    }

    void aDuplicateCccdAnsweredYesOpensTheRegisteredPerson()
    {
        Desk d;
        const QString lan = d.site.registerPerson(QStringLiteral("Trần Thị Lan"), QStringLiteral("1990-05-06"),
            QStringLiteral("F"), QStringLiteral("079190004321"));
        QVERIFY(QTest::qWaitForWindowActive(&d.page));
        d.page.focusSearch();
        fillTheSameCard();
        MessageBox::setNextAnswer(QMessageBox::Yes);
        press(Qt::Key_S, Qt::ControlModifier);

        QVERIFY(MessageBox::lastText().contains(QStringLiteral("Trần Thị Lan")));
        QVERIFY(!d.form()->isVisible());
        QCOMPARE(d.selectedId(), lan);
        QCOMPARE(d.people(), 1);
        QCOMPARE(focusedName(), QStringLiteral("checkInButton"));
    }

    void aScannedCardOfSomeoneNewFillsTheForm()
    {
        Desk d;
        QVERIFY(QTest::qWaitForWindowActive(&d.page));
        d.page.focusSearch();
        // A scanner in keyboard mode types the QR's text and Enter.
        type(QStringLiteral("001190009876||Hoàng Thị Mai|05061990|Nữ|Số 3 Hàng Bạc, Hoàn Kiếm, Hà Nội|15032021"));
        press(Qt::Key_Return);

        QVERIFY(d.form()->isVisible());
        QCOMPARE(d.child<QLineEdit>("fullNameLineEdit")->text(), QStringLiteral("Hoàng Thị Mai"));
        QCOMPARE(d.child<QLineEdit>("birthDateLineEdit")->text(), QStringLiteral("05/06/1990"));
        QCOMPARE(d.child<QComboBox>("sexComboBox")->currentData().toString(), QStringLiteral("F"));
        QCOMPARE(d.child<QLineEdit>("cccdLineEdit")->text(), QStringLiteral("001190009876"));
        QCOMPARE(d.child<QLineEdit>("addressLineEdit")->text(), QStringLiteral("Số 3 Hàng Bạc, Hoàn Kiếm, Hà Nội"));
        QCOMPARE(d.search()->text(), QStringLiteral("001190009876"));  // not the QR's raw text
        QCOMPARE(focusedName(), QStringLiteral("phoneLineEdit"));      // what the card does not hold
        QCOMPARE(d.people(), 0);

        // The province and the ward are found by typing without diacritics; since 1 July 2025
        // there is no district to choose, so Tab goes from the province straight to the ward.
        type(QStringLiteral("0912345678"));
        press(Qt::Key_Tab);
        press(Qt::Key_Tab);
        QCOMPARE(focusedName(), QStringLiteral("provinceComboBox"));
        type(QStringLiteral("ha noi"));
        QCOMPARE(d.child<QComboBox>("provinceComboBox")->currentData().toString(), QStringLiteral("01"));
        QVERIFY(!d.child<QComboBox>("districtComboBox")->isVisible());
        press(Qt::Key_Tab);
        QCOMPARE(focusedName(), QStringLiteral("wardComboBox"));
        type(QStringLiteral("hoan kiem"));
        QCOMPARE(d.child<QComboBox>("wardComboBox")->currentText(), QStringLiteral("Phường Hoàn Kiếm"));

        press(Qt::Key_S, Qt::ControlModifier);
        QCOMPARE(d.people(), 1);
        QVERIFY(!d.form()->isVisible());
        const auto saved = d.ctx.registration().person(d.selectedId());
        QVERIFY(saved);
        QCOMPARE(saved->cccd, QStringLiteral("001190009876"));
        QCOMPARE(saved->provinceCode, QStringLiteral("01"));
        QCOMPARE(saved->wardCode, QStringLiteral("00070"));
        QCOMPARE(saved->districtCode, QString());
    }

    void aScannedCardOfSomeoneRegisteredSelectsThem()
    {
        Desk d;
        d.site.registerPerson(QStringLiteral("Nguyễn Văn Đức"), QStringLiteral("1985-03-12"));
        const QString tuan = d.site.registerPerson(QStringLiteral("Lê Minh Tuấn"), QStringLiteral("1992-10-20"),
            QStringLiteral("M"), QStringLiteral("048092001122"));
        QVERIFY(QTest::qWaitForWindowActive(&d.page));
        d.page.focusSearch();
        type(QStringLiteral("048092001122|201234567|Lê Minh Tuấn|20101992|Nam|12 Lê Duẩn, Hải Châu, Đà Nẵng|01022022"));
        press(Qt::Key_Return);
        QVERIFY(!d.form()->isVisible());
        QCOMPARE(d.results()->model()->rowCount(), 1);
        QCOMPARE(d.selectedId(), tuan);
        QCOMPARE(focused(), d.search());
        QCOMPARE(d.people(), 2);
    }

    void checkInPutsTheSelectedPersonInTodaysQueue()
    {
        Desk d;
        const QString duc = d.site.registerPerson(QStringLiteral("Nguyễn Văn Đức"), QStringLiteral("1985-03-12"));
        QVERIFY(QTest::qWaitForWindowActive(&d.page));
        QSignalSpy checkedIn(&d.page, &RegistrationPage::checkedIn);
        d.page.focusSearch();
        type(QStringLiteral("nguyen van duc"));
        QTRY_COMPARE(d.results()->model()->rowCount(), 1);
        QCOMPARE(d.selectedId(), duc);
        press(Qt::Key_Return, Qt::ControlModifier);

        QCOMPARE(checkedIn.count(), 1);
        const QString visitId = checkedIn.first().first().toString();
        const auto visit = d.site.store().clinical().visit(visitId);
        QVERIFY(visit);
        QCOMPARE(visit->personId, duc);
        QCOMPARE(d.site.store().clinical().openVisit(duc, d.site.clock().today())->stamp.id, visitId);
        // The desk shows who is already waiting.
        QCOMPARE(d.results()->model()->index(0, PersonTableModel::TodayColumn).data().toString(), QStringLiteral("In queue"));
        QVERIFY(d.label("resultsInfoLabel")->text().contains(QStringLiteral("1 already in today's queue")));

        // Checking in again keeps the one visit, and says so.
        press(Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(checkedIn.count(), 2);
        QCOMPARE(checkedIn.last().first().toString(), visitId);
        QVERIFY(d.label("statusLabel")->text().contains(QStringLiteral("already in today's queue")));
        QCOMPARE(d.site.store().clinical().queue(d.site.clock().today()).size(), 1);
    }

    void enterOpensThePersonAndSavingKeepsWhatTheFormDoesNotShow()
    {
        Desk d;
        PersonDraft draft;
        draft.fullName = QStringLiteral("Lò Văn Páo");
        draft.birthDate = QStringLiteral("1975-08-02");
        draft.sex = QStringLiteral("M");
        draft.cmnd = QStringLiteral("040123456");
        draft.ethnicity = QStringLiteral("Thái");
        draft.insuranceNumber = QStringLiteral("HN4010123456789");
        auto pao = d.ctx.registration().registerPerson(d.site.nurse(), draft);
        QVERIFY2(pao.ok(), qPrintable(pao.ok() ? QString() : pao.error().message()));
        QVERIFY(QTest::qWaitForWindowActive(&d.page));
        QSignalSpy historyRequested(&d.page, &RegistrationPage::historyRequested);
        d.page.focusSearch();
        type(QStringLiteral("lo van pao"));
        QTRY_COMPARE(d.results()->model()->rowCount(), 1);
        press(Qt::Key_H, Qt::ControlModifier);
        QCOMPARE(historyRequested.count(), 1);
        QCOMPARE(historyRequested.first().first().toString(), pao->stamp.id);

        press(Qt::Key_Return);
        QVERIFY(d.form()->isVisible());
        QCOMPARE(d.child<QLineEdit>("fullNameLineEdit")->text(), QStringLiteral("Lò Văn Páo"));
        QCOMPARE(d.child<QLineEdit>("birthDateLineEdit")->text(), QStringLiteral("02/08/1975"));
        QVERIFY(!d.child<QPushButton>("checkInButton")->isEnabled());  // save or cancel first
        // Esc on an untouched form closes it without a question.
        MessageBox::setNextAnswer(QMessageBox::NoButton);
        const QString before = MessageBox::lastText();
        press(Qt::Key_Escape);
        QVERIFY(!d.form()->isVisible());
        QCOMPARE(MessageBox::lastText(), before);

        press(Qt::Key_E, Qt::ControlModifier);
        QVERIFY(d.form()->isVisible());
        d.child<QLineEdit>("phoneLineEdit")->setFocus();
        type(QStringLiteral("0987654321"));
        press(Qt::Key_S, Qt::ControlModifier);
        QVERIFY(!d.form()->isVisible());
        const auto saved = d.ctx.registration().person(pao->stamp.id);
        QCOMPARE(saved->phone, QStringLiteral("+84987654321"));
        QCOMPARE(saved->ethnicity, QStringLiteral("Thái"));
        QCOMPARE(saved->insuranceNumber, QStringLiteral("HN4010123456789"));
        QCOMPARE(d.people(), 1);
        QCOMPARE(d.selectedId(), pao->stamp.id);
    }
};

QTEST_MAIN(TestRegistrationPage)
#include "tst_registrationpage.moc"

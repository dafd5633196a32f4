#include "ui/history/HistoryPage.h"

#include "app/services/InjectionService.h"
#include "app/services/ObservationService.h"
#include "app/services/ScreeningService.h"
#include "app/store/SiteStore.h"
#include "app/store/StockRepository.h"
#include "tests/support/Screenings.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"
#include "ui/AppContext.h"
#include "ui/common/MessageBox.h"
#include "ui/common/ReasonDialog.h"
#include "ui/history/InjectionHistoryModel.h"

#include <QApplication>
#include <QFont>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>

using namespace vax;

namespace {

// A person with two doses of one lot, 60 days apart, on a shown and active history page.
struct Record {
    test::TestSite site;
    AppContext ctx{site.store(), site.clock(), site.units(), site.form()};
    QString lot = site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABX4521"), 20);
    QString person = site.registerPerson(QStringLiteral("Nguyễn Văn Đức"), QStringLiteral("1985-03-12"),
        QStringLiteral("M"), QStringLiteral("001085001234"));
    QStringList doses;
    HistoryPage page{ctx};

    Record()
    {
        ctx.setSession(site.nurse());
        doses << giveDose();
        site.clock().advanceSecs(60LL * 60 * 24 * 60);
        doses << giveDose();
        page.resize(1280, 760);
        page.show();
        QApplication::setActiveWindow(&page);
    }

    QString giveDose()
    {
        DoseRequest request;
        request.personId = person;
        request.visitId = test::checkInAndScreen(ctx.screening(), site.nurse(), person, test::allNoExcept(site.form()));
        request.lotId = lot;
        return test::must(ctx.injections().record(site.nurse(), request)).injection.stamp.id;
    }

    int stock() { return site.store().stock().balance(site.store().identity().holderId(), lot); }
    QTableView* table() { return page.findChild<QTableView*>(QStringLiteral("historyTableView")); }
    QPushButton* voidButton() { return page.findChild<QPushButton*>(QStringLiteral("voidDoseButton")); }
    QVariant cell(int row, int column, int role = Qt::DisplayRole) { return table()->model()->index(row, column).data(role); }
};

} // namespace

class TestHistoryPage : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        test::failOnSqlWarnings();
        MessageBox::setNextAnswer(QMessageBox::NoButton);
        ReasonDialog::setNextReason(QString());
    }

    void showsWhoAndTheirDosesOldestFirst()
    {
        Record r;
        QVERIFY(QTest::qWaitForWindowActive(&r.page));
        QVERIFY(r.page.findChild<QLabel*>(QStringLiteral("personHeaderLabel"))->text().contains(QStringLiteral("No person")));
        r.page.showPerson(r.person);

        const QString header = r.page.findChild<QLabel*>(QStringLiteral("personHeaderLabel"))->text();
        for (const QString& part : {QStringLiteral("Nguyễn Văn Đức"), QStringLiteral("12/03/1985"), QStringLiteral("41 y"),
                 QStringLiteral("Male"), QStringLiteral("001085001234")})
            QVERIFY2(header.contains(part), qPrintable(part));
        QCOMPARE(r.table()->model()->rowCount(), 2);
        QCOMPARE(r.cell(0, InjectionHistoryModel::DoseColumn).toInt(), 1);
        QCOMPARE(r.cell(0, InjectionHistoryModel::DoseColumn, InjectionHistoryModel::IdRole).toString(), r.doses.at(0));
        QCOMPARE(r.cell(1, InjectionHistoryModel::DoseColumn).toInt(), 2);
        QVERIFY(r.cell(0, InjectionHistoryModel::DateTimeColumn, InjectionHistoryModel::InjectedAtRole).toDateTime()
            < r.cell(1, InjectionHistoryModel::DateTimeColumn, InjectionHistoryModel::InjectedAtRole).toDateTime());
        QCOMPARE(r.table()->currentIndex().row(), 1);  // the latest dose, ready to act on
        QCOMPARE(QApplication::focusWidget(), r.table());
        QVERIFY(r.voidButton()->isEnabled());

        // Screenings and reactions are listed too.
        auto event = r.ctx.observation().reportAdverseEvent(r.site.nurse(),
            {r.doses.at(1), {}, {QStringLiteral("urticaria")}, QStringLiteral("hives on both arms"), false, {},
                AefiOutcome::Recovering, {}});
        QVERIFY2(event.ok(), qPrintable(event.ok() ? QString() : event.error().message()));
        r.ctx.notifyDataChanged();
        const QString reactions = r.page.findChild<QTextBrowser*>(QStringLiteral("reactionsTextBrowser"))->toPlainText();
        QVERIFY2(reactions.contains(QStringLiteral("urticaria")) && reactions.contains(QStringLiteral("hives on both arms"))
                && reactions.contains(QStringLiteral("after dose 2")),
            qPrintable(reactions));
        QVERIFY2(reactions.contains(QStringLiteral("Screenings (2)")), qPrintable(reactions));
    }

    void voidingADoseAsksWhyConfirmsAndGivesItBackToStock()
    {
        Record r;
        QVERIFY(QTest::qWaitForWindowActive(&r.page));
        r.page.showPerson(r.person);
        // 20 − 2 doses − the 9 left in the first dose's vial, discarded when the second dose
        // came 60 days later and needed a fresh vial.
        QCOMPARE(r.stock(), 9);
        QCOMPARE(r.table()->currentIndex().row(), 1);

        // No reason given: nothing is asked, nothing changes.
        ReasonDialog::setNextReason(QStringLiteral(""));
        MessageBox::setNextAnswer(QMessageBox::Yes);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_D, Qt::ControlModifier);
        QVERIFY(!r.cell(1, InjectionHistoryModel::StatusColumn, InjectionHistoryModel::VoidedRole).toBool());
        MessageBox::setNextAnswer(QMessageBox::NoButton);

        // A reason, but "No" at the confirmation: nothing changes either.
        ReasonDialog::setNextReason(QStringLiteral("recorded for the wrong person"));
        MessageBox::setNextAnswer(QMessageBox::No);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_D, Qt::ControlModifier);
        QVERIFY(MessageBox::lastText().contains(QStringLiteral("recorded for the wrong person")));
        QVERIFY(!r.cell(1, InjectionHistoryModel::StatusColumn, InjectionHistoryModel::VoidedRole).toBool());
        QCOMPARE(r.stock(), 9);

        ReasonDialog::setNextReason(QStringLiteral("recorded for the wrong person"));
        MessageBox::setNextAnswer(QMessageBox::Yes);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_D, Qt::ControlModifier);
        QCOMPARE(r.table()->model()->rowCount(), 2);  // still listed
        QCOMPARE(r.cell(1, InjectionHistoryModel::StatusColumn).toString(), QStringLiteral("Void: recorded for the wrong person"));
        QVERIFY(r.cell(1, InjectionHistoryModel::StatusColumn, InjectionHistoryModel::VoidedRole).toBool());
        QVERIFY(r.cell(1, InjectionHistoryModel::VaccineColumn, Qt::FontRole).value<QFont>().strikeOut());
        QCOMPARE(r.cell(0, InjectionHistoryModel::StatusColumn).toString(), QStringLiteral("Valid"));
        QCOMPARE(r.stock(), 10);  // the dose went back to the lot
        QVERIFY(r.site.store().clinical().isVoided(r.doses.at(1)));
        QCOMPARE(r.table()->currentIndex().row(), 1);
        QVERIFY(!r.voidButton()->isEnabled());  // a void dose cannot be voided again

        // Up to the first dose: it may be voided.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Up);
        QCOMPARE(r.table()->currentIndex().row(), 0);
        QVERIFY(r.voidButton()->isEnabled());
    }
};

QTEST_MAIN(TestHistoryPage)
#include "tst_historypage.moc"

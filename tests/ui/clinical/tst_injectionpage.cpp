#include "app/services/InjectionService.h"
#include "app/services/ScreeningService.h"
#include "app/services/VialService.h"
#include "app/stock/StockReasons.h"
#include "app/store/StockRepository.h"
#include "tests/support/Pages.h"
#include "tests/support/Screenings.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"
#include "ui/AppContext.h"
#include "ui/common/MessageBox.h"
#include "ui/injection/InjectionPage.h"
#include "ui/injection/LotChoiceModel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTest>

using namespace vax;

namespace {

struct Station {
    test::TestSite site;
    AppContext context{site.store(), site.clock(), site.units(), site.form()};
    QString lot = site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABX4521"), 20);
    InjectionPage page{context};

    Station()
    {
        context.setSession(site.nurse());
        test::showActive(page);
    }

    // Checks the person in and screens them, with `yesItem` answered yes; returns the visit.
    QString screened(const QString& person, const QString& yesItem = {})
    {
        const QString visit =
            test::checkInAndScreen(context.screening(), site.nurse(), person, test::allNoExcept(site.form(), yesItem));
        context.notifyDataChanged();
        return visit;
    }

    template <typename T>
    T* child(const QString& name)
    {
        return test::child<T>(page, name);
    }
    QWidget* focus() { return QApplication::focusWidget(); }
    void closeSessionKey() { QTest::keyClick(focus() ? focus() : &page, Qt::Key_X, Qt::ControlModifier | Qt::ShiftModifier); }
    int stock(const QString& lotId) { return site.store().stock().balance(site.store().identity().holderId(), lotId); }
    // Doses given from the lot now, without the page (another nurse at the same laptop).
    void give(int doses)
    {
        for (int i = 0; i < doses; ++i) {
            DoseRequest d;
            d.personId = site.registerPerson();
            d.lotId = lot;
            d.requireScreening = false;
            QVERIFY(context.injections().record(site.nurse(), d).ok());
        }
        context.notifyDataChanged();
    }
    QString openVialText() { return child<QAbstractItemView>(QStringLiteral("lotTableView"))->model()->index(0, LotChoiceModel::OpenVialColumn).data().toString(); }
    QList<StockMovement> openVialWastage()
    {
        LedgerFilter f;
        f.lotId = lot;
        QList<StockMovement> out;
        for (const StockMovement& m : site.store().stock().ledger(f)) {
            if (m.kind == MovementKind::Wastage && m.reason == wastageReasonKey(WastageReason::OpenVial))
                out << m;
        }
        return out;
    }
    void at(int hour, int minute) { site.clock().set(QDateTime(site.clock().today(), QTime(hour, minute))); }
    QString selectedLot()
    {
        const QModelIndexList rows = child<QAbstractItemView>(QStringLiteral("lotTableView"))->selectionModel()->selectedRows();
        return rows.size() == 1 ? rows.first().data(LotChoiceModel::IdRole).toString() : QString();
    }
};

} // namespace

class TestInjectionPage : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }

    void theFirstLotIsReadyAndCtrlEnterRecordsTheDose()
    {
        Station s;
        const QString later = s.site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("LATER01"), 20, 300);
        s.context.notifyDataChanged();
        const QString person = s.site.registerPerson();
        const QString visit = s.screened(person);
        QCOMPARE(s.child<QAbstractItemView>(QStringLiteral("injectionQueueTableView"))->model()->rowCount(), 1);
        QSignalSpy recorded(&s.page, &InjectionPage::doseRecorded);

        s.page.selectVisit(visit);
        QCOMPARE(s.selectedLot(), s.lot);  // first expiry first
        QVERIFY(s.selectedLot() != later);
        QCOMPARE(s.focus(), s.child<QWidget>(QStringLiteral("lotTableView")));
        QVERIFY(s.child<QLabel>(QStringLiteral("doseNumberLabel"))->text().startsWith(QStringLiteral("Dose 1")));
        QVERIFY(s.child<QRadioButton>(QStringLiteral("leftArmRadioButton"))->isChecked());
        QVERIFY(!s.child<QCheckBox>(QStringLiteral("cautionConfirmCheckBox"))->isVisible());
        QTest::keyClick(s.focus(), Qt::Key_R);
        QVERIFY(s.child<QRadioButton>(QStringLiteral("rightArmRadioButton"))->isChecked());
        QTest::keyClick(s.focus(), Qt::Key_Return, Qt::ControlModifier);

        QCOMPARE(recorded.count(), 1);
        QCOMPARE(s.stock(s.lot), 19);
        QCOMPARE(s.stock(later), 20);
        const auto given = s.site.store().clinical().injectionOfVisit(visit);
        QVERIFY(given);
        QCOMPARE(recorded.first().at(0).toString(), given->stamp.id);
        QCOMPARE(given->bodySite, BodySite::RightArm);
        QCOMPARE(given->lotId, s.lot);
        // Injected: off the list; the lot list shows the dose gone.
        QCOMPARE(s.child<QAbstractItemView>(QStringLiteral("injectionQueueTableView"))->model()->rowCount(), 0);
        QCOMPARE(s.context.injections().lotChoices().first().balance.doses, 19);
        QVERIFY(s.child<QLabel>(QStringLiteral("warningsLabel"))->isHidden());
        // Nothing selected any more: Ctrl+Enter records nothing.
        QTest::keyClick(s.focus(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(s.stock(s.lot), 19);
    }

    void cautionNeedsTheDoctorsAgreementTicked()
    {
        Station s;
        const QString person = s.site.registerPerson();
        const QString visit = s.screened(person, test::itemLeadingTo(s.site.form(), ScreeningConclusion::Caution));
        QSignalSpy recorded(&s.page, &InjectionPage::doseRecorded);
        s.page.selectVisit(visit);
        auto* confirm = s.child<QCheckBox>(QStringLiteral("cautionConfirmCheckBox"));
        QVERIFY(confirm->isVisible());
        QVERIFY(!confirm->isChecked());

        QTest::keyClick(s.focus(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(recorded.count(), 0);
        QCOMPARE(s.stock(s.lot), 20);
        QVERIFY(!s.site.store().clinical().injectionOfVisit(visit));
        auto* error = s.child<QLabel>(QStringLiteral("cautionErrorLabel"));
        QVERIFY(error->isVisible());
        QVERIFY(error->text().contains(QStringLiteral("doctor")));
        QCOMPARE(s.focus(), confirm);

        QTest::keyClick(confirm, Qt::Key_Space);
        QVERIFY(confirm->isChecked());
        QTest::keyClick(confirm, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(recorded.count(), 1);
        QCOMPARE(s.stock(s.lot), 19);
        QVERIFY(s.site.store().clinical().injectionOfVisit(visit));
    }

    void aSecondDoseNamesTheFirstAndPrefersItsProduct()
    {
        Station s;
        const QString comirnaty = s.site.receive(QStringLiteral("COMIRNATY"), QStringLiteral("FN7792"), 12);
        s.context.notifyDataChanged();
        const QString person = s.site.registerPerson();
        DoseRequest first;
        first.personId = person;
        first.lotId = s.lot;
        first.requireScreening = false;
        first.injectedAt = s.site.clock().now().addDays(-20);  // too early for dose 2 of Vaxzevria
        QVERIFY(s.context.injections().record(s.site.nurse(), first).ok());
        const QString visit = s.screened(person);

        s.page.selectVisit(visit);
        QCOMPARE(s.child<QLabel>(QStringLiteral("doseNumberLabel"))->text(),
            QStringLiteral("Dose 2 — Vaxzevria dose 1 was on %1").arg(s.site.clock().today().addDays(-20).toString(QStringLiteral("dd/MM/yyyy"))));
        QCOMPARE(s.selectedLot(), s.lot);  // Comirnaty sorts first, but dose 1 was Vaxzevria
        QVERIFY(s.selectedLot() != comirnaty);

        MessageBox::setNextAnswer(QMessageBox::Ok);
        QTest::keyClick(s.focus(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(s.site.store().clinical().injectionOfVisit(visit));
        auto* warnings = s.child<QLabel>(QStringLiteral("warningsLabel"));
        QVERIFY(warnings->isVisible());
        QVERIFY2(warnings->text().contains(QStringLiteral("56 days")), qPrintable(warnings->text()));
        QVERIFY(MessageBox::lastText().contains(QStringLiteral("56 days")));
    }

    void aDeferredPersonIsNotOfferedForInjection()
    {
        Station s;
        const QString deferItem = test::itemLeadingTo(s.site.form(), ScreeningConclusion::Defer, false);
        const QString visit = s.screened(s.site.registerPerson(), deferItem);
        QCOMPARE(s.child<QAbstractItemView>(QStringLiteral("injectionQueueTableView"))->model()->rowCount(), 0);
        s.page.selectVisit(visit);
        QVERIFY(s.child<QLabel>(QStringLiteral("injectionErrorLabel"))->text().contains(QStringLiteral("not waiting")));
        QTest::keyClick(&s.page, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(s.stock(s.lot), 20);
    }

    void anOpenVialCountsDownAndWarnsInItsLastHalfHour()
    {
        Station s;  // 09:00: three doses open a 10-dose vial, to discard at 15:00
        s.give(3);
        auto* banner = s.child<QLabel>(QStringLiteral("openVialWarningLabel"));
        QCOMPARE(s.openVialText(), QStringLiteral("7 dose(s) left · discard in 6 h"));
        QVERIFY(banner->isHidden());

        s.at(13, 48);
        s.page.tick();
        QCOMPARE(s.openVialText(), QStringLiteral("7 dose(s) left · discard in 1 h 12 min"));
        QVERIFY(banner->isHidden());

        s.at(14, 32);
        s.page.tick();
        QCOMPARE(s.openVialText(), QStringLiteral("⚠ 7 dose(s) left · discard in 28 min"));
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QStringLiteral("lot ABX4521")) && banner->text().contains(QStringLiteral("by 15:00"))
                && banner->text().contains(QStringLiteral("7 dose(s) left")),
            qPrintable(banner->text()));
        // Used up before its time: no vial left open, no warning.
        s.give(7);
        QVERIFY(s.openVialText().isEmpty());
        QVERIFY(banner->isHidden());
        QVERIFY(s.openVialWastage().isEmpty());
    }

    void aVialPastItsTimeIsWastedAndTheNextDoseOpensAnother()
    {
        Station s;
        s.give(3);
        const QString first = s.context.vials().openVials().first().vial.stamp.id;
        s.at(15, 0);
        QVERIFY(s.openVialWastage().isEmpty());
        s.page.tick();

        // The 7 doses left are open-vial wastage as of 15:00, and the lot is offered sealed.
        const QList<StockMovement> wasted = s.openVialWastage();
        QCOMPARE(wasted.size(), 1);
        QCOMPARE(wasted.first().doses, -7);
        QCOMPARE(wasted.first().vialId, first);
        QCOMPARE(wasted.first().occurredAt.time(), QTime(15, 0));
        QCOMPARE(s.stock(s.lot), 10);
        QVERIFY(s.context.vials().openVials().isEmpty());
        QVERIFY(s.openVialText().isEmpty());
        QVERIFY(s.child<QLabel>(QStringLiteral("openVialWarningLabel"))->isHidden());
        const QString status = s.child<QLabel>(QStringLiteral("vialStatusLabel"))->text();
        QVERIFY2(status.contains(QStringLiteral("ABX4521")) && status.contains(QStringLiteral("open-vial wastage")), qPrintable(status));
        s.page.tick();  // once only
        QCOMPARE(s.openVialWastage().size(), 1);

        // The next dose comes from a new vial.
        const QString visit = s.screened(s.site.registerPerson());
        s.page.selectVisit(visit);
        QTest::keyClick(s.focus(), Qt::Key_Return, Qt::ControlModifier);
        const auto given = s.site.store().clinical().injectionOfVisit(visit);
        QVERIFY(given);
        const auto movement = s.site.store().stock().movement(given->movementId);
        QVERIFY(movement);
        QVERIFY(!movement->vialId.isEmpty() && movement->vialId != first);
        QCOMPARE(s.openVialText(), QStringLiteral("9 dose(s) left · discard in 6 h"));
    }

    void closeSessionFromTheInjectionPageDiscardsWhatTheVialHolds()
    {
        Station s;
        s.give(3);
        auto* button = s.child<QPushButton>(QStringLiteral("closeSessionPushButton"));
        QVERIFY(button->isEnabled());

        // Asked first, with what is lost; No keeps the vial.
        MessageBox::setNextAnswer(QMessageBox::No);
        s.closeSessionKey();
        QVERIFY2(MessageBox::lastText().contains(QStringLiteral("Discard the 7 dose(s)"))
                && MessageBox::lastText().contains(QStringLiteral("ABX4521")),
            qPrintable(MessageBox::lastText()));
        QCOMPARE(s.stock(s.lot), 17);
        QCOMPARE(s.openVialText(), QStringLiteral("7 dose(s) left · discard in 6 h"));

        s.at(11, 30);
        MessageBox::setNextAnswer(QMessageBox::Yes);
        s.closeSessionKey();
        const QList<StockMovement> wasted = s.openVialWastage();
        QCOMPARE(wasted.size(), 1);
        QCOMPARE(wasted.first().doses, -7);
        QCOMPARE(wasted.first().occurredAt.time(), QTime(11, 30));
        QCOMPARE(s.stock(s.lot), 10);
        QVERIFY(s.openVialText().isEmpty());
        QVERIFY2(s.child<QLabel>(QStringLiteral("vialStatusLabel"))->text().contains(QStringLiteral("Session closed")),
            qPrintable(s.child<QLabel>(QStringLiteral("vialStatusLabel"))->text()));

        // Nothing open: nothing asked.
        const QString asked = MessageBox::lastText();
        button->click();
        QCOMPARE(MessageBox::lastText(), asked);
        QVERIFY(s.child<QLabel>(QStringLiteral("vialStatusLabel"))->text().contains(QStringLiteral("No vial is open")));
        QCOMPARE(s.stock(s.lot), 10);
    }
};

QTEST_MAIN(TestInjectionPage)
#include "tst_injectionpage.moc"

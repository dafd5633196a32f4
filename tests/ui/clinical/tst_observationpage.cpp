#include "app/clinical/AefiSymptoms.h"
#include "app/services/InjectionService.h"
#include "app/services/ObservationService.h"
#include "tests/support/Must.h"
#include "tests/support/Pages.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"
#include "ui/AppContext.h"
#include "ui/common/MessageBox.h"
#include "ui/common/ReasonDialog.h"
#include "ui/observation/AdverseEventDialog.h"
#include "ui/observation/ObservationModel.h"
#include "ui/observation/ObservationPage.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QBrush>
#include <QCheckBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTest>

using namespace vax;

namespace {

struct Board {
    test::TestSite site;
    AppContext context{site.store(), site.clock(), site.units(), site.form()};
    QString lot = site.receive(QStringLiteral("COMIRNATY"), QStringLiteral("FN7792"), 12);
    QString person;
    QString injection;
    ObservationPage page{context};

    Board()
    {
        context.setSession(site.nurse());
        person = site.registerPerson(QStringLiteral("Hồ Thị Xuân"), QStringLiteral("1975-04-30"), QStringLiteral("F"));
        DoseRequest d;
        d.personId = person;
        d.lotId = lot;
        d.requireScreening = false;
        injection = test::must(context.injections().record(site.nurse(), d)).injection.stamp.id;
        context.notifyDataChanged();
        test::showActive(page);
        page.selectInjection(injection);
    }

    QAbstractItemView* table() { return page.findChild<QAbstractItemView*>(QStringLiteral("observationTableView")); }
    QAbstractItemModel* model() { return table()->model(); }
    QString cell(int column) { return model()->index(0, column).data().toString(); }
    QString summary() { return page.findChild<QLabel*>(QStringLiteral("boardSummaryLabel"))->text(); }
    QWidget* focus() { return QApplication::focusWidget(); }
    std::optional<Observation> released() { return site.store().clinical().observationOf(injection); }
};

} // namespace

class TestObservationPage : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }
    void cleanup()
    {
        MessageBox::setNextAnswer(QMessageBox::NoButton);
        ReasonDialog::setNextReason(QString());
    }

    void theSymptomListShipsWithTheAppAndBadListsAreRefused()
    {
        const auto builtin = AefiSymptoms::builtin();
        QVERIFY2(builtin.ok(), qPrintable(builtin.ok() ? QString() : builtin.error().message()));
        QCOMPARE(builtin->symptoms().size(), 18);
        QCOMPARE(builtin->text(QStringLiteral("fever"), QLocale(QLocale::English)), QStringLiteral("Fever"));
        QCOMPARE(builtin->text(QStringLiteral("fever"), QLocale(QLocale::Vietnamese)), QStringLiteral("Sốt"));
        QCOMPARE(builtin->text(QStringLiteral("from_a_newer_list"), QLocale()), QStringLiteral("from_a_newer_list"));
        const auto twice = AefiSymptoms::parse(R"({"format": 1, "symptoms": [{"key": "fever", "vi": "Sốt", "en": "Fever"},
            {"key": "fever", "vi": "Sốt cao", "en": "High fever"}]})");
        QVERIFY(!twice.ok());
        QVERIFY(twice.error().hasField(QStringLiteral("symptoms[1].key")));
        const auto untranslated = AefiSymptoms::parse(R"({"format": 1, "symptoms": [{"key": "fever", "en": "Fever"}]})");
        QVERIFY(!untranslated.ok());
        QVERIFY(untranslated.error().hasField(QStringLiteral("symptoms[0]")));
    }

    void theCountdownFollowsTheClock()
    {
        Board b;
        QCOMPARE(b.page.objectName(), QStringLiteral("observationPage"));
        QCOMPARE(b.model()->rowCount(), 1);
        QCOMPARE(b.cell(ObservationModel::NameColumn), QStringLiteral("Hồ Thị Xuân"));
        QCOMPARE(b.cell(ObservationModel::TimeLeftColumn), QStringLiteral("30:00"));
        QCOMPARE(b.summary(), QStringLiteral("1 under observation · 0 ready to release"));
        b.site.clock().advanceSecs(5 * 60 + 30);
        b.page.tick();
        QCOMPARE(b.cell(ObservationModel::TimeLeftColumn), QStringLiteral("24:30"));
        // The page's own timer moves it too, every second.
        b.site.clock().advanceSecs(60);
        QTRY_COMPARE_WITH_TIMEOUT(b.cell(ObservationModel::TimeLeftColumn), QStringLiteral("23:30"), 3000);
        QCOMPARE(b.table()->selectionModel()->selectedRows().size(), 1);
    }

    void whenTheTimeIsUpTheRowIsRedAndReady()
    {
        Board b;
        b.site.clock().advanceSecs(31 * 60);
        b.page.tick();
        QVERIFY(b.cell(ObservationModel::TimeLeftColumn).startsWith(QStringLiteral("Ready to release")));
        const QColor background = b.model()->index(0, ObservationModel::NameColumn).data(Qt::BackgroundRole).value<QBrush>().color();
        QVERIFY(background.isValid());
        QVERIFY2(background.hslHue() <= 15 && background.hslSaturation() > 100, qPrintable(background.name()));
        QCOMPARE(b.summary(), QStringLiteral("1 under observation · 1 ready to release"));
    }

    void releaseBeforeTheTimeIsRefusedAndNoKeepsThePerson()
    {
        Board b;
        b.site.clock().advanceSecs(10 * 60);
        MessageBox::setNextAnswer(QMessageBox::No);
        QTest::keyClick(b.focus(), Qt::Key_R, Qt::ControlModifier);
        QVERIFY2(MessageBox::lastText().contains(QStringLiteral("20 more minute")), qPrintable(MessageBox::lastText()));
        QVERIFY(!b.released());
        QCOMPARE(b.model()->rowCount(), 1);
    }

    void leavingEarlyIsRecordedWithTheNote()
    {
        Board b;
        b.site.clock().advanceSecs(10 * 60);
        MessageBox::setNextAnswer(QMessageBox::Yes);
        ReasonDialog::setNextReason(QStringLiteral("Told the risk, had to pick up her child"));
        QTest::keyClick(b.focus(), Qt::Key_R, Qt::ControlModifier);
        QVERIFY(b.released());
        QCOMPARE(b.released()->outcome, ObservationOutcome::LeftEarly);
        QCOMPARE(b.released()->note, QStringLiteral("Told the risk, had to pick up her child"));
        QCOMPARE(b.model()->rowCount(), 0);
    }

    void afterThirtyMinutesReleaseTakesThePersonOffTheBoard()
    {
        Board b;
        b.site.clock().advanceSecs(30 * 60);
        b.page.tick();
        QTest::keyClick(b.focus(), Qt::Key_R, Qt::ControlModifier);
        QVERIFY(b.released());
        QCOMPARE(b.released()->outcome, ObservationOutcome::Released);
        QCOMPARE(b.model()->rowCount(), 0);
        QCOMPARE(b.summary(), QStringLiteral("0 under observation · 0 ready to release"));
    }

    void aTransferSaysWhere()
    {
        Board b;
        ReasonDialog::setNextReason(QStringLiteral("Bệnh viện Bạch Mai, by ambulance"));
        QTest::keyClick(b.focus(), Qt::Key_T, Qt::ControlModifier);
        QVERIFY(b.released());
        QCOMPARE(b.released()->outcome, ObservationOutcome::Transferred);
        QCOMPARE(b.model()->rowCount(), 0);
    }

    void aReactionReportedThroughTheDialogShowsOnTheBoard()
    {
        Board b;
        b.site.clock().advanceSecs(12 * 60);
        QTest::keyClick(b.focus(), Qt::Key_E, Qt::ControlModifier);
        auto* dialog = b.page.findChild<AdverseEventDialog*>(QStringLiteral("adverseEventDialog"));
        QVERIFY(dialog);
        QTRY_COMPARE(QApplication::activeWindow(), dialog);
        // The cursor starts on the first symptom; Tab goes down the list in its order.
        QCOMPARE(b.focus()->objectName(), QStringLiteral("injection_site_painCheckBox"));
        for (int i = 0; i < 3; ++i)
            QTest::keyClick(b.focus(), Qt::Key_Tab);
        QCOMPARE(b.focus()->objectName(), QStringLiteral("feverCheckBox"));
        QTest::keyClick(b.focus(), Qt::Key_Space);
        QTest::keyClick(b.focus(), Qt::Key_Return);  // OK, the default button

        QTRY_VERIFY(!dialog->isVisible());
        const QList<AdverseEvent> events = b.site.store().clinical().adverseEventsOf(b.person);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().symptoms, QStringList{QStringLiteral("fever")});
        QCOMPARE(events.first().injectionId, b.injection);
        QCOMPARE(events.first().onsetAt.time().toString(QStringLiteral("HH:mm")), QStringLiteral("09:12"));
        QCOMPARE(b.cell(ObservationModel::ReactionsColumn), QStringLiteral("⚠ Fever"));
        QCOMPARE(b.table()->selectionModel()->selectedRows().size(), 1);
    }

    void aSeriousReactionNeedsItsReasonAndTheDialogStaysOpen()
    {
        Board b;
        QTest::keyClick(b.focus(), Qt::Key_E, Qt::ControlModifier);
        auto* dialog = b.page.findChild<AdverseEventDialog*>(QStringLiteral("adverseEventDialog"));
        QVERIFY(dialog);
        QTRY_COMPARE(QApplication::activeWindow(), dialog);
        auto* hospital = dialog->findChild<QCheckBox*>(QStringLiteral("hospitalisationCheckBox"));
        QVERIFY(!hospital->isEnabled());
        QTest::keyClick(b.focus(), Qt::Key_S, Qt::AltModifier);  // &Serious event
        QTRY_VERIFY(dialog->findChild<QCheckBox*>(QStringLiteral("seriousCheckBox"))->isChecked());  // a mnemonic clicks after 100 ms
        QVERIFY(hospital->isEnabled());
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("seriousReminderLabel"))->isVisible());
        auto* description = dialog->findChild<QPlainTextEdit*>(QStringLiteral("descriptionPlainTextEdit"));
        description->setFocus();
        QTest::keyClicks(description, QStringLiteral("Wheeze and swollen lips 10 minutes after the dose"));
        QTest::keyClick(description, Qt::Key_Tab);
        QTest::keyClick(b.focus(), Qt::Key_Return);

        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("criteriaErrorLabel"))->isVisible());
        QVERIFY(b.site.store().clinical().adverseEventsOf(b.person).isEmpty());

        hospital->setFocus();
        QTest::keyClick(hospital, Qt::Key_Space);
        QTest::keyClick(hospital, Qt::Key_Return);
        QTRY_VERIFY(!dialog->isVisible());
        const QList<AdverseEvent> events = b.site.store().clinical().adverseEventsOf(b.person);
        QCOMPARE(events.size(), 1);
        QVERIFY(events.first().serious);
        QCOMPARE(events.first().seriousCriteria, QList<SeriousCriterion>{SeriousCriterion::Hospitalisation});
        QVERIFY(b.cell(ObservationModel::ReactionsColumn).startsWith(QStringLiteral("⚠ SERIOUS")));
        QVERIFY(b.page.findChild<QLabel*>(QStringLiteral("observationStatusLabel"))->text().contains(QStringLiteral("24 hours")));
    }
};

QTEST_MAIN(TestObservationPage)
#include "tst_observationpage.moc"

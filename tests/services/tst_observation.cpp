#include "app/services/InjectionService.h"
#include "app/services/ObservationService.h"
#include "app/store/ClinicalRepository.h"
#include "tests/support/Must.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"

#include <QTest>

using namespace vax;

namespace {

struct Board {
    test::TestSite site;
    ObservationService observation{site.store(), site.clock()};
    InjectionService injections{site.store(), site.clock()};
    QString lot = site.receive(QStringLiteral("COMIRNATY"), QStringLiteral("FN7792"), 12);

    QString inject(const QString& name = QStringLiteral("Hồ Thị Xuân"))
    {
        DoseRequest d;
        d.personId = site.registerPerson(name, QStringLiteral("1975-04-30"), QStringLiteral("F"));
        d.lotId = lot;
        d.requireScreening = false;
        return test::must(injections.record(site.nurse(), d)).injection.stamp.id;
    }
};

} // namespace

class TestObservation : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }

    void theBoardCountsDownThirtyMinutesFromTheInjection()
    {
        Board b;
        const QString id = b.inject();
        QList<ObservationItem> board = b.observation.board();
        QCOMPARE(board.size(), 1);
        QCOMPARE(board.first().entry.personName, QStringLiteral("Hồ Thị Xuân"));
        QCOMPARE(board.first().secondsLeft, 30 * 60);
        QCOMPARE(board.first().dueAt, b.site.clock().now().addSecs(30 * 60));
        b.site.clock().advanceSecs(29 * 60);
        QCOMPARE(b.observation.board().first().secondsLeft, 60);
        QVERIFY(!b.observation.board().first().overdue());
        b.site.clock().advanceSecs(2 * 60);
        QVERIFY(b.observation.board().first().overdue());
        QCOMPARE(b.observation.board().first().entry.injection.stamp.id, id);
    }

    void releaseBeforeTheTimeIsUpIsRefusedUnlessTheyLeaveEarly()
    {
        Board b;
        const QString id = b.inject();
        b.site.clock().advanceSecs(10 * 60);
        auto early = b.observation.release(b.site.nurse(), id);
        QVERIFY(!early.ok());
        QVERIFY(early.error().messageFor(QStringLiteral("outcome")).contains(QStringLiteral("20 more minute")));
        auto noNote = b.observation.release(b.site.nurse(), id, ObservationOutcome::LeftEarly);
        QVERIFY(noNote.error().hasField(QStringLiteral("note")));
        auto left = b.observation.release(b.site.nurse(), id, ObservationOutcome::LeftEarly, QStringLiteral("told the risk, left anyway"));
        QVERIFY(left.ok());
        QVERIFY(b.observation.board().isEmpty());
    }

    void releasedPeopleLeaveTheBoardOnce()
    {
        Board b;
        const QString first = b.inject();
        b.site.clock().advanceSecs(5 * 60);
        b.inject(QStringLiteral("Lý Văn Tâm"));
        b.site.clock().advanceSecs(26 * 60);
        QVERIFY(b.observation.release(b.site.nurse(), first).ok());
        const QList<ObservationItem> board = b.observation.board();
        QCOMPARE(board.size(), 1);
        QCOMPARE(board.first().entry.personName, QStringLiteral("Lý Văn Tâm"));
        auto twice = b.observation.release(b.site.nurse(), first);
        QVERIFY(!twice.ok());
        QCOMPARE(twice.error().code(), ErrorCode::Conflict);
    }

    void aVoidedDoseLeavesTheBoard()
    {
        Board b;
        const QString id = b.inject();
        QVERIFY(b.injections.voidInjection(b.site.nurse(), id, QStringLiteral("recorded for the wrong person")).ok());
        QVERIFY(b.observation.board().isEmpty());
    }

    void aReactionReportNeedsTheMinimumFields()
    {
        Board b;
        const QString id = b.inject();
        b.site.clock().advanceSecs(12 * 60);
        AdverseEventDraft d;
        d.injectionId = id;
        auto empty = b.observation.reportAdverseEvent(b.site.nurse(), d);
        QVERIFY(empty.error().hasField(QStringLiteral("symptoms")));

        d.symptoms = {QStringLiteral("urticaria"), QStringLiteral("dyspnoea")};
        d.serious = true;
        auto why = b.observation.reportAdverseEvent(b.site.nurse(), d);
        QVERIFY(why.error().hasField(QStringLiteral("serious_criteria")));

        d.onsetAt = b.site.clock().now().addSecs(-20 * 60);  // before the injection
        d.seriousCriteria = {SeriousCriterion::LifeThreatening};
        auto before = b.observation.reportAdverseEvent(b.site.nurse(), d);
        QVERIFY(before.error().hasField(QStringLiteral("onset_at")));

        d.onsetAt = b.site.clock().now().addSecs(-2 * 60);
        d.outcome = AefiOutcome::Recovering;
        d.treatment = QStringLiteral("adrenaline 0.5 mg IM");
        auto ok = b.observation.reportAdverseEvent(b.site.nurse(), d);
        QVERIFY2(ok.ok(), qPrintable(ok.ok() ? QString() : ok.error().message()));
        QCOMPARE(b.site.count(QStringLiteral("adverse_event")), 1);

        const QList<ObservationItem> board = b.observation.board();
        QCOMPARE(board.first().entry.adverseEvents, 1);
        QVERIFY(board.first().entry.seriousEvent);
        // Transferred to hospital needs to say where.
        QVERIFY(!b.observation.release(b.site.nurse(), id, ObservationOutcome::Transferred).ok());
        QVERIFY(b.observation.release(b.site.nurse(), id, ObservationOutcome::Transferred, QStringLiteral("Bệnh viện Saint Paul")).ok());
        const QList<AdverseEvent> events = b.site.store().clinical().adverseEventsOf(b.site.store().clinical().injection(id)->personId);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().seriousCriteria, QList<SeriousCriterion>{SeriousCriterion::LifeThreatening});
    }
};

QTEST_GUILESS_MAIN(TestObservation)
#include "tst_observation.moc"

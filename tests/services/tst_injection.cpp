#include "app/clinical/ScreeningForm.h"
#include "app/services/InjectionService.h"
#include "app/services/ScreeningService.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/StockRepository.h"
#include "tests/support/Screenings.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"

#include <QTest>

using namespace vax;

namespace {

struct Station {
    test::TestSite site;
    ScreeningService screening{site.store(), site.clock(), site.form()};
    InjectionService injections{site.store(), site.clock()};
    QString lot = site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABX4521"), 20);
    int stock() { return site.store().stock().balance(site.store().identity().holderId(), lot); }

    // Check in and screen, `yesItem` answered yes; returns the visit id.
    QString screened(const QString& person, const QString& yesItem = {})
    {
        return test::checkInAndScreen(screening, site.nurse(), person, test::allNoExcept(site.form(), yesItem));
    }

    Result<DoseRecorded> inject(const QString& person, const QString& visit, bool confirmCaution = false)
    {
        DoseRequest d;
        d.personId = person;
        d.visitId = visit;
        d.lotId = lot;
        d.bodySite = BodySite::RightArm;
        d.cautionConfirmed = confirmCaution;
        return injections.record(site.nurse(), d);
    }
};

} // namespace

class TestInjection : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }

    void aScreenedPersonGetsADoseAndTheStockGoesDownByOne()
    {
        Station s;
        const QString person = s.site.registerPerson();
        const QString visit = s.screened(person);
        auto dose = s.inject(person, visit);
        QVERIFY2(dose.ok(), qPrintable(dose.ok() ? QString() : dose.error().message()));
        QCOMPARE(dose->injection.doseNumber, 1);
        QCOMPARE(dose->injection.injectedBy, s.site.nurse().userId());
        QCOMPARE(dose->injection.bodySite, BodySite::RightArm);
        QVERIFY(!dose->injection.screeningId.isEmpty());
        QCOMPARE(s.stock(), 19);
        // The movement and the injection point at each other.
        const auto movement = s.site.store().stock().movement(dose->injection.movementId);
        QVERIFY(movement);
        QCOMPARE(movement->refId, dose->injection.stamp.id);
        QCOMPARE(movement->kind, MovementKind::DoseGiven);
        // The queue knows the visit is done.
        const QList<QueueEntry> queue = s.screening.queue();
        QCOMPARE(queue.size(), 1);
        QVERIFY(queue.first().injection.has_value());
    }

    void theDoseNumberFollowsThePersonsHistory()
    {
        Station s;
        const QString person = s.site.registerPerson();
        QVERIFY(s.inject(person, s.screened(person)).ok());
        s.site.clock().advanceSecs(60LL * 60 * 24 * 60);  // 60 days later
        auto second = s.inject(person, s.screened(person));
        QVERIFY(second.ok());
        QCOMPARE(second->injection.doseNumber, 2);
        QVERIFY(second->warnings.isEmpty());  // 60 days is inside Vaxzevria's 56–84
    }

    void aSecondDoseTooEarlyIsRecordedWithAWarning()
    {
        Station s;
        const QString person = s.site.registerPerson();
        QVERIFY(s.inject(person, s.screened(person)).ok());
        s.site.clock().advanceSecs(60LL * 60 * 24 * 20);
        auto early = s.inject(person, s.screened(person));
        QVERIFY(early.ok());
        QCOMPARE(early->warnings.size(), 1);
        QVERIFY(early->warnings.first().contains(QStringLiteral("56 days")));
    }

    void noScreeningNoDose()
    {
        Station s;
        const QString person = s.site.registerPerson();
        auto visit = s.screening.checkIn(s.site.nurse(), person);
        QVERIFY(visit.ok());
        auto dose = s.inject(person, visit->stamp.id);
        QVERIFY(!dose.ok());
        QVERIFY(dose.error().hasField(QStringLiteral("screening")));
        QCOMPARE(s.stock(), 20);
        QCOMPARE(s.site.count(QStringLiteral("injection")), 0);
    }

    void deferredAndContraindicatedPeopleAreNotInjected()
    {
        Station s;
        const ScreeningForm& form = s.site.form();
        for (ScreeningConclusion c : {ScreeningConclusion::Defer, ScreeningConclusion::Contraindicated}) {
            const QString item = test::itemLeadingTo(form, c);
            QVERIFY(!item.isEmpty());
            const QString person = s.site.registerPerson(QStringLiteral("Bùi Văn Nam"), QStringLiteral("1960-01-01"));
            auto dose = s.inject(person, s.screened(person, item));
            QVERIFY(!dose.ok());
            QCOMPARE(dose.error().code(), ErrorCode::Forbidden);
        }
        QCOMPARE(s.stock(), 20);
    }

    void cautionNeedsAConfirmation()
    {
        Station s;
        const QString item = test::itemLeadingTo(s.site.form(), ScreeningConclusion::Caution);
        const QString person = s.site.registerPerson();
        const QString visit = s.screened(person, item);
        auto refused = s.inject(person, visit);
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().hasField(QStringLiteral("caution")));
        QVERIFY(s.inject(person, visit, true).ok());
    }

    void oneDosePerVisit()
    {
        Station s;
        const QString person = s.site.registerPerson();
        const QString visit = s.screened(person);
        QVERIFY(s.inject(person, visit).ok());
        auto twice = s.inject(person, visit);
        QVERIFY(!twice.ok());
        QCOMPARE(twice.error().code(), ErrorCode::Conflict);
        QCOMPARE(s.stock(), 19);
    }

    void anEmptyLotIsRefused()
    {
        Station s;
        const QString person = s.site.registerPerson();
        const QString small = s.site.receive(QStringLiteral("JCOVDEN"), QStringLiteral("XD955"), 5);
        DoseRequest d;
        d.personId = person;
        d.lotId = small;
        d.requireScreening = false;
        for (int i = 0; i < 5; ++i) {
            d.personId = s.site.registerPerson(QStringLiteral("Đỗ Văn Hải"), QStringLiteral("1980-01-0%1").arg(i + 1));
            QVERIFY(s.injections.record(s.site.nurse(), d).ok());
        }
        d.personId = person;
        auto none = s.injections.record(s.site.nurse(), d);
        QVERIFY(!none.ok());
        QCOMPARE(none.error().code(), ErrorCode::Conflict);
        QVERIFY(none.error().hasField(QStringLiteral("lot")));
        QVERIFY(s.injections.lotChoices().size() == 1);  // the empty lot is no longer offered
    }

    void anExpiredLotIsRefusedAndNotOffered()
    {
        Station s;
        const QString soon = s.site.receive(QStringLiteral("SPIKEVAX"), QStringLiteral("3006451"), 10, 3);
        QCOMPARE(s.injections.lotChoices().first().balance.lot.stamp.id, soon);  // first expiry first out
        QVERIFY(s.injections.lotChoices().first().nearExpiry);
        s.site.clock().advanceSecs(60LL * 60 * 24 * 4);
        const QString person = s.site.registerPerson();
        DoseRequest d;
        d.personId = person;
        d.lotId = soon;
        d.requireScreening = false;
        auto dose = s.injections.record(s.site.nurse(), d);
        QVERIFY(!dose.ok());
        QVERIFY(dose.error().messageFor(QStringLiteral("lot")).contains(QStringLiteral("expired")));
        for (const LotChoice& c : s.injections.lotChoices())
            QVERIFY(c.balance.lot.stamp.id != soon);
    }

    void aVoidedDoseGoesBackToStockAndOutOfTheHistory()
    {
        Station s;
        const QString person = s.site.registerPerson();
        auto dose = s.inject(person, s.screened(person));
        QVERIFY(dose.ok());
        QCOMPARE(s.stock(), 19);
        QVERIFY(!s.injections.voidInjection(s.site.nurse(), dose->injection.stamp.id, QString()).ok());  // a reason is required
        QVERIFY(s.injections.voidInjection(s.site.nurse(), dose->injection.stamp.id, QStringLiteral("wrong person")).ok());
        QCOMPARE(s.stock(), 20);
        const QList<InjectionView> history = s.site.store().clinical().injectionsOf(person);
        QCOMPARE(history.size(), 1);
        QVERIFY(history.first().voided);
        QCOMPARE(history.first().voidReason, QStringLiteral("wrong person"));
        QCOMPARE(s.injections.nextDoseNumber(person), 1);
        QVERIFY(!s.injections.voidInjection(s.site.nurse(), dose->injection.stamp.id, QStringLiteral("again")).ok());
        QVERIFY(s.site.store().checkIntegrity().ok());
    }

    void aNurseMayNotVoidSomeoneElsesDose()
    {
        Station s;
        const QString person = s.site.registerPerson();
        DoseRequest d;
        d.personId = person;
        d.lotId = s.lot;
        d.requireScreening = false;
        auto dose = s.injections.record(s.site.manager(), d);
        QVERIFY(dose.ok());
        auto refused = s.injections.voidInjection(s.site.nurse(), dose->injection.stamp.id, QStringLiteral("typo"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code(), ErrorCode::Forbidden);
        QVERIFY(s.injections.voidInjection(s.site.manager(), dose->injection.stamp.id, QStringLiteral("typo")).ok());
    }

    void aCancelledVisitLeavesTheQueue()
    {
        Station s;
        const QString person = s.site.registerPerson();
        auto visit = s.screening.checkIn(s.site.nurse(), person);
        QVERIFY(visit.ok());
        auto again = s.screening.checkIn(s.site.nurse(), person);  // checking in twice is one visit
        QCOMPARE(again->stamp.id, visit->stamp.id);
        QVERIFY(s.screening.cancelVisit(s.site.nurse(), visit->stamp.id, QStringLiteral("went home")).ok());
        QVERIFY(s.screening.queue().first().cancelled);
        QVERIFY(s.screening.checkIn(s.site.nurse(), person)->stamp.id != visit->stamp.id);
    }
};

QTEST_GUILESS_MAIN(TestInjection)
#include "tst_injection.moc"

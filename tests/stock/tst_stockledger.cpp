// The stock ledger as a site manager and a mobile team use it: a site laptop and its team's
// laptop on their own databases, changes carried between them by an in-process feed. Sending
// to the team and back, confirming with a difference, wastage, quarantine, counts, and the
// refusals that change nothing.
#include "app/services/InjectionService.h"
#include "app/services/StockLedgerService.h"
#include "app/services/VialService.h"
#include "app/stock/StockReasons.h"
#include "app/store/StockRepository.h"
#include "tests/support/MemoryFeed.h"
#include "tests/support/Must.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"

#include <QTest>

using namespace vax;
using namespace vax::test;

namespace {

const QString kTeam = QStringLiteral("HN-TEST-01-T1");

// A site laptop and its team laptop; the site knows its team as central would tell it.
struct SiteAndTeam {
    TestSite site;
    TestSite team{kTeam};
    MemoryFeed feed;
    StockLedgerService siteLedger{site.store(), site.clock()};
    StockLedgerService teamLedger{team.store(), team.clock()};

    SiteAndTeam()
    {
        const auto teamRecord = team.store().stock().holdersOf(team.store().identity().siteId);
        for (const Site& s : teamRecord) {
            if (s.kind == SiteKind::Team)
                must(site.store().importReference(Entity::Site, {s.toRecord()}, QStringLiteral("central")));
        }
    }

    QString teamId() { return team.store().identity().teamId; }
    QString siteId() { return site.store().identity().siteId; }
    int onSite(const QString& lot) { return site.store().stock().balance(siteId(), lot); }
    int onTeam(const QString& lot) { return team.store().stock().balance(teamId(), lot); }
    // Both ways, as a sync at the site would.
    void sync()
    {
        feed.push(site);
        feed.push(team);
        must(feed.pull(site));
        must(feed.pull(team));
    }
};

int doses(const Result<StockMovement>& m)
{
    return m.ok() ? m->doses : 0;
}

} // namespace

class TestStockLedger : public QObject
{
    Q_OBJECT

private slots:
    void init() { failOnSqlWarnings(); }

    void stockSentToTheTeamIsInTransitUntilTheTeamConfirmsIt()
    {
        SiteAndTeam w;
        const QString lot = w.site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV1001"), 100);
        auto sent = w.siteLedger.transfer(w.site.manager(), kTeam, lot, QStringLiteral("40"), QStringLiteral("for Monday's outreach"));
        QVERIFY2(sent.ok(), qPrintable(why(sent)));
        QCOMPARE(sent->doses, -40);
        QCOMPARE(w.onSite(lot), 60);
        QCOMPARE(w.site.store().stock().shipmentsFrom(w.siteId(), true).size(), 1);

        w.sync();
        const QList<Shipment> incoming = w.team.store().stock().shipmentsTo(w.teamId(), true);
        QCOMPARE(incoming.size(), 1);
        QCOMPARE(incoming.first().dosesSent(), 40);
        QCOMPARE(incoming.first().lotNumber, QStringLiteral("ABV1001"));
        QCOMPARE(w.onTeam(lot), 0);

        auto confirmed = w.teamLedger.confirm(w.team.manager(), {sent->stamp.id, {}, {}, {}});
        QVERIFY2(confirmed.ok(), qPrintable(why(confirmed)));
        QCOMPARE(confirmed->kind, MovementKind::TransferIn);
        QCOMPARE(w.onTeam(lot), 40);
        QVERIFY(w.team.store().stock().shipmentsTo(w.teamId(), true).isEmpty());
        // Confirming twice is refused and writes nothing.
        const qint64 movements = w.team.count(QStringLiteral("stock_movement"));
        QVERIFY(!w.teamLedger.confirm(w.team.manager(), {sent->stamp.id, {}, {}, {}}).ok());
        QCOMPARE(w.team.count(QStringLiteral("stock_movement")), movements);

        // Back at the site the shipment is no longer in transit.
        w.sync();
        QVERIFY(w.site.store().stock().shipmentsFrom(w.siteId(), true).isEmpty());
        const QList<Shipment> all = w.site.store().stock().shipmentsFrom(w.siteId(), false);
        QCOMPARE(all.size(), 1);
        QVERIFY(all.first().received);
        QCOMPARE(all.first().difference(), 0);
    }

    void aShortShipmentNeedsAReasonAndTheDifferenceShowsOnBothSides()
    {
        SiteAndTeam w;
        const QString lot = w.site.receive(QStringLiteral("SPIKEVAX"), QStringLiteral("SPK22"), 50);
        auto sent = w.siteLedger.transfer(w.site.manager(), kTeam, lot, QStringLiteral("30"));
        QVERIFY(sent.ok());
        w.sync();
        auto noReason = w.teamLedger.confirm(w.team.manager(), {sent->stamp.id, QStringLiteral("20"), {}, {}});
        QVERIFY(!noReason.ok());
        QCOMPARE(noReason.error().fields().first().field, QStringLiteral("difference"));
        QVERIFY(!w.teamLedger.confirm(w.team.manager(), {sent->stamp.id, QStringLiteral("31"), {}, {}}).ok());
        auto confirmed = w.teamLedger.confirm(w.team.manager(), {sent->stamp.id, QStringLiteral("20"), QStringLiteral("damaged"), QStringLiteral("one box crushed")});
        QVERIFY2(confirmed.ok(), qPrintable(why(confirmed)));
        QCOMPARE(w.onTeam(lot), 20);
        w.sync();
        const Shipment s = w.site.store().stock().shipmentsFrom(w.siteId(), false).first();
        QCOMPARE(s.difference(), 10);
        QCOMPARE(s.received->reason, QStringLiteral("damaged"));
        QCOMPARE(w.team.store().stock().shipmentsTo(w.teamId(), false).first().difference(), 10);

        // Another 10 doses on the way at the end of the day. For the site and its team taken
        // together, the 10 damaged and the 10 in transit are neither received, sent nor used:
        // the period's figures still add up to the closing stock.
        QVERIFY(w.siteLedger.transfer(w.site.manager(), kTeam, lot, QStringLiteral("10")).ok());
        w.sync();
        const QDate today = w.site.clock().today();
        const StockFlow both = w.site.store().stock().flows({w.siteId(), w.teamId()}, today, today).first();
        QCOMPARE(both.received, 50);
        QCOMPARE(both.sentOut, 0);
        QCOMPARE(both.betweenHolders, -20);
        QCOMPARE(both.closing, 30);
        QVERIFY(both.balances());
    }

    void theTeamReturnsWhatItDidNotUseAndBothLedgersAgree()
    {
        SiteAndTeam w;
        const QString lot = w.site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV1002"), 100);
        auto sent = w.siteLedger.transfer(w.site.manager(), kTeam, lot, QStringLiteral("50"));
        w.sync();
        must(w.teamLedger.confirm(w.team.manager(), {sent->stamp.id, {}, {}, {}}));
        // Offline for two days: a vial used, one broken.
        InjectionService teamInjections(w.team.store(), w.team.clock());
        for (int i = 0; i < 3; ++i) {
            DoseRequest d;
            d.personId = w.team.registerPerson(QStringLiteral("Lò Văn Páo"), QStringLiteral("1990-01-0%1").arg(i + 1));
            d.lotId = lot;
            d.requireScreening = false;
            QVERIFY(teamInjections.record(w.team.nurse(), d).ok());
        }
        QCOMPARE(doses(w.teamLedger.discard(w.team.manager(), lot, QStringLiteral("10"), QStringLiteral("broken"))), -10);
        must(VialService(w.team.store(), w.team.clock()).closeSession(w.team.nurse()));
        QCOMPARE(w.onTeam(lot), 30);  // 50 − 3 given − 7 left in the opened vial − 10 broken

        auto back = w.teamLedger.transfer(w.team.manager(), w.site.store().identity().siteCode, lot, QStringLiteral("30"));
        QVERIFY2(back.ok(), qPrintable(why(back)));
        w.sync();
        const QList<Shipment> returning = w.site.store().stock().shipmentsTo(w.siteId(), true);
        QCOMPARE(returning.size(), 1);
        must(w.siteLedger.confirm(w.site.manager(), {returning.first().sent.stamp.id, {}, {}, {}}));
        w.sync();

        QCOMPARE(w.onSite(lot), 80);
        QCOMPARE(w.onTeam(lot), 0);
        // Both laptops hold the same ledger and the same balances for both holders.
        for (TestSite* d : {&w.site, &w.team}) {
            QCOMPARE(d->store().stock().balance(w.siteId(), lot), 80);
            QCOMPARE(d->store().stock().balance(w.teamId(), lot), 0);
            QVERIFY2(d->store().checkIntegrity().ok(), qPrintable(d->store().checkIntegrity().problems.join(QLatin1Char('\n'))));
        }
        QCOMPARE(w.site.count(QStringLiteral("stock_movement")), w.team.count(QStringLiteral("stock_movement")));
        // The team's period: 50 in, 30 back, 3 given, 7 open-vial and 10 closed-vial wastage.
        const StockFlow f = w.site.store().stock().flows({w.teamId()}, w.site.clock().today().addDays(-1), w.site.clock().today()).first();
        QCOMPARE(f.received, 50);
        QCOMPARE(f.sentOut, 30);
        QCOMPARE(f.administered, 3);
        QCOMPARE(f.wastedOpen, 7);
        QCOMPARE(f.wastedClosed, 10);
        QVERIFY(f.balances());
        // Site and team together: the transfers between them cancel out.
        const StockFlow both = w.site.store().stock().flows({w.siteId(), w.teamId()}, w.site.clock().today(), w.site.clock().today()).first();
        QCOMPARE(both.received, 100);
        QCOMPARE(both.sentOut, 0);
        QCOMPARE(both.closing, 80);
    }

    void sendingIsRefusedForBadInputAndChangesNothing_data()
    {
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("doses");
        QTest::addColumn<QString>("field");
        QTest::newRow("unknown holder") << QStringLiteral("HN-XX-99") << QStringLiteral("10") << QStringLiteral("to");
        QTest::newRow("itself") << QStringLiteral("HN-TEST-01") << QStringLiteral("10") << QStringLiteral("to");
        QTest::newRow("not a number") << kTeam << QStringLiteral("ten") << QStringLiteral("doses");
        QTest::newRow("zero") << kTeam << QStringLiteral("0") << QStringLiteral("doses");
        QTest::newRow("part of a vial") << kTeam << QStringLiteral("15") << QStringLiteral("doses");
        QTest::newRow("more than on hand") << kTeam << QStringLiteral("110") << QStringLiteral("doses");
    }

    void sendingIsRefusedForBadInputAndChangesNothing()
    {
        QFETCH(QString, to);
        QFETCH(QString, doses);
        QFETCH(QString, field);
        SiteAndTeam w;
        const QString lot = w.site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV1003"), 100);
        const qint64 changes = w.site.store().pendingChanges();
        auto r = w.siteLedger.transfer(w.site.manager(), to, lot, doses);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().fields().first().field, field);
        QVERIFY(!r.error().message().isEmpty());
        QCOMPARE(w.site.store().pendingChanges(), changes);
        QCOMPARE(w.onSite(lot), 100);
    }

    void aNurseMayNotMoveStock()
    {
        SiteAndTeam w;
        const QString lot = w.site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV1004"), 20);
        QCOMPARE(w.siteLedger.transfer(w.site.nurse(), kTeam, lot, QStringLiteral("10")).error().code(), ErrorCode::Forbidden);
        QCOMPARE(w.siteLedger.discard(w.site.nurse(), lot, QStringLiteral("10"), QStringLiteral("broken")).error().code(), ErrorCode::Forbidden);
        QCOMPARE(w.onSite(lot), 20);
    }

    void closedVialWastageNeedsAKnownReasonAndWholeVials()
    {
        TestSite s;
        StockLedgerService ledger(s.store(), s.clock());
        const QString lot = s.receive(QStringLiteral("COMIRNATY"), QStringLiteral("FN1234"), 60);
        QCOMPARE(ledger.discard(s.manager(), lot, QStringLiteral("6"), QStringLiteral("dropped")).error().fields().first().field, QStringLiteral("reason"));
        QCOMPARE(ledger.discard(s.manager(), lot, QStringLiteral("6"), QStringLiteral("open_vial")).error().fields().first().field, QStringLiteral("reason"));
        QCOMPARE(ledger.discard(s.manager(), lot, QStringLiteral("4"), QStringLiteral("broken")).error().fields().first().field, QStringLiteral("doses"));
        for (const QString& reason : wastageReasonKeys())
            QVERIFY2(ledger.discard(s.manager(), lot, QStringLiteral("6"), reason).ok(), qPrintable(reason));
        QCOMPARE(s.store().stock().balance(s.store().identity().holderId(), lot), 60 - 6 * int(wastageReasonKeys().size()));
    }

    void aQuarantinedLotIsNeitherInjectedNorSentUntilReleased()
    {
        SiteAndTeam w;
        const QString lot = w.site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV1005"), 50);
        QVERIFY(!w.siteLedger.quarantine(w.site.manager(), lot, QStringLiteral(" ")).ok());
        must(w.siteLedger.quarantine(w.site.manager(), lot, QStringLiteral("fridge alarm 11 °C overnight")));
        QVERIFY(!w.siteLedger.quarantine(w.site.manager(), lot, QStringLiteral("again")).ok());
        InjectionService injections(w.site.store(), w.site.clock());
        QVERIFY(injections.lotChoices().isEmpty());
        DoseRequest d;
        d.personId = w.site.registerPerson();
        d.lotId = lot;
        d.requireScreening = false;
        auto refused = injections.record(w.site.nurse(), d);
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message().contains(QStringLiteral("quarantine")));
        QCOMPARE(w.siteLedger.transfer(w.site.manager(), kTeam, lot, QStringLiteral("10")).error().fields().first().field, QStringLiteral("lot"));
        QCOMPARE(w.onSite(lot), 50);

        w.site.clock().advanceSecs(3600);
        must(w.siteLedger.release(w.site.manager(), lot, QStringLiteral("cold chain officer checked the log: within range")));
        QCOMPARE(injections.lotChoices().size(), 1);
        QVERIFY(injections.record(w.site.nurse(), d).ok());
        QVERIFY(!w.siteLedger.release(w.site.manager(), lot, QStringLiteral("twice")).ok());
    }

    void aCountRecordsTheVarianceAndTheCountItself()
    {
        TestSite s;
        StockLedgerService ledger(s.store(), s.clock());
        const QString lot = s.receive(QStringLiteral("SPIKEVAX"), QStringLiteral("SPK33"), 100);
        auto shortCount = ledger.count(s.manager(), lot, QStringLiteral("90"), QStringLiteral("one box missing"));
        QVERIFY2(shortCount.ok(), qPrintable(why(shortCount)));
        QCOMPARE(shortCount->doses, -10);
        QCOMPARE(shortCount->reason, kCountReason);
        QVERIFY(shortCount->note.contains(QStringLiteral("counted 90, ledger 100")));
        auto exact = ledger.count(s.manager(), lot, QStringLiteral("90"));
        QVERIFY(exact.ok());
        QCOMPARE(exact->doses, 0);
        QVERIFY(!ledger.count(s.manager(), lot, QStringLiteral("-1")).ok());
        QCOMPARE(s.store().stock().balance(s.store().identity().holderId(), lot), 90);
        QCOMPARE(s.store().stock().ledger({{}, lot, {}, {}, 0}).size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestStockLedger)
#include "tst_stockledger.moc"

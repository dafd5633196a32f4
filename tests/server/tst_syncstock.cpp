// The stock ledger through the real vaxcentral (SQLite and PostgreSQL): a site laptop sends
// vials to its mobile team, the team works offline (doses, an opened vial discarded,
// a broken vial) while the site keeps vaccinating, the team sends the rest back; after sync
// the site laptop, the team laptop, a laptop enrolled afresh from central and central's own
// ledger hold the same balances for every holder.
#include "app/services/InjectionService.h"
#include "app/services/StockLedgerService.h"
#include "app/services/VialService.h"
#include "app/store/StockRepository.h"
#include "tests/server/SyncFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace vax;
using namespace vax::test;

namespace {

// What a device holds of the ledger: per holder and lot, the balance and the ledger's sum.
QMap<QString, int> balances(TestDevice& d)
{
    QMap<QString, int> out;
    for (const StockMovement& m : d.store().stock().ledger({}))
        out[m.holderId + QLatin1Char('/') + m.lotId] += m.doses;
    for (auto it = out.begin(); it != out.end(); ++it) {
        const QStringList key = it.key().split(QLatin1Char('/'));
        if (d.store().stock().balance(key.at(0), key.at(1)) != it.value())
            qWarning() << d.name() << "cached balance differs from the ledger for" << it.key();
    }
    return out;
}

} // namespace

class TestSyncStock : public SyncFixture
{
    Q_OBJECT

private slots:
    void aSiteAndItsTeamMoveStockOfflineAndEveryLedgerAgrees()
    {
        auto site = device(QStringLiteral("site"), kSite);
        auto team = device(QStringLiteral("team"), kSite, kTeam);
        QVERIFY(site && team);
        const Session manager = *site->session(QStringLiteral("manager"));
        const Session nurse = *site->session(QStringLiteral("nurse"));
        const Session teamManager = *team->session(QStringLiteral("manager"));
        const Session teamNurse = *team->session(QStringLiteral("nurse"));
        const QString lot = receive(*site, manager, QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV8001"), 100);

        StockLedgerService siteLedger(site->store(), site->clock());
        auto sent = siteLedger.transfer(manager, kTeam, lot, QStringLiteral("40"));
        QVERIFY2(sent.ok(), qPrintable(why(sent)));
        QVERIFY(site->sync().ok());
        QVERIFY(team->sync().ok());
        StockLedgerService teamLedger(team->store(), team->clock());
        QCOMPARE(team->store().stock().shipmentsTo(team->store().identity().teamId, true).size(), 1);
        QVERIFY(teamLedger.confirm(teamManager, {sent->stamp.id, {}, {}, {}}).ok());
        QVERIFY(team->sync().ok());

        // Offline on both sides (the laptops' clocks stay at real time: central holds back a
        // laptop whose clock runs ahead).
        for (int i = 0; i < 4; ++i)
            inject(*team, teamNurse, registerPerson(*team, teamNurse, QStringLiteral("Sùng A Pao"), QStringLiteral("0110700000%1").arg(i + 10)), lot);
        QVERIFY(VialService(team->store(), team->clock()).closeSession(teamNurse).ok());
        QVERIFY(teamLedger.discard(teamManager, lot, QStringLiteral("10"), QStringLiteral("broken")).ok());
        auto back = teamLedger.transfer(teamManager, kSite, lot, QStringLiteral("20"));
        QVERIFY2(back.ok(), qPrintable(why(back)));
        for (int i = 0; i < 3; ++i)
            inject(*site, nurse, registerPerson(*site, nurse, QStringLiteral("Phan Văn Hùng"), QStringLiteral("0010800000%1").arg(i + 20)), lot);

        // Back online: the site confirms the return.
        QVERIFY(team->sync().ok());
        QVERIFY(site->sync().ok());
        const QList<Shipment> returning = site->store().stock().shipmentsTo(site->store().identity().siteId, true);
        QCOMPARE(returning.size(), 1);
        QCOMPARE(returning.first().dosesSent(), 20);
        QVERIFY(siteLedger.confirm(manager, {returning.first().sent.stamp.id, {}, {}, {}}).ok());
        QVERIFY(site->sync().ok());
        QVERIFY(team->sync().ok());

        // A laptop enrolled now gets the whole ledger from central.
        auto fresh = device(QStringLiteral("fresh"), kSite);
        QVERIFY(fresh);
        const QString siteId = site->store().identity().siteId;
        const QString teamId = team->store().identity().teamId;
        const QMap<QString, int> expected{{siteId + QLatin1Char('/') + lot, 100 - 40 - 3 + 20}, {teamId + QLatin1Char('/') + lot, 0}};
        for (TestDevice* d : {site.get(), team.get(), fresh.get()}) {
            QCOMPARE(balances(*d), expected);
            QCOMPARE(d->store().stock().balance(siteId, lot), 77);
            QCOMPARE(d->count(QStringLiteral("SELECT count(*) FROM stock_movement")), site->count(QStringLiteral("SELECT count(*) FROM stock_movement")));
            QCOMPARE(d->count(QStringLiteral("SELECT count(*) FROM vial")), 2);  // one opened at each holder
            QVERIFY(d->store().stock().shipmentsFrom(siteId, true).isEmpty());
            QVERIFY(d->store().stock().shipmentsFrom(teamId, true).isEmpty());
            const IntegrityReport report = d->store().checkIntegrity();
            QVERIFY2(report.ok(), qPrintable(report.problems.join(QLatin1Char('\n'))));
        }
        // Central's own ledger (vaxcentral admin stock show) says the same.
        QVERIFY(m_central->admin({QStringLiteral("stock"), QStringLiteral("show"), QStringLiteral("--site"), kSite, QStringLiteral("--json")}));
        QMap<QString, int> onCentral;
        for (const QJsonValue& v : QJsonDocument::fromJson(m_central->lastAdmin().stdOut.toUtf8()).array())
            onCentral[v[QStringLiteral("holder")].toString()] += v[QStringLiteral("doses")].toInt();
        QCOMPARE(onCentral, (QMap<QString, int>{{kSite, 77}}));  // the team's zero is left out

        // The team's two days, as its manager and the site's see them.
        const StockFlow f = fresh->store().stock().flows({teamId}, fresh->clock().today().addDays(-7), fresh->clock().today().addDays(7)).first();
        QCOMPARE(f.received, 40);
        QCOMPARE(f.administered, 4);
        QCOMPARE(f.wastedOpen, 6);
        QCOMPARE(f.wastedClosed, 10);
        QCOMPARE(f.sentOut, 20);
        QCOMPARE(f.closing, 0);
    }
};

QTEST_GUILESS_MAIN(TestSyncStock)
#include "tst_syncstock.moc"

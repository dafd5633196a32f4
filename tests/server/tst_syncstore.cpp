// Allocation from a store, through the real vaxcentral (SQLite and PostgreSQL): vaccine arrives
// at the province store (vaxcentral admin stock receive), is shipped to a site below it (admin
// stock issue), the site's laptop pulls the shipment and confirms it with a difference (a
// broken vial), and central shows the store what arrived. Central's ledger, the site's and a
// neighbour's (which sees none of it) agree. A store can also run the app on its own laptop.
#include "app/services/StockLedgerService.h"
#include "app/store/StockRepository.h"
#include "tests/server/SyncFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace vax;
using namespace vax::test;

namespace {

const QString kStore = QStringLiteral("HN-KHO");
const QString kStoreSite = QStringLiteral("HN-BD-PX09");

QString inDays(int days)
{
    return QDate::currentDate().addDays(days).toString(Qt::ISODate);
}

} // namespace

class TestSyncStore : public SyncFixture
{
    Q_OBJECT

    // central's `admin stock …` output as JSON
    QJsonDocument adminJson(const QStringList& arguments)
    {
        if (!m_central->admin(QStringList{QStringLiteral("stock")} + arguments + QStringList{QStringLiteral("--json")}))
            return {};
        return QJsonDocument::fromJson(m_central->lastAdmin().stdOut.toUtf8());
    }

    // What central's ledger says, per holder code and lot number.
    QMap<QString, int> centralOnHand(const QString& site)
    {
        QMap<QString, int> out;
        for (const QJsonValue& v : adminJson({QStringLiteral("show"), QStringLiteral("--site"), site}).array())
            out[v[QStringLiteral("holder")].toString() + QLatin1Char('/') + v[QStringLiteral("lot")].toString()] = v[QStringLiteral("doses")].toInt();
        return out;
    }

private slots:
    void aStoreShipsToASiteAndSeesWhatArrived()
    {
        QVERIFY(m_central->admin({QStringLiteral("site"), QStringLiteral("add"), QStringLiteral("--code"), kStore, QStringLiteral("--name"),
            QStringLiteral("Kho vắc xin thành phố Hà Nội"), QStringLiteral("--kind"), QStringLiteral("province_store")}));
        QVERIFY(m_central->addSite(kStoreSite, QStringLiteral("Trạm Y tế phường Quán Thánh"), kStore, QStringLiteral("site")));
        QVERIFY(m_central->addUser(kStoreSite, QStringLiteral("manager-q"), QStringLiteral("site_manager")));
        QVERIFY(m_central->addUser(kStoreSite, QStringLiteral("nurse-q"), QStringLiteral("nurse")));

        QVERIFY(m_central->admin({QStringLiteral("stock"), QStringLiteral("receive"), QStringLiteral("--store"), kStore, QStringLiteral("--product"),
            QStringLiteral("VAXZEVRIA"), QStringLiteral("--lot"), QStringLiteral("abs1001"), QStringLiteral("--expiry"), inDays(200),
            QStringLiteral("--doses"), QStringLiteral("1000")}));
        const QJsonObject shipped = adminJson({QStringLiteral("issue"), QStringLiteral("--store"), kStore, QStringLiteral("--to"), kStoreSite,
                                        QStringLiteral("--lot"), QStringLiteral("ABS1001"), QStringLiteral("--doses"), QStringLiteral("300")})
                                        .object();
        const QString shipmentId = shipped[QStringLiteral("id")].toString();
        QVERIFY(!shipmentId.isEmpty());
        QCOMPARE(centralOnHand(kStore), (QMap<QString, int>{{kStore + QStringLiteral("/ABS1001"), 700}}));

        // The site's laptop pulls the shipment as incoming; a neighbour sees nothing of it.
        auto site = device(QStringLiteral("site"), kStoreSite);
        auto other = device(QStringLiteral("other"), kOtherSite);
        QVERIFY(site && other);
        const QString siteId = site->store().identity().siteId;
        const QList<Shipment> incoming = site->store().stock().shipmentsTo(siteId, true);
        QCOMPARE(incoming.size(), 1);
        QCOMPARE(incoming.first().sent.stamp.id, shipmentId);
        QCOMPARE(incoming.first().dosesSent(), 300);
        QCOMPARE(incoming.first().sent.kind, MovementKind::Issue);
        QCOMPARE(other->count(QStringLiteral("SELECT count(*) FROM stock_movement")), 0);

        // One vial arrived broken.
        const Session manager = *site->session(QStringLiteral("manager-q"));
        StockLedgerService ledger(site->store(), site->clock());
        auto received = ledger.confirm(manager, {shipmentId, QStringLiteral("290"), QStringLiteral("damaged"), QStringLiteral("one vial cracked")});
        QVERIFY2(received.ok(), qPrintable(why(received)));
        QCOMPARE(received->kind, MovementKind::Receipt);
        QVERIFY(site->sync().ok());
        const Session nurse = *site->session(QStringLiteral("nurse-q"));
        for (int i = 0; i < 3; ++i)
            inject(*site, nurse, registerPerson(*site, nurse, QStringLiteral("Đỗ Thị Lan"), QStringLiteral("0011900000%1").arg(i + 30)), received->lotId);
        QVERIFY(site->sync().ok());
        QVERIFY(other->sync().ok());
        QCOMPARE(other->count(QStringLiteral("SELECT count(*) FROM stock_movement")), 0);

        // Central shows the store its shipment, what arrived and why the rest did not.
        const QJsonArray list = adminJson({QStringLiteral("shipments"), QStringLiteral("--store"), kStore}).array();
        QCOMPARE(list.size(), 1);
        const QJsonObject s = list.first().toObject();
        QCOMPARE(s[QStringLiteral("to")].toString(), kStoreSite);
        QCOMPARE(s[QStringLiteral("sent")][QStringLiteral("doses")].toInt(), 300);
        QCOMPARE(s[QStringLiteral("received")][QStringLiteral("doses")].toInt(), 290);
        QCOMPARE(s[QStringLiteral("received")][QStringLiteral("difference")].toString(), QStringLiteral("damaged"));

        // The same numbers on central and on the site's laptop; the site's ledger sums.
        QCOMPARE(site->store().stock().balance(siteId, received->lotId), 287);
        QCOMPARE(centralOnHand(kStoreSite), (QMap<QString, int>{{kStoreSite + QStringLiteral("/ABS1001"), 287}}));
        QCOMPARE(site->store().stock().shipmentsTo(siteId, true).size(), 0);
        const IntegrityReport report = site->store().checkIntegrity();
        QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join(QLatin1Char('\n'))));
    }

    void badStockCommandsNameTheFieldAndChangeNothing()
    {
        QVERIFY(m_central->admin({QStringLiteral("site"), QStringLiteral("add"), QStringLiteral("--code"), kStore, QStringLiteral("--name"),
            QStringLiteral("Kho vắc xin thành phố Hà Nội"), QStringLiteral("--kind"), QStringLiteral("province_store")}));
        QVERIFY(m_central->admin({QStringLiteral("stock"), QStringLiteral("receive"), QStringLiteral("--store"), kStore, QStringLiteral("--product"),
            QStringLiteral("VAXZEVRIA"), QStringLiteral("--lot"), QStringLiteral("ABS1001"), QStringLiteral("--expiry"), inDays(200),
            QStringLiteral("--doses"), QStringLiteral("100")}));
        const qint64 before = feedCount();
        const QStringList receive{QStringLiteral("stock"), QStringLiteral("receive"), QStringLiteral("--product"), QStringLiteral("VAXZEVRIA"),
            QStringLiteral("--lot"), QStringLiteral("ABS2002")};
        const QStringList issue{QStringLiteral("stock"), QStringLiteral("issue"), QStringLiteral("--store"), kStore, QStringLiteral("--lot"),
            QStringLiteral("ABS1001")};
        const QList<std::pair<QStringList, QString>> cases{
            // a site receives on its own laptop, not through central
            {receive + QStringList{QStringLiteral("--store"), kSite, QStringLiteral("--expiry"), inDays(90), QStringLiteral("--doses"), QStringLiteral("10")},
                QStringLiteral("store: ")},
            {receive + QStringList{QStringLiteral("--store"), kStore, QStringLiteral("--expiry"), inDays(-1), QStringLiteral("--doses"), QStringLiteral("10")},
                QStringLiteral("expiry: ")},
            {receive + QStringList{QStringLiteral("--store"), kStore, QStringLiteral("--expiry"), inDays(90), QStringLiteral("--doses"), QStringLiteral("15")},
                QStringLiteral("doses: ")},
            {receive + QStringList{QStringLiteral("--store"), kStore, QStringLiteral("--expiry"), inDays(201), QStringLiteral("--doses"), QStringLiteral("10"),
                           QStringLiteral("--lot"), QStringLiteral("ABS1001")},
                QStringLiteral("expiry: ")},  // the lot is known with another expiry
            // kSite is not below the store; a team is a site's to supply
            {issue + QStringList{QStringLiteral("--to"), kSite, QStringLiteral("--doses"), QStringLiteral("10")}, QStringLiteral("to: ")},
            {issue + QStringList{QStringLiteral("--to"), kTeam, QStringLiteral("--doses"), QStringLiteral("10")}, QStringLiteral("to: ")},
            {issue + QStringList{QStringLiteral("--to"), kSite, QStringLiteral("--doses"), QStringLiteral("10"), QStringLiteral("--lot"),
                         QStringLiteral("NOPE")},
                QStringLiteral("lot: ")},
        };
        for (const auto& [arguments, field] : cases) {
            QVERIFY2(!m_central->admin(arguments), qPrintable(arguments.join(QLatin1Char(' '))));
            QVERIFY2(m_central->lastAdmin().stdErr.contains(field), qPrintable(m_central->lastAdmin().describe()));
        }
        // Below the store, but more than it holds, or not whole vials.
        QVERIFY(m_central->addSite(kStoreSite, QStringLiteral("Trạm Y tế phường Quán Thánh"), kStore, QStringLiteral("site")));
        const qint64 withSite = feedCount();
        QVERIFY(before < withSite);
        for (const QString& doses : {QStringLiteral("110"), QStringLiteral("15"), QStringLiteral("0")}) {
            QVERIFY(!m_central->admin(issue + QStringList{QStringLiteral("--to"), kStoreSite, QStringLiteral("--doses"), doses}));
            QVERIFY2(m_central->lastAdmin().stdErr.contains(QStringLiteral("doses: ")), qPrintable(m_central->lastAdmin().describe()));
        }
        QCOMPARE(feedCount(), withSite);
    }

    void aStoreLaptopShipsAndSeesTheSiteConfirm()
    {
        QVERIFY(m_central->admin({QStringLiteral("site"), QStringLiteral("add"), QStringLiteral("--code"), kStore, QStringLiteral("--name"),
            QStringLiteral("Kho vắc xin thành phố Hà Nội"), QStringLiteral("--kind"), QStringLiteral("province_store")}));
        QVERIFY(m_central->addSite(kStoreSite, QStringLiteral("Trạm Y tế phường Quán Thánh"), kStore, QStringLiteral("site")));
        QVERIFY(m_central->addUser(kStore, QStringLiteral("storekeeper"), QStringLiteral("site_manager")));
        QVERIFY(m_central->addUser(kStoreSite, QStringLiteral("manager-q"), QStringLiteral("site_manager")));
        auto store = device(QStringLiteral("store"), kStore);
        auto site = device(QStringLiteral("site"), kStoreSite);
        QVERIFY(store && site);
        const Session keeper = *store->session(QStringLiteral("storekeeper"));
        const QString lot = receive(*store, keeper, QStringLiteral("VAXZEVRIA"), QStringLiteral("ABS3003"), 500);
        // The laptop was made with a placeholder of its holder; central's record won every field.
        const QList<Site> self = store->store().stock().holdersOf(store->store().identity().siteId);
        QCOMPARE(self.size(), 1);
        QCOMPARE(self.first().name, QStringLiteral("Kho vắc xin thành phố Hà Nội"));
        QCOMPARE(self.first().kind, SiteKind::ProvinceStore);
        StockLedgerService storeLedger(store->store(), store->clock());
        QStringList destinations;
        for (const Site& s : storeLedger.destinations())
            destinations << s.code;
        QCOMPARE(destinations, QStringList{kStoreSite});
        auto sent = storeLedger.transfer(keeper, kStoreSite, lot, QStringLiteral("200"));
        QVERIFY2(sent.ok(), qPrintable(why(sent)));
        QCOMPARE(sent->kind, MovementKind::Issue);
        QVERIFY(store->sync().ok());

        QVERIFY(site->sync().ok());
        StockLedgerService siteLedger(site->store(), site->clock());
        QVERIFY(siteLedger.confirm(*site->session(QStringLiteral("manager-q")), {sent->stamp.id, {}, {}, {}}).ok());
        QVERIFY(site->sync().ok());
        QVERIFY(store->sync().ok());

        // The store's laptop sees the shipment confirmed; central agrees on both holders.
        const QString storeId = store->store().identity().siteId;
        const QList<Shipment> out = store->store().stock().shipmentsFrom(storeId, false);
        QCOMPARE(out.size(), 1);
        QVERIFY(out.first().received.has_value());
        QCOMPARE(out.first().received->doses, 200);
        QCOMPARE(store->store().stock().balance(storeId, lot), 300);
        QCOMPARE(centralOnHand(kStore), (QMap<QString, int>{{kStore + QStringLiteral("/ABS3003"), 300}}));
        QCOMPARE(centralOnHand(kStoreSite), (QMap<QString, int>{{kStoreSite + QStringLiteral("/ABS3003"), 200}}));
    }
};

QTEST_GUILESS_MAIN(TestSyncStore)
#include "tst_syncstore.moc"

// Central's database of an earlier schema, opened by today's vaxcentral: tests/data/central-v2.sql
// is a central database written by vaxcentral at schema 2 (see tests/data/README.md), where a
// dose, its stock movement and its vial were also copied into record_state and injection_index.
// Migrated to schema 3 they live only in the feed; central must still find them: a void of the
// old dose is accepted and gives its dose back to the right person's stock, a new laptop pulls
// everything, and a lookup counts the person's doses (none: the dose was voided). Schema 4:
// the laptop enrolled then, which had pushed, has used its credential, and can be enrolled
// again once refused.
#include "app/services/InjectionService.h"
#include "sync/CentralApi.h"
#include "sync/CentralLookup.h"
#include "tests/server/SyncFixture.h"
#include "server/CentralSchema.h"

#include <QFile>
#include <QNetworkAccessManager>

#include <sqlite3.h>

using namespace vax;
using namespace vax::test;

namespace {

const QString kPerson = QStringLiteral("001194066666");  // Tạ Thị Bình, dose 1 of SPIKEVAX on laptop A

// Writes the frozen dump into a new SQLite file.
bool loadDump(const QString& dumpPath, const QString& dbPath)
{
    QFile dump(dumpPath);
    if (!dump.open(QIODevice::ReadOnly))
        return false;
    sqlite3* db = nullptr;
    bool ok = sqlite3_open(dbPath.toUtf8().constData(), &db) == SQLITE_OK;
    char* error = nullptr;
    if (ok && sqlite3_exec(db, dump.readAll().constData(), nullptr, nullptr, &error) != SQLITE_OK) {
        qWarning() << "cannot load" << dumpPath << ":" << error;
        sqlite3_free(error);
        ok = false;
    }
    sqlite3_close(db);
    return ok;
}

} // namespace

class TestCentralMigration : public QObject
{
    Q_OBJECT

private slots:
    void aSchema2CentralKeepsFindingItsDosesInTheFeed()
    {
        CentralRig central;
        const QString path = central.storageArguments().value(1);
        QVERIFY(loadDump(qEnvironmentVariable("VAX_SOURCE_DIR") + QStringLiteral("/tests/data/central-v2.sql"), path));
        QCOMPARE(central.scalar(QStringLiteral("SELECT value FROM central_meta WHERE key = 'schema_version'")).toString(), QStringLiteral("2"));
        QCOMPARE(central.scalar(QStringLiteral("SELECT count(*) FROM record_state WHERE entity = 'injection'")).toInt(), 1);
        const qint64 feedBefore = central.scalar(QStringLiteral("SELECT count(*) FROM change_feed")).toLongLong();
        QVERIFY2(central.start(), qPrintable(central.log()));

        // Migrated: events only in the feed, the duplicate-dose index gone, the rest kept.
        QCOMPARE(central.scalar(QStringLiteral("SELECT value FROM central_meta WHERE key = 'schema_version'")).toString(), QString::number(server::CentralSchema::kCurrentVersion));
        QCOMPARE(central.scalar(QStringLiteral("SELECT count(*) FROM record_state WHERE entity IN ('injection', 'stock_movement', 'vial')")).toInt(), 0);
        QCOMPARE(central.scalar(QStringLiteral("SELECT count(*) FROM record_state WHERE entity IN ('person', 'lot')")).toInt(), 2);
        QVERIFY(central.rows(QStringLiteral("SELECT name FROM sqlite_master WHERE name = 'injection_index'")).isEmpty());
        QCOMPARE(central.scalar(QStringLiteral("SELECT count(*) FROM change_feed")).toLongLong(), feedBefore);
        const QString laptopA = central.scalar(QStringLiteral("SELECT id FROM device WHERE name = 'Laptop A'")).toString();
        QCOMPARE(central.scalar(QStringLiteral("SELECT credential_used_at FROM device WHERE id = ?"), {laptopA}),
            central.scalar(QStringLiteral("SELECT last_seen_at FROM device WHERE id = ?"), {laptopA}));
        QVERIFY(!central.admin({QStringLiteral("enrol-code"), QStringLiteral("--device"), laptopA}));  // it syncs: no code
        QVERIFY(central.admin({QStringLiteral("device"), QStringLiteral("revoke"), laptopA}));
        QVERIFY(central.admin({QStringLiteral("enrol-code"), QStringLiteral("--device"), laptopA}));

        // A new laptop of the site pulls the person and their dose from the feed.
        auto b = std::make_unique<TestDevice>(QStringLiteral("b"), kSite);
        QVERIFY(b->enrol(central.url(), central.enrolCode(kSite)).ok());
        QVERIFY(b->sync().ok());
        const auto people = b->store().persons().byDocument(kPerson);
        QCOMPARE(people.size(), 1);
        const QString person = people.first().stamp.id;
        const auto doses = b->store().clinical().injectionsOf(person);
        QCOMPARE(doses.size(), 1);
        const QString lot = doses.first().injection.lotId;
        const QString site = b->store().identity().siteId;
        const int onHand = b->store().stock().balance(site, lot);

        // Its manager voids the old dose: central finds the dose to correct, and the person its
        // returned dose belongs to, in the feed.
        const Session manager = *b->session(QStringLiteral("manager"));
        QVERIFY(InjectionService(b->store(), b->clock()).voidInjection(manager, doses.first().injection.stamp.id, QStringLiteral("nhầm người")).ok());
        const SyncRun pushed = b->sync();
        QVERIFY2(pushed.ok(), qPrintable(pushed.error));
        QCOMPARE(pushed.rejected, 0);
        QVERIFY(b->store().sync().rejections().isEmpty());
        QCOMPARE(central.scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE entity = 'stock_movement' AND person_id = ?"), {person}).toInt(), 2);

        // A third laptop ends up with the same: no dose, the dose back in stock.
        auto c = std::make_unique<TestDevice>(QStringLiteral("c"), kSite);
        QVERIFY(c->enrol(central.url(), central.enrolCode(kSite)).ok());
        QVERIFY(c->sync().ok());
        for (TestDevice* d : {b.get(), c.get()}) {
            QCOMPARE(d->store().clinical().dosesOf(person).size(), 0);
            QCOMPARE(d->store().stock().balance(site, lot), onHand + 1);
            QVERIFY(d->store().checkIntegrity().ok());
        }

        // A lookup on central counts the person's doses from the feed.
        QNetworkAccessManager network;
        sync::CentralApi api(network, central.url());
        api.setCredential(credentialOf(*c));
        sync::CentralLookup lookup(c->store(), api);
        std::optional<Result<QList<sync::CentralPerson>>> found;
        lookup.find(kPerson, [&](Result<QList<sync::CentralPerson>> r) { found = std::move(r); });
        QTRY_VERIFY(found.has_value());
        QVERIFY2(found->ok(), qPrintable(why(*found)));
        QCOMPARE(found->value().size(), 1);
        // Recorded, then voided: the feed holds both, and a nurse elsewhere sees no dose given.
        QCOMPARE(central.scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE entity = 'injection' AND person_id = ?"), {person}).toInt(), 1);
        QCOMPARE(found->value().first().doses, 0);
    }
};

QTEST_GUILESS_MAIN(TestCentralMigration)
#include "tst_centralmigration.moc"

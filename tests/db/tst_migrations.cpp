#include "app/services/InjectionService.h"
#include "app/services/RegistrationService.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/PersonRepository.h"
#include "app/store/StockRepository.h"
#include "app/store/UserRepository.h"
#include "db/Connection.h"
#include "db/Schema.h"
#include "db/SqliteSiteStore.h"
#include "tests/support/ManualClock.h"
#include "tests/support/SqlWarnings.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <sqlite3.h>

using namespace vax;

namespace {

// A real old file: the frozen dump of a site database of that schema version.
QString loadFixture(const QTemporaryDir& dir, int version)
{
    QFile dump(qEnvironmentVariable("VAX_SOURCE_DIR") + QStringLiteral("/tests/data/schema-v%1.sql").arg(version));
    if (!dump.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(dump.fileName()));
    const QString path = dir.filePath(QStringLiteral("old-v%1.vaxdb").arg(version));
    sqlite3* db = nullptr;
    sqlite3_open(path.toUtf8().constData(), &db);
    char* error = nullptr;
    if (sqlite3_exec(db, dump.readAll().constData(), nullptr, nullptr, &error) != SQLITE_OK)
        qFatal("cannot load fixture: %s", error);
    sqlite3_close(db);
    return path;
}

int userVersion(const QString& path)
{
    auto c = db::Connection::open(path, db::Connection::Mode::OpenExisting);
    return db::Schema::version(*c.value());
}

} // namespace

class TestMigrations : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }

    void aNewDatabaseIsAtTheCurrentVersion()
    {
        QTemporaryDir dir;
        test::ManualClock clock;
        const QString path = dir.filePath(QStringLiteral("new.vaxdb"));
        QVERIFY(db::SqliteSiteStore::create(path, {QStringLiteral("X1"), QStringLiteral("X"), {}, {}, {}}, clock).ok());
        QCOMPARE(userVersion(path), db::Schema::kCurrentVersion);
    }

    void everyEarlierVersionMigratesWithItsDataIntact_data()
    {
        QTest::addColumn<int>("version");
        QTest::addColumn<int>("people");
        QTest::addColumn<int>("injections");
        for (int v = 1; v < db::Schema::kCurrentVersion; ++v)
            QTest::addRow("from v%d", v) << v << (v >= 6 ? 28 : 3) << (v >= 2 ? 1 : 0);
    }

    void everyEarlierVersionMigratesWithItsDataIntact()
    {
        QFETCH(int, version);
        QFETCH(int, people);
        QFETCH(int, injections);
        QTemporaryDir dir;
        const QString path = loadFixture(dir, version);
        QCOMPARE(userVersion(path), version);

        test::ManualClock clock;
        auto store = db::SqliteSiteStore::open(path, clock);
        QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message()));
        QCOMPARE(userVersion(path), db::Schema::kCurrentVersion);
        db::SqliteSiteStore& s = *store.value();
        QCOMPARE(s.identity().siteCode, QStringLiteral("HN-OLD-01"));
        QCOMPARE(s.persons().count(), people);

        // Records written by the old version still match their audit digests and ledger.
        const IntegrityReport report = s.checkIntegrity();
        QVERIFY2(report.ok(), qPrintable(report.problems.join(QLatin1Char('\n'))));
        QVERIFY(report.recordsVerified >= 1);

        // People registered before the search index existed are found by name.
        RegistrationService registration(s, clock, AdminUnits::builtin());
        const PersonSearch found = registration.search(QStringLiteral("nguyen van duc"));
        QCOMPARE(found.people.size(), 1);
        QCOMPARE(s.clinical().injectionsOf(found.people.first().stamp.id).size(), injections);

        // And the site works on: a new person, a dose from the old lot's remaining stock.
        PersonDraft d;
        d.fullName = QStringLiteral("Phan Thị Yến");
        d.birthDate = QStringLiteral("1999-09-09");
        d.sex = QStringLiteral("F");
        d.cccd = QStringLiteral("001199008888");
        auto nurse = s.users().byUsername(QStringLiteral("nurse"));
        QVERIFY(nurse);
        auto person = registration.registerPerson(Session{*nurse}, d);
        QVERIFY(person.ok());
        clock.set(QDateTime(QDate(2025, 6, 1), QTime(9, 0)));  // before the old lot expires
        InjectionService injectionsService(s, clock);
        QVERIFY(!injectionsService.lotChoices().isEmpty());
        DoseRequest dose;
        dose.personId = person->stamp.id;
        dose.lotId = injectionsService.lotChoices().first().balance.lot.stamp.id;
        dose.requireScreening = false;
        QVERIFY(injectionsService.record(Session{*nurse}, dose).ok());
        QVERIFY(s.checkIntegrity().ok());
    }

    void theVialsOpenBeforeTheUpgradeAreStillOpen()
    {
        // schema-v6.sql's morning (tests/data/README.md): A used up then a dose of it voided,
        // B discarded at the end of the session, E used up, C with a dose voided, D untouched.
        QTemporaryDir dir;
        const QString path = loadFixture(dir, 6);
        test::ManualClock clock(QDateTime(QDate(2025, 3, 20), QTime(11, 30), QTimeZone(7 * 3600)));  // that morning, in Hà Nội
        auto store = db::SqliteSiteStore::open(path, clock);
        QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message()));
        db::SqliteSiteStore& s = *store.value();
        QCOMPARE(s.connection().scalar(QStringLiteral("SELECT count(*) FROM vial")).toInt(), 5);

        QStringList open;
        for (const OpenVial& v : s.stock().openVials(s.identity().holderId()))
            open << QStringLiteral("%1 %2/%3 %4").arg(v.vial.openedAt.toString(QStringLiteral("HH:mm"))).arg(v.drawn).arg(v.vial.doses).arg(v.lotNumber);
        const QStringList expected = {QStringLiteral("09:00 9/10 ABV5811"), QStringLiteral("10:40 1/10 ABV5811"),
            QStringLiteral("11:04 0/10 ABV5811")};
        QCOMPARE(open, expected);
        const IntegrityReport report = s.checkIntegrity();
        QVERIFY2(report.ok(), qPrintable(report.problems.join(QLatin1Char('\n'))));

        // The next dose takes vial A's last dose, and A is then used up.
        auto nurse = s.users().byUsername(QStringLiteral("nurse"));
        QVERIFY(nurse);
        InjectionService injections(s, clock);
        DoseRequest dose;
        dose.personId = s.persons().byDocument(QStringLiteral("001085001234")).first().stamp.id;
        dose.lotId = injections.lotChoices().first().balance.lot.stamp.id;
        dose.requireScreening = false;
        QVERIFY(injections.record(Session{*nurse}, dose).ok());
        QCOMPARE(s.stock().openVials(s.identity().holderId()).size(), 2);
        QCOMPARE(s.stock().openVials(s.identity().holderId()).first().vial.openedAt.time(), QTime(10, 40));
    }

    void aDatabaseFromANewerVersionIsRefused()
    {
        QTemporaryDir dir;
        const QString path = loadFixture(dir, 1);
        {
            auto c = db::Connection::open(path, db::Connection::Mode::OpenExisting);
            QVERIFY(c.value()->exec(QStringLiteral("PRAGMA user_version = 99")).ok());
        }
        test::ManualClock clock;
        auto store = db::SqliteSiteStore::open(path, clock);
        QVERIFY(!store.ok());
        QVERIFY(store.error().message().contains(QStringLiteral("newer VaxStation")));
        QCOMPARE(userVersion(path), 99);
    }

    void aFailedStepLeavesTheFileAtItsVersion()
    {
        QTemporaryDir dir;
        const QString path = loadFixture(dir, 1);
        {
            // Something in the way of the last table of step 2.
            auto c = db::Connection::open(path, db::Connection::Mode::OpenExisting);
            QVERIFY(c.value()->exec(QStringLiteral("CREATE TABLE correction (x)")).ok());
        }
        test::ManualClock clock;
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("SQL failed.*correction")));
        QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("migration to schema 2 failed")));
        auto store = db::SqliteSiteStore::open(path, clock);
        QVERIFY(!store.ok());
        QCOMPARE(userVersion(path), 1);
        auto c = db::Connection::open(path, db::Connection::Mode::OpenExisting);
        QCOMPARE(c.value()->scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'visit'")).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"

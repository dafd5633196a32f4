#include "app/services/InjectionService.h"
#include "app/services/VialService.h"
#include "app/store/StockRepository.h"
#include "db/Connection.h"
#include "tests/support/Must.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"

#include <QSqlError>
#include <QTest>

using namespace vax;

namespace {

// Someone with the sqlite3 shell and the file: drop the guard and change what they like.
void tamper(test::TestSite& site, const QString& dropTrigger, const QString& sql, const QVariantList& binds = {})
{
    QSqlQuery q(site.store().connection().database());
    if (!dropTrigger.isEmpty())
        QVERIFY2(q.exec(QStringLiteral("DROP TRIGGER ") + dropTrigger), qPrintable(q.lastError().text()));
    QVERIFY(q.prepare(sql));
    for (const QVariant& b : binds)
        q.addBindValue(b);
    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
}

QString recordDose(test::TestSite& site)
{
    const QString person = site.registerPerson();
    const QString lot = site.receive(QStringLiteral("COMIRNATY"), QStringLiteral("FN7792"), 60);
    InjectionService injections(site.store(), site.clock());
    DoseRequest d;
    d.personId = person;
    d.lotId = lot;
    d.requireScreening = false;
    return test::must(injections.record(site.nurse(), d)).injection.stamp.id;
}

bool mentions(const IntegrityReport& report, const QString& text)
{
    for (const QString& p : report.problems) {
        if (p.contains(text))
            return true;
    }
    return false;
}

} // namespace

class TestAuditChain : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }

    void aSiteUsedNormallyChecksOut()
    {
        test::TestSite site;
        recordDose(site);
        const IntegrityReport report = site.store().checkIntegrity();
        QVERIFY2(report.ok(), qPrintable(report.problems.join(QLatin1Char('\n'))));
        QVERIFY(report.auditEntries > 10);
        QVERIFY(report.recordsVerified >= 3);  // receipt, dose-given movement, injection
        QVERIFY(report.ledgerBalances >= 1);
    }

    void anEditedInjectionShows()
    {
        test::TestSite site;
        const QString id = recordDose(site);
        tamper(site, QStringLiteral("injection_no_update"), QStringLiteral("UPDATE injection SET body_site = 'right_arm' WHERE id = ?"), {id});
        const IntegrityReport report = site.store().checkIntegrity();
        QVERIFY(!report.ok());
        QVERIFY2(mentions(report, QStringLiteral("injection ") + id + QStringLiteral(" was changed")),
            qPrintable(report.problems.join(QLatin1Char('\n'))));
    }

    void aDeletedInjectionShows()
    {
        test::TestSite site;
        const QString id = recordDose(site);
        tamper(site, QStringLiteral("injection_no_delete"), QStringLiteral("DELETE FROM injection WHERE id = ?"), {id});
        QVERIFY(mentions(site.store().checkIntegrity(), QStringLiteral("no longer in the database")));
    }

    void anEditedAuditEntryShows()
    {
        test::TestSite site;
        recordDose(site);
        tamper(site, QStringLiteral("audit_log_no_update"), QStringLiteral("UPDATE audit_log SET user_id = 'somebody-else' WHERE seq = 5"));
        const IntegrityReport report = site.store().checkIntegrity();
        QVERIFY(mentions(report, QStringLiteral("entry 5 was changed")));
    }

    void aDeletedAuditEntryShows()
    {
        test::TestSite site;
        recordDose(site);
        tamper(site, QStringLiteral("audit_log_no_delete"), QStringLiteral("DELETE FROM audit_log WHERE seq = 3"));
        const IntegrityReport report = site.store().checkIntegrity();
        QVERIFY(mentions(report, QStringLiteral("entry 3 is missing")));
        QVERIFY(mentions(report, QStringLiteral("entry 4 does not follow")));
    }

    void aRowWrittenBehindTheAppsBackShows()
    {
        test::TestSite site;
        tamper(site, {}, QStringLiteral("INSERT INTO person (id, full_name, name_folded, birth_date, sex, created_at, hlc) "
                                        "VALUES ('0193aaaa-0000-7000-8000-000000000001', 'Ghost', 'ghost', '1990-01-01', 'M', 'x', 'y')"));
        QVERIFY(mentions(site.store().checkIntegrity(), QStringLiteral("has no audit entry")));
    }

    void aCachedBalanceThatDisagreesWithItsLedgerShows()
    {
        test::TestSite site;
        const QString lot = site.receive(QStringLiteral("SPIKEVAX"), QStringLiteral("3006451"), 100);
        tamper(site, {}, QStringLiteral("UPDATE stock_balance SET doses = 1000 WHERE lot_id = ?"), {lot});
        const IntegrityReport report = site.store().checkIntegrity();
        QVERIFY(mentions(report, QStringLiteral("the ledger sums to 100 doses but the balance says 1000")));
    }

    void aListOfOpenVialsThatDisagreesWithTheirMovementsShows_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("problem");
        QTest::newRow("doses drawn changed") << QStringLiteral("UPDATE open_vial SET drawn = 0 WHERE vial_id = :open")
                                             << QStringLiteral("its movements say 1 dose(s) drawn, but the list of open vials says 0");
        QTest::newRow("open vial removed") << QStringLiteral("DELETE FROM open_vial WHERE vial_id = :open")
                                           << QStringLiteral("is open with 1 dose(s) drawn as its movements say, but the list of open vials lacks it");
        QTest::newRow("discarded vial listed") << QStringLiteral("INSERT INTO open_vial VALUES (:closed, :holder, :lot, 10, 0)")
                                               << QStringLiteral("is in the list of open vials, but its movements say it was discarded or used up");
        QTest::newRow("vial never opened") << QStringLiteral("INSERT INTO open_vial VALUES ('nonesuch', :holder, :lot, 10, 0)")
                                           << QStringLiteral("has vial nonesuch, which was never opened here");
        QTest::newRow("moved to another holder") << QStringLiteral("UPDATE open_vial SET holder_id = 'elsewhere' WHERE vial_id = :open")
                                                 << QStringLiteral("but the list of open vials has it of 10 doses at elsewhere");
        // A vial the next dose would not close when it should.
        QTest::newRow("size changed") << QStringLiteral("UPDATE open_vial SET doses = 20 WHERE vial_id = :open")
                                      << QStringLiteral("but the list of open vials has it of 20 doses");
    }

    void aListOfOpenVialsThatDisagreesWithTheirMovementsShows()
    {
        QFETCH(QString, sql);
        QFETCH(QString, problem);
        test::TestSite site;
        const QString holder = site.store().identity().holderId();
        const QString lot = site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV5012"), 30);
        VialService vials(site.store(), site.clock());
        const QString closed = test::must(vials.open(site.nurse(), lot)).stamp.id;
        test::must(vials.closeSession(site.nurse()));
        InjectionService injections(site.store(), site.clock());
        DoseRequest d;
        d.personId = site.registerPerson();
        d.lotId = lot;
        d.requireScreening = false;
        test::must(injections.record(site.nurse(), d));
        const QString open = site.store().stock().openVials(holder).first().vial.stamp.id;
        QVERIFY(site.store().checkIntegrity().ok());

        QSqlQuery q(site.store().connection().database());
        QVERIFY(q.prepare(sql));
        for (const auto& [name, value] : {std::pair{":open", open}, std::pair{":closed", closed}, std::pair{":holder", holder}, std::pair{":lot", lot}}) {
            if (sql.contains(QLatin1String(name)))
                q.bindValue(QLatin1String(name), value);
        }
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        const IntegrityReport report = site.store().checkIntegrity();
        QVERIFY2(mentions(report, problem), qPrintable(report.problems.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestAuditChain)
#include "tst_auditchain.moc"

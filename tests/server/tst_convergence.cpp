// Convergence of the whole system, on SQLite and on PostgreSQL: five devices (two laptops of
// site A, A's mobile team that never goes online and sends its work in bundle files, two
// laptops of site B) and the real vaxcentral go through a seeded random sequence of thousands of
// operations — people registered and edited (also on two laptops at once), stock received,
// doses recorded and voided, observations and reactions, laptops offline for stretches, syncs,
// central restarted and crashed mid-request, pushes and bundles sent twice, late or out of
// order. Then everyone comes back online, and every side must agree record for record, with
// the ledger of truth the test kept: no dose lost or doubled, every stock ledger the same sum.
//
// VAX_CONVERGENCE_SEED=N replays a run (the seed is printed); VAX_CONVERGENCE_OPS=N sets how
// many operations (default 4000; far more may need QTEST_FUNCTION_TIMEOUT, which ctest sets).
#include "tests/server/ConvergenceChecks.h"
#include "tests/server/ConvergenceWorld.h"
#include "tests/support/PostgresCluster.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

#include <map>

using namespace vax;
using namespace vax::test;
using namespace vax::test::convergence;

class TestConvergence : public QObject
{
    Q_OBJECT

    struct Run {
        std::unique_ptr<ConvergenceWorld> world;
        FinalState state;
        bool ready = false;  // built and run to the end: the checks have something to look at
    };
    std::unique_ptr<PostgresCluster> m_pg;
    std::map<QString, Run> m_runs;  // by storage
    ConvergenceWorld::Options m_options;

    static quint32 envNumber(const char* name, quint32 fallback)
    {
        bool ok = false;
        const quint32 v = qEnvironmentVariable(name).toUInt(&ok);
        return ok ? v : fallback;
    }

    static QString storage(bool postgres) { return postgres ? QStringLiteral("postgresql") : QStringLiteral("sqlite"); }

    // The run of the current storage, or null (the check is skipped) when it could not be made.
    Run* current(bool postgres)
    {
        auto it = m_runs.find(storage(postgres));
        return it != m_runs.end() && it->second.ready ? &it->second : nullptr;
    }

    // The whole list goes to the log (a failure message is cut short), the first lines to the failure.
    static bool none(const QString& title, const QStringList& problems)
    {
        if (!problems.isEmpty())
            qWarning().noquote() << report(title, problems, 300);
        return problems.isEmpty();
    }

#define EXPECT_NONE(title, problems)                                                                                                   \
    do {                                                                                                                               \
        const QString t = QStringLiteral(title);                                                                                       \
        const QStringList p = (problems);                                                                                              \
        QVERIFY2(none(t, p), qPrintable(report(t, p, 4)));                                                                             \
    } while (false)

#define CONVERGED_RUN(r)                                                                                                               \
    QFETCH_GLOBAL(bool, postgres);                                                                                                     \
    Run* r = current(postgres);                                                                                                        \
    if (!r)                                                                                                                            \
        QSKIP("the random run of this storage did not get to the end");

private slots:
    void initTestCase_data()
    {
        QTest::addColumn<bool>("postgres");
        QTest::newRow("sqlite") << false;
        QTest::newRow("postgresql") << true;
    }

    void initTestCase()
    {
        m_options.seed = envNumber("VAX_CONVERGENCE_SEED", QRandomGenerator::system()->generate() % 1000000);
        m_options.operations = int(envNumber("VAX_CONVERGENCE_OPS", 4000));
        qInfo().noquote() << QStringLiteral("convergence seed %1, %2 operations per storage (replay: VAX_CONVERGENCE_SEED=%1)")
                                 .arg(m_options.seed)
                                 .arg(m_options.operations);
    }

    void cleanupTestCase()
    {
        m_runs.clear();
        m_pg.reset();
    }

    void theRandomRunComesToAnEndEveryoneOnline()
    {
        QFETCH_GLOBAL(bool, postgres);
        if (postgres && !m_pg) {
            m_pg = std::make_unique<PostgresCluster>();
            QVERIFY2(m_pg->ok(), qPrintable(m_pg->errorText()));
        }
        QElapsedTimer timer;
        timer.start();
        Run& run = m_runs[storage(postgres)];
        run.world = std::make_unique<ConvergenceWorld>(postgres ? m_pg.get() : nullptr, m_options);
        const QString setUp = run.world->setUp();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        const bool ran = run.world->run();
        run.ready = ran;
        const QString converged = ran ? run.world->reconcile() : QString();
        qInfo().noquote() << QStringLiteral("%1, seed %2: random phase %3 s, in all %4 s; %5")
                                 .arg(storage(postgres))
                                 .arg(m_options.seed)
                                 .arg(double(run.world->runMs()) / 1000, 0, 'f', 1)
                                 .arg(double(timer.elapsed()) / 1000, 0, 'f', 1)
                                 .arg(run.world->summary());
        if (ran)
            run.state = readFinalState(*run.world);
        QVERIFY2(ran, qPrintable(incidentsOf(*run.world, {QStringLiteral("server")}).join(QLatin1Char('\n'))));
        QVERIFY2(converged.isEmpty(), qPrintable(QStringLiteral("seed %1: %2").arg(m_options.seed).arg(converged)));
    }

    void everyOperationAndEveryChangeIsAccepted()
    {
        CONVERGED_RUN(r);
        EXPECT_NONE("operations that failed and changes central refused",
            incidentsOf(*r->world, {QStringLiteral("operation"), QStringLiteral("rejection")}));
    }

    void aSyncFinishesWheneverCentralIsUp()
    {
        CONVERGED_RUN(r);
        EXPECT_NONE("syncs that failed with central up", incidentsOf(*r->world, {QStringLiteral("sync")}));
    }

    void requestsSentAgainAddOnlyWhatWasMissing()
    {
        CONVERGED_RUN(r);
        EXPECT_NONE("pushes and bundles sent again or out of order", incidentsOf(*r->world, {QStringLiteral("duplicate")}));
    }

    void aBundleAppliesOnTheLaptopWhicheverOrderItArrives()
    {
        CONVERGED_RUN(r);
        EXPECT_NONE("team bundles imported on a site laptop", incidentsOf(*r->world, {QStringLiteral("bundle import")}));
    }

    void everyChangeOfEveryDeviceReachesCentral()
    {
        CONVERGED_RUN(r);
        EXPECT_NONE("changes missing on central", changesMissingOnCentral(*r->world));
    }

    void devicesOfASiteHoldTheSameRecords()
    {
        CONVERGED_RUN(r);
        EXPECT_NONE("devices of a site that disagree", devicesDisagree(*r->world, r->state));
    }

    void centralHoldsWhatTheDevicesHold()
    {
        CONVERGED_RUN(r);
        EXPECT_NONE("central's record_state against the devices", centralDisagrees(*r->world, r->state));
    }

    void everyDoseExistsExactlyOnceEverywhere()
    {
        CONVERGED_RUN(r);
        QVERIFY(!r->world->truth().doses.isEmpty());
        EXPECT_NONE("doses lost, doubled or unknown", injectionsNotExactlyOnce(*r->world, r->state));
    }

    void everyVoidReachesEverySideOfItsSite()
    {
        CONVERGED_RUN(r);
        EXPECT_NONE("voids lost or unknown", voidsNotEverywhere(*r->world, r->state));
    }

    void everyStockLedgerSumsTheSameEverywhere()
    {
        CONVERGED_RUN(r);
        EXPECT_NONE("stock ledgers", ledgersDisagree(*r->world, r->state));
    }

    void aVoidedDoseGoesBackToStockOnceOrIsReviewed()
    {
        CONVERGED_RUN(r);
        EXPECT_NONE("doses given back to stock twice", dosesGivenBackTwiceUnreviewed(*r->world, r->state));
    }

    void concurrentEditsAreReviewedAndEveryoneShowsTheLatest()
    {
        CONVERGED_RUN(r);
        EXPECT_NONE("edited fields", editsNotReviewedOrNotConverged(*r->world, r->state));
    }

    void anEditAfterSeeingTheValueIsNoConflict()
    {
        CONVERGED_RUN(r);
        EXPECT_NONE("review items for edits made one after another", sequentialEditsReviewedAsConflicts(*r->world));
    }

    void everyDevicePassesItsIntegrityCheck()
    {
        CONVERGED_RUN(r);
        EXPECT_NONE("integrity checks", integrityProblems(*r->world));
    }
};

QTEST_GUILESS_MAIN(TestConvergence)
#include "tst_convergence.moc"

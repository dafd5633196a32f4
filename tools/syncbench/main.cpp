// syncbench: figures for sync with vaxcentral on PostgreSQL. Prints; asserts nothing.
//
//   syncbench [--people 1000000] [--injections 100000] [--keep DIR]
//             [--skip-push] [--skip-pull] [--no-analyze] [--inspect]
//
// Starts a throwaway PostgreSQL 15 cluster (initdb as the `postgres` user when run as root;
// VAX_PG_CONNINFO names an existing server instead, as for the tests) and the real vaxcentral on
// it (127.0.0.1, an ephemeral port), sets up two sites with their users through `vaxcentral
// admin`, then measures with real site database files and the real sync code:
//   push  a laptop registers N people and receives a lot (services), pushes them (set-up), then
//         records N injections (InjectionService, one transaction each) and one SyncSession with
//         the product's limits pushes them all: 2N changes (each dose and its stock movement).
//         Beside it, in the same run, a COPY (libpq) of the very rows vaxcentral wrote to
//         change_feed into a table LIKE change_feed INCLUDING ALL. Target: ≥ 0.5 of the COPY rate.
//   pull  a source laptop registers M people (services); its change log goes into central's
//         change_feed by COPY as vaxcentral would write it (FeedLoader: set-up only, the push
//         path takes hours for a million, see the push figures); then a fresh laptop of the
//         site enrols and one SyncSession pulls everything: HTTP, gzip, JSON, applied into its
//         SQLite file. Target: ≥ 20,000 records a second end to end.
// Each timed run reports its rate, vaxcentral's own share of the time (from its request log),
// the RSS of the laptop (this process) and of vaxcentral (/proc/PID/status, peak reset at the
// start), and the CPU seconds of the laptop, vaxcentral and the PostgreSQL backends. Central's
// tables are ANALYZEd before each timed run (--no-analyze: not).
//
// The full size takes about an hour on two cores, mostly set-up: run it in the background and
// read its output, e.g.
//   build/tools/syncbench/syncbench > /tmp/syncbench.txt 2>&1 &
// Site database files go to a temporary directory under /tmp, deleted at the end, or to DIR
// with --keep DIR (left there). The PostgreSQL cluster is always thrown away; --inspect keeps it
// (and prints its conninfo) until Enter is pressed. To see the plans of slow statements, run
// with PGOPTIONS='-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=30'
// and --inspect, and read server.log in the cluster's directory (/tmp/vaxpg-*).
//
// VAX_VAXCENTRAL=PATH runs another build of vaxcentral (to compare two builds of central in the
// same conditions, one run after the other).
//
// It links the sync test harness (tests/support: PostgresCluster, ServerProcess, CentralRig)
// rather than repeat it: a benchmark stands on the same real parts as the integration tests.
#include "app/common/Clock.h"
#include "tests/support/PostgresCluster.h"
#include "tests/support/SyncRig.h"
#include "tools/common/Machine.h"
#include "tools/syncbench/SyncBenchmark.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <algorithm>

#include <libpq-fe.h>

using namespace vax;

namespace {

QString cell(double v, int decimals = 0)
{
    return QString::number(v, 'f', decimals);
}

struct PhaseCpu {
    const bench::PhaseResources& m;
    double total() const { return std::max(1e-9, m.clientCpu + m.serverCpu + m.postgresCpu); }
    QString split() const { return cell(m.clientCpu, 1) + QStringLiteral(" / ") + cell(m.serverCpu, 1) + QStringLiteral(" / ") + cell(m.postgresCpu, 1); }
};

void summary(QTextStream& out, const std::optional<bench::PushFigures>& push, const std::optional<bench::PullFigures>& pull)
{
    auto row = [&out](const QString& what, const QString& value, const QString& target = {}) {
        out << "  " << qSetFieldWidth(46) << Qt::left << what << qSetFieldWidth(0) << qSetFieldWidth(22) << Qt::right << value
            << qSetFieldWidth(0) << "  " << target << Qt::endl;
    };
    auto mb = [](qint64 kb) { return kb < 0 ? QStringLiteral("n/a") : cell(double(kb) / 1024.0) + QStringLiteral(" MB"); };
    out << Qt::endl << "Summary" << Qt::endl;
    if (push) {
        const double s = push->timing.pushSeconds;
        row(QStringLiteral("push: injections"), QString::number(push->injections));
        row(QStringLiteral("push: changes (injection + stock movement)"), QString::number(push->changes));
        row(QStringLiteral("push: time"), cell(s, 2) + QStringLiteral(" s"));
        row(QStringLiteral("push: injections/s"), cell(push->injections / s));
        row(QStringLiteral("push: changes/s"), cell(push->changesPerSecond()));
        row(QStringLiteral("push: batches/s"), cell(push->timing.pushBatches / s, 1));
        row(QStringLiteral("push: vaxcentral share of the time"), cell(100.0 * push->server.seconds / s) + QStringLiteral(" %"));
        row(QStringLiteral("COPY baseline: rows/s"), cell(push->copy.rowsPerSecond()));
        row(QStringLiteral("ratio push / COPY"), cell(push->ratio(), 3),
            push->ratio() >= 0.5 ? QStringLiteral("target ≥ 0.5: met") : QStringLiteral("target ≥ 0.5: MISSED"));
        row(QStringLiteral("COPY into change_feed itself: rows/s"), cell(push->feedCopy.rowsPerSecond()));
        row(QStringLiteral("ratio push / that COPY"), cell(push->ratioToFeedCopy(), 3));
        row(QStringLiteral("ratio ceiling from PostgreSQL's CPU alone"),
            push->postgresCeiling() > 0 ? cell(push->postgresCeiling(), 3) : QStringLiteral("n/a (an outside cluster's CPU is not seen)"));
        const PhaseCpu pc{push->resources};
        row(QStringLiteral("push: CPU s laptop / vaxcentral / PostgreSQL"), pc.split());
        row(QStringLiteral("push: changes per CPU-second"), cell(double(push->changes) / pc.total()));
        row(QStringLiteral("push: laptop RSS peak"), mb(push->resources.clientPeakKb));
        row(QStringLiteral("push: vaxcentral RSS peak"), mb(push->resources.serverPeakKb));
    }
    if (pull) {
        row(QStringLiteral("pull: records"), QString::number(pull->pulled));
        row(QStringLiteral("pull: time"), cell(pull->timing.seconds, 1) + QStringLiteral(" s"));
        row(QStringLiteral("pull: of it, building what the pull put off"), cell(pull->timing.indexSeconds, 1) + QStringLiteral(" s"));
        row(QStringLiteral("pull: records/s"), cell(pull->recordsPerSecond()),
            pull->recordsPerSecond() >= 20000 ? QStringLiteral("target ≥ 20000: met") : QStringLiteral("target ≥ 20000: MISSED"));
        row(QStringLiteral("pull: vaxcentral share of the time"), cell(100.0 * pull->server.seconds / pull->timing.seconds) + QStringLiteral(" %"));
        const PhaseCpu pc{pull->resources};
        row(QStringLiteral("pull: CPU s laptop / vaxcentral / PostgreSQL"), pc.split());
        row(QStringLiteral("pull: records per CPU-second"), cell(double(pull->pulled) / pc.total()));
        row(QStringLiteral("pull: laptop RSS peak"), mb(pull->resources.clientPeakKb));
        row(QStringLiteral("pull: vaxcentral RSS peak"), mb(pull->resources.serverPeakKb));
    }
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    // The sync code's per-run lines would drown the figures.
    QLoggingCategory::setFilterRules(QStringLiteral("vax.*.info=false"));
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Prints VaxStation sync figures against vaxcentral on PostgreSQL."));
    p.addHelpOption();
    p.addOption({QStringLiteral("people"), QStringLiteral("People a fresh laptop pulls."), QStringLiteral("N"), QStringLiteral("1000000")});
    p.addOption({QStringLiteral("injections"), QStringLiteral("Injections a laptop pushes."), QStringLiteral("N"), QStringLiteral("100000")});
    p.addOption({QStringLiteral("keep"), QStringLiteral("Keep the site database files in DIR (created; must hold none)."), QStringLiteral("DIR")});
    p.addOption({QStringLiteral("push-batch"), QStringLiteral("Changes a push batch carries (default: the laptop's)."), QStringLiteral("N"),
        QString::number(sync::SyncSession::Limits{}.pushBatch)});
    p.addOption({QStringLiteral("skip-push"), QStringLiteral("Measure the pull only.")});
    p.addOption({QStringLiteral("skip-pull"), QStringLiteral("Measure the push only.")});
    p.addOption({QStringLiteral("no-analyze"), QStringLiteral("Do not ANALYZE central's tables before each timed run.")});
    p.addOption({QStringLiteral("inspect"), QStringLiteral("Before tearing down, print central's conninfo and wait for a line on stdin.")});
    p.process(app);
    QTextStream out(stdout);
    bool okPeople = false;
    bool okInjections = false;
    const int people = p.value(QStringLiteral("people")).toInt(&okPeople);
    const int injections = p.value(QStringLiteral("injections")).toInt(&okInjections);
    bool okBatch = false;
    const int pushBatch = p.value(QStringLiteral("push-batch")).toInt(&okBatch);
    if (!okPeople || !okInjections || !okBatch || people < 1 || injections < 1 || pushBatch < 1) {
        out << "syncbench: --people, --injections and --push-batch take a number above zero" << Qt::endl;
        return 2;
    }

    QTemporaryDir scratch(QDir::tempPath() + QStringLiteral("/syncbench-XXXXXX"));
    QString dir = scratch.path();
    if (p.isSet(QStringLiteral("keep"))) {
        dir = QDir(p.value(QStringLiteral("keep"))).absolutePath();
        if (!QDir().mkpath(dir) || !QDir(dir).entryList({QStringLiteral("*.vaxdb")}, QDir::Files).isEmpty()) {
            out << "syncbench: " << dir << " cannot be made or already holds site databases" << Qt::endl;
            return 2;
        }
    }

    out << bench::machineLine(QStringLiteral("VaxStation sync benchmark")) << QStringLiteral(", libpq %1").arg(PQlibVersion()) << Qt::endl;
    test::PostgresCluster pg;
    if (!pg.ok()) {
        out << "syncbench: no PostgreSQL: " << pg.errorText() << Qt::endl;
        return 1;
    }
    out << QStringLiteral("PostgreSQL %1 on %2:%3 (%4, started in %5 s); site databases in %6")
               .arg(pg.isExternal() ? QStringLiteral("server") : QStringLiteral("15 cluster"), pg.host())
               .arg(pg.port())
               .arg(pg.isExternal() ? QStringLiteral("VAX_PG_CONNINFO") : QStringLiteral("fsync off, as the tests run it"))
               .arg(double(pg.startMilliseconds()) / 1000.0, 0, 'f', 1)
               .arg(dir)
        << Qt::endl;
    test::CentralRig central(&pg);
    if (!central.start()) {
        out << "syncbench: vaxcentral did not start:\n" << central.log() << Qt::endl;
        return 1;
    }
    out << "vaxcentral at " << central.url().toString() << Qt::endl;
    SystemClock clock;
    bench::SyncBenchmark bench(central, dir, clock, out);
    bench.setAnalyze(!p.isSet(QStringLiteral("no-analyze")));
    bench.setPushBatch(pushBatch);
    out << (p.isSet(QStringLiteral("no-analyze")) ? "Central's tables are not analysed before the timed runs (--no-analyze)."
                                                  : "Central's tables are analysed before each timed run, as autovacuum would have on a running server.")
        << Qt::endl;
    if (auto r = bench.setUpCentral(); !r.ok()) {
        out << "syncbench: " << r.error().message() << Qt::endl;
        return 1;
    }

    std::optional<bench::PushFigures> pushed;
    std::optional<bench::PullFigures> pulled;
    if (!p.isSet(QStringLiteral("skip-push"))) {
        auto r = bench.push(injections);
        if (!r.ok()) {
            out << "syncbench: push: " << r.error().message() << Qt::endl;
            return 1;
        }
        pushed = r.value();
    }
    if (!p.isSet(QStringLiteral("skip-pull"))) {
        auto r = bench.pull(people);
        if (!r.ok()) {
            out << "syncbench: pull: " << r.error().message() << Qt::endl;
            return 1;
        }
        pulled = r.value();
    }
    summary(out, pushed, pulled);
    if (p.isSet(QStringLiteral("inspect"))) {
        out << "Central's database: " << central.storageArguments().value(1) << Qt::endl << "Press Enter to tear down." << Qt::endl;
        QTextStream(stdin).readLine();
    }
    if (p.isSet(QStringLiteral("keep")))
        out << "Site databases kept in " << dir << Qt::endl;
    return 0;
}

#include "SyncBenchmark.h"

#include "app/people/AdminUnits.h"
#include "app/services/InjectionService.h"
#include "app/services/RegistrationService.h"
#include "app/services/StockService.h"
#include "db/Connection.h"
#include "db/Statement.h"
#include "tests/support/SyncRig.h"
#include "tools/syncbench/FeedLoader.h"
#include "tools/syncbench/PgSession.h"
#include "tools/syncbench/ProcessStats.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include <unistd.h>

namespace vax::bench {

const QString SyncBenchmark::kPushSite = QStringLiteral("BENCH-PUSH");
const QString SyncBenchmark::kPullSite = QStringLiteral("BENCH-PULL");

namespace {

constexpr int kDraftChunk = 10000;   // drafts held in memory at once
constexpr int kRegisterBatch = 2000; // people per transaction (what DemoSite uses)
constexpr int kCopyRepeats = 3;
// Loading a million people onto central is set-up, not a figure: bigger batches than a laptop
// sends (the server takes up to 64 MB a request).
const sync::SyncSession::Limits kBulkLimits{5000, 1000};

double secondsOf(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

QString mb(qint64 kb)
{
    return kb < 0 ? QStringLiteral("n/a") : QString::number(double(kb) / 1024.0, 'f', 0) + QStringLiteral(" MB");
}

// The three take turns (one request at a time), so on an otherwise idle machine the run would
// take about their CPU time added up: records per CPU-second says what load on a shared machine
// hides.
QString cpuLine(const PhaseResources& m, qint64 records, double wallSeconds)
{
    const double cpu = m.clientCpu + m.serverCpu + m.postgresCpu;
    return QStringLiteral("    CPU used in it: laptop %1 s, vaxcentral %2 s, PostgreSQL %3 s (%4 s of %5 s wall): %6 records per CPU-second")
        .arg(m.clientCpu, 0, 'f', 1)
        .arg(m.serverCpu, 0, 'f', 1)
        .arg(m.postgresCpu, 0, 'f', 1)
        .arg(cpu, 0, 'f', 1)
        .arg(wallSeconds, 0, 'f', 1)
        .arg(cpu > 0 ? QString::number(double(records) / cpu, 'f', 0) : QStringLiteral("n/a"));
}

QString rate(double perSecond)
{
    return QString::number(perSecond, 'f', 0);
}

// "median 0.42 s of 0.51, 0.42, 0.40 → 100489 rows/s"
QString timesText(const CopyFigures& copy)
{
    QStringList each;
    for (double s : copy.seconds)
        each << QString::number(s, 'f', 2);
    return QStringLiteral("median %1 s of %2 → %3 rows/s")
        .arg(copy.medianSeconds(), 0, 'f', 2)
        .arg(each.join(QStringLiteral(", ")), rate(copy.rowsPerSecond()));
}

} // namespace

SyncBenchmark::SyncBenchmark(test::CentralRig& central, const QString& dir, const Clock& clock, QTextStream& out)
    : m_central(central)
    , m_dir(dir)
    , m_clock(clock)
    , m_out(out)
    , m_people(std::make_unique<DemoPeople>(AdminUnits::builtin(), 2021))
{
}

SyncBenchmark::~SyncBenchmark() = default;

void SyncBenchmark::say(const QString& line)
{
    m_out << line << Qt::endl;
}

Result<void> SyncBenchmark::setUpCentral()
{
    for (const QString& site : {kPushSite, kPullSite}) {
        if (!m_central.addSite(site, QStringLiteral("Benchmark site ") + site) || !m_central.addUser(site, QStringLiteral("nurse-") + site.toLower(), QStringLiteral("nurse"))
            || !m_central.addUser(site, QStringLiteral("manager-") + site.toLower(), QStringLiteral("site_manager")))
            return Error(ErrorCode::Storage, QStringLiteral("vaxcentral admin failed: ") + m_central.lastAdmin().describe());
    }
    return {};
}

QString SyncBenchmark::conninfo() const
{
    return m_central.storageArguments().value(1);  // {"--pg", CONNINFO}
}

SyncBenchmark::CpuSnapshot SyncBenchmark::cpuSnapshot(pid_t server)
{
    CpuSnapshot s;
    s.client = ProcessStats::cpuSeconds(::getpid());
    s.server = server > 0 ? ProcessStats::cpuSeconds(server) : 0;
    if (const pid_t postmaster = ProcessStats::childNamed("postgres")) {
        for (const pid_t backend : ProcessStats::children(postmaster))
            s.postgres.insert(backend, ProcessStats::cpuSeconds(backend));
    }
    return s;
}

pid_t SyncBenchmark::serverPid()
{
    return ProcessStats::childNamed("vaxcentral");
}

Result<std::unique_ptr<BenchDevice>> SyncBenchmark::enrolledDevice(const QString& name, const QString& site)
{
    const QString path = QDir(m_dir).filePath(name + QStringLiteral(".vaxdb"));
    auto device = BenchDevice::create(path, site, m_clock);
    if (!device.ok())
        return device.error();
    const QString code = m_central.enrolCode(site);
    if (code.isEmpty())
        return Error(ErrorCode::Storage, QStringLiteral("no enrolment code: ") + m_central.lastAdmin().describe());
    if (auto r = device.value()->enrol(m_central.url(), code, name); !r.ok())
        return r.error();
    return std::move(device).value();
}

Result<void> SyncBenchmark::registerPeople(BenchDevice& device, const Session& session, int count)
{
    RegistrationService registration(device.store(), m_clock, AdminUnits::builtin());
    const QDate today = m_clock.today();
    QElapsedTimer t;
    t.start();
    for (int done = 0; done < count;) {
        QList<PersonDraft> drafts;
        const int n = std::min(kDraftChunk, count - done);
        drafts.reserve(n);
        for (int i = 0; i < n; ++i)
            drafts << m_people->next(today);
        const auto bulk = registration.registerMany(session, drafts, kRegisterBatch, {});
        if (!bulk.rejected.isEmpty())
            return bulk.rejected.first().second;
        done += bulk.registered;
        if (done % 100000 == 0 || done == count)
            say(QStringLiteral("    registered %1 of %2 (%3/s)").arg(done).arg(count).arg(rate(done / secondsOf(t))));
    }
    return {};
}

Result<SyncTiming> SyncBenchmark::setupSync(BenchDevice& device, const char* what, const sync::SyncSession::Limits& limits)
{
    auto timing = device.sync(limits);
    if (!timing.ok())
        return timing.error();
    if (timing->run.rejected > 0)
        return Error(ErrorCode::Conflict, QStringLiteral("central refused %1 changes").arg(timing->run.rejected));
    say(QStringLiteral("    %1: pushed %2, pulled %3 in %4 s").arg(QLatin1String(what)).arg(timing->run.pushed).arg(timing->run.pulled).arg(timing->seconds, 0, 'f', 1));
    return timing;
}

Result<SyncTiming> SyncBenchmark::timedSync(BenchDevice& device, PhaseResources* resources, ServerTime* server, const QString& path)
{
    if (m_analyze) {
        auto pg = PgSession::connect(conninfo());
        if (!pg.ok())
            return pg.error();
        if (auto r = pg.value()->exec("ANALYZE"); !r.ok())
            return r.error();
    }
    const pid_t pid = serverPid();
    if (pid == 0)
        say(QStringLiteral("    (vaxcentral's process not found: no server RSS)"));
    RssSampler sampler(pid);
    const qsizetype logFrom = m_central.process().stdErr().size();
    const CpuSnapshot before = cpuSnapshot(pid);
    sampler.start();
    auto timing = device.sync(m_limits);
    sampler.stop();
    const CpuSnapshot after = cpuSnapshot(pid);
    *resources = PhaseResources{sampler.selfPeakKb(), sampler.selfEndKb(), sampler.otherPeakKb(), sampler.otherEndKb(), after.client - before.client,
        after.server - before.server, 0};
    for (auto it = after.postgres.cbegin(); it != after.postgres.cend(); ++it)
        resources->postgresCpu += it.value() - before.postgres.value(it.key(), 0);
    *server = serverTime(m_central.process().stdErr().mid(logFrom), path);
    return timing;
}

Result<PushFigures> SyncBenchmark::push(int injections)
{
    PushFigures f;
    f.injections = injections;
    say(QStringLiteral("Push: %1 injections from a site laptop (site %2)").arg(injections).arg(kPushSite));
    auto device = enrolledDevice(QStringLiteral("push"), kPushSite);
    if (!device.ok())
        return device.error();
    BenchDevice& d = *device.value();
    if (auto r = setupSync(d, "first sync (users, catalogue)"); !r.ok())
        return r.error();
    const auto nurse = d.session(QStringLiteral("nurse-") + kPushSite.toLower());
    const auto manager = d.session(QStringLiteral("manager-") + kPushSite.toLower());
    if (!nurse || !manager)
        return Error(ErrorCode::NotFound, QStringLiteral("the site's users did not arrive with the first sync"));

    say(QStringLiteral("  set-up: %1 people and a lot of %1 doses on the laptop, pushed").arg(injections));
    if (auto r = registerPeople(d, *nurse, injections); !r.ok())
        return r.error();
    StockService stock(d.store(), m_clock);
    const int doses = (injections + 59) / 60 * 60;  // whole vials of any presentation
    auto lot = stock.receive(*manager, {QStringLiteral("VAXZEVRIA"), QStringLiteral("BENCH%1").arg(m_clock.now().toSecsSinceEpoch()),
                                           m_clock.today().addDays(120).toString(Qt::ISODate), QString::number(doses), {}, {}});
    if (!lot.ok())
        return lot.error();
    if (auto r = setupSync(d, "push of the people and the lot", kBulkLimits); !r.ok())
        return r.error();

    // The doses, one transaction each, as the injection station records them.
    QStringList people;
    {
        db::Statement& s = d.store().connection().statement(QStringLiteral("SELECT id FROM person ORDER BY rowid"));
        while (s.step())
            people << s.text(0);
        s.reset();
    }
    InjectionService service(d.store(), m_clock);
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < injections; ++i) {
        DoseRequest r;
        r.personId = people.at(i % people.size());
        r.lotId = lot->lot.stamp.id;
        r.bodySite = i % 2 ? BodySite::LeftArm : BodySite::RightArm;
        r.requireScreening = false;
        if (auto done = service.record(*nurse, r); !done.ok())
            return done.error();
    }
    f.recordSeconds = secondsOf(t);
    f.changes = d.store().pendingChanges();
    say(QStringLiteral("  recorded %1 injections on the laptop in %2 s (%3/s): %4 changes to push")
            .arg(injections)
            .arg(f.recordSeconds, 0, 'f', 1)
            .arg(rate(injections / f.recordSeconds))
            .arg(f.changes));

    const qint64 before = m_central.scalar(QStringLiteral("SELECT coalesce(max(gseq), 0) FROM change_feed")).toLongLong();
    auto timing = timedSync(d, &f.resources, &f.server, QStringLiteral("/api/v1/push"));
    if (!timing.ok())
        return timing.error();
    f.timing = timing.value();
    const qint64 after = m_central.scalar(QStringLiteral("SELECT coalesce(max(gseq), 0) FROM change_feed")).toLongLong();
    if (f.timing.run.pushed != f.changes || f.timing.run.rejected != 0 || d.store().pendingChanges() != 0 || after - before != f.changes) {
        return Error(ErrorCode::Conflict, QStringLiteral("the push did not go through whole: pushed %1 of %2, %3 refused, %4 pending, %5 new rows on central")
                                              .arg(f.timing.run.pushed)
                                              .arg(f.changes)
                                              .arg(f.timing.run.rejected)
                                              .arg(d.store().pendingChanges())
                                              .arg(after - before));
    }
    const double pushS = f.timing.pushSeconds;
    say(QStringLiteral("  SyncSession push (%1 changes a batch): %2 changes in %3 s").arg(m_limits.pushBatch).arg(f.changes).arg(pushS, 0, 'f', 2));
    say(QStringLiteral("    %1 injections/s, %2 changes/s, %3 batches/s (%4 batches; per batch p50 %5 ms, p95 %6 ms)")
            .arg(rate(injections / pushS), rate(f.changesPerSecond()))
            .arg(f.timing.pushBatches / pushS, 0, 'f', 1)
            .arg(f.timing.pushBatches)
            .arg(f.timing.batchMicros.p50() / 1000.0, 0, 'f', 1)
            .arg(f.timing.batchMicros.p95() / 1000.0, 0, 'f', 1));
    say(QStringLiteral("    vaxcentral's own time on the %1 push requests: %2 s (%3 %); the rest is the laptop and the wire")
            .arg(f.server.requests)
            .arg(f.server.seconds, 0, 'f', 2)
            .arg(100.0 * f.server.seconds / pushS, 0, 'f', 0));
    say(QStringLiteral("    RSS: laptop peak %1 (end %2), vaxcentral peak %3 (end %4)")
            .arg(mb(f.resources.clientPeakKb), mb(f.resources.clientEndKb), mb(f.resources.serverPeakKb), mb(f.resources.serverEndKb)));
    say(cpuLine(f.resources, f.changes, f.timing.seconds));

    auto copy = copyBaseline(conninfo(), before, after, kCopyRepeats);
    if (!copy.ok())
        return copy.error();
    f.copy = copy.value();
    say(QStringLiteral("  Baseline: COPY of the same %1 rows (%2 MB) into change_feed_copy (LIKE change_feed INCLUDING ALL): %3")
            .arg(f.copy.rows)
            .arg(double(f.copy.bytes) / 1048576.0, 0, 'f', 1)
            .arg(timesText(f.copy)));
    say(QStringLiteral("  ratio push / COPY: %1   (target ≥ 0.5)").arg(f.ratio(), 0, 'f', 3));
    auto feedCopy = copyIntoFeed(conninfo(), before, after, kCopyRepeats);
    if (!feedCopy.ok())
        return feedCopy.error();
    f.feedCopy = feedCopy.value();
    say(QStringLiteral("  The same rows COPYed into change_feed itself, beside its history (rolled back): %1; push / that: %2")
            .arg(timesText(f.feedCopy))
            .arg(f.ratioToFeedCopy(), 0, 'f', 3));
    if (f.postgresCeiling() > 0) {
        say(QStringLiteral("  ceiling set by PostgreSQL alone: %1 s of its CPU on the push against %2 s for the COPY → at most %3, "
                           "were the laptop and vaxcentral free")
                .arg(f.resources.postgresCpu, 0, 'f', 2)
                .arg(f.copy.medianSeconds(), 0, 'f', 2)
                .arg(f.postgresCeiling(), 0, 'f', 3));
    }
    return f;
}

Result<PullFigures> SyncBenchmark::pull(int people)
{
    PullFigures f;
    f.people = people;
    say(QStringLiteral("Pull: %1 people onto a fresh laptop (site %2)").arg(people).arg(kPullSite));
    QElapsedTimer t;
    t.start();
    {
        say(QStringLiteral("  set-up: a source laptop registers them; its change log goes into central's feed by COPY"));
        auto source = enrolledDevice(QStringLiteral("source"), kPullSite);
        if (!source.ok())
            return source.error();
        if (auto r = setupSync(*source.value(), "first sync (users, catalogue)"); !r.ok())
            return r.error();
        const auto nurse = source.value()->session(QStringLiteral("nurse-") + kPullSite.toLower());
        if (!nurse)
            return Error(ErrorCode::NotFound, QStringLiteral("the site's users did not arrive with the first sync"));
        if (auto r = registerPeople(*source.value(), *nurse, people); !r.ok())
            return r.error();
        QElapsedTimer load;
        load.start();
        auto loaded = loadPeopleIntoFeed(conninfo(), source.value()->store());
        if (!loaded.ok())
            return loaded.error();
        say(QStringLiteral("    %1 people into change_feed in %2 s").arg(loaded.value()).arg(secondsOf(load), 0, 'f', 1));
    }  // the source laptop's database closes here: its memory is not the fresh laptop's
    f.setupSeconds = secondsOf(t);

    auto device = enrolledDevice(QStringLiteral("fresh"), kPullSite);
    if (!device.ok())
        return device.error();
    BenchDevice& d = *device.value();
    auto timing = timedSync(d, &f.resources, &f.server, QStringLiteral("/api/v1/pull"));
    if (!timing.ok())
        return timing.error();
    f.timing = timing.value();
    f.pulled = f.timing.run.pulled;
    f.peopleOnDevice = d.count(QStringLiteral("SELECT count(*) FROM person"));
    f.deviceFileBytes = QFileInfo(d.path()).size() + QFileInfo(d.path() + QStringLiteral("-wal")).size();
    if (f.peopleOnDevice != people)
        return Error(ErrorCode::Conflict, QStringLiteral("the fresh laptop holds %1 people, not %2").arg(f.peopleOnDevice).arg(people));
    const double s = f.timing.seconds;
    say(QStringLiteral("  SyncSession first pull (%1 changes a page): %2 records in %3 s → %4 records/s   (target ≥ 20000)")
            .arg(sync::SyncSession::Limits{}.pullPage)
            .arg(f.pulled)
            .arg(s, 0, 'f', 1)
            .arg(rate(f.recordsPerSecond())));
    say(QStringLiteral("    %1 pages (p50 %2 ms, p95 %3 ms), then %4 s building what the pull put off (a first pull's indexes and "
                       "name search); %5 MB over the wire (gzip); database file %6 MB")
            .arg(f.timing.pullPages)
            .arg(f.timing.pageMicros.p50() / 1000.0, 0, 'f', 1)
            .arg(f.timing.pageMicros.p95() / 1000.0, 0, 'f', 1)
            .arg(f.timing.indexSeconds, 0, 'f', 1)
            .arg(double(f.server.bytesOut) / 1048576.0, 0, 'f', 1)
            .arg(double(f.deviceFileBytes) / 1048576.0, 0, 'f', 0));
    say(QStringLiteral("    vaxcentral's own time on the %1 pull requests: %2 s (%3 %); the rest is the laptop (decode, apply) and the wire")
            .arg(f.server.requests)
            .arg(f.server.seconds, 0, 'f', 1)
            .arg(100.0 * f.server.seconds / s, 0, 'f', 0));
    say(QStringLiteral("    RSS: laptop peak %1 (end %2), vaxcentral peak %3 (end %4)")
            .arg(mb(f.resources.clientPeakKb), mb(f.resources.clientEndKb), mb(f.resources.serverPeakKb), mb(f.resources.serverEndKb)));
    say(cpuLine(f.resources, f.pulled, f.timing.seconds));
    return f;
}

} // namespace vax::bench

#pragma once

#include "app/common/Result.h"
#include "app/demo/DemoPeople.h"
#include "tools/syncbench/BenchDevice.h"
#include "tools/syncbench/CopyBaseline.h"
#include "tools/syncbench/ServerLog.h"

#include <QHash>
#include <QTextStream>

#include <memory>

#include <sys/types.h>

namespace vax {
class Clock;
struct Session;
}

namespace vax::test {
class CentralRig;
}

namespace vax::bench {

// Memory of the device (this process) and of vaxcentral during one timed sync run, and the CPU
// time each side used in it (PostgreSQL: its backends, vaxcentral's among them).
struct PhaseResources {
    qint64 clientPeakKb = -1;
    qint64 clientEndKb = -1;
    qint64 serverPeakKb = -1;
    qint64 serverEndKb = -1;
    double clientCpu = 0;
    double serverCpu = 0;
    double postgresCpu = 0;
};

struct PushFigures {
    int injections = 0;
    qint64 changes = 0;            // change-log entries pushed: each injection and its stock movement
    double recordSeconds = 0;      // InjectionService::record for all of them, on the device
    SyncTiming timing;
    ServerTime server;
    PhaseResources resources;
    CopyFigures copy;
    CopyFigures feedCopy;  // the same rows into change_feed itself, rolled back
    double changesPerSecond() const { return timing.pushSeconds > 0 ? double(changes) / timing.pushSeconds : 0; }
    double ratio() const { return copy.rowsPerSecond() > 0 ? changesPerSecond() / copy.rowsPerSecond() : 0; }
    double ratioToFeedCopy() const { return feedCopy.rowsPerSecond() > 0 ? changesPerSecond() / feedCopy.rowsPerSecond() : 0; }
    // The ratio the push could reach if the laptop and vaxcentral cost nothing: PostgreSQL's
    // own CPU on the push against the COPY's time for the same rows.
    double postgresCeiling() const { return resources.postgresCpu > 0 ? copy.medianSeconds() / resources.postgresCpu : 0; }
};

struct PullFigures {
    int people = 0;
    double setupSeconds = 0;       // registering them on the source device and loading them into the feed
    qint64 pulled = 0;
    qint64 peopleOnDevice = 0;
    SyncTiming timing;
    ServerTime server;
    PhaseResources resources;
    qint64 deviceFileBytes = 0;
    double recordsPerSecond() const { return timing.seconds > 0 ? double(pulled) / timing.seconds : 0; }
};

// The two sync figures the issue asks for, against the real vaxcentral on PostgreSQL:
// - push: a site laptop with `injections` doses recorded pushes them in one SyncSession, beside
//   a COPY of the very rows vaxcentral wrote to change_feed (CopyBaseline);
// - pull: a fresh laptop of a site with `people` people on central (registered on a source
//   laptop, loaded into the feed by FeedLoader) pulls them all in one SyncSession (HTTP, gzip,
//   JSON, applied into its SQLite file).
// Each site has its own devices and database files under `dir`; prints as it goes.
class SyncBenchmark
{
public:
    SyncBenchmark(test::CentralRig& central, const QString& dir, const Clock& clock, QTextStream& out);
    ~SyncBenchmark();

    static const QString kPushSite;
    static const QString kPullSite;
    // Sites, users and the catalogue on central (vaxcentral admin).
    Result<void> setUpCentral();

    // ANALYZE central's tables before each timed run (the default), as autovacuum will have on a
    // server that has been running; without it the planner works from the empty tables' guesses.
    void setAnalyze(bool analyze) { m_analyze = analyze; }
    // Changes a push batch carries in the timed push (the laptop's default otherwise).
    void setPushBatch(int changes) { m_limits.pushBatch = changes; }

    Result<PushFigures> push(int injections);
    Result<PullFigures> pull(int people);

private:
    Result<std::unique_ptr<BenchDevice>> enrolledDevice(const QString& name, const QString& site);
    // Registers `count` demo people through RegistrationService::registerMany.
    Result<void> registerPeople(BenchDevice& device, const Session& session, int count);
    // A sync run that must go through, with what it moved printed.
    Result<SyncTiming> setupSync(BenchDevice& device, const char* what, const sync::SyncSession::Limits& limits = {});
    Result<SyncTiming> timedSync(BenchDevice& device, PhaseResources* resources, ServerTime* server, const QString& path);
    struct CpuSnapshot {
        double client = 0;
        double server = 0;
        QHash<pid_t, double> postgres;  // by backend
    };
    static CpuSnapshot cpuSnapshot(pid_t server);
    QString conninfo() const;
    pid_t serverPid();
    void say(const QString& line);

    test::CentralRig& m_central;
    QString m_dir;
    const Clock& m_clock;
    QTextStream& m_out;
    // One generator for every site: CCCD, phone and passport numbers stay unique across them,
    // so central raises no duplicates the benchmark did not mean.
    std::unique_ptr<DemoPeople> m_people;
    bool m_analyze = true;
    sync::SyncSession::Limits m_limits;  // of the timed syncs
};

} // namespace vax::bench

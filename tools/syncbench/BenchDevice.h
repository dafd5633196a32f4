#pragma once

#include "app/services/Session.h"
#include "app/store/SyncRepository.h"
#include "db/SqliteSiteStore.h"
#include "sync/SyncSession.h"
#include "tools/common/Stats.h"

#include <QNetworkAccessManager>
#include <QUrl>

#include <memory>
#include <optional>

namespace vax {
class Clock;
}

namespace vax::bench {

// What one sync run took, as the device saw it: the whole run, the push part (up to the first
// pull request), and the time between consecutive requests of each stage (one push batch or
// one pull page, from reading it out of the database to having applied the answer).
struct SyncTiming {
    SyncRun run;
    double seconds = 0;
    double pushSeconds = 0;
    double pullSeconds = 0;
    double indexSeconds = 0;  // after the last page: what the pull put off (a first pull's indexes)
    int pushBatches = 0;
    int pullPages = 0;
    Stats batchMicros;
    Stats pageMicros;
};

// A site or team laptop for the benchmark: a real site database file, the real sync code
// (Enrolment, CredentialStore, CentralApi, SyncSession) against the real vaxcentral, and the
// system clock. Like tests/support's TestDevice, but its file lives where the benchmark says
// (kept with --keep) and a sync run reports its timings.
class BenchDevice final
{
    Q_DISABLE_COPY_MOVE(BenchDevice)

public:
    // Creates the database at `path` (which must not exist) with the built-in catalogue.
    static Result<std::unique_ptr<BenchDevice>> create(const QString& path, const QString& siteCode, const Clock& clock);
    ~BenchDevice();

    db::SqliteSiteStore& store() { return *m_store; }
    const QString& path() const { return m_path; }

    Result<void> enrol(const QUrl& server, const QString& code, const QString& name);
    // One SyncSession run, waited for (a local event loop, as the test rig does).
    Result<SyncTiming> sync(const sync::SyncSession::Limits& limits = {});
    // A user pulled from central.
    std::optional<Session> session(const QString& username);
    qint64 count(const QString& sql);
    // Closes the database file (its memory goes back with it); store() is invalid afterwards.
    void close();

private:
    BenchDevice(const QString& path, const Clock& clock, std::unique_ptr<db::SqliteSiteStore> store);

    QString m_path;
    const Clock& m_clock;
    std::unique_ptr<db::SqliteSiteStore> m_store;
    QNetworkAccessManager m_network;
};

} // namespace vax::bench

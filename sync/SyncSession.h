#pragma once

#include "app/store/SyncRepository.h"

#include <QObject>

#include <functional>
#include <optional>

namespace vax {
class Clock;
class SiteStore;
}

namespace vax::sync {

class CentralApi;

// One sync with central (docs/sync-protocol.md): carry the bundles of other devices imported
// here (this device's changes may point to their records), push every unacknowledged change in
// batches, then pull pages until central has nothing more; each step commits before the next is asked for, so a cut anywhere loses nothing and
// the next run resumes where this one stopped. The run is recorded in the sync history.
// Asynchronous, in the thread of the store and the CentralApi it is given.
class SyncSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncSession)

public:
    struct Limits {
        int pushBatch = 500;
        int pullPage = 1000;
    };
    using Done = std::function<void(const SyncRun&)>;

    SyncSession(SiteStore& store, CentralApi& api, const Clock& clock, QObject* parent = nullptr);

    void setLimits(const Limits& limits) { m_limits = limits; }
    // Runs once; `done` gets the run as recorded (run.error says why it stopped early).
    void start(Done done);
    // Why the run stopped early, with its code (Io: try again later; Forbidden or Conflict:
    // central refuses this device until a person acts).
    const std::optional<Error>& failure() const { return m_failure; }

signals:
    // "push", "relay" or "pull", with how many changes so far and (push only) of how many.
    void progress(const QString& stage, qint64 done, qint64 total);

private:
    void pushNext();
    void relayNext();
    void pullNext();
    void requestPage(qint64 after);
    void finish(const std::optional<Error>& failure = std::nullopt);

    SiteStore& m_store;
    CentralApi& m_api;
    const Clock& m_clock;
    Limits m_limits;
    Done m_done;
    SyncRun m_run;
    qint64 m_pushTotal = 0;
    QList<RelayBundle> m_bundles;
    std::optional<Error> m_failure;
    std::optional<Error> m_held;  // central holds changes back (clock ahead, a missing record): the run says so
    bool m_rewound = false;       // sent again from central's cursor once this run
    int m_generation = 0;         // bumped when the run stops: late answers are dropped
};

} // namespace vax::sync

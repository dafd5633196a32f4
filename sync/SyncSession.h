#pragma once

#include "app/store/SyncRepository.h"
#include "sync/CentralApi.h"
#include "sync/Messages.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace vax {
class Clock;
class SiteStore;
}

namespace vax::sync {

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
        int pullPage = 2000;
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
    // "push", "relay" or "pull", with how many changes so far and (push only) of how many;
    // "index" once central has nothing more, while the store does what the pull put off (a
    // first pull builds the person indexes and name search).
    void progress(const QString& stage, qint64 done, qint64 total);

private:
    // A push batch read from the change log, encoded and packed, the changes after `after` up
    // to `lastSeq` (0: none).
    struct PreparedBatch {
        qint64 after = 0;
        qint64 lastSeq = 0;
        CentralApi::Body body;
    };

    PreparedBatch prepareBatch(qint64 after);
    void pushNext();
    void relayNext();
    void pullNext();

    // Pulling runs three pages at once: central prepares one, another core decodes the one
    // before, this thread applies the one before that, each page in one transaction, in order.
    struct PulledPage {
        qint64 serial = 0;
        qint64 after = 0;         // the cursor it was asked for with
        qint64 last = 0;          // its end, and whether more follow (once known)
        bool more = false;
        bool cursorKnown = false;
        bool arrived = false;
        std::shared_ptr<Result<sync::PullPage>> decoded;
    };
    void requestPage(qint64 after);
    PulledPage* pulledPage(qint64 serial);
    // Checks and takes a page's cursor; asks for the next page if more follow.
    bool takeCursor(PulledPage& page, qint64 last, bool more);
    // A page did not come (a cut) or cannot be read: the pages before it are applied, then the
    // run stops with `error`.
    void pageFailed(qint64 serial, const Error& error);
    void pageArrived(qint64 serial, const QByteArray& json);
    void pageDecoded(qint64 serial, const std::shared_ptr<Result<sync::PullPage>>& decoded);
    void applyPulledPages();
    // A page's cursor read from the end of its JSON; false if it does not end as expected.
    static bool peekPullCursor(const QByteArray& json, qint64* last, bool* more);
    void finish(const std::optional<Error>& failure = std::nullopt);

    SiteStore& m_store;
    CentralApi& m_api;
    const Clock& m_clock;
    Limits m_limits;
    Done m_done;
    SyncRun m_run;
    qint64 m_pushTotal = 0;
    QList<RelayBundle> m_bundles;
    std::optional<PreparedBatch> m_nextBatch;  // made while central takes the batch before
    QList<PulledPage> m_pages;                 // asked for and not applied yet, in order
    std::optional<Error> m_pullFailure;        // a page failed: the ones before it are applied, then the run stops
    qint64 m_pageSerial = 0;
    std::optional<Error> m_failure;
    std::optional<Error> m_held;  // central holds changes back (clock ahead, a missing record): the run says so
    bool m_rewound = false;       // sent again from central's cursor once this run
    bool m_pulling = false;       // between the store's beginPull() and endPull()
    qint64 m_loggedThrough = 0;   // this database's own changes, as the pull tells central
    int m_generation = 0;         // bumped when the run stops: late answers are dropped
};

} // namespace vax::sync

#pragma once

#include "app/common/Result.h"

#include <QElapsedTimer>
#include <QStringList>

#include <memory>
#include <optional>

class QLockFile;

namespace vax::db {

class Connection;

// A device's first pull from central (a fresh laptop taking in its site's people, a million of
// them in a city) goes without the person table's secondary indexes and without name search,
// and builds both once at its end: kept up page by page, they cost more per person the bigger
// the file grows (docs/sync-protocol.md "First pull").
//
// What it put off is kept in the file, so a pull cut or killed half-way resumes the same way:
// meta "first_pull" holds, from the first page to central's end, the CREATE INDEX statements
// it dropped (as sqlite_master had them, so they never drift from the schema), and fts_pending
// the people not in name search yet. Meanwhile people are still found, by slower scans.
//
// The connection that runs a first pull holds <file>.pull-lock, so another one (vaxctl check or
// search, the app's screens) tells a pull under way from one that stopped: for one that
// stopped, the indexes and name search come back before people are looked up or checked, and
// the next pull drops them again.
class FirstPull
{
public:
    explicit FirstPull(Connection& connection);
    ~FirstPull();
    Q_DISABLE_COPY_MOVE(FirstPull)

    // The person indexes a first pull dropped (empty: none are down). Inside a transaction or not.
    QStringList droppedIndexes();
    // Whether a first pull is under way on this file (here or elsewhere; cut or running).
    bool underWay();
    // A pull begins with the pull cursor at `cursor`: from 0, or while a first pull is under
    // way, it goes without the indexes. Runs its own transaction.
    Result<void> begin(qint64 cursor);
    // The pull ends; if central had nothing more and this connection runs the first pull, the
    // indexes and name search are built now, in a few transactions (each resumable).
    Result<void> end(bool caughtUp);
    // A first pull that stopped half-way, with none running now: the indexes and name search
    // come back (and go again when the pull resumes). Nothing to do is cheap: one lookup.
    Result<void> restoreIfIdle();

private:
    std::optional<QStringList> marker();
    Result<void> setMarker(const std::optional<QStringList>& indexes);
    bool lock();
    void unlock();
    Result<void> dropIndexes();
    // Builds what is down; `finished`: the first pull is over (else it stays under way).
    Result<void> build(bool finished);
    Result<void> indexPending();

    Connection& m_connection;
    std::unique_ptr<QLockFile> m_lock;  // held while this connection runs a first pull
    QElapsedTimer m_lastTry;            // when restoreIfIdle() last found the lock held
    int m_checkpointPages = 1000;       // the connection's own, while the lock is held
};

} // namespace vax::db

#include "FirstPull.h"

#include "db/Connection.h"
#include "db/Statement.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QScopeGuard>

namespace vax::db {

namespace {

const QString kMarker = QStringLiteral("first_pull");
// People indexed for name search per transaction when what a first pull put off is built:
// other connections' writes wait for each (about a second for this many). FTS5 merges its
// segments at every commit: chunks of 100,000 cost twice the CPU of one transaction for all,
// chunks of 250,000 a quarter more (measured on a million people).
constexpr int kSearchChunk = 250000;
// How often a connection that finds a first pull under way asks whether it still runs.
constexpr qint64 kRetryMs = 5000;
// WAL pages between checkpoints while a first pull runs (SQLite's default is 1,000): each page
// of people is new pages at the end of a few tables, and the pages it changes again (the ends
// of those tables) are copied into the file less often. Other connections' commits still
// checkpoint past their own 1,000, so the WAL they may have to copy stays near 40 MB.
constexpr int kPullCheckpointPages = 10000;

} // namespace

FirstPull::FirstPull(Connection& connection)
    : m_connection(connection)
{
}

FirstPull::~FirstPull()
{
    unlock();
}

std::optional<QStringList> FirstPull::marker()
{
    Statement& s = m_connection.statement(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    std::optional<QStringList> out;
    if (s.bind(0, kMarker).step()) {
        out = QStringList();
        for (const QJsonValue& v : QJsonDocument::fromJson(s.text(0).toUtf8()).array())
            *out << v.toString();
    }
    s.reset();
    return out;
}

Result<void> FirstPull::setMarker(const std::optional<QStringList>& indexes)
{
    if (!indexes) {
        Statement& s = m_connection.statement(QStringLiteral("DELETE FROM meta WHERE key = ?"));
        if (!s.bind(0, kMarker).exec())
            return m_connection.statementError(s);
        return {};
    }
    Statement& s = m_connection.statement(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"));
    const QByteArray json = QJsonDocument(QJsonArray::fromStringList(*indexes)).toJson(QJsonDocument::Compact);
    if (!s.bind(0, kMarker).bind(1, QString::fromUtf8(json)).exec())
        return m_connection.statementError(s);
    return {};
}

QStringList FirstPull::droppedIndexes()
{
    return marker().value_or(QStringList());
}

bool FirstPull::underWay()
{
    return marker().has_value();
}

bool FirstPull::lock()
{
    if (m_lock && m_lock->isLocked())
        return true;
    m_lock = std::make_unique<QLockFile>(m_connection.path() + QStringLiteral(".pull-lock"));
    m_lock->setStaleLockTime(0);  // held as long as the pull runs; stale only when its process is gone
    if (!m_lock->tryLock(0)) {
        m_lock.reset();
        return false;
    }
    m_checkpointPages = m_connection.scalar(QStringLiteral("PRAGMA wal_autocheckpoint")).toInt();
    (void)m_connection.exec(QStringLiteral("PRAGMA wal_autocheckpoint = %1").arg(kPullCheckpointPages));
    return true;
}

void FirstPull::unlock()
{
    if (!m_lock)
        return;
    (void)m_connection.exec(QStringLiteral("PRAGMA wal_autocheckpoint = %1").arg(m_checkpointPages));
    m_lock->unlock();
    m_lock.reset();
}

Result<void> FirstPull::begin(qint64 cursor)
{
    const auto state = marker();
    if (!state && cursor > 0)
        return {};  // not a first pull: each page keeps the indexes up
    if (!lock()) {
        // Another connection runs it: its pages and ours go as the file says, and it builds.
        qCInfo(lcDb) << "a first pull runs on another connection: this one leaves the indexes to it";
        return {};
    }
    if (state && !state->isEmpty()) {
        qCInfo(lcDb) << "the first pull resumes without the person indexes";
        return {};
    }
    if (auto r = dropIndexes(); !r.ok()) {
        unlock();
        return r;
    }
    return {};
}

Result<void> FirstPull::dropIndexes()
{
    Transaction txn(m_connection);
    if (auto r = txn.begin(); !r.ok())
        return r;
    QStringList names;
    QStringList ddl;
    Statement& s = m_connection.statement(QStringLiteral(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'person' AND sql IS NOT NULL ORDER BY name"));
    while (s.step()) {
        names << s.text(0);
        ddl << s.text(1);
    }
    s.reset();
    for (const QString& name : std::as_const(names)) {
        if (auto r = m_connection.exec(QStringLiteral("DROP INDEX \"%1\"").arg(name)); !r.ok())
            return r;
    }
    if (auto r = setMarker(ddl); !r.ok())
        return r;
    if (auto r = txn.commit(); !r.ok())
        return r;
    qCInfo(lcDb).noquote() << "a first pull begins without the person indexes" << names.join(QStringLiteral(", "))
                           << "and name search: both are built at its end";
    return {};
}

Result<void> FirstPull::end(bool caughtUp)
{
    if (!m_lock || !m_lock->isLocked())
        return {};
    Result<void> built = caughtUp ? build(true) : Result<void>();
    unlock();
    return built;
}

Result<void> FirstPull::restoreIfIdle()
{
    if (m_lock && m_lock->isLocked())
        return {};  // this connection runs the pull
    const auto state = marker();
    if (!state || m_connection.inTransaction())
        return {};
    if (state->isEmpty() && !m_connection.scalar(QStringLiteral("SELECT 1 FROM fts_pending LIMIT 1")).isValid())
        return {};
    // People are looked up all the time; whether the pull still runs is asked now and then.
    if (m_lastTry.isValid() && !m_lastTry.hasExpired(kRetryMs))
        return {};
    m_lastTry.start();
    if (!lock())
        return {};  // a pull runs elsewhere: it builds at its end
    qCInfo(lcDb) << "a first pull stopped half-way: its person indexes and name search come back until it resumes";
    Result<void> built = build(false);
    unlock();
    return built;
}

Result<void> FirstPull::build(bool finished)
{
    QElapsedTimer t;
    t.start();
    QStringList left = droppedIndexes();
    // CREATE INDEX sorts the whole table: in temporary files (the OS caches them) it takes a
    // fifth less CPU and 16 MB less memory at a million people than in SQLite's own memory.
    const int tempStore = m_connection.scalar(QStringLiteral("PRAGMA temp_store")).toInt();
    if (!left.isEmpty())
        (void)m_connection.exec(QStringLiteral("PRAGMA temp_store = FILE"));
    const auto restoreTempStore = qScopeGuard([this, tempStore] {
        (void)m_connection.exec(QStringLiteral("PRAGMA temp_store = %1").arg(tempStore));
    });
    while (!left.isEmpty()) {
        // One index a transaction, the marker with it: a kill in between keeps what was built.
        Transaction txn(m_connection);
        if (auto r = txn.begin(); !r.ok())
            return r;
        if (auto r = m_connection.exec(left.first()); !r.ok())
            return r;
        left.removeFirst();
        if (auto r = setMarker(left); !r.ok())
            return r;
        if (auto r = txn.commit(); !r.ok())
            return r;
    }
    const qint64 indexMs = t.elapsed();
    if (auto r = indexPending(); !r.ok())
        return r;
    if (finished) {
        Transaction txn(m_connection);
        if (auto r = txn.begin(); !r.ok())
            return r;
        if (auto r = setMarker(std::nullopt); !r.ok())
            return r;
        if (auto r = txn.commit(); !r.ok())
            return r;
    }
    qCInfo(lcDb) << "person indexes built in" << indexMs << "ms, name search in" << t.elapsed() - indexMs << "ms";
    return {};
}

Result<void> FirstPull::indexPending()
{
    for (;;) {
        Transaction txn(m_connection);
        if (auto r = txn.begin(); !r.ok())
            return r;
        Statement& bound = m_connection.statement(QStringLiteral("SELECT pk FROM fts_pending ORDER BY pk LIMIT 1 OFFSET ?"));
        const bool more = bound.bind(0, kSearchChunk - 1).step();
        const qint64 through = more ? bound.integer(0) : std::numeric_limits<qint64>::max();
        bound.reset();
        for (const char* sql : {"INSERT INTO person_fts (rowid, name_folded) SELECT p.pk, p.name_folded FROM fts_pending f "
                                "JOIN person p ON p.pk = f.pk WHERE f.pk <= ?",
                 "DELETE FROM fts_pending WHERE pk <= ?"}) {
            Statement& s = m_connection.statement(QLatin1String(sql));
            if (!s.bind(0, through).exec())
                return m_connection.statementError(s);
        }
        if (auto r = txn.commit(); !r.ok())
            return r;
        if (!more)
            return {};
    }
}

} // namespace vax::db

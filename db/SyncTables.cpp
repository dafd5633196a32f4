#include "SyncTables.h"

#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/common/Uuid.h"
#include "db/Connection.h"
#include "db/Statement.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace vax::db {

namespace {

QJsonValue fromJsonText(const QString& text)
{
    if (text.isEmpty())
        return QJsonValue(QJsonValue::Null);
    return QJsonDocument::fromJson(text.toUtf8()).array().first();
}

} // namespace

SyncTables::SyncTables(Connection& connection, const Clock& clock)
    : m_connection(connection)
    , m_clock(clock)
{
}

QString SyncTables::meta(const QString& key)
{
    Statement& s = m_connection.statement(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    const QString v = s.bind(0, key).step() ? s.text(0) : QString();
    s.reset();
    return v;
}

Result<void> SyncTables::setMeta(const QString& key, const QString& value)
{
    Statement& s = m_connection.statement(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"));
    if (!s.bind(0, key).bind(1, value.isNull() ? QStringLiteral("") : value).exec())
        return m_connection.statementError(s);
    return {};
}

Result<void> SyncTables::inTransaction(const std::function<Result<void>()>& work)
{
    // Inside a caller's write (a review resolved with the record it changes): part of it.
    if (m_connection.inTransaction())
        return work();
    Transaction txn(m_connection);
    if (auto r = txn.begin(); !r.ok())
        return r;
    if (auto r = work(); !r.ok())
        return r;
    return txn.commit();
}

Result<void> SyncTables::setMetaIfHigher(const QString& key, qint64 value)
{
    // Cursors never move back: an old answer arriving late must not re-send or re-pull.
    if (value <= meta(key).toLongLong())
        return {};
    return setMeta(key, QString::number(value));
}

SyncState SyncTables::state()
{
    SyncState st;
    st.serverUrl = meta(QStringLiteral("server_url"));
    st.enrolledAt = meta(QStringLiteral("enrolled_at"));
    st.enrolmentId = meta(QStringLiteral("enrolment_id"));
    st.pushedThrough = meta(QStringLiteral("pushed_through_seq")).toLongLong();
    st.pullCursor = meta(QStringLiteral("pull_cursor")).toLongLong();
    st.bundledThrough = meta(QStringLiteral("bundled_through_seq")).toLongLong();
    st.loggedThrough = std::max(st.pushedThrough, m_connection.scalar(QStringLiteral("SELECT coalesce(max(seq), 0) FROM change_log")).toLongLong());
    st.lastSyncAt = meta(QStringLiteral("last_sync_at"));
    return st;
}

Result<void> SyncTables::setEnrolment(const DeviceEnrolment& e)
{
    return inTransaction([&]() -> Result<void> {
        if (e.moveFrom > 0 && e.moveAfter >= e.moveFrom) {
            // From that seq on, or the last change if none is (the next change written takes the
            // seq after the last); through negative seqs, so that no row lands on one not moved yet.
            const qint64 from = std::min(e.moveFrom, m_connection.scalar(QStringLiteral("SELECT coalesce(max(seq), 0) FROM change_log")).toLongLong());
            Statement& away = m_connection.statement(QStringLiteral("UPDATE change_log SET seq = -(seq + ?) WHERE seq >= ?"));
            if (from > 0 && !away.bind(0, e.moveAfter + 1 - from).bind(1, from).exec())
                return m_connection.statementError(away);
            Statement& back = m_connection.statement(QStringLiteral("UPDATE change_log SET seq = -seq WHERE seq < 0"));
            if (!back.exec())
                return m_connection.statementError(back);
            // An empty log (a backup from before its first change): nothing moves, and central
            // has everything of it through moveAfter; its first change takes the seq after that.
            if (from == 0) {
                if (auto r = setMetaIfHigher(QStringLiteral("pushed_through_seq"), e.moveAfter); !r.ok())
                    return r;
            }
        }
        if (!meta(QStringLiteral("server_url")).isEmpty()) {
            if (auto r = setMeta(QStringLiteral("bundled_through_seq"), meta(QStringLiteral("pushed_through_seq"))); !r.ok())
                return r;
        }
        if (e.pullFrom >= 0 && e.pullFrom < meta(QStringLiteral("pull_cursor")).toLongLong()) {
            // The one place a cursor moves back: central echoes this device's own changes that
            // this database lacks, from there on (what else comes again is already here).
            if (auto r = setMeta(QStringLiteral("pull_cursor"), QString::number(e.pullFrom)); !r.ok())
                return r;
        }
        if (auto r = setMeta(QStringLiteral("server_url"), e.serverUrl); !r.ok())
            return r;
        if (auto r = setMeta(QStringLiteral("enrolment_id"), e.enrolmentId); !r.ok())
            return r;
        return setMeta(QStringLiteral("enrolled_at"), toIsoWithOffset(m_clock.now()));
    });
}

Result<void> SyncTables::acknowledgePush(qint64 throughSeq, const QList<PushRejection>& rejected)
{
    return inTransaction([&]() -> Result<void> {
        const QString now = toIsoWithOffset(m_clock.now());
        Statement& s = m_connection.statement(QStringLiteral(
            "INSERT OR REPLACE INTO sync_rejection (change_id, seq, entity, record_id, code, reason, rejected_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
        for (const PushRejection& r : rejected) {
            if (!s.bind(0, r.changeId).bind(1, r.seq).bind(2, r.entity).bind(3, r.recordId).bind(4, r.code).bind(5, r.reason).bind(6, now).exec())
                return m_connection.statementError(s);
        }
        return setMetaIfHigher(QStringLiteral("pushed_through_seq"), throughSeq);
    });
}

Result<void> SyncTables::rewindPush(qint64 seq)
{
    return inTransaction([&]() -> Result<void> {
        if (seq >= meta(QStringLiteral("pushed_through_seq")).toLongLong())
            return {};
        return setMeta(QStringLiteral("pushed_through_seq"), QString::number(std::max<qint64>(0, seq)));
    });
}

Result<void> SyncTables::setBundledThrough(qint64 seq)
{
    return inTransaction([&] { return setMetaIfHigher(QStringLiteral("bundled_through_seq"), seq); });
}

QList<PushRejection> SyncTables::rejections()
{
    Statement& s = m_connection.statement(
        QStringLiteral("SELECT change_id, seq, entity, record_id, code, reason, rejected_at FROM sync_rejection ORDER BY seq"));
    QList<PushRejection> out;
    while (s.step())
        out << PushRejection{s.text(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6)};
    s.reset();
    return out;
}

QList<ReviewItem> SyncTables::reviewItems(bool includeResolved)
{
    Statement& s = m_connection.statement(QStringLiteral(
        "SELECT r.id, r.kind, r.entity, r.record_id, r.other_id, r.field, r.kept_value, r.lost_value, r.kept_hlc, r.lost_hlc, "
        "r.created_at, c.created_at, c.reason FROM review_item r "
        "LEFT JOIN correction c ON c.id = (SELECT c2.id FROM correction c2 WHERE c2.target_id = r.id AND c2.action = 'void' "
        "ORDER BY c2.hlc LIMIT 1) "
        "WHERE ? OR c.id IS NULL ORDER BY r.created_at"));
    s.bind(0, qint64(includeResolved ? 1 : 0));
    QList<ReviewItem> out;
    while (s.step()) {
        out << ReviewItem{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), fromJsonText(s.text(6)),
            fromJsonText(s.text(7)), s.text(8), s.text(9), s.text(10), s.text(11), s.text(12)};
    }
    s.reset();
    return out;
}

Result<void> SyncTables::recordRun(const SyncRun& run)
{
    return inTransaction([&]() -> Result<void> {
        Statement& s = m_connection.statement(QStringLiteral(
            "INSERT INTO sync_history (started_at, finished_at, pushed, pulled, rejected, conflicts, relayed, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
        s.bind(0, run.startedAt)
            .bind(1, run.finishedAt)
            .bind(2, qint64(run.pushed))
            .bind(3, qint64(run.pulled))
            .bind(4, qint64(run.rejected))
            .bind(5, qint64(run.conflicts))
            .bind(6, qint64(run.relayed))
            .bind(7, run.error);
        if (!s.exec())
            return m_connection.statementError(s);
        if (!run.ok())
            return {};
        return setMeta(QStringLiteral("last_sync_at"), run.finishedAt);
    });
}

QList<SyncRun> SyncTables::history(int limit)
{
    Statement& s = m_connection.statement(QStringLiteral(
        "SELECT id, started_at, finished_at, pushed, pulled, rejected, conflicts, relayed, error FROM sync_history ORDER BY id DESC LIMIT ?"));
    s.bind(0, qint64(limit));
    QList<SyncRun> out;
    while (s.step()) {
        out << SyncRun{s.integer(0), s.text(1), s.text(2), int(s.integer(3)), int(s.integer(4)), int(s.integer(5)),
            int(s.integer(6)), int(s.integer(7)), 0, s.text(8)};
    }
    s.reset();
    return out;
}

Result<bool> SyncTables::addBundle(const RelayBundle& bundle)
{
    bool added = false;
    auto r = inTransaction([&]() -> Result<void> {
        Statement& s = m_connection.statement(QStringLiteral(
            "INSERT OR IGNORE INTO relay_bundle (bundle_id, device_id, from_seq, to_seq, changes, file, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
        s.bind(0, bundle.bundleId)
            .bind(1, bundle.deviceId)
            .bind(2, bundle.fromSeq)
            .bind(3, bundle.toSeq)
            .bind(4, qint64(bundle.changes))
            .bindBlob(5, bundle.file)
            .bind(6, toIsoWithOffset(m_clock.now()));
        if (!s.exec())
            return m_connection.statementError(s);
        added = m_connection.changes() > 0;
        return {};
    });
    if (!r.ok())
        return r.error();
    return added;
}

QList<RelayBundle> SyncTables::readBundles(const QString& sql)
{
    Statement& s = m_connection.statement(sql);
    QList<RelayBundle> out;
    while (s.step()) {
        out << RelayBundle{s.text(0), s.text(1), s.integer(2), s.integer(3), int(s.integer(4)), s.blob(5), s.text(6), s.text(7),
            s.text(8), s.text(9)};
    }
    s.reset();
    return out;
}

QList<RelayBundle> SyncTables::bundlesToRelay()
{
    return readBundles(QStringLiteral("SELECT bundle_id, device_id, from_seq, to_seq, changes, file, imported_at, applied_at, relayed_at, "
                                      "outcome FROM relay_bundle WHERE relayed_at IS NULL ORDER BY device_id, from_seq"));
}

QList<RelayBundle> SyncTables::bundles()
{
    return readBundles(QStringLiteral("SELECT bundle_id, device_id, from_seq, to_seq, changes, NULL, imported_at, applied_at, relayed_at, "
                                      "outcome FROM relay_bundle ORDER BY imported_at DESC"));
}

QList<RelayBundle> SyncTables::bundlesToApply()
{
    return readBundles(QStringLiteral("SELECT bundle_id, device_id, from_seq, to_seq, changes, file, imported_at, applied_at, relayed_at, "
                                      "outcome FROM relay_bundle WHERE applied_at IS NULL ORDER BY device_id, from_seq"));
}

Result<void> SyncTables::markApplied(const QString& bundleId)
{
    return inTransaction([&]() -> Result<void> {
        Statement& s = m_connection.statement(QStringLiteral("UPDATE relay_bundle SET applied_at = ? WHERE bundle_id = ?"));
        if (!s.bind(0, toIsoWithOffset(m_clock.now())).bind(1, bundleId).exec())
            return m_connection.statementError(s);
        return {};
    });
}

qint64 SyncTables::appliedThrough(const QString& deviceId)
{
    Statement& s = m_connection.statement(QStringLiteral("SELECT applied_through FROM origin_progress WHERE device_id = ?"));
    const qint64 through = s.bind(0, deviceId).step() ? s.integer(0) : 0;
    s.reset();
    return through;
}

Result<void> SyncTables::advanceOrigins(const QHash<QString, qint64>& throughByDevice)
{
    Statement& s = m_connection.statement(QStringLiteral(
        "INSERT INTO origin_progress (device_id, applied_through) VALUES (?, ?) "
        "ON CONFLICT (device_id) DO UPDATE SET applied_through = max(applied_through, excluded.applied_through)"));
    for (auto it = throughByDevice.cbegin(); it != throughByDevice.cend(); ++it) {
        if (!s.bind(0, it.key()).bind(1, it.value()).exec())
            return m_connection.statementError(s);
    }
    return {};
}

Result<void> SyncTables::noteBundle(const QString& bundleId, const QString& outcome)
{
    return inTransaction([&]() -> Result<void> {
        Statement& s = m_connection.statement(QStringLiteral("UPDATE relay_bundle SET outcome = ? WHERE bundle_id = ?"));
        if (!s.bind(0, outcome).bind(1, bundleId).exec())
            return m_connection.statementError(s);
        return {};
    });
}

Result<void> SyncTables::markRelayed(const QString& bundleId, const QString& outcome)
{
    return inTransaction([&]() -> Result<void> {
        Statement& s = m_connection.statement(QStringLiteral("UPDATE relay_bundle SET relayed_at = ?, outcome = ? WHERE bundle_id = ?"));
        if (!s.bind(0, toIsoWithOffset(m_clock.now())).bind(1, outcome).bind(2, bundleId).exec())
            return m_connection.statementError(s);
        return {};
    });
}

} // namespace vax::db

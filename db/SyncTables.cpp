#include "SyncTables.h"

#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/common/Uuid.h"
#include "db/Connection.h"
#include "db/Statement.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace vax::db {

namespace {

QString jsonText(const QJsonValue& v)
{
    if (v.isUndefined() || v.isNull())
        return {};
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact));
}

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

SyncState SyncTables::state()
{
    SyncState st;
    st.serverUrl = meta(QStringLiteral("server_url"));
    st.enrolledAt = meta(QStringLiteral("enrolled_at"));
    st.pushedThrough = meta(QStringLiteral("pushed_through_seq")).toLongLong();
    st.pullCursor = meta(QStringLiteral("pull_cursor")).toLongLong();
    st.lastSyncAt = meta(QStringLiteral("last_sync_at"));
    return st;
}

Result<void> SyncTables::setEnrolment(const QString& serverUrl)
{
    Transaction txn(m_connection);
    if (auto r = txn.begin(); !r.ok())
        return r;
    if (auto r = setMeta(QStringLiteral("server_url"), serverUrl); !r.ok())
        return r;
    if (auto r = setMeta(QStringLiteral("enrolled_at"), toIsoWithOffset(m_clock.now())); !r.ok())
        return r;
    return txn.commit();
}

Result<void> SyncTables::acknowledgePush(qint64 throughSeq, const QList<PushRejection>& rejected)
{
    Transaction txn(m_connection);
    if (auto r = txn.begin(); !r.ok())
        return r;
    const QString now = toIsoWithOffset(m_clock.now());
    Statement& s = m_connection.statement(QStringLiteral(
        "INSERT OR REPLACE INTO sync_rejection (change_id, seq, entity, record_id, code, reason, rejected_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    for (const PushRejection& r : rejected) {
        if (!s.bind(0, r.changeId).bind(1, r.seq).bind(2, r.entity).bind(3, r.recordId).bind(4, r.code).bind(5, r.reason).bind(6, now).exec())
            return m_connection.statementError(s);
    }
    // Never move the cursor back: an old answer arriving late must not re-send what central has.
    if (throughSeq > meta(QStringLiteral("pushed_through_seq")).toLongLong()) {
        if (auto r = setMeta(QStringLiteral("pushed_through_seq"), QString::number(throughSeq)); !r.ok())
            return r;
    }
    return txn.commit();
}

Result<void> SyncTables::markSynced()
{
    Transaction txn(m_connection);
    if (auto r = txn.begin(); !r.ok())
        return r;
    if (auto r = setMeta(QStringLiteral("last_sync_at"), toIsoWithOffset(m_clock.now())); !r.ok())
        return r;
    return txn.commit();
}

QList<PushRejection> SyncTables::rejections()
{
    Statement& s = m_connection.statement(
        QStringLiteral("SELECT change_id, seq, entity, record_id, code, reason FROM sync_rejection ORDER BY seq"));
    QList<PushRejection> out;
    while (s.step())
        out << PushRejection{s.text(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5)};
    s.reset();
    return out;
}

Result<void> SyncTables::addReviewItem(const ReviewItem& item)
{
    Statement& s = m_connection.statement(QStringLiteral(
        "INSERT INTO review_item (id, kind, entity, record_id, field, kept_value, lost_value, kept_hlc, lost_hlc, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    const QDateTime now = m_clock.now();
    s.bind(0, item.id.isEmpty() ? Uuid::v7(now.toMSecsSinceEpoch()) : item.id)
        .bind(1, item.kind)
        .bind(2, item.entity)
        .bind(3, item.recordId)
        .bind(4, item.field)
        .bind(5, jsonText(item.keptValue))
        .bind(6, jsonText(item.lostValue))
        .bind(7, item.keptHlc)
        .bind(8, item.lostHlc)
        .bind(9, item.createdAt.isEmpty() ? toIsoWithOffset(now) : item.createdAt);
    if (!s.exec())
        return m_connection.statementError(s);
    return {};
}

QList<ReviewItem> SyncTables::reviewItems(bool includeResolved)
{
    Statement& s = m_connection.statement(QStringLiteral(
        "SELECT id, kind, entity, record_id, field, kept_value, lost_value, kept_hlc, lost_hlc, created_at, resolved_at, resolution "
        "FROM review_item WHERE ? OR resolved_at IS NULL ORDER BY created_at"));
    s.bind(0, qint64(includeResolved ? 1 : 0));
    QList<ReviewItem> out;
    while (s.step()) {
        out << ReviewItem{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), fromJsonText(s.text(5)), fromJsonText(s.text(6)),
            s.text(7), s.text(8), s.text(9), s.text(10), s.text(11)};
    }
    s.reset();
    return out;
}

} // namespace vax::db

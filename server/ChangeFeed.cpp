#include "ChangeFeed.h"

#include "server/CentralDatabase.h"

#include <QJsonDocument>
#include <QSet>

namespace vax::server {

namespace {

const QLatin1String kColumns("gseq, id, device_id, device_seq, entity, record_id, op, payload, hlc, user_id, created_at");

RemoteChange readRow(const QSqlQuery& q)
{
    RemoteChange r;
    r.globalSeq = q.value(0).toLongLong();
    r.change.id = q.value(1).toString();
    r.deviceId = q.value(2).toString();
    r.change.seq = q.value(3).toLongLong();
    r.change.entity = q.value(4).toString();
    r.change.recordId = q.value(5).toString();
    r.change.op = q.value(6).toString();
    r.change.payload = QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object();
    r.change.hlc = q.value(8).toString();
    r.change.userId = q.value(9).toString();
    r.change.createdAt = q.value(10).toString();
    return r;
}

} // namespace

ChangeFeed::ChangeFeed(CentralDatabase& db)
    : m_db(db)
{
}

Result<FeedPage> ChangeFeed::page(const DeviceContext& device, qint64 after, int limit)
{
    // Read the committed counter first: every seq up to it is committed (pushes take turns and
    // commit in order), so a page that comes back short may move the cursor to it safely.
    const qint64 committed = m_db.scalar(QStringLiteral("SELECT value FROM seq_counter WHERE name = 'change'")).toLongLong();
    auto q = m_db.query(
        QStringLiteral("SELECT %1 FROM change_feed WHERE gseq > ? AND gseq <= ? AND device_id <> ? AND "
                       "(site_id = ? OR entity IN ('vaccine_product', 'lot', 'site') OR "
                       "(person_id IS NOT NULL AND person_id IN (SELECT person_id FROM attachment WHERE site_id = ?))) "
                       "ORDER BY gseq LIMIT ?")
            .arg(kColumns),
        {after, committed, device.deviceId, device.siteId, device.siteId, limit});
    if (!q.ok())
        return q.error();
    FeedPage page;
    while (q.value()->next())
        page.changes << readRow(*q.value());
    q.value()->finish();
    page.more = page.changes.size() == limit;
    page.last = page.more ? page.changes.last().globalSeq : std::max(after, committed);
    return page;
}

Result<QList<RemoteChange>> ChangeFeed::personHistory(const QString& personId)
{
    auto q = m_db.query(QStringLiteral("SELECT %1 FROM change_feed WHERE person_id = ? ORDER BY gseq").arg(kColumns), {personId});
    if (!q.ok())
        return q.error();
    QList<RemoteChange> history;
    while (q.value()->next())
        history << readRow(*q.value());
    q.value()->finish();

    // What the doses point to and the device may not have pulled yet: their lots and the
    // sites that held the stock. First, so the page applies in one go.
    QSet<QString> lots;
    QSet<QString> sites;
    for (const RemoteChange& c : history) {
        if (const QString lot = c.change.payload.value(QLatin1String("lot_id")).toString(); !lot.isEmpty())
            lots.insert(lot);
        if (const QString holder = c.change.payload.value(QLatin1String("holder_id")).toString(); !holder.isEmpty())
            sites.insert(holder);
    }
    QList<RemoteChange> out;
    for (const auto& [entity, ids] : {std::pair{QStringLiteral("lot"), lots}, std::pair{QStringLiteral("site"), sites}}) {
        for (const QString& id : ids) {
            auto r = m_db.query(QStringLiteral("SELECT %1 FROM change_feed WHERE entity = ? AND record_id = ? ORDER BY gseq").arg(kColumns),
                {entity, id});
            if (!r.ok())
                return r.error();
            while (r.value()->next())
                out << readRow(*r.value());
            r.value()->finish();
        }
    }
    out << history;
    return out;
}

} // namespace vax::server

#include "ChangeFeed.h"

#include "server/CentralDatabase.h"
#include "server/PgBulk.h"

#include <QJsonDocument>
#include <QSet>

namespace vax::server {

namespace {

const QLatin1String kColumns("gseq, id, device_id, device_seq, entity, record_id, op, payload, hlc, user_id, created_at");

RemoteChange readRow(const QSqlQuery& q, bool withPayload = true)
{
    RemoteChange r;
    r.globalSeq = q.value(0).toLongLong();
    r.change.id = q.value(1).toString();
    r.deviceId = q.value(2).toString();
    r.change.seq = q.value(3).toLongLong();
    r.change.entity = q.value(4).toString();
    r.change.recordId = q.value(5).toString();
    r.change.op = q.value(6).toString();
    if (withPayload)
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

Result<QByteArray> ChangeFeed::encodedPage(const DeviceContext& device, qint64 after, int limit)
{
    // Read the committed counter first: every seq up to it is committed (pushes take turns and
    // commit in order), so a page that comes back short may move the cursor to it safely.
    const qint64 committed = m_db.scalar(QStringLiteral("SELECT value FROM seq_counter WHERE name = 'change'")).toLongLong();
    // Never the device's own changes, but those central echoes to it (DeviceContext::echoAfter).
    const QString sql = QStringLiteral("SELECT %1 FROM change_feed WHERE gseq > %2 AND gseq <= %3 AND "
                                       "(device_id <> %4 OR (device_seq > %7 AND device_seq <= %8 AND device_id = %4)) AND "
                                       "(site_id = %5 OR to_site_id = %5 OR entity IN ('vaccine_product', 'lot', 'site') OR "
                                       "(person_id IS NOT NULL AND person_id IN (SELECT person_id FROM attachment WHERE site_id = %5))) "
                                       "ORDER BY gseq LIMIT %6")
                            .arg(kColumns);
    QByteArray out("{\"changes\":[");
    out.reserve(qsizetype(limit) * 1024);
    int rows = 0;
    qint64 lastSeq = 0;
    auto add = [&out, &rows, &lastSeq](RemoteChange&& r, QByteArrayView payload) {
        if (rows++ > 0)
            out.append(',');
        sync::appendRemoteChange(out, r, payload);
        lastSeq = r.globalSeq;
    };
    if (auto bulk = PgBulk::on(m_db)) {
        // One result for the page (QPSQL reads a row at a time), the payloads as bytes.
        const QByteArray query = sql.arg(QStringLiteral("$1"), QStringLiteral("$2"), QStringLiteral("$3"), QStringLiteral("$4"), QStringLiteral("$5"),
                                        QStringLiteral("$6"), QStringLiteral("$7"))
                                     .toUtf8();
        auto t = bulk->query(query.constData(), {QByteArray::number(after), QByteArray::number(committed), device.deviceId.toUtf8(),
                                                    device.siteId.toUtf8(), QByteArray::number(limit), QByteArray::number(device.echoAfter),
                                                    QByteArray::number(device.echoThrough)});
        if (!t.ok())
            return t.error();
        for (int row = 0; row < t->rows(); ++row) {
            RemoteChange r;
            r.globalSeq = t->integer(row, 0);
            r.change.id = t->text(row, 1);
            r.deviceId = t->text(row, 2);
            r.change.seq = t->integer(row, 3);
            r.change.entity = t->text(row, 4);
            r.change.recordId = t->text(row, 5);
            r.change.op = t->text(row, 6);
            r.change.hlc = t->text(row, 8);
            r.change.userId = t->text(row, 9);
            r.change.createdAt = t->text(row, 10);
            add(std::move(r), t->bytes(row, 7));
        }
    } else {
        const QString mark = QStringLiteral("?");
        auto q = m_db.query(sql.arg(mark, mark, mark, mark, mark, mark, mark),
            {after, committed, device.deviceId, device.echoAfter, device.echoThrough, device.deviceId, device.siteId, device.siteId,
                device.siteId, limit});
        if (!q.ok())
            return q.error();
        while (q.value()->next()) {
            RemoteChange r = readRow(*q.value(), false);
            add(std::move(r), q.value()->value(7).toString().toUtf8());
        }
        q.value()->finish();
    }
    const bool more = rows == limit;
    sync::appendPullPageEnd(out, more ? lastSeq : std::max(after, committed), more);
    return out;
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

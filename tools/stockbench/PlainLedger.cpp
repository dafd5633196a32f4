#include "PlainLedger.h"

#include "db/Connection.h"

namespace vax::bench::PlainLedger {

QHash<HolderLot, qint64> balances(db::Connection& connection)
{
    QSqlQuery& q = connection.prepared(QStringLiteral("SELECT holder_id, lot_id, sum(doses) FROM stock_movement GROUP BY holder_id, lot_id"));
    QHash<HolderLot, qint64> out;
    if (q.exec()) {
        while (q.next()) {
            if (const qint64 doses = q.value(2).toLongLong())
                out.insert({q.value(0).toString(), q.value(1).toString()}, doses);
        }
    }
    q.finish();
    return out;
}

QHash<QString, qint64> kindsBetween(db::Connection& connection, const QDate& from, const QDate& to)
{
    QSqlQuery& q = connection.prepared(QStringLiteral("SELECT kind, sum(doses) FROM stock_movement WHERE occurred_at BETWEEN ? AND ? GROUP BY kind"));
    // occurred_at is local time with its offset: a day runs from "YYYY-MM-DD" to "YYYY-MM-DDT99".
    q.bindValue(0, from.toString(Qt::ISODate));
    q.bindValue(1, QString(to.toString(Qt::ISODate) + QStringLiteral("T99")));
    QHash<QString, qint64> out;
    if (q.exec()) {
        while (q.next())
            out.insert(q.value(0).toString(), q.value(1).toLongLong());
    }
    q.finish();
    return out;
}

} // namespace vax::bench::PlainLedger

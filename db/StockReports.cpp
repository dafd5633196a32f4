// The stock ledger's listings and period figures (StockTables, continued): the ledger itself,
// shipments and their confirmations, the flows the wastage formulas use, and day-by-day use.
#include "StockTables.h"

#include "db/Rows.h"

#include <map>

namespace vax::db {

namespace {

// occurred_at is local time with its offset: its first ten characters are the local day.
QString dayStart(const QDate& day)
{
    return day.isValid() ? day.toString(Qt::ISODate) : QStringLiteral("0000-00-00");
}

QString dayEnd(const QDate& day)
{
    return day.isValid() ? day.toString(Qt::ISODate) + QStringLiteral("T99") : QStringLiteral("9999-99-99");
}

} // namespace

QList<StockMovement> StockTables::ledger(const LedgerFilter& filter)
{
    const EntitySpec& spec = specFor(Entity::StockMovement);
    const QString order = filter.limit > 0 ? QStringLiteral("DESC") : QStringLiteral("ASC");
    return fetchAll<StockMovement>(m_connection, spec,
        QStringLiteral("SELECT %1 FROM stock_movement WHERE (? = '[]' OR holder_id IN (SELECT value FROM json_each(?))) "
                       "AND (coalesce(?, '') = '' OR lot_id = ?) AND occurred_at >= ? AND occurred_at < ? "
                       "ORDER BY occurred_at %2, hlc %2 LIMIT ?")
            .arg(spec.selectList(), order),
        {jsonList(filter.holderIds), jsonList(filter.holderIds), filter.lotId, filter.lotId, dayStart(filter.from),
            dayEnd(filter.to), filter.limit > 0 ? filter.limit : -1});
}

QList<Shipment> StockTables::shipmentsTo(const QString& holderId, bool pendingOnly)
{
    return shipments(QStringLiteral("s.counterpart_id = ?"), holderId, pendingOnly);
}

QList<Shipment> StockTables::shipmentsFrom(const QString& holderId, bool pendingOnly)
{
    return shipments(QStringLiteral("s.holder_id = ?"), holderId, pendingOnly);
}

QList<Shipment> StockTables::shipments(const QString& where, const QString& holderId, bool pendingOnly)
{
    const EntitySpec& spec = specFor(Entity::StockMovement);
    const int width = int(spec.columns.size());
    QSqlQuery& q = m_connection.prepared(
        QStringLiteral("SELECT %1, %2, vp.code, l.lot_number, l.expiry_date FROM stock_movement s "
                       "LEFT JOIN stock_movement r ON r.ref_id = s.id AND r.kind IN ('transfer_in', 'receipt') "
                       "JOIN lot l ON l.id = s.lot_id JOIN vaccine_product vp ON vp.id = l.product_id "
                       "WHERE s.kind IN ('transfer_out', 'issue') AND %3 AND (? = 0 OR r.id IS NULL) "
                       "ORDER BY s.occurred_at DESC, s.hlc DESC")
            .arg(spec.selectList(QStringLiteral("s")), spec.selectList(QStringLiteral("r")), where));
    bindAll(q, {holderId, pendingOnly ? 1 : 0});
    QList<Shipment> out;
    forEachRow(m_connection, q, [&](const QSqlQuery& row) {
        Shipment s;
        s.sent = StockMovement::fromRecord(spec.read(row));
        if (!row.isNull(width))
            s.received = StockMovement::fromRecord(spec.read(row, width));
        s.productCode = row.value(2 * width).toString();
        s.lotNumber = row.value(2 * width + 1).toString();
        s.expiry = QDate::fromString(row.value(2 * width + 2).toString(), Qt::ISODate);
        out << s;
    });
    return out;
}

QList<StockFlow> StockTables::flows(const QStringList& holderIds, const QDate& from, const QDate& to)
{
    // One pass over the holders' ledger: before the period it is opening stock; within it each
    // kind goes to its term. Transfers between the holders themselves are neither received
    // nor sent.
    QSqlQuery& q = m_connection.prepared(QStringLiteral(
        "WITH h(id) AS (SELECT value FROM json_each(?)), "
        "m AS (SELECT l.product_id, s.kind, s.doses, s.reason, s.occurred_at < ? AS before, "
        "  coalesce(s.counterpart_id IN (SELECT id FROM h), 0) AS inside FROM stock_movement s JOIN lot l ON l.id = s.lot_id "
        "  WHERE s.holder_id IN (SELECT id FROM h) AND s.occurred_at < ?) "
        "SELECT vp.id, vp.code, vp.name, vp.doses_per_vial, "
        " sum(CASE WHEN before THEN doses ELSE 0 END), "
        " sum(CASE WHEN NOT before AND kind IN ('receipt', 'transfer_in') AND NOT inside THEN doses ELSE 0 END), "
        " sum(CASE WHEN NOT before AND kind IN ('issue', 'transfer_out') AND NOT inside THEN -doses ELSE 0 END), "
        " sum(CASE WHEN NOT before AND kind IN ('dose_given', 'reversal') THEN -doses ELSE 0 END), "
        " sum(CASE WHEN NOT before AND kind = 'wastage' AND coalesce(reason, '') <> 'open_vial' THEN -doses ELSE 0 END), "
        " sum(CASE WHEN NOT before AND kind = 'wastage' AND reason = 'open_vial' THEN -doses ELSE 0 END), "
        " sum(CASE WHEN NOT before AND kind = 'adjustment' THEN doses ELSE 0 END), "
        " sum(doses) "
        "FROM m JOIN vaccine_product vp ON vp.id = m.product_id GROUP BY vp.id ORDER BY vp.code"));
    bindAll(q, {jsonList(holderIds), dayStart(from), dayEnd(to)});
    QList<StockFlow> out;
    forEachRow(m_connection, q, [&](const QSqlQuery& row) {
        StockFlow f;
        f.productId = row.value(0).toString();
        f.productCode = row.value(1).toString();
        f.productName = row.value(2).toString();
        f.dosesPerVial = row.value(3).toInt();
        f.opening = row.value(4).toLongLong();
        f.received = row.value(5).toLongLong();
        f.sentOut = row.value(6).toLongLong();
        f.administered = row.value(7).toLongLong();
        f.wastedClosed = row.value(8).toLongLong();
        f.wastedOpen = row.value(9).toLongLong();
        f.adjusted = row.value(10).toLongLong();
        f.closing = row.value(11).toLongLong();
        out << f;
    });
    return out;
}

QList<StockDay> StockTables::days(const QStringList& holderIds, const QDate& from, const QDate& to)
{
    // Net change and doses given per product and day; the running balance from the opening.
    QSqlQuery& q = m_connection.prepared(QStringLiteral(
        "WITH h(id) AS (SELECT value FROM json_each(?)) "
        "SELECT vp.code, CASE WHEN s.occurred_at < ? THEN '' ELSE substr(s.occurred_at, 1, 10) END AS day, sum(s.doses), "
        " sum(CASE WHEN s.kind IN ('dose_given', 'reversal') THEN -s.doses ELSE 0 END) "
        "FROM stock_movement s JOIN lot l ON l.id = s.lot_id JOIN vaccine_product vp ON vp.id = l.product_id "
        "WHERE s.holder_id IN (SELECT id FROM h) AND s.occurred_at < ? GROUP BY vp.code, day ORDER BY vp.code, day"));
    bindAll(q, {jsonList(holderIds), dayStart(from), dayEnd(to)});
    struct Totals {
        qint64 net = 0;
        qint64 given = 0;
    };
    std::map<QString, std::map<QString, Totals>> byProduct;  // product → day ("" = before) → totals
    forEachRow(m_connection, q, [&](const QSqlQuery& row) {
        byProduct[row.value(0).toString()][row.value(1).toString()] = {row.value(2).toLongLong(), row.value(3).toLongLong()};
    });
    QList<StockDay> out;
    for (const auto& [product, perDay] : byProduct) {
        const auto opening = perDay.find(QString());
        qint64 balance = opening == perDay.end() ? 0 : opening->second.net;
        for (QDate d = from; d <= to; d = d.addDays(1)) {
            const auto it = perDay.find(d.toString(Qt::ISODate));
            StockDay sd;
            sd.day = d;
            sd.productCode = product;
            if (it != perDay.end()) {
                balance += it->second.net;
                sd.given = it->second.given;
            }
            sd.onHand = balance;
            out << sd;
        }
    }
    return out;
}

} // namespace vax::db

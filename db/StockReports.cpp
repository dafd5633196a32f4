// The stock ledger's listings and period figures (StockTables, continued): the ledger itself,
// shipments and their confirmations, the flows the wastage formulas use, and day-by-day use.
#include "StockTables.h"

#include "db/Rows.h"

#include <algorithm>
#include <map>

namespace vax::db {

namespace {

// A site and its teams: the newest movements of up to this many holders are merged from each
// holder's own newest (SQLite allows 500 parts to a compound SELECT).
constexpr qsizetype kMergedHolders = 50;

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
    QStringList holders = filter.holderIds;
    if (holders.isEmpty()) {
        // Every holder known here: every one with a balance (any movement makes one).
        QSqlQuery& q = m_connection.prepared(QStringLiteral("SELECT DISTINCT holder_id FROM stock_balance"));
        forEachRow(m_connection, q, [&](const QSqlQuery& row) { holders << row.value(0).toString(); });
    }
    // The lot and the period, after the holder's term and its bound value.
    const QString rest = (filter.lotId.isEmpty() ? QString() : QStringLiteral(" AND lot_id = ?"))
        + QStringLiteral(" AND occurred_at >= ? AND occurred_at < ?");
    QVariantList restBinds;
    if (!filter.lotId.isEmpty())
        restBinds << filter.lotId;
    restBinds << dayStart(filter.from) << dayEnd(filter.to);
    if (filter.limit <= 0 || holders.size() > kMergedHolders) {
        // Everything that matches, oldest first (an export), or the newest of very many
        // holders: all of it is read and sorted.
        const QString order = filter.limit > 0 ? QStringLiteral("DESC") : QStringLiteral("ASC");
        return fetchAll<StockMovement>(m_connection, spec,
            QStringLiteral("SELECT %1 FROM stock_movement WHERE holder_id IN (SELECT value FROM json_each(?))%2 "
                           "ORDER BY occurred_at %3, hlc %3 LIMIT ?")
                .arg(spec.selectList(), rest, order),
            QVariantList{jsonList(holders)} + restBinds + QVariantList{filter.limit > 0 ? filter.limit : -1});
    }
    // The newest N: each holder's newest N, read backwards from its index, then the newest N of
    // those (one ORDER BY over all holders would read and sort every movement they have).
    QStringList parts;
    QVariantList binds;
    for (const QString& holder : holders) {
        parts << QStringLiteral("SELECT * FROM (SELECT %1 FROM stock_movement WHERE holder_id = ?%2 ORDER BY occurred_at DESC, hlc DESC LIMIT ?)")
                     .arg(spec.selectList(), rest);
        binds << holder << restBinds << filter.limit;
    }
    if (parts.isEmpty())
        return {};
    binds << filter.limit;
    return fetchAll<StockMovement>(m_connection, spec,
        parts.join(QStringLiteral(" UNION ALL ")) + QStringLiteral(" ORDER BY occurred_at DESC, hlc DESC LIMIT ?"), binds);
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

std::map<QString, StockTables::ProductStock> StockTables::stockNow(const QString& holders, const QString& end)
{
    // The balances are the ledger's sums (kept by trigger, held to the ledger by vaxctl check).
    // A product counts once any of it moved at these holders before `end`.
    QSqlQuery& q = m_connection.prepared(QStringLiteral(
        "WITH h(id) AS (SELECT value FROM json_each(?)) "
        "SELECT vp.id, vp.code, vp.name, vp.doses_per_vial, sum(b.doses) FROM stock_balance b "
        "JOIN lot l ON l.id = b.lot_id JOIN vaccine_product vp ON vp.id = l.product_id "
        "WHERE b.holder_id IN (SELECT id FROM h) GROUP BY vp.id "
        "HAVING max(EXISTS (SELECT 1 FROM stock_movement s WHERE s.holder_id = b.holder_id AND s.lot_id = b.lot_id AND s.occurred_at < ?))"));
    bindAll(q, {holders, end});
    std::map<QString, ProductStock> out;
    forEachRow(m_connection, q, [&](const QSqlQuery& row) {
        out[row.value(0).toString()] = {row.value(1).toString(), row.value(2).toString(), row.value(3).toInt(), row.value(4).toLongLong()};
    });
    return out;
}

QList<StockFlow> StockTables::flows(const QStringList& holderIds, const QDate& from, const QDate& to)
{
    // The period's movements, each kind to its term, and what moved after it; the opening and
    // closing stock are counted back from the stock now through them. So a month's figures
    // read a month of the ledger, not all of it. Transfers between the holders themselves are
    // neither received nor sent; what of them did not arrive is counted on its own.
    const QString holders = jsonList(holderIds);
    const QString end = dayEnd(to);
    QSqlQuery& q = m_connection.prepared(QStringLiteral(
        "WITH h(id) AS (SELECT value FROM json_each(?)), "
        "m AS (SELECT l.product_id, s.kind, s.doses, s.reason, s.occurred_at < ? AS within, "
        "  coalesce(s.counterpart_id IN (SELECT id FROM h), 0) AS inside FROM stock_movement s JOIN lot l ON l.id = s.lot_id "
        "  WHERE s.holder_id IN (SELECT id FROM h) AND s.occurred_at >= ?) "
        "SELECT product_id, "
        " sum(CASE WHEN within AND kind IN ('receipt', 'transfer_in') AND NOT inside THEN doses ELSE 0 END), "
        " sum(CASE WHEN within AND kind IN ('issue', 'transfer_out') AND NOT inside THEN -doses ELSE 0 END), "
        " sum(CASE WHEN within AND kind IN ('dose_given', 'reversal') THEN -doses ELSE 0 END), "
        " sum(CASE WHEN within AND kind = 'wastage' AND coalesce(reason, '') <> 'open_vial' THEN -doses ELSE 0 END), "
        " sum(CASE WHEN within AND kind = 'wastage' AND reason = 'open_vial' THEN -doses ELSE 0 END), "
        " sum(CASE WHEN within AND kind = 'adjustment' THEN doses ELSE 0 END), "
        " sum(CASE WHEN within THEN 0 ELSE doses END), "
        " sum(doses), "
        " sum(CASE WHEN within AND kind IN ('receipt', 'transfer_in', 'issue', 'transfer_out') AND inside THEN doses ELSE 0 END) "
        "FROM m GROUP BY product_id"));
    bindAll(q, {holders, end, dayStart(from)});
    std::map<QString, StockFlow> moved;
    forEachRow(m_connection, q, [&](const QSqlQuery& row) {
        StockFlow& f = moved[row.value(0).toString()];
        f.received = row.value(1).toLongLong();
        f.sentOut = row.value(2).toLongLong();
        f.administered = row.value(3).toLongLong();
        f.wastedClosed = row.value(4).toLongLong();
        f.wastedOpen = row.value(5).toLongLong();
        f.adjusted = row.value(6).toLongLong();
        f.closing = row.value(7).toLongLong();  // for now: what moved after the period
        f.opening = row.value(8).toLongLong();  // for now: what moved since it began
        f.betweenHolders = row.value(9).toLongLong();
    });
    QList<StockFlow> out;
    for (const auto& [productId, stock] : stockNow(holders, end)) {
        StockFlow f = moved[productId];
        f.productId = productId;
        f.productCode = stock.code;
        f.productName = stock.name;
        f.dosesPerVial = stock.dosesPerVial;
        f.opening = stock.doses - f.opening;
        f.closing = stock.doses - f.closing;
        out << f;
    }
    std::sort(out.begin(), out.end(), [](const StockFlow& a, const StockFlow& b) { return a.productCode < b.productCode; });
    return out;
}

QList<StockDay> StockTables::days(const QStringList& holderIds, const QDate& from, const QDate& to)
{
    // Net change and doses given per product and day from the period's start (what moved after
    // it under "after"); the opening counted back from the stock now, then a running balance.
    const QString holders = jsonList(holderIds);
    const QString end = dayEnd(to);
    QSqlQuery& q = m_connection.prepared(QStringLiteral(
        "WITH h(id) AS (SELECT value FROM json_each(?)) "
        "SELECT l.product_id, CASE WHEN s.occurred_at < ? THEN substr(s.occurred_at, 1, 10) ELSE 'after' END AS day, sum(s.doses), "
        " sum(CASE WHEN s.kind IN ('dose_given', 'reversal') THEN -s.doses ELSE 0 END) "
        "FROM stock_movement s JOIN lot l ON l.id = s.lot_id "
        "WHERE s.holder_id IN (SELECT id FROM h) AND s.occurred_at >= ? GROUP BY l.product_id, day"));
    bindAll(q, {holders, end, dayStart(from)});
    struct Totals {
        qint64 net = 0;
        qint64 given = 0;
    };
    std::map<QString, std::map<QString, Totals>> byProduct;  // product id → day ("after" = after the period) → totals
    forEachRow(m_connection, q, [&](const QSqlQuery& row) {
        byProduct[row.value(0).toString()][row.value(1).toString()] = {row.value(2).toLongLong(), row.value(3).toLongLong()};
    });
    std::map<QString, QList<StockDay>> byCode;
    for (const auto& [productId, stock] : stockNow(holders, end)) {
        const std::map<QString, Totals>& perDay = byProduct[productId];
        qint64 balance = stock.doses;
        for (const auto& [day, totals] : perDay)
            balance -= totals.net;
        QList<StockDay>& list = byCode[stock.code];
        for (QDate d = from; d <= to; d = d.addDays(1)) {
            const auto it = perDay.find(d.toString(Qt::ISODate));
            StockDay sd;
            sd.day = d;
            sd.productCode = stock.code;
            if (it != perDay.end()) {
                balance += it->second.net;
                sd.given = it->second.given;
            }
            sd.onHand = balance;
            list << sd;
        }
    }
    QList<StockDay> out;
    for (const auto& [code, list] : byCode)
        out << list;
    return out;
}

} // namespace vax::db

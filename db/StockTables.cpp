#include "StockTables.h"

#include "db/Rows.h"
#include "db/Statement.h"

namespace vax::db {

StockTables::StockTables(Connection& connection)
    : m_connection(connection)
{
}

int StockTables::balance(const QString& holderId, const QString& lotId)
{
    Statement& s = m_connection.statement(QStringLiteral("SELECT doses FROM stock_balance WHERE holder_id = ? AND lot_id = ?"));
    const int doses = s.bind(0, holderId).bind(1, lotId).step() ? int(s.integer(0)) : 0;
    s.reset();
    return doses;
}

QList<LotBalance> StockTables::onHand(const QString& holderId)
{
    const EntitySpec& lotSpec = specFor(Entity::Lot);
    const int extra = int(lotSpec.columns.size());
    QSqlQuery& q = m_connection.prepared(
        QStringLiteral("SELECT %1, vp.code, vp.name, vp.doses_per_vial, b.doses FROM stock_balance b "
                       "JOIN lot l ON l.id = b.lot_id JOIN vaccine_product vp ON vp.id = l.product_id "
                       "WHERE b.holder_id = ? AND b.doses <> 0 ORDER BY vp.code, l.expiry_date, l.lot_number")
            .arg(lotSpec.selectList(QStringLiteral("l"))));
    bindAll(q, {holderId});
    QList<LotBalance> out;
    forEachRow(m_connection, q, [&](const QSqlQuery& row) {
        LotBalance b;
        b.lot = Lot::fromRecord(lotSpec.read(row));
        b.productCode = row.value(extra).toString();
        b.productName = row.value(extra + 1).toString();
        b.dosesPerVial = row.value(extra + 2).toInt();
        b.doses = row.value(extra + 3).toInt();
        out << b;
    });
    return out;
}

std::optional<StockMovement> StockTables::movement(const QString& id)
{
    const EntitySpec& spec = specFor(Entity::StockMovement);
    return fetchOne<StockMovement>(m_connection, spec,
        QStringLiteral("SELECT %1 FROM stock_movement WHERE id = ?").arg(spec.selectList()), {id});
}

QList<StockMovement> StockTables::movementsFor(const QString& refId)
{
    const EntitySpec& spec = specFor(Entity::StockMovement);
    return fetchAll<StockMovement>(m_connection, spec,
        QStringLiteral("SELECT %1 FROM stock_movement WHERE ref_id = ? ORDER BY hlc").arg(spec.selectList()), {refId});
}

} // namespace vax::db

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
    QList<LotBalance> out;
    for (const HolderBalance& b : balances(QStringLiteral("b.holder_id = ? AND b.doses <> 0"), {holderId}))
        out << b.balance;
    return out;
}

QList<HolderBalance> StockTables::belowZero(const QStringList& holderIds)
{
    return balances(QStringLiteral("b.holder_id IN (SELECT value FROM json_each(?)) AND b.doses < 0"), {jsonList(holderIds)});
}

QList<HolderBalance> StockTables::balances(const QString& where, const QVariantList& binds)
{
    const EntitySpec& lotSpec = specFor(Entity::Lot);
    const int extra = int(lotSpec.columns.size());
    QSqlQuery& q = m_connection.prepared(
        QStringLiteral("SELECT %1, vp.code, vp.name, vp.doses_per_vial, b.doses, b.holder_id, coalesce(s.code, b.holder_id) AS holder_code "
                       "FROM stock_balance b JOIN lot l ON l.id = b.lot_id JOIN vaccine_product vp ON vp.id = l.product_id "
                       "LEFT JOIN site s ON s.id = b.holder_id "
                       "WHERE %2 ORDER BY holder_code, vp.code, l.expiry_date, l.lot_number")
            .arg(lotSpec.selectList(QStringLiteral("l")), where));
    bindAll(q, binds);
    QList<HolderBalance> out;
    forEachRow(m_connection, q, [&](const QSqlQuery& row) {
        HolderBalance h;
        LotBalance& b = h.balance;
        b.lot = Lot::fromRecord(lotSpec.read(row));
        b.productCode = row.value(extra).toString();
        b.productName = row.value(extra + 1).toString();
        b.dosesPerVial = row.value(extra + 2).toInt();
        b.doses = row.value(extra + 3).toInt();
        h.holderId = row.value(extra + 4).toString();
        h.holderCode = row.value(extra + 5).toString();
        out << h;
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

QList<Site> StockTables::holdersOf(const QString& siteId)
{
    const EntitySpec& spec = specFor(Entity::Site);
    return fetchAll<Site>(m_connection, spec,
        QStringLiteral("SELECT %1 FROM site WHERE id = ? OR (parent_id = ? AND kind = 'team') ORDER BY parent_id IS NOT NULL, code")
            .arg(spec.selectList()),
        {siteId, siteId});
}

QList<Site> StockTables::destinationsOf(const QString& holderId)
{
    const EntitySpec& spec = specFor(Entity::Site);
    return fetchAll<Site>(m_connection, spec,
        QStringLiteral("SELECT %1 FROM site WHERE parent_id = ? OR id = (SELECT parent_id FROM site WHERE id = ? AND kind = 'team') ORDER BY code")
            .arg(spec.selectList()),
        {holderId, holderId});
}

std::optional<Site> StockTables::holder(const QString& id)
{
    const EntitySpec& spec = specFor(Entity::Site);
    const QList<Site> found = fetchAll<Site>(m_connection, spec, QStringLiteral("SELECT %1 FROM site WHERE id = ?").arg(spec.selectList()), {id});
    return found.isEmpty() ? std::nullopt : std::optional(found.first());
}

QSet<QString> StockTables::quarantinedLots(const QString& holderId)
{
    // The latest quarantine or release of each lot at the holder decides.
    QSqlQuery& q = m_connection.prepared(QStringLiteral(
        "SELECT lot_id, kind FROM stock_movement m WHERE holder_id = ? AND kind IN ('quarantine', 'release') "
        "AND NOT EXISTS (SELECT 1 FROM stock_movement n WHERE n.holder_id = m.holder_id AND n.lot_id = m.lot_id "
        "AND n.kind IN ('quarantine', 'release') AND (n.occurred_at, n.hlc) > (m.occurred_at, m.hlc))"));
    bindAll(q, {holderId});
    QSet<QString> out;
    forEachRow(m_connection, q, [&](const QSqlQuery& row) {
        if (row.value(1).toString() == QLatin1String("quarantine"))
            out.insert(row.value(0).toString());
    });
    return out;
}

std::optional<Vial> StockTables::vial(const QString& id)
{
    const EntitySpec& spec = specFor(Entity::Vial);
    return fetchOne<Vial>(m_connection, spec, QStringLiteral("SELECT %1 FROM vial WHERE id = ?").arg(spec.selectList()), {id});
}

QList<OpenVial> StockTables::openVials(const QString& holderId)
{
    const EntitySpec& spec = specFor(Entity::Vial);
    const int extra = int(spec.columns.size());
    // open_vial holds the vials not yet discarded with doses left (schema 7 keeps it by
    // trigger, with the rule in its vial_state view): a few rows, whatever the lots' size.
    // Only those of lots still in stock here count: another laptop of the holder, offline,
    // may have given or discarded the lot's last doses while a vial of it was open here; once
    // pulled, the ledger has nothing left for that vial to hold (tst_openvials).
    QSqlQuery& q = m_connection.prepared(
        QStringLiteral("SELECT %1, vp.code, vp.name, l.lot_number, o.drawn FROM open_vial o "
                       "JOIN stock_balance b ON b.holder_id = o.holder_id AND b.lot_id = o.lot_id "
                       "JOIN vial v ON v.id = o.vial_id JOIN lot l ON l.id = v.lot_id JOIN vaccine_product vp ON vp.id = l.product_id "
                       "WHERE o.holder_id = ? AND b.doses > 0 ORDER BY v.discard_at, v.opened_at, v.id")
            .arg(spec.selectList(QStringLiteral("v"))));
    bindAll(q, {holderId});
    QList<OpenVial> out;
    forEachRow(m_connection, q, [&](const QSqlQuery& row) {
        OpenVial o;
        o.vial = Vial::fromRecord(spec.read(row));
        o.productCode = row.value(extra).toString();
        o.productName = row.value(extra + 1).toString();
        o.lotNumber = row.value(extra + 2).toString();
        o.drawn = row.value(extra + 3).toInt();
        out << o;
    });
    return out;
}

} // namespace vax::db

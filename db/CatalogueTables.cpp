#include "CatalogueTables.h"

#include "db/Rows.h"

namespace vax::db {

namespace {

QString selectProducts(const QString& where)
{
    return QStringLiteral("SELECT %1 FROM vaccine_product WHERE %2 ORDER BY code")
        .arg(specFor(Entity::VaccineProduct).selectList(), where);
}

} // namespace

CatalogueTables::CatalogueTables(Connection& connection)
    : m_connection(connection)
{
}

QList<VaccineProduct> CatalogueTables::products()
{
    return fetchAll<VaccineProduct>(m_connection, specFor(Entity::VaccineProduct), selectProducts(QStringLiteral("active = 1")));
}

std::optional<VaccineProduct> CatalogueTables::product(const QString& id)
{
    return fetchOne<VaccineProduct>(m_connection, specFor(Entity::VaccineProduct), selectProducts(QStringLiteral("id = ?")), {id});
}

std::optional<VaccineProduct> CatalogueTables::productByCode(const QString& code)
{
    return fetchOne<VaccineProduct>(m_connection, specFor(Entity::VaccineProduct),
        selectProducts(QStringLiteral("code = ? COLLATE NOCASE")), {code.trimmed()});
}

std::optional<Lot> CatalogueTables::lot(const QString& id)
{
    const EntitySpec& spec = specFor(Entity::Lot);
    return fetchOne<Lot>(m_connection, spec, QStringLiteral("SELECT %1 FROM lot WHERE id = ?").arg(spec.selectList()), {id});
}

} // namespace vax::db

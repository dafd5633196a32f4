#include "CatalogueTables.h"

#include "db/Rows.h"
#include "db/Statement.h"

namespace vax::db {

CatalogueTables::CatalogueTables(Connection& connection)
    : m_connection(connection)
{
}

void CatalogueTables::refresh()
{
    const qint64 version = m_connection.dataVersion();
    if (version == m_version && m_version >= 0)
        return;
    const EntitySpec& spec = specFor(Entity::VaccineProduct);
    m_products = fetchAll<VaccineProduct>(m_connection, spec,
        QStringLiteral("SELECT %1 FROM vaccine_product ORDER BY code").arg(spec.selectList()));
    m_byId.clear();
    for (qsizetype i = 0; i < m_products.size(); ++i)
        m_byId.insert(m_products[i].stamp.id, i);
    m_version = version;
}

QList<VaccineProduct> CatalogueTables::products()
{
    refresh();
    QList<VaccineProduct> active;
    for (const VaccineProduct& p : m_products) {
        if (p.active)
            active << p;
    }
    return active;
}

std::optional<VaccineProduct> CatalogueTables::product(const QString& id)
{
    refresh();
    const auto it = m_byId.constFind(id);
    if (it == m_byId.constEnd())
        return std::nullopt;
    return m_products[*it];
}

std::optional<VaccineProduct> CatalogueTables::productByCode(const QString& code)
{
    refresh();
    const QString wanted = code.trimmed();
    for (const VaccineProduct& p : m_products) {
        if (p.code.compare(wanted, Qt::CaseInsensitive) == 0)
            return p;
    }
    return std::nullopt;
}

std::optional<Lot> CatalogueTables::lot(const QString& id)
{
    const EntitySpec& spec = specFor(Entity::Lot);
    Statement& s = m_connection.statement(QStringLiteral("SELECT %1 FROM lot WHERE id = ?").arg(spec.selectList()));
    std::optional<Lot> out;
    if (s.bind(0, id).step())
        out = Lot::fromRecord(spec.read(s));
    s.reset();
    return out;
}

} // namespace vax::db

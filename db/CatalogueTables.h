#pragma once

#include "app/store/CatalogueRepository.h"

#include <QHash>

namespace vax::db {

class Connection;

// Products are a handful of reference records read on every dose: kept in memory and
// reloaded when this connection imports them or another connection commits (data_version).
class CatalogueTables final : public CatalogueRepository
{
public:
    explicit CatalogueTables(Connection& connection);

    QList<VaccineProduct> products() override;
    std::optional<VaccineProduct> product(const QString& id) override;
    std::optional<VaccineProduct> productByCode(const QString& code) override;
    std::optional<Lot> lot(const QString& id) override;

    void invalidate() { m_version = -1; }

private:
    void refresh();

    Connection& m_connection;
    qint64 m_version = -1;
    QList<VaccineProduct> m_products;  // by code
    QHash<QString, qsizetype> m_byId;
};

} // namespace vax::db

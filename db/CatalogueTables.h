#pragma once

#include "app/store/CatalogueRepository.h"

namespace vax::db {

class Connection;

class CatalogueTables final : public CatalogueRepository
{
public:
    explicit CatalogueTables(Connection& connection);

    QList<VaccineProduct> products() override;
    std::optional<VaccineProduct> product(const QString& id) override;
    std::optional<VaccineProduct> productByCode(const QString& code) override;
    std::optional<Lot> lot(const QString& id) override;

private:
    Connection& m_connection;
};

} // namespace vax::db

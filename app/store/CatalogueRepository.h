#pragma once

#include "app/stock/Lot.h"
#include "app/vaccines/VaccineProduct.h"

#include <QList>

#include <optional>

namespace vax {

// Reference data: the vaccine products (owned by central) and the lots known here.
class CatalogueRepository
{
public:
    virtual ~CatalogueRepository() = default;

    virtual QList<VaccineProduct> products() = 0;
    virtual std::optional<VaccineProduct> product(const QString& id) = 0;
    virtual std::optional<VaccineProduct> productByCode(const QString& code) = 0;
    virtual std::optional<Lot> lot(const QString& id) = 0;
};

} // namespace vax

#include "SiteSetup.h"

#include "app/store/SiteStore.h"
#include "app/vaccines/VaccineCatalogue.h"

namespace vax::SiteSetup {

Result<void> loadCatalogue(SiteStore& store, const VaccineCatalogue& catalogue)
{
    QList<QJsonObject> records;
    for (const VaccineProduct& p : catalogue.products())
        records << p.toRecord();
    return store.importReference(Entity::VaccineProduct, records,
        QStringLiteral("catalogue %1").arg(catalogue.version()));
}

} // namespace vax::SiteSetup

#pragma once

#include "app/common/Result.h"

namespace vax {

class SiteStore;
class VaccineCatalogue;

namespace SiteSetup {

// Loads (or refreshes) the vaccine products from a catalogue as reference data.
Result<void> loadCatalogue(SiteStore& store, const VaccineCatalogue& catalogue);

} // namespace SiteSetup
} // namespace vax

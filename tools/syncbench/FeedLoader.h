#pragma once

#include "app/common/Result.h"

#include <QString>

namespace vax {
class SiteStore;
}

namespace vax::bench {

// Set-up only, for a pull benchmark of a million people: takes a device's unsent change log
// (people it registered through the real services) straight into central's change_feed with
// COPY, row for row as ChangeIngest writes them (the same normalized payload, global seqs from
// the same counter, the site and person columns the feed query reads), then marks it pushed on
// the device. Central's merged state (record_state, person_index) is not written: a pull reads
// only the feed. The real push path checks each pushed person for duplicates against every
// other one, which makes a million of them take hours (see the push figures).
// People only; another kind of record is an error. Answers how many rows it loaded.
Result<qint64> loadPeopleIntoFeed(const QString& conninfo, SiteStore& device);

} // namespace vax::bench

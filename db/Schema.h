#pragma once

#include "app/common/Result.h"

namespace vax::db {

class Connection;

// The site database schema, as numbered forward steps. Version 1 is the first one a site
// ever ran; every step runs in its own transaction and a failed step leaves the file as it
// was. A step, once released, is never edited: a change is a new step.
namespace Schema {

constexpr int kCurrentVersion = 7;

int version(Connection& connection);
Result<void> migrate(Connection& connection, int targetVersion = kCurrentVersion);

} // namespace Schema
} // namespace vax::db

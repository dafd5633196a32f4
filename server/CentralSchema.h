#pragma once

#include "app/common/Result.h"

namespace vax::server {

class CentralDatabase;

// Central's schema as numbered steps, the same DDL on SQLite and PostgreSQL; each step in one
// transaction, the version in central_meta. Several vaxcentral processes may start at once
// on one PostgreSQL: the step takes a lock first, and a step already done is skipped.
namespace CentralSchema {

constexpr int kCurrentVersion = 5;

int version(CentralDatabase& db);
Result<void> migrate(CentralDatabase& db);

} // namespace CentralSchema
} // namespace vax::server

#pragma once

#include "server/CentralCliContext.h"

namespace vax::server {

// vaxcentral admin stock receive | issue | show | shipments: a store's stock on central.
QList<CentralCommand> stockCommands();

} // namespace vax::server

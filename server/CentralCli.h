#pragma once

#include <QStringList>

namespace vax::server {

// vaxcentral serve | admin …: the central server and its administration, on one database.
int runCentral(const QStringList& arguments);

} // namespace vax::server

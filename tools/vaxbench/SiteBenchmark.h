#pragma once

#include "tools/common/Stats.h"

#include <QJsonObject>
#include <QTextStream>

#include <memory>

namespace vax {
class Clock;
namespace db {
class SqliteSiteStore;
}
}

namespace vax::bench {

// The site database at scale: name, ID and phone lookups through the registration service
// as the desk uses them, and injections recorded one transaction each beside a plain
// one-row insert commit measured in the same run on the same file.
class SiteBenchmark
{
public:
    SiteBenchmark(db::SqliteSiteStore& store, const Clock& clock, QTextStream& out);

    QJsonObject lookups(int queries, quint32 seed);
    QJsonObject injections(int count);

private:
    db::SqliteSiteStore& m_store;
    const Clock& m_clock;
    QTextStream& m_out;
};

} // namespace vax::bench

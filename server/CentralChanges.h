#pragma once

#include "app/common/Hlc.h"
#include "app/common/Result.h"
#include "app/org/Site.h"
#include "server/ChangeIngest.h"

#include <QCoreApplication>

#include <optional>

namespace vax {
class Clock;
}

namespace vax::server {

class CentralDatabase;

// Central's own changes (administration: sites, users, the catalogue, a store's stock):
// stamped with central's clock and written through the same ingest as a device's push, so
// devices pull them like anything else. Also reads the current state of a record.
class CentralChanges
{
    Q_DECLARE_TR_FUNCTIONS(CentralChanges)

public:
    CentralChanges(CentralDatabase& db, const Clock& clock);

    // Stamps and ingests the records as one batch; a rejection is returned as an error.
    // `precondition`: see ChangeIngest::ingest.
    Result<PushOutcome> submit(QList<std::pair<QString, QJsonObject>> records, const QString& op,
        const std::function<Result<void>()>& precondition = {});
    std::optional<QJsonObject> state(const QString& entity, const QString& id);
    std::optional<Site> siteByCode(const QString& code);

private:
    CentralDatabase& m_db;
    const Clock& m_clock;
    HlcClock m_hlc;
};

} // namespace vax::server

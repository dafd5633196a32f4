#pragma once

#include "app/common/Result.h"
#include "app/store/SiteStore.h"
#include "server/DeviceContext.h"
#include "sync/Messages.h"

namespace vax::server {

class CentralDatabase;

// What a device may see after its cursor (docs/sync-protocol.md "Pull"): its site's and teams'
// records; the directory of every site and store (a dose given elsewhere to a person this site
// attached names its holder), products and lots; people it attached; never its own changes; in
// global order.
class ChangeFeed
{
public:
    explicit ChangeFeed(CentralDatabase& db);

    // The page after `after`, as the pull answer's JSON (sync::PullPage): the payloads go out as
    // the very text the feed stores, never parsed and written again.
    Result<QByteArray> encodedPage(const DeviceContext& device, qint64 after, int limit);
    // Everything central holds about one person (for attach: their past comes at once).
    Result<QList<RemoteChange>> personHistory(const QString& personId);

private:
    CentralDatabase& m_db;
};

} // namespace vax::server

#pragma once

#include "app/store/SiteStore.h"
#include "db/SqliteSiteStore.h"
#include "tests/support/TestSite.h"

#include <QList>

namespace vax::test {

// Central in miniature: a push takes a device's unsent changes (central never accepts
// app_user from a device: users are central's) and acknowledges them on the device; every
// accepted change gets the next global seq; a pull hands a device everyone else's changes
// after its cursor, as one page.
class MemoryFeed
{
public:
    void push(test::TestSite& site)
    {
        db::SqliteSiteStore& store = site.store();
        const qint64 from = store.sync().state().pushedThrough;
        qint64 through = from;
        for (const ChangeEntry& c : store.changesAfter(from, 100000)) {
            through = c.seq;
            if (c.entity == QLatin1String("app_user"))
                continue;
            m_feed << RemoteChange{++m_globalSeq, store.identity().deviceId, c};
        }
        if (auto r = store.sync().acknowledgePush(through, {}); !r.ok())
            qFatal("acknowledge: %s", qPrintable(r.error().message()));
    }

    QList<RemoteChange> pageFor(test::TestSite& site)
    {
        const qint64 cursor = site.store().sync().state().pullCursor;
        QList<RemoteChange> page;
        for (const RemoteChange& rc : m_feed) {
            if (rc.globalSeq > cursor && rc.deviceId != site.store().identity().deviceId)
                page << rc;
        }
        return page;
    }

    Result<ApplyReport> pull(test::TestSite& site) { return site.store().applyPulled(pageFor(site), m_globalSeq); }
    qint64 last() const { return m_globalSeq; }

private:
    QList<RemoteChange> m_feed;
    qint64 m_globalSeq = 0;
};

} // namespace vax::test

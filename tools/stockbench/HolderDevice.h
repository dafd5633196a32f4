#pragma once

#include "app/common/Result.h"
#include "app/store/Entity.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>

namespace vax {
class SiteStore;
namespace test {
class ManualClock;
}
}

namespace vax::bench {

// One stock holder's laptop while the ledger is generated: the site's (the benchmark file) or
// a mobile team's (a throwaway file). Every record goes through the real write path
// (SiteStore::write → RecordWriter: the row, the stock_balance trigger, the indexes, the change
// log and the chained audit entry). Records are queued and written in one transaction per
// hour of simulated time rather than one per record: that changes how often SQLite commits,
// not a byte of what it stores.
class HolderDevice
{
public:
    HolderDevice(SiteStore& store, test::ManualClock& clock);

    SiteStore& store() { return m_store; }
    // Records `record` as made by `userId` at `at`. What is queued is written first when `at`
    // falls in a later hour.
    Result<void> add(const QDateTime& at, const QString& userId, Entity entity, const QJsonObject& record);
    // Writes what is queued, the clock set to the time of its latest record (so created_at
    // and the HLC follow the simulated day).
    Result<void> flush();
    // Hands the changes this device made since the last relay to `site` the way the site
    // laptop gets them from central: pulled pages applied by SiteStore::applyPulled (the rows
    // audited as applied, nothing in the site's own change log). Returns how many.
    Result<qint64> relayTo(SiteStore& site, qint64& globalSeq);

private:
    struct Pending {
        QString userId;
        Entity entity;
        QJsonObject record;
    };

    SiteStore& m_store;
    test::ManualClock& m_clock;
    QList<Pending> m_pending;
    QDateTime m_latest;
    qint64 m_relayedThrough = 0;
};

} // namespace vax::bench

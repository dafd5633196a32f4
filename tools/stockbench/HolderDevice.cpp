#include "HolderDevice.h"

#include "app/store/RecordWriter.h"
#include "app/store/SiteStore.h"
#include "tests/support/ManualClock.h"

namespace vax::bench {

namespace {

constexpr int kPullPage = 1000;

bool sameHour(const QDateTime& a, const QDateTime& b)
{
    return a.date() == b.date() && a.time().hour() == b.time().hour();
}

} // namespace

HolderDevice::HolderDevice(SiteStore& store, test::ManualClock& clock)
    : m_store(store)
    , m_clock(clock)
{
}

Result<void> HolderDevice::add(const QDateTime& at, const QString& userId, Entity entity, const QJsonObject& record)
{
    if (!m_pending.isEmpty() && !sameHour(at, m_latest) && at > m_latest) {
        if (auto r = flush(); !r.ok())
            return r;
    }
    m_pending << Pending{userId, entity, record};
    m_latest = std::max(m_latest, at);
    return {};
}

Result<void> HolderDevice::flush()
{
    if (m_pending.isEmpty())
        return {};
    m_clock.set(m_latest);
    // One transaction per run of records by the same user (the write path stamps the user).
    qsizetype from = 0;
    while (from < m_pending.size()) {
        qsizetype to = from;
        while (to < m_pending.size() && m_pending[to].userId == m_pending[from].userId)
            ++to;
        auto r = m_store.write(m_pending[from].userId, [&](RecordWriter& w) -> Result<void> {
            for (qsizetype i = from; i < to; ++i) {
                if (auto added = w.insert(m_pending[i].entity, m_pending[i].record); !added.ok())
                    return added.error();
            }
            return {};
        });
        if (!r.ok())
            return r;
        from = to;
    }
    m_pending.clear();
    return {};
}

Result<qint64> HolderDevice::relayTo(SiteStore& site, qint64& globalSeq)
{
    if (auto r = flush(); !r.ok())
        return r.error();
    qint64 relayed = 0;
    for (;;) {
        const QList<ChangeEntry> changes = m_store.changesAfter(m_relayedThrough, kPullPage);
        if (changes.isEmpty())
            return relayed;
        QList<RemoteChange> page;
        for (const ChangeEntry& c : changes) {
            m_relayedThrough = c.seq;
            // Central takes no users from a device (they are central's); everything else passes.
            if (c.entity == entityName(Entity::User))
                continue;
            page << RemoteChange{++globalSeq, m_store.identity().deviceId, c};
        }
        if (auto r = site.applyPulled(page, globalSeq); !r.ok())
            return r.error();
        relayed += page.size();
    }
}

} // namespace vax::bench

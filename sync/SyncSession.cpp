#include "SyncSession.h"

#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/store/SiteStore.h"
#include "sync/CentralApi.h"
#include "sync/ChangeBatch.h"
#include "sync/Messages.h"

#include <QCoreApplication>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSync, "vax.sync")

namespace vax::sync {

SyncSession::SyncSession(SiteStore& store, CentralApi& api, const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_api(api)
    , m_clock(clock)
{
}

void SyncSession::start(Done done)
{
    m_done = std::move(done);
    m_run = SyncRun();
    m_failure.reset();
    m_held.reset();
    m_run.startedAt = toIsoWithOffset(m_clock.now());
    m_pushTotal = m_store.pendingChanges();
    pushNext();
}

void SyncSession::pushNext()
{
    const qint64 acked = m_store.sync().state().pushedThrough;
    const ChangeBatch batch = nextBatch(m_store, acked, m_limits.pushBatch);
    if (batch.changes.isEmpty()) {
        m_bundles = m_store.sync().bundlesToRelay();
        relayNext();
        return;
    }
    emit progress(QStringLiteral("push"), m_run.pushed, m_pushTotal);
    const qint64 lastSeq = batch.changes.last().seq;
    m_api.post(QStringLiteral("/api/v1/push"), batch.encode(), [this, acked, lastSeq](Result<QByteArray> answer) {
        if (!answer.ok()) {
            finish(answer.error());
            return;
        }
        auto result = PushResult::decode(answer.value());
        if (!result.ok()) {
            finish(result.error());
            return;
        }
        m_run.clockAheadMs = std::max(m_run.clockAheadMs, result->clockAheadMs);
        if (result->heldFrom > 0) {
            // The laptop's clock runs ahead: central keeps the rest for later. Take what it took,
            // still fetch the others' work, and say why the rest waits.
            if (result->ackedThrough > acked) {
                if (auto r = m_store.sync().acknowledgePush(result->ackedThrough, result->rejected); !r.ok()) {
                    finish(r.error());
                    return;
                }
                m_run.pushed += int(result->accepted.size());
            }
            m_held = Error(ErrorCode::Invalid,
                tr("This laptop's clock is %n minute(s) ahead of central's: changes from #%1 on wait on this laptop, and are sent "
                   "once its date and time are right and real time has caught up with them.",
                    nullptr, int(result->clockAheadMs / 60000))
                    .arg(result->heldFrom));
            m_bundles = m_store.sync().bundlesToRelay();
            relayNext();
            return;
        }
        if (result->ackedThrough <= acked || result->ackedThrough > lastSeq) {
            // Central must acknowledge what it was sent, and nothing more.
            finish(Error(ErrorCode::Io,
                tr("Central acknowledged changes up to #%1 of a batch of #%2–#%3: sync stopped; it will be tried again.")
                    .arg(result->ackedThrough)
                    .arg(acked + 1)
                    .arg(lastSeq)));
            return;
        }
        if (auto r = m_store.sync().acknowledgePush(result->ackedThrough, result->rejected); !r.ok()) {
            finish(r.error());
            return;
        }
        m_run.pushed += int(result->accepted.size());
        m_run.rejected += int(result->rejected.size());
        m_run.conflicts += result->conflicts;
        for (const PushRejection& r : result->rejected)
            qCInfo(lcSync) << "central refused change" << r.seq << r.entity << r.recordId << r.code << r.reason;
        pushNext();
    });
}

void SyncSession::relayNext()
{
    if (m_bundles.isEmpty()) {
        pullNext();
        return;
    }
    const RelayBundle bundle = m_bundles.takeFirst();
    emit progress(QStringLiteral("relay"), m_run.relayed, m_run.relayed + m_bundles.size() + 1);
    m_api.post(QStringLiteral("/api/v1/relay"), bundle.file, [this, bundle](Result<QByteArray> answer) {
        if (!answer.ok()) {
            if (answer.error().code() == ErrorCode::Io) {
                finish(answer.error());
                return;
            }
            // Central will never take this bundle (a bad signature, another site's): say so
            // once and keep it out of every later run, rather than block the sync.
            (void)m_store.sync().markRelayed(bundle.bundleId, tr("refused: %1").arg(answer.error().message()));
            relayNext();
            return;
        }
        auto result = PushResult::decode(answer.value());
        if (!result.ok()) {
            finish(result.error());
            return;
        }
        const QString outcome = tr("%1 accepted, %2 refused").arg(result->accepted.size()).arg(result->rejected.size());
        if (auto r = m_store.sync().markRelayed(bundle.bundleId, outcome); !r.ok()) {
            finish(r.error());
            return;
        }
        ++m_run.relayed;
        relayNext();
    });
}

void SyncSession::pullNext()
{
    const qint64 cursor = m_store.sync().state().pullCursor;
    emit progress(QStringLiteral("pull"), m_run.pulled, 0);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("after"), QString::number(cursor));
    query.addQueryItem(QStringLiteral("limit"), QString::number(m_limits.pullPage));
    m_api.get(QStringLiteral("/api/v1/pull"), query, [this, cursor](Result<QByteArray> answer) {
        if (!answer.ok()) {
            finish(answer.error());
            return;
        }
        auto page = PullPage::decode(answer.value());
        if (!page.ok()) {
            finish(page.error());
            return;
        }
        if (page->last < cursor || (page->more && page->last == cursor)) {
            finish(Error(ErrorCode::Io,
                tr("Central's pull page goes back to #%1 from #%2: sync stopped; it will be tried again.").arg(page->last).arg(cursor)));
            return;
        }
        if (!page->changes.isEmpty() || page->last > cursor) {
            auto applied = m_store.applyPulled(page->changes, page->last);
            if (!applied.ok()) {
                finish(applied.error());
                return;
            }
            m_run.pulled += int(page->changes.size());
            m_run.conflicts += applied->conflicts;
        }
        if (page->more)
            pullNext();
        else
            finish(m_held);
    });
}

void SyncSession::finish(const std::optional<Error>& failure)
{
    m_failure = failure;
    m_run.error = failure ? failure->message() : QString();
    m_run.finishedAt = toIsoWithOffset(m_clock.now());
    if (auto r = m_store.sync().recordRun(m_run); !r.ok() && !m_failure) {
        m_failure = r.error();
        m_run.error = r.error().message();
    }
    qCInfo(lcSync).noquote() << QStringLiteral("sync %1: pushed %2, rejected %3, relayed %4, pulled %5, conflicts %6")
                                    .arg(m_run.ok() ? QStringLiteral("done") : QStringLiteral("stopped (%1)").arg(m_run.error))
                                    .arg(m_run.pushed)
                                    .arg(m_run.rejected)
                                    .arg(m_run.relayed)
                                    .arg(m_run.pulled)
                                    .arg(m_run.conflicts);
    if (m_done)
        m_done(m_run);
}

} // namespace vax::sync

#include "SyncSession.h"

#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/store/SiteStore.h"
#include "sync/BundleTransfer.h"
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
    m_rewound = false;
    m_run.startedAt = toIsoWithOffset(m_clock.now());
    m_pushTotal = m_store.pendingChanges();
    // Other devices' bundles first: this device's own changes may point to their records.
    m_bundles = m_store.sync().bundlesToRelay();
    relayNext();
}

void SyncSession::pushNext()
{
    const qint64 acked = m_store.sync().state().pushedThrough;
    const ChangeBatch batch = nextBatch(m_store, acked, m_limits.pushBatch);
    if (batch.changes.isEmpty()) {
        pullNext();
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
            // Central takes nothing from heldFrom on, for now. Keep what it took; if it only
            // lacks earlier changes of ours (restored from a backup), send again from there.
            if (result->ackedThrough > acked) {
                if (auto r = m_store.sync().acknowledgePush(result->ackedThrough, result->rejected); !r.ok()) {
                    finish(r.error());
                    return;
                }
                m_run.pushed += int(result->accepted.size());
            }
            if (result->heldReason == QLatin1String("gap") && result->resendFrom > 0 && result->resendFrom <= acked && !m_rewound) {
                m_rewound = true;
                qCWarning(lcSync) << "central has this device's changes only up to" << result->resendFrom - 1 << ": sending again from there";
                if (auto r = m_store.sync().rewindPush(result->resendFrom - 1); !r.ok()) {
                    finish(r.error());
                    return;
                }
                pushNext();
                return;
            }
            // The rest waits on this laptop; still fetch the others' work, and say why.
            m_held = Error(ErrorCode::Invalid, result->heldMessage.isEmpty()
                    ? tr("Central keeps changes from #%1 on waiting for now.").arg(result->heldFrom)
                    : result->heldMessage);
            pullNext();
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
        pushNext();
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
        if (result->heldFrom > 0) {
            // Part of it waits (an earlier bundle of that device is not at central yet): the
            // bundle stays here and goes again with every sync until central has all of it.
            (void)m_store.sync().noteBundle(bundle.bundleId,
                tr("waiting: %1 accepted so far; %2").arg(result->accepted.size()).arg(result->heldMessage));
            relayNext();
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
    requestPage(m_store.sync().state().pullCursor);
}

void SyncSession::requestPage(qint64 after)
{
    emit progress(QStringLiteral("pull"), m_run.pulled, 0);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("after"), QString::number(after));
    query.addQueryItem(QStringLiteral("limit"), QString::number(m_limits.pullPage));
    const int generation = m_generation;
    m_api.get(QStringLiteral("/api/v1/pull"), query, [this, after, generation](Result<QByteArray> answer) {
        if (generation != m_generation)
            return;  // the run already stopped (a page before this one failed)
        if (!answer.ok()) {
            finish(answer.error());
            return;
        }
        auto page = PullPage::decode(answer.value());
        if (!page.ok()) {
            finish(page.error());
            return;
        }
        if (page->last < after || (page->more && page->last == after)) {
            finish(Error(ErrorCode::Io,
                tr("Central's pull page goes back to #%1 from #%2: sync stopped; it will be tried again.").arg(page->last).arg(after)));
            return;
        }
        // Central prepares the next page while this one is applied here.
        if (page->more)
            requestPage(page->last);
        if (!page->changes.isEmpty() || page->last > after) {
            auto applied = m_store.applyPulled(page->changes, page->last);
            if (!applied.ok()) {
                finish(applied.error());
                return;
            }
            m_run.pulled += int(page->changes.size());
            m_run.conflicts += applied->conflicts;
        }
        if (page->more)
            return;
        // Bundles that waited for a device's earlier changes may have them now.
        if (auto waiting = BundleTransfer(m_store, m_clock).applyWaiting(); !waiting.ok())
            qCWarning(lcSync) << "kept bundles could not be applied:" << waiting.error().message();
        finish(m_held);
    });
}

void SyncSession::finish(const std::optional<Error>& failure)
{
    ++m_generation;  // a page still on its way is not applied
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

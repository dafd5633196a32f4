#include "SyncSession.h"

#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/store/SiteStore.h"
#include "sync/BundleTransfer.h"
#include "sync/CentralApi.h"
#include "sync/ChangeBatch.h"
#include "sync/Messages.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QPromise>
#include <QThreadPool>

#include <utility>

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
    m_nextBatch.reset();
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
    // The batch made while central took the one before, if central took all of that one.
    std::optional<PreparedBatch> prepared = std::exchange(m_nextBatch, std::nullopt);
    if (!prepared || prepared->after != acked)
        prepared = prepareBatch(acked);
    if (prepared->lastSeq == 0) {
        pullNext();
        return;
    }
    emit progress(QStringLiteral("push"), m_run.pushed, m_pushTotal);
    const qint64 lastSeq = prepared->lastSeq;
    m_api.post(QStringLiteral("/api/v1/push"), prepared->body, [this, acked, lastSeq](Result<QByteArray> answer) {
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
    // Read and encode the next batch while central takes this one: it is sent if central takes
    // this one whole (the usual case), and made again from central's answer otherwise.
    m_nextBatch = prepareBatch(lastSeq);
}

SyncSession::PreparedBatch SyncSession::prepareBatch(qint64 after)
{
    const ChangeBatch batch = nextBatch(m_store, after, m_limits.pushBatch);
    if (batch.changes.isEmpty())
        return {after, 0, {}};
    return {after, batch.changes.last().seq, CentralApi::Body::of(batch.encode())};
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
    // From here to central's end the store may put work off (a first pull builds its indexes
    // at the end): finish() tells it how the pull ended.
    if (auto r = m_store.beginPull(); !r.ok()) {
        finish(r.error());
        return;
    }
    m_pulling = true;
    const SyncState state = m_store.sync().state();
    m_loggedThrough = state.loggedThrough;
    requestPage(state.pullCursor);
}

void SyncSession::requestPage(qint64 after)
{
    emit progress(QStringLiteral("pull"), m_run.pulled, 0);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("after"), QString::number(after));
    query.addQueryItem(QStringLiteral("limit"), QString::number(m_limits.pullPage));
    // Central refuses a database that stops before what it holds of it (restored from a backup).
    query.addQueryItem(QStringLiteral("log_through"), QString::number(m_loggedThrough));
    const int generation = m_generation;
    const qint64 serial = ++m_pageSerial;
    PulledPage page;
    page.serial = serial;
    page.after = after;
    m_pages.append(page);
    m_api.get(QStringLiteral("/api/v1/pull"), query, [this, serial, generation](Result<QByteArray> answer) {
        if (generation != m_generation)
            return;  // the run already stopped (a page before this one failed)
        if (!answer.ok()) {
            pageFailed(serial, answer.error());
            return;
        }
        pageArrived(serial, std::move(answer).value());
    });
}

SyncSession::PulledPage* SyncSession::pulledPage(qint64 serial)
{
    for (PulledPage& p : m_pages) {
        if (p.serial == serial)
            return &p;
    }
    return nullptr;
}

bool SyncSession::takeCursor(PulledPage& page, qint64 last, bool more)
{
    if (last < page.after || (more && last == page.after)) {
        pageFailed(page.serial, Error(ErrorCode::Io,
            tr("Central's pull page goes back to #%1 from #%2: sync stopped; it will be tried again.").arg(last).arg(page.after)));
        return false;
    }
    page.last = last;
    page.more = more;
    page.cursorKnown = true;
    // Central prepares the next page while this one is decoded and applied here.
    if (more && !m_pullFailure)
        requestPage(last);
    return true;
}

void SyncSession::pageFailed(qint64 serial, const Error& error)
{
    // The pages before it came whole: they are applied, as each would have been on arrival,
    // and then the run stops. This page and any asked for after it are dropped.
    for (qsizetype i = 0; i < m_pages.size(); ++i) {
        if (m_pages.at(i).serial == serial) {
            m_pages.resize(i);
            if (!m_pullFailure)
                m_pullFailure = error;
            applyPulledPages();
            return;
        }
    }
}

void SyncSession::pageArrived(qint64 serial, const QByteArray& json)
{
    PulledPage* page = pulledPage(serial);
    if (!page)
        return;
    page->arrived = true;
    // The cursor is at the end of the page: the next page is asked for before this one is
    // decoded (if the end cannot be read so, once it is decoded).
    qint64 last = 0;
    bool more = false;
    if (peekPullCursor(json, &last, &more) && !takeCursor(*page, last, more))
        return;
    // Decoding a page costs a good share of applying it: another core does it meanwhile.
    using Decoded = std::shared_ptr<Result<PullPage>>;
    auto promise = std::make_shared<QPromise<Decoded>>();
    auto* watcher = new QFutureWatcher<Decoded>(this);
    const int generation = m_generation;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, serial, generation] {
        watcher->deleteLater();
        if (generation == m_generation)
            pageDecoded(serial, watcher->result());
    });
    promise->start();
    watcher->setFuture(promise->future());
    QThreadPool::globalInstance()->start([promise, json] {
        promise->addResult(std::make_shared<Result<PullPage>>(PullPage::decode(json)));
        promise->finish();
    });
    applyPulledPages();
}

void SyncSession::pageDecoded(qint64 serial, const std::shared_ptr<Result<PullPage>>& decoded)
{
    PulledPage* page = pulledPage(serial);
    if (!page)
        return;
    if (!decoded->ok()) {
        pageFailed(serial, decoded->error());
        return;
    }
    if (!page->cursorKnown) {
        if (!takeCursor(*page, decoded->value().last, decoded->value().more))
            return;
        page = pulledPage(serial);  // (m_pages grew)
    } else if (page->last != decoded->value().last || page->more != decoded->value().more) {
        pageFailed(serial, Error(ErrorCode::Io,
            tr("Central's pull page after #%1 does not say where it ends: sync stopped; it will be tried again.").arg(page->after)));
        return;
    }
    page->decoded = decoded;
    applyPulledPages();
}

void SyncSession::applyPulledPages()
{
    while (!m_pages.isEmpty() && m_pages.first().decoded) {
        // A page is applied once the next one is here and being decoded (its decoding then runs
        // beside this apply), when it is the last, or when a page after it failed.
        if (!m_pullFailure && m_pages.first().more && (m_pages.size() < 2 || !m_pages.at(1).arrived))
            return;
        const PulledPage page = m_pages.takeFirst();
        const PullPage& pulled = page.decoded->value();
        if (!pulled.changes.isEmpty() || pulled.last > page.after) {
            auto applied = m_store.applyPulled(pulled.changes, pulled.last);
            if (!applied.ok()) {
                finish(applied.error());
                return;
            }
            m_run.pulled += int(pulled.changes.size());
            m_run.conflicts += applied->conflicts;
        }
        if (pulled.more)
            continue;
        m_pulling = false;
        emit progress(QStringLiteral("index"), m_run.pulled, 0);
        if (auto r = m_store.endPull(true); !r.ok()) {
            finish(r.error());
            return;
        }
        // Bundles that waited for a device's earlier changes may have them now.
        if (auto waiting = BundleTransfer(m_store, m_clock).applyWaiting(); !waiting.ok())
            qCWarning(lcSync) << "kept bundles could not be applied:" << waiting.error().message();
        finish(m_held);
        return;
    }
    if (m_pages.isEmpty() && m_pullFailure)
        finish(*m_pullFailure);
}

bool SyncSession::peekPullCursor(const QByteArray& json, qint64* last, bool* more)
{
    // "…],\"last\":N,\"more\":B}" (the page's keys come sorted, the cursor after the changes).
    const QByteArrayView text = QByteArrayView(json).trimmed();
    if (!text.endsWith('}'))
        return false;
    const qsizetype m = text.lastIndexOf(QByteArrayView("\"more\":"));
    if (m < 0)
        return false;
    const QByteArrayView flag = text.sliced(m + 7, text.size() - 1 - (m + 7)).trimmed();
    if (flag != QByteArrayView("true") && flag != QByteArrayView("false"))
        return false;
    const qsizetype l = text.first(m).lastIndexOf(QByteArrayView("\"last\":"));
    if (l < 0)
        return false;
    QByteArrayView number = text.sliced(l + 7, m - (l + 7)).trimmed();
    if (!number.endsWith(','))
        return false;
    bool ok = false;
    *last = number.chopped(1).trimmed().toLongLong(&ok);
    *more = flag == QByteArrayView("true");
    return ok;
}

void SyncSession::finish(const std::optional<Error>& failure)
{
    ++m_generation;  // a page still on its way is not applied
    if (std::exchange(m_pulling, false)) {
        if (auto r = m_store.endPull(false); !r.ok())
            qCWarning(lcSync) << "the pull could not be closed:" << r.error().message();
    }
    m_nextBatch.reset();
    m_pages.clear();
    m_pullFailure.reset();
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

#include "SyncWorker.h"

#include "app/common/Clock.h"
#include "app/store/SiteStore.h"
#include "sync/CentralApi.h"
#include "sync/CredentialStore.h"
#include "sync/Enrolment.h"
#include "sync/NetworkWatch.h"
#include "sync/SyncSession.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace vax::sync {

SyncWorker::SyncWorker(StoreFactory openStore, QString databasePath, const Clock& clock, SyncSchedule schedule)
    : m_openStore(std::move(openStore))
    , m_databasePath(std::move(databasePath))
    , m_clock(clock)
    , m_schedule(schedule)
    , m_backoff(schedule.firstRetry, schedule.maxRetry)
{
}

SyncWorker::~SyncWorker() = default;

void SyncWorker::start()
{
    auto store = m_openStore();
    if (!store.ok()) {
        m_status.link = SyncStatus::Link::Refused;
        m_status.message = store.error().message();
        publish();
        return;
    }
    m_store = std::move(store).value();
    m_network = new QNetworkAccessManager(this);
    m_credentials = new CredentialStore(m_databasePath, this);
    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(m_schedule.poll);
    connect(m_pollTimer, &QTimer::timeout, this, &SyncWorker::poll);
    m_runTimer = new QTimer(this);
    m_runTimer->setSingleShot(true);
    connect(m_runTimer, &QTimer::timeout, this, &SyncWorker::begin);
    watchNetwork();
    m_pollTimer->start();
    poll();
}

void SyncWorker::stop()
{
    if (m_pollTimer)
        m_pollTimer->stop();
    if (m_runTimer)
        m_runTimer->stop();
    if (m_api)
        m_api->abort();
}

void SyncWorker::watchNetwork()
{
    auto* watch = new NetworkWatch(this);
    if (watch->source().isEmpty())
        qCInfo(lcSync) << "nothing tells when the network comes back here: the timer and the backoff find it";
    connect(watch, &NetworkWatch::returned, this, [this] {
        if (m_status.link == SyncStatus::Link::Offline) {
            qCInfo(lcSync) << "network is back: syncing now";
            syncNow();
        }
    });
}

void SyncWorker::syncNow()
{
    if (!m_store)
        return;
    m_backoff.reset();
    schedule(std::chrono::milliseconds(0));
}

void SyncWorker::schedule(std::chrono::milliseconds delay)
{
    if (!m_runTimer)
        return;
    m_runTimer->start(delay);
    m_status.nextAttempt = m_clock.now().addMSecs(delay.count());
}

void SyncWorker::poll()
{
    const SyncState state = m_store->sync().state();
    const qint64 waiting = m_store->pendingChanges();
    bool changed = waiting != m_status.waiting || state.lastSyncAt != m_status.lastSyncAt;
    m_status.waiting = waiting;
    m_status.lastSyncAt = state.lastSyncAt;
    m_status.server = state.serverUrl;
    if (!state.enrolled()) {
        changed = changed || m_status.link != SyncStatus::Link::NotEnrolled;
        m_status.link = SyncStatus::Link::NotEnrolled;
    } else if (m_status.link == SyncStatus::Link::NotEnrolled) {
        // Enrolled since the last look (in the app, on another connection): start syncing.
        m_status.link = SyncStatus::Link::Unknown;
        m_status.rejected = int(m_store->sync().rejections().size());
        m_status.toReview = int(m_store->sync().reviewItems().size());
        changed = true;
        schedule(std::chrono::milliseconds(0));
    } else if (waiting > m_lastWaiting && m_lastWaiting >= 0 && m_status.link != SyncStatus::Link::Refused) {
        // A local change: push it soon, once the nurse's burst of work is over. A run already
        // scheduled sooner (a retry) keeps its time.
        if (!m_session && (!m_runTimer->isActive() || m_runTimer->remainingTimeAsDuration() > m_schedule.debounce))
            schedule(m_schedule.debounce);
        else if (m_session)
            m_again = true;
    }
    m_lastWaiting = waiting;
    if (changed)
        publish();
}

void SyncWorker::withApi(std::function<void(Result<CentralApi*>)> work)
{
    const SyncState state = m_store->sync().state();
    if (!state.enrolled()) {
        work(Error(ErrorCode::Forbidden, tr("This device is not enrolled with central: enrol it first (Sync page).")));
        return;
    }
    if (m_api) {
        work(m_api);
        return;
    }
    m_waitingForApi << std::move(work);
    if (m_waitingForApi.size() > 1)
        return;  // the credential is being read already
    m_credentials->load(m_store->identity().deviceId, state.enrolmentId, [this, url = state.serverUrl](Result<DeviceCredential> credential) {
        const auto waiting = std::exchange(m_waitingForApi, {});
        if (!credential.ok()) {
            m_status.message = credential.error().message();
            if (credential.error().code() == ErrorCode::Io) {
                // A keychain that is locked or did not answer still holds the credential: central
                // has refused nothing (no "enrol again"), and a later try may read it, once the
                // nurse has unlocked it.
                schedule(m_backoff.next());
            } else {
                m_status.link = SyncStatus::Link::Refused;
            }
            publish();
            for (const auto& w : waiting)
                w(credential.error());
            return;
        }
        m_credential = credential.value();
        if (!m_api) {
            m_api = new CentralApi(*m_network, QUrl(url), this);
            m_api->setCredential(m_credential);
            m_api->setTimeout(m_schedule.requestTimeout);
        }
        for (const auto& w : waiting)
            w(m_api);
    });
}

void SyncWorker::lookup(const QString& text, std::function<void(Result<QList<CentralPerson>>)> done)
{
    withApi([this, text, done = std::move(done)](Result<CentralApi*> api) {
        if (!api.ok()) {
            done(api.error());
            return;
        }
        CentralLookup(*m_store, *api.value()).find(text, done);
    });
}

void SyncWorker::attach(const QString& personId, std::function<void(Result<ApplyReport>)> done)
{
    withApi([this, personId, done = std::move(done)](Result<CentralApi*> api) {
        if (!api.ok()) {
            done(api.error());
            return;
        }
        auto lookup = std::make_shared<CentralLookup>(*m_store, *api.value());
        lookup->attach(personId, [lookup, done](Result<ApplyReport> r) { done(std::move(r)); });
    });
}

void SyncWorker::begin()
{
    if (m_session) {
        m_again = true;
        return;
    }
    if (!m_store->sync().state().enrolled())
        return;
    if (!m_api) {
        withApi([this](Result<CentralApi*> api) {
            if (api.ok())
                begin();
        });
        return;
    }
    m_again = false;
    m_session = new SyncSession(*m_store, *m_api, m_clock, this);
    connect(m_session, &SyncSession::progress, this, [this](const QString& stage, qint64 done, qint64 total) {
        m_status.stage = stage;
        m_status.progressDone = done;
        m_status.progressTotal = total;
        publish();
    });
    m_status.running = true;
    m_status.nextAttempt = {};
    publish();
    m_session->start([this](const SyncRun& run) { finished(run); });
}

void SyncWorker::finished(const SyncRun& run)
{
    const std::optional<Error> failure = m_session->failure();
    m_session->deleteLater();
    m_session = nullptr;
    m_status.running = false;
    m_status.stage.clear();
    m_status.message = run.error;
    m_status.clockAheadMs = run.clockAheadMs;
    if (m_apiStale) {
        // Enrolled again while this run went on with the old credential: its answer is stale.
        dropApi();
        m_status.link = SyncStatus::Link::Unknown;
        m_status.message.clear();
        schedule(std::chrono::milliseconds(0));
    } else if (!failure) {
        m_status.link = SyncStatus::Link::Online;
        m_backoff.reset();
        schedule(m_again ? std::chrono::milliseconds(0) : m_schedule.period);
    } else if (failure->code() == ErrorCode::Forbidden || failure->code() == ErrorCode::Conflict) {
        // Trying again will not help until someone re-enrols or central lifts the block; a
        // slow retry notices when it does.
        m_status.link = SyncStatus::Link::Refused;
        dropApi();
        schedule(m_schedule.maxRetry);
    } else {
        m_status.link = failure->code() == ErrorCode::Io ? SyncStatus::Link::Offline : SyncStatus::Link::Online;
        schedule(m_backoff.next());
    }
    m_status.rejected = int(m_store->sync().rejections().size());
    m_status.toReview = int(m_store->sync().reviewItems().size());
    m_status.waiting = m_store->pendingChanges();
    m_lastWaiting = m_status.waiting;
    m_status.lastSyncAt = m_store->sync().state().lastSyncAt;
    publish();
    emit runFinished(run);
}

void SyncWorker::enrol(const QString& server, const QString& code, const QString& deviceName, std::function<void(Result<Enrolled>)> done)
{
    if (!m_store) {
        done(Error(ErrorCode::Storage, m_status.message));
        return;
    }
    auto* enrolment = new Enrolment(*m_store, *m_network, *m_credentials, this);
    enrolment->start(server, code, deviceName, [this, enrolment, done = std::move(done)](Result<Enrolled> r) {
        enrolment->deleteLater();
        if (r.ok() && r->again) {
            // A new credential: whatever refused the old one is over. Sync at once.
            dropApi();
            m_status.link = SyncStatus::Link::Unknown;
            m_status.message.clear();
            publish();
            syncNow();
        } else if (r.ok()) {
            poll();  // starts syncing at once
        }
        done(std::move(r));
    });
}

void SyncWorker::dropApi()
{
    m_credential = {};
    if (m_session) {
        m_apiStale = true;  // the run in flight holds it: finished() drops it
        return;
    }
    m_apiStale = false;
    delete m_api;
    m_api = nullptr;
}

void SyncWorker::exportBundle(const QString& path, bool everythingUnsent, std::function<void(Result<BundleExported>)> done)
{
    if (!m_store) {
        done(Error(ErrorCode::Storage, m_status.message));
        return;
    }
    m_credentials->load(m_store->identity().deviceId, m_store->sync().state().enrolmentId,
        [this, path, everythingUnsent, done = std::move(done)](Result<DeviceCredential> c) {
        if (!c.ok()) {
            done(c.error());
            return;
        }
        done(BundleTransfer(*m_store, m_clock).exportTo(path, c.value(), everythingUnsent));
    });
}

void SyncWorker::importBundle(const QString& path, std::function<void(Result<BundleImported>)> done)
{
    if (!m_store) {
        done(Error(ErrorCode::Storage, m_status.message));
        return;
    }
    auto imported = BundleTransfer(*m_store, m_clock).importFrom(path);
    if (imported.ok() && !imported->alreadyHere)
        schedule(m_schedule.debounce);  // carry it to central soon
    done(std::move(imported));
}

void SyncWorker::publish()
{
    emit statusChanged(m_status);
}

} // namespace vax::sync

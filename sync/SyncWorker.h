#pragma once

#include "app/common/Result.h"
#include "app/store/SyncRepository.h"
#include "sync/Backoff.h"
#include "sync/BundleTransfer.h"
#include "sync/CentralLookup.h"
#include "sync/Enrolment.h"
#include "sync/DeviceCredential.h"
#include "sync/SyncStatus.h"

#include <QObject>

#include <chrono>
#include <functional>
#include <memory>

class QNetworkAccessManager;
class QTimer;

namespace vax {
class Clock;
class SiteStore;
}

namespace vax::sync {

class CentralApi;
class CredentialStore;
class SyncSession;

// How often and how soon sync runs (seconds in the app; tests shorten them).
struct SyncSchedule {
    std::chrono::milliseconds poll{1000};        // how often local changes are looked for
    std::chrono::milliseconds debounce{3000};    // quiet time after a local change before pushing
    std::chrono::milliseconds period{300000};    // sync this often anyway, to pull others' work
    std::chrono::milliseconds firstRetry{5000};  // after a failure, then doubling …
    std::chrono::milliseconds maxRetry{900000};  // … up to this
    std::chrono::milliseconds requestTimeout{30000};
};

// Sync in the background (docs/sync-protocol.md), on its own thread with its own database
// connection, so the nurse never waits for the network: it syncs soon after local changes
// (debounced), on a timer, when the network comes back, and when asked; after a failure it
// backs off exponentially with jitter. Everything it reports goes out as SyncStatus.
// Create it, move it to a thread, then invoke start() there (SyncController does this).
class SyncWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncWorker)

public:
    using StoreFactory = std::function<Result<std::unique_ptr<SiteStore>>()>;

    SyncWorker(StoreFactory openStore, QString databasePath, const Clock& clock, SyncSchedule schedule = {});
    ~SyncWorker() override;

    // Operations the app asks of the sync thread; each answers through its callback, called
    // in this (the worker's) thread.
    void enrol(const QString& server, const QString& code, const QString& deviceName, std::function<void(Result<Enrolled>)> done);
    void exportBundle(const QString& path, bool everythingUnsent, std::function<void(Result<BundleExported>)> done);
    void importBundle(const QString& path, std::function<void(Result<BundleImported>)> done);
    void lookup(const QString& text, std::function<void(Result<QList<CentralPerson>>)> done);
    void attach(const QString& personId, std::function<void(Result<ApplyReport>)> done);

public slots:
    void start();
    void syncNow();
    void stop();

signals:
    void statusChanged(const vax::sync::SyncStatus& status);
    // A run finished; `pulled` changes from central (or none) are now in the database.
    void runFinished(const vax::SyncRun& run);

private:
    void poll();
    void begin();
    // Runs `work` with the API once the credential is loaded (an error if it cannot be).
    void withApi(std::function<void(Result<CentralApi*>)> work);
    void finished(const SyncRun& run);
    // Forgets the API and its credential (refused, or enrolled again): the next run loads the
    // credential afresh.
    void dropApi();
    void schedule(std::chrono::milliseconds delay);
    void publish();
    void watchNetwork();

    StoreFactory m_openStore;
    QString m_databasePath;
    const Clock& m_clock;
    SyncSchedule m_schedule;
    std::unique_ptr<SiteStore> m_store;
    QNetworkAccessManager* m_network = nullptr;
    CredentialStore* m_credentials = nullptr;
    CentralApi* m_api = nullptr;
    SyncSession* m_session = nullptr;
    QTimer* m_pollTimer = nullptr;
    QTimer* m_runTimer = nullptr;
    Backoff m_backoff;
    DeviceCredential m_credential;
    QList<std::function<void(Result<CentralApi*>)>> m_waitingForApi;
    bool m_again = false;           // asked to sync while a run was going
    bool m_apiStale = false;        // enrolled again during a run: drop the API when it ends
    qint64 m_lastWaiting = -1;
    SyncStatus m_status;
};

} // namespace vax::sync

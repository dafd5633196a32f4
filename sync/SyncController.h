#pragma once

#include "sync/SyncStatus.h"
#include "sync/SyncWorker.h"

#include <QObject>
#include <QThread>

namespace vax::sync {

// The app's handle on background sync: starts a SyncWorker on its own thread, relays its
// status to the GUI thread, and stops it cleanly on exit.
class SyncController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncController)

public:
    SyncController(SyncWorker::StoreFactory openStore, const QString& databasePath, const Clock& clock,
        SyncSchedule schedule = {}, QObject* parent = nullptr);
    ~SyncController() override;

    const SyncStatus& status() const { return m_status; }
    void syncNow();

    // Run on the sync thread; `done` is called back in this (the GUI) thread.
    void enrol(const QString& server, const QString& code, const QString& deviceName, std::function<void(Result<Enrolled>)> done);
    void exportBundle(const QString& path, bool everythingUnsent, std::function<void(Result<BundleExported>)> done);
    void importBundle(const QString& path, std::function<void(Result<BundleImported>)> done);
    void lookup(const QString& text, std::function<void(Result<QList<CentralPerson>>)> done);
    void attach(const QString& personId, std::function<void(Result<ApplyReport>)> done);

signals:
    void statusChanged(const vax::sync::SyncStatus& status);
    // A run brought changes from central, or an imported bundle applied some: screens that
    // show data should reload.
    void pulled(int changes);
    void runFinished(const vax::SyncRun& run);

private:
    // Runs `call(worker, answer)` on the sync thread and delivers its answer here.
    template <typename T, typename Call>
    void onWorker(Call call, std::function<void(Result<T>)> done);

    QThread m_thread;
    SyncWorker* m_worker;
    SyncStatus m_status;
};

} // namespace vax::sync

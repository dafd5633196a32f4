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

signals:
    void statusChanged(const vax::sync::SyncStatus& status);
    // A run brought changes from central: screens showing data should reload.
    void pulled(int changes);
    void runFinished(const vax::SyncRun& run);

private:
    QThread m_thread;
    SyncWorker* m_worker;
    SyncStatus m_status;
};

} // namespace vax::sync

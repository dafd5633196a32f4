#include "SyncController.h"

namespace vax::sync {

SyncController::SyncController(SyncWorker::StoreFactory openStore, const QString& databasePath, const Clock& clock,
    SyncSchedule schedule, QObject* parent)
    : QObject(parent)
    , m_worker(new SyncWorker(std::move(openStore), databasePath, clock, schedule))
{
    m_thread.setObjectName(QStringLiteral("sync"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SyncWorker::statusChanged, this, [this](const SyncStatus& s) {
        m_status = s;
        emit statusChanged(s);
    });
    connect(m_worker, &SyncWorker::runFinished, this, [this](const SyncRun& run) {
        emit runFinished(run);
        if (run.pulled > 0 || run.relayed > 0)
            emit pulled(run.pulled);
    });
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &SyncWorker::start, Qt::QueuedConnection);
}

SyncController::~SyncController()
{
    QMetaObject::invokeMethod(m_worker, &SyncWorker::stop, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void SyncController::syncNow()
{
    QMetaObject::invokeMethod(m_worker, &SyncWorker::syncNow, Qt::QueuedConnection);
}

} // namespace vax::sync

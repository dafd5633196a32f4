#include "SyncController.h"

#include <QPointer>

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

template <typename T, typename Call>
void SyncController::onWorker(Call call, std::function<void(Result<T>)> done)
{
    QPointer<SyncController> self(this);
    SyncWorker* worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, self, call = std::move(call), done = std::move(done)]() mutable {
        call(*worker, [self, done = std::move(done)](Result<T> r) mutable {
            QMetaObject::invokeMethod(self.data(), [self, done = std::move(done), r = std::move(r)]() mutable {
                if (self)
                    done(std::move(r));
            });
        });
    });
}

void SyncController::enrol(const QString& server, const QString& code, const QString& deviceName, std::function<void(Result<Enrolled>)> done)
{
    onWorker<Enrolled>([=](SyncWorker& w, auto answer) { w.enrol(server, code, deviceName, std::move(answer)); }, std::move(done));
}

void SyncController::exportBundle(const QString& path, bool everythingUnsent, std::function<void(Result<BundleExported>)> done)
{
    onWorker<BundleExported>([=](SyncWorker& w, auto answer) { w.exportBundle(path, everythingUnsent, std::move(answer)); }, std::move(done));
}

void SyncController::importBundle(const QString& path, std::function<void(Result<BundleImported>)> done)
{
    onWorker<BundleImported>(
        [=](SyncWorker& w, auto answer) { w.importBundle(path, std::move(answer)); },
        [this, done = std::move(done)](Result<BundleImported> r) {
            if (r.ok() && r->applied.applied > 0)
                emit pulled(r->applied.applied);
            done(std::move(r));
        });
}

void SyncController::lookup(const QString& text, std::function<void(Result<QList<CentralPerson>>)> done)
{
    onWorker<QList<CentralPerson>>([=](SyncWorker& w, auto answer) { w.lookup(text, std::move(answer)); }, std::move(done));
}

void SyncController::attach(const QString& personId, std::function<void(Result<ApplyReport>)> done)
{
    onWorker<ApplyReport>(
        [=](SyncWorker& w, auto answer) { w.attach(personId, std::move(answer)); },
        [this, done = std::move(done)](Result<ApplyReport> r) {
            if (r.ok())
                emit pulled(r->applied);
            done(std::move(r));
        });
}

void SyncController::syncNow()
{
    QMetaObject::invokeMethod(m_worker, &SyncWorker::syncNow, Qt::QueuedConnection);
}

} // namespace vax::sync

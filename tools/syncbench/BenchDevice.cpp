#include "BenchDevice.h"

#include "app/services/SiteSetup.h"
#include "app/store/UserRepository.h"
#include "app/vaccines/VaccineCatalogue.h"
#include "db/Connection.h"
#include "sync/CentralApi.h"
#include "sync/CredentialStore.h"
#include "sync/Enrolment.h"

#include <QElapsedTimer>
#include <QEventLoop>

namespace vax::bench {

Result<std::unique_ptr<BenchDevice>> BenchDevice::create(const QString& path, const QString& siteCode, const Clock& clock)
{
    auto store = db::SqliteSiteStore::create(path, {siteCode, QStringLiteral("Site ") + siteCode, QStringLiteral("01"), {}, {}}, clock);
    if (!store.ok())
        return store.error();
    if (auto r = SiteSetup::loadCatalogue(*store.value(), VaccineCatalogue::builtin().value()); !r.ok())
        return r.error();
    return std::unique_ptr<BenchDevice>(new BenchDevice(path, clock, std::move(store).value()));
}

BenchDevice::BenchDevice(const QString& path, const Clock& clock, std::unique_ptr<db::SqliteSiteStore> store)
    : m_path(path)
    , m_clock(clock)
    , m_store(std::move(store))
{
}

BenchDevice::~BenchDevice() = default;

Result<void> BenchDevice::enrol(const QUrl& server, const QString& code, const QString& name)
{
    sync::CredentialStore credentials(m_path);
    sync::Enrolment enrolment(*m_store, m_network, credentials);
    std::optional<Result<sync::Enrolled>> out;
    QEventLoop loop;
    enrolment.start(server.toString(), code, name, [&](Result<sync::Enrolled> r) {
        out = std::move(r);
        loop.quit();
    });
    if (!out)
        loop.exec();
    if (!out->ok())
        return out->error();
    return {};
}

Result<SyncTiming> BenchDevice::sync(const sync::SyncSession::Limits& limits)
{
    sync::CredentialStore credentials(m_path);
    std::optional<Result<sync::DeviceCredential>> credential;
    QEventLoop loop;
    credentials.load(m_store->identity().deviceId, [&](Result<sync::DeviceCredential> c) {
        credential = std::move(c);
        loop.quit();
    });
    if (!credential)
        loop.exec();
    if (!credential->ok())
        return credential->error();

    sync::CentralApi api(m_network, QUrl(m_store->sync().state().serverUrl));
    api.setCredential(credential->value());
    api.setTimeout(std::chrono::minutes(10));  // a first pull of a large site: pages, not the run, are timed out
    sync::SyncSession session(*m_store, api, m_clock);
    session.setLimits(limits);

    SyncTiming timing;
    QElapsedTimer clock;
    qint64 lastMark = 0;
    QString lastStage;
    auto mark = [&](const QString& stage) {
        const qint64 now = clock.nsecsElapsed();
        const double micros = double(now - lastMark) / 1000.0;
        if (lastStage == QLatin1String("push"))
            timing.batchMicros.add(micros);
        else if (lastStage == QLatin1String("pull"))
            timing.pageMicros.add(micros);
        else if (lastStage == QLatin1String("index"))
            timing.indexSeconds += micros / 1e6;
        if (stage != QLatin1String("push") && lastStage == QLatin1String("push"))
            timing.pushSeconds = double(now) / 1e9;
        lastMark = now;
        lastStage = stage;
    };
    QObject::connect(&session, &sync::SyncSession::progress, &session, [&](const QString& stage, qint64, qint64) {
        mark(stage);
        if (stage == QLatin1String("push"))
            ++timing.pushBatches;
        else if (stage == QLatin1String("pull"))
            ++timing.pullPages;
    });
    std::optional<SyncRun> done;
    clock.start();
    session.start([&](const SyncRun& r) {
        done = r;
        loop.quit();
    });
    if (!done)
        loop.exec();
    // The last request of the run ends here: a push-only run has no pull to close it.
    const double pushEnd = timing.pushSeconds;
    mark(QString());
    timing.seconds = double(clock.nsecsElapsed()) / 1e9;
    if (timing.pushBatches > 0 && pushEnd == 0)
        timing.pushSeconds = timing.seconds;
    timing.pullSeconds = timing.seconds - timing.pushSeconds;
    timing.run = *done;
    if (session.failure())
        return *session.failure();
    return timing;
}

std::optional<Session> BenchDevice::session(const QString& username)
{
    const auto user = m_store->users().byUsername(username);
    if (!user)
        return std::nullopt;
    return Session{*user};
}

qint64 BenchDevice::count(const QString& sql)
{
    return m_store->connection().scalar(sql).toLongLong();
}

void BenchDevice::close()
{
    m_store.reset();
}

} // namespace vax::bench

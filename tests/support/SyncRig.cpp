#include "SyncRig.h"

#include "app/services/SiteSetup.h"
#include "app/store/UserRepository.h"
#include "app/vaccines/VaccineCatalogue.h"
#include "db/Connection.h"
#include "sync/CentralApi.h"
#include "sync/CredentialStore.h"
#include "sync/SyncSession.h"
#include "tests/support/PostgresCluster.h"

#include <QEventLoop>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTimer>

namespace vax::test {

namespace {

// The build's vaxcentral; VAX_VAXCENTRAL names another (a benchmark comparing two builds of
// central against the same laptop code).
QString vaxcentralPath()
{
    return qEnvironmentVariable("VAX_VAXCENTRAL", QStringLiteral(VAXCENTRAL_PATH));
}

int s_rigs = 0;

} // namespace

CentralRig::CentralRig(PostgresCluster* pg)
    : m_pg(pg)
    , m_connection(QStringLiteral("central-rig-%1").arg(++s_rigs))
{
    // Devices keep their credential in a file beside their database in every test.
    qputenv("VAX_CREDENTIAL_STORE", "file");
    if (m_pg) {
        m_pgDatabase = m_pg->createDatabase();
        m_pgConninfo = m_pg->conninfo(m_pgDatabase);
    }
    QStringList arguments{QStringLiteral("serve")};
    arguments << storageArguments() << QStringLiteral("--listen") << QStringLiteral("127.0.0.1:0");
    m_process = std::make_unique<ServerProcess>(vaxcentralPath(), arguments);
}

CentralRig::~CentralRig()
{
    m_process.reset();
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QStringList CentralRig::storageArguments() const
{
    if (m_pg)
        return {QStringLiteral("--pg"), m_pgConninfo};
    return {QStringLiteral("--db"), m_dir.filePath(QStringLiteral("central.db"))};
}

bool CentralRig::start()
{
    // The schema and the catalogue first, as an administrator would before any device enrols.
    if (!admin({QStringLiteral("catalogue"), QStringLiteral("load")}))
        return false;
    return m_process->start();
}

bool CentralRig::admin(const QStringList& arguments)
{
    m_lastAdmin = m_process->runAdmin(arguments);
    if (!m_lastAdmin.ok())
        qWarning().noquote() << "vaxcentral admin" << arguments.join(QLatin1Char(' ')) << "failed:" << m_lastAdmin.describe();
    return m_lastAdmin.ok();
}

bool CentralRig::addSite(const QString& code, const QString& name, const QString& parentCode, const QString& kind)
{
    QStringList a{QStringLiteral("site"), QStringLiteral("add"), QStringLiteral("--code"), code, QStringLiteral("--name"), name,
        QStringLiteral("--province"), QStringLiteral("01")};
    if (!parentCode.isEmpty())
        a << QStringLiteral("--parent") << parentCode << QStringLiteral("--kind") << (kind.isEmpty() ? QStringLiteral("team") : kind);
    return admin(a);
}

bool CentralRig::addUser(const QString& siteCode, const QString& username, const QString& role)
{
    return admin({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--site"), siteCode, QStringLiteral("--username"), username,
        QStringLiteral("--name"), QStringLiteral("Test ") + username, QStringLiteral("--role"), role, QStringLiteral("--password"),
        QStringLiteral("password-") + username, QStringLiteral("--iterations"), QStringLiteral("1000")});
}

QString CentralRig::enrolCode(const QString& siteCode, const QString& teamCode)
{
    QStringList a{QStringLiteral("enrol-code"), QStringLiteral("--site"), siteCode};
    if (!teamCode.isEmpty())
        a << QStringLiteral("--team") << teamCode;
    if (!admin(a))
        return {};
    return m_lastAdmin.stdOut.trimmed();
}

QSqlDatabase CentralRig::db()
{
    if (!QSqlDatabase::contains(m_connection)) {
        if (m_pg) {
            QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connection);
            m_pg->configure(d, m_pgDatabase);
        } else {
            QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
            d.setDatabaseName(m_dir.filePath(QStringLiteral("central.db")));
            d.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        }
    }
    QSqlDatabase d = QSqlDatabase::database(m_connection);
    if (!d.isOpen() && !d.open())
        qWarning() << "cannot open central's database:" << d.lastError().text();
    return d;
}

QVariant CentralRig::scalar(const QString& sql, const QVariantList& binds)
{
    const auto r = rows(sql, binds);
    return r.isEmpty() || r.first().isEmpty() ? QVariant() : r.first().first();
}

QList<QVariantList> CentralRig::rows(const QString& sql, const QVariantList& binds)
{
    QSqlQuery q(db());
    QList<QVariantList> out;
    if (!q.prepare(sql)) {
        qWarning() << "central query failed:" << sql << q.lastError().text();
        return out;
    }
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds[i]);
    if (!q.exec()) {
        qWarning() << "central query failed:" << sql << q.lastError().text();
        return out;
    }
    while (q.next()) {
        QVariantList row;
        for (int c = 0; c < q.record().count(); ++c)
            row << q.value(c);
        out << row;
    }
    return out;
}

TestDevice::TestDevice(const QString& name, const QString& siteCode, const QString& teamCode)
    : m_name(name)
    , m_path(m_dir.filePath(name + QStringLiteral(".vaxdb")))
    , m_clock(QDateTime::currentDateTime())
{
    auto store = db::SqliteSiteStore::create(m_path, {siteCode, QStringLiteral("Site ") + siteCode, QStringLiteral("01"), teamCode,
                                                         teamCode.isEmpty() ? QString() : QStringLiteral("Team ") + teamCode},
        m_clock);
    if (!store.ok())
        qFatal("cannot create device %s: %s", qPrintable(name), qPrintable(store.error().message()));
    m_store = std::move(store).value();
    if (auto r = SiteSetup::loadCatalogue(*m_store, VaccineCatalogue::builtin().value()); !r.ok())
        qFatal("cannot load the catalogue: %s", qPrintable(r.error().message()));
}

TestDevice::TestDevice(const QString& name, TestDevice& original)
    : m_name(name)
    , m_path(m_dir.filePath(name + QStringLiteral(".vaxdb")))
    , m_clock(original.clock().now())
{
    if (auto r = original.store().connection().exec(QStringLiteral("VACUUM INTO '%1'").arg(m_path)); !r.ok())
        qFatal("cannot copy device %s: %s", qPrintable(original.name()), qPrintable(r.error().message()));
    const QString credential = original.path() + QStringLiteral(".credential");
    if (QFile::exists(credential) && !QFile::copy(credential, m_path + QStringLiteral(".credential")))
        qFatal("cannot copy the credential of device %s", qPrintable(original.name()));
    auto store = db::SqliteSiteStore::open(m_path, m_clock);
    if (!store.ok())
        qFatal("cannot open the copy %s: %s", qPrintable(name), qPrintable(store.error().message()));
    m_store = std::move(store).value();
}

TestDevice::~TestDevice() = default;

QList<std::pair<qint64, QString>> TestDevice::log()
{
    QList<std::pair<qint64, QString>> out;
    for (const ChangeEntry& c : m_store->changesAfter(0, 1000000))
        out << std::pair{c.seq, c.id};
    return out;
}

Result<sync::Enrolled> TestDevice::enrol(const QUrl& server, const QString& code)
{
    sync::CredentialStore credentials(m_path);
    sync::Enrolment enrolment(*m_store, m_network, credentials);
    std::optional<Result<sync::Enrolled>> out;
    QEventLoop loop;
    enrolment.start(server.toString(), code, m_name, [&](Result<sync::Enrolled> r) {
        out = std::move(r);
        loop.quit();
    });
    if (!out)
        loop.exec();
    return std::move(*out);
}

SyncRun TestDevice::sync(std::chrono::milliseconds timeout)
{
    m_lastFailure.reset();
    sync::CredentialStore credentials(m_path);
    std::optional<Result<sync::DeviceCredential>> credential;
    credentials.load(m_store->identity().deviceId, m_store->sync().state().enrolmentId,
        [&](Result<sync::DeviceCredential> c) { credential = std::move(c); });
    SyncRun run;
    if (!credential || !credential->ok()) {
        run.error = credential ? credential->error().message() : QStringLiteral("no credential");
        m_lastFailure = credential ? credential->error().code() : ErrorCode::Forbidden;
        return run;
    }
    const QUrl server = m_via.isEmpty() ? QUrl(m_store->sync().state().serverUrl) : m_via;
    sync::CentralApi api(m_network, server);
    api.setCredential(credential->value());
    api.setTimeout(timeout);
    sync::SyncSession session(*m_store, api, m_clock);
    std::optional<SyncRun> done;
    QEventLoop loop;
    session.start([&](const SyncRun& r) {
        done = r;
        loop.quit();
    });
    if (!done)
        loop.exec();
    if (session.failure())
        m_lastFailure = session.failure()->code();
    return *done;
}

std::optional<Session> TestDevice::session(const QString& username)
{
    const auto user = m_store->users().byUsername(username);
    if (!user)
        return std::nullopt;
    return Session{*user};
}

qint64 TestDevice::count(const QString& sql)
{
    return m_store->connection().scalar(sql).toLongLong();
}

} // namespace vax::test

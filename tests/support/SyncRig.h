#pragma once

#include "app/store/SyncRepository.h"
#include "app/services/Session.h"
#include "db/SqliteSiteStore.h"
#include "sync/Enrolment.h"
#include "tests/support/ManualClock.h"
#include "tests/support/ServerProcess.h"

#include <QNetworkAccessManager>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace vax::test {

class PostgresCluster;

// The real vaxcentral for sync tests: a child process on 127.0.0.1 with an ephemeral port,
// over a SQLite file or a fresh database of a PostgreSQL cluster, set up through its own
// `vaxcentral admin` commands. Also reads central's tables directly, to check what a refused
// request left (nothing) and what the devices should agree with.
class CentralRig final
{
    Q_DISABLE_COPY_MOVE(CentralRig)

public:
    // `pg` null: SQLite in a temporary directory; otherwise a new database on that cluster.
    explicit CentralRig(PostgresCluster* pg = nullptr);
    ~CentralRig();

    bool start();
    ServerProcess& process() { return *m_process; }
    QUrl url() const { return m_process->baseUrl(); }
    QString log() const { return m_process->log(); }
    QString backend() const { return m_pg ? QStringLiteral("postgresql") : QStringLiteral("sqlite"); }
    QStringList storageArguments() const;

    // vaxcentral admin …; false (with the output in lastAdmin()) when it fails.
    bool admin(const QStringList& arguments);
    const ServerProcess::AdminResult& lastAdmin() const { return m_lastAdmin; }
    bool addSite(const QString& code, const QString& name, const QString& parentCode = {}, const QString& kind = {});
    bool addUser(const QString& siteCode, const QString& username, const QString& role);
    QString enrolCode(const QString& siteCode, const QString& teamCode = {});

    // First column of the first row of a query on central's database.
    QVariant scalar(const QString& sql, const QVariantList& binds = {});
    // Rows of a query, each as a list of column values (for comparing states).
    QList<QVariantList> rows(const QString& sql, const QVariantList& binds = {});

private:
    QSqlDatabase db();

    QTemporaryDir m_dir;
    PostgresCluster* m_pg;
    QString m_pgDatabase;
    QString m_pgConninfo;
    QString m_connection;
    std::unique_ptr<ServerProcess> m_process;
    ServerProcess::AdminResult m_lastAdmin;
};

// A site or team laptop: its own site database file, a clock near real time, and the real
// sync code (CentralApi, SyncSession, BundleTransfer) against a CentralRig.
class TestDevice final
{
    Q_DISABLE_COPY_MOVE(TestDevice)

public:
    TestDevice(const QString& name, const QString& siteCode, const QString& teamCode = {});
    // A copy of another device's database and credential file, as a backup or a USB stick
    // takes it: the same device in a second database, on this computer.
    TestDevice(const QString& name, TestDevice& original);
    ~TestDevice();

    const QString& name() const { return m_name; }
    db::SqliteSiteStore& store() { return *m_store; }
    ManualClock& clock() { return m_clock; }
    QString path() const { return m_path; }

    Result<sync::Enrolled> enrol(const QUrl& server, const QString& code);
    // One sync run against the enrolled server, or `via` (a proxy) when set; waits for it.
    SyncRun sync(std::chrono::milliseconds timeout = std::chrono::seconds(30));
    void setVia(const QUrl& via) { m_via = via; }
    // The error code of the last sync's failure (Io: retry later; Forbidden, Conflict: refused).
    std::optional<ErrorCode> lastFailure() const { return m_lastFailure; }
    // The (seq, id) of every change in its log, oldest first.
    QList<std::pair<qint64, QString>> log();

    // A user pulled from central, as a session.
    std::optional<Session> session(const QString& username);

    // Changes central has not acknowledged.
    qint64 pending() { return m_store->pendingChanges(); }
    qint64 count(const QString& sql);

private:
    QString m_name;
    QTemporaryDir m_dir;
    QString m_path;
    ManualClock m_clock;
    std::unique_ptr<db::SqliteSiteStore> m_store;
    QNetworkAccessManager m_network;
    QUrl m_via;
    std::optional<ErrorCode> m_lastFailure;
};

} // namespace vax::test

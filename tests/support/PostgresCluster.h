#pragma once

#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

#include <sys/types.h>

class QSqlDatabase;

namespace vax::test {

// A real PostgreSQL 15 server for a test, with a fresh database in it.
//
// By default a throwaway cluster: initdb (trust auth, UTF8, C locale) into a temporary directory
// and a postmaster on 127.0.0.1 on a free port with fsync off, as a child process that dies with
// the test (no server outlives a crashed or killed test); stopped (immediate) and deleted on
// destruction. As root, initdb and the server run as the `postgres` user, who gets the directory.
// When VAX_PG_CONNINFO is set (libpq keyword or URI form, naming a role that may create
// databases), that server is used instead: each instance creates a database named uniquely and
// drops it on destruction.
//
// Construct it in initTestCase() and call createDatabase() per test for a clean slate; initdb
// makes it take a second or two to start here. Not a QObject; blocking calls (QProcess, libpq),
// no event loop needed. Construct it in the thread that outlives it (the server follows the
// thread that started it down, as Linux's parent-death signal does).
class PostgresCluster final
{
    Q_DISABLE_COPY_MOVE(PostgresCluster)

public:
    PostgresCluster();
    ~PostgresCluster();

    bool ok() const { return m_error.isEmpty(); }
    QString errorText() const { return m_error; }
    bool isExternal() const { return m_external; }

    QString host() const { return m_params.value(QStringLiteral("host")); }
    quint16 port() const { return m_params.value(QStringLiteral("port"), QStringLiteral("5432")).toUShort(); }
    QString user() const { return m_params.value(QStringLiteral("user")); }
    QString password() const { return m_params.value(QStringLiteral("password")); }
    QString database() const { return m_database; }
    // libpq keyword form ("host=127.0.0.1 port=… dbname=… user=…"), quoted where needed.
    QString conninfo() const { return conninfo(m_database); }
    QString conninfo(const QString& database) const;

    // Another fresh database on the same server, dropped with the cluster. Its name, or empty
    // with errorText() set.
    QString createDatabase();
    // Runs one statement on the server's maintenance database ("postgres"), e.g. to kill
    // sessions. False with errorText() set when it fails.
    bool execAdmin(const QString& sql);

    // Points a QPSQL connection at database() (or the one named): host, port, user, password,
    // name, and any other conninfo keywords as connect options.
    void configure(QSqlDatabase& db, const QString& database = {}) const;

    // The cluster's directory and server log; empty when external.
    QString directory() const { return m_dir ? m_dir->path() : QString(); }
    QString serverLog() const;
    // Wall time the constructor took, for the curious.
    qint64 startMilliseconds() const { return m_startMs; }

    static QString binDirectory(); // VAX_PG_BINDIR or /usr/lib/postgresql/15/bin

private:
    bool startLocal();
    bool attachExternal(const QString& conninfo);
    bool runTool(const QString& tool, const QStringList& arguments, int timeoutMs, QString* output);
    bool launchPostmaster(const QString& data, quint16 port, QString* output);
    void stopPostmaster();
    bool adminExec(const QString& sql, QString* error) const;
    void stopLocal();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_postmaster; // after m_dir: stopped before it is deleted
    QMap<QString, QString> m_params; // conninfo keywords except dbname
    QString m_adminDatabase;
    QString m_database;
    QStringList m_created; // databases to drop when external
    QString m_error;
    bool m_external = false;
    bool m_running = false;
    bool m_asPostgres = false;
    uid_t m_serverUid = 0;
    gid_t m_serverGid = 0;
    qint64 m_startMs = 0;
};

} // namespace vax::test

#include "PostgresCluster.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QTcpServer>

#include <libpq-fe.h>

#include <atomic>
#include <csignal>

#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace vax::test {

namespace {

constexpr int kInitdbTimeoutMs = 60000;
constexpr int kStartTimeoutMs = 20000;
constexpr int kStopTimeoutMs = 20000;
constexpr int kPollMs = 20;
constexpr int kPortAttempts = 3;
const QString kServerUser = QStringLiteral("postgres"); // initdb's superuser in our clusters

struct PgConnCloser
{
    void operator()(PGconn* c) const { PQfinish(c); }
};
struct PgResultCloser
{
    void operator()(PGresult* r) const { PQclear(r); }
};
struct PgOptionsCloser
{
    void operator()(PQconninfoOption* o) const { PQconninfoFree(o); }
};

// A value as libpq's keyword form wants it: bare when simple, else single-quoted with \ and '
// escaped.
QString quoted(const QString& value)
{
    static const QString special = QStringLiteral(" '\\\t\n");
    bool plain = !value.isEmpty();
    for (const QChar c : value)
        plain = plain && !special.contains(c);
    if (plain)
        return value;
    QString v = value;
    v.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + v + QLatin1Char('\'');
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

// Unique across processes (pid, random) and within one (a counter).
QString uniqueName()
{
    static std::atomic<int> counter{0};
    return QStringLiteral("vaxtest_%1_%2_%3")
        .arg(QCoreApplication::applicationPid())
        .arg(counter.fetch_add(1))
        .arg(QRandomGenerator::global()->generate() & 0xffffffu, 6, 16, QLatin1Char('0'));
}

} // namespace

QString PostgresCluster::binDirectory()
{
    const QString fromEnv = qEnvironmentVariable("VAX_PG_BINDIR");
    return fromEnv.isEmpty() ? QStringLiteral("/usr/lib/postgresql/15/bin") : fromEnv;
}

PostgresCluster::PostgresCluster()
{
    QElapsedTimer timer;
    timer.start();
    const QString external = qEnvironmentVariable("VAX_PG_CONNINFO");
    const bool started = external.isEmpty() ? startLocal() : attachExternal(external);
    if (started) {
        m_database = createDatabase();
    }
    m_startMs = timer.elapsed();
}

PostgresCluster::~PostgresCluster()
{
    if (m_external) {
        for (const QString& name : std::as_const(m_created)) {
            QString error;
            if (!adminExec(QStringLiteral("DROP DATABASE IF EXISTS \"%1\" WITH (FORCE)").arg(name), &error))
                qWarning("PostgresCluster: cannot drop %s: %s", qPrintable(name), qPrintable(error));
        }
    }
    stopLocal();
}

QString PostgresCluster::conninfo(const QString& database) const
{
    QStringList parts;
    for (auto it = m_params.cbegin(); it != m_params.cend(); ++it)
        parts << it.key() + QLatin1Char('=') + quoted(it.value());
    parts << QStringLiteral("dbname=") + quoted(database);
    return parts.join(QLatin1Char(' '));
}

QString PostgresCluster::createDatabase()
{
    if (m_params.isEmpty())
        return {};
    const QString name = uniqueName();
    QString error;
    if (!adminExec(QStringLiteral("CREATE DATABASE \"%1\" TEMPLATE template0 ENCODING 'UTF8'").arg(name), &error)) {
        m_error = QStringLiteral("cannot create database %1: %2").arg(name, error);
        return {};
    }
    m_created << name;
    return name;
}

bool PostgresCluster::execAdmin(const QString& sql)
{
    QString error;
    if (adminExec(sql, &error))
        return true;
    m_error = error;
    return false;
}

void PostgresCluster::configure(QSqlDatabase& db, const QString& database) const
{
    db.setHostName(host());
    db.setPort(port());
    db.setUserName(user());
    db.setPassword(password());
    db.setDatabaseName(database.isEmpty() ? m_database : database);
    QStringList options;
    for (auto it = m_params.cbegin(); it != m_params.cend(); ++it) {
        static const QStringList handled{
            QStringLiteral("host"), QStringLiteral("port"), QStringLiteral("user"), QStringLiteral("password")};
        if (!handled.contains(it.key()))
            options << it.key() + QLatin1Char('=') + quoted(it.value());
    }
    db.setConnectOptions(options.join(QLatin1Char(';')));
}

QString PostgresCluster::serverLog() const
{
    if (!m_dir)
        return {};
    QFile log(m_dir->filePath(QStringLiteral("server.log")));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(log.readAll());
}

bool PostgresCluster::startLocal()
{
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/vaxpg-XXXXXX"));
    if (!m_dir->isValid()) {
        m_error = QStringLiteral("cannot make a temporary directory: ") + m_dir->errorString();
        return false;
    }
    // The server refuses to run as root: as root, the directory and everything in it go to
    // postgres (root can still delete it all afterwards).
    m_asPostgres = ::geteuid() == 0;
    if (m_asPostgres) {
        const passwd* pw = ::getpwnam(kServerUser.toUtf8().constData());
        if (!pw) {
            m_error = QStringLiteral("running as root, but there is no `postgres` user to run the server");
            return false;
        }
        m_serverUid = pw->pw_uid;
        m_serverGid = pw->pw_gid;
        if (::chown(QFile::encodeName(m_dir->path()).constData(), pw->pw_uid, pw->pw_gid) != 0) {
            m_error = QStringLiteral("cannot give %1 to postgres").arg(m_dir->path());
            return false;
        }
    }
    const QString data = m_dir->filePath(QStringLiteral("data"));
    QString output;
    if (!runTool(QStringLiteral("initdb"),
            {QStringLiteral("-D"), data, QStringLiteral("--auth=trust"), QStringLiteral("--username=") + kServerUser,
                QStringLiteral("--encoding=UTF8"), QStringLiteral("--locale=C"), QStringLiteral("--no-sync"),
                QStringLiteral("--no-instructions")},
            kInitdbTimeoutMs, &output)) {
        m_error = QStringLiteral("initdb failed: ") + output;
        return false;
    }
    // A free port is only free until someone takes it: try a few.
    for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
        const quint16 port = freePort();
        if (launchPostmaster(data, port, &output)) {
            m_running = true;
            m_params.insert(QStringLiteral("host"), QStringLiteral("127.0.0.1"));
            m_params.insert(QStringLiteral("port"), QString::number(port));
            m_params.insert(QStringLiteral("user"), kServerUser);
            m_adminDatabase = QStringLiteral("postgres");
            return true;
        }
        if (!serverLog().contains(QLatin1String("could not bind")))
            break;
    }
    m_error = QStringLiteral("the server did not start: ") + output + QStringLiteral("\nserver log:\n") + serverLog();
    return false;
}

// The postmaster is our child, not a daemon (as pg_ctl would make it): it gets SIGQUIT, an
// immediate shutdown, when the test process dies, so a crashed or killed test leaves no server
// behind.
bool PostgresCluster::launchPostmaster(const QString& data, quint16 port, QString* output)
{
    m_postmaster = std::make_unique<QProcess>();
    m_postmaster->setProgram(binDirectory() + QStringLiteral("/postgres"));
    m_postmaster->setArguments({QStringLiteral("-D"), data, QStringLiteral("-p"), QString::number(port), QStringLiteral("-k"),
        m_dir->path(), QStringLiteral("-c"), QStringLiteral("listen_addresses=127.0.0.1"), QStringLiteral("-c"),
        QStringLiteral("fsync=off"), QStringLiteral("-c"), QStringLiteral("synchronous_commit=off"), QStringLiteral("-c"),
        QStringLiteral("full_page_writes=off")});
    m_postmaster->setWorkingDirectory(m_dir->path());
    m_postmaster->setStandardInputFile(QProcess::nullDevice());
    const QString log = m_dir->filePath(QStringLiteral("server.log"));
    m_postmaster->setStandardOutputFile(log, QIODevice::Append);
    m_postmaster->setStandardErrorFile(log, QIODevice::Append);
    const pid_t parent = ::getpid();
    const bool asPostgres = m_asPostgres;
    const uid_t uid = m_serverUid;
    const gid_t gid = m_serverGid;
    m_postmaster->setChildProcessModifier([parent, asPostgres, uid, gid] {
        // In the child, before exec. A change of user clears the parent-death signal: set it
        // after; and the parent may already be gone.
        if (asPostgres && (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0))
            ::_exit(126);
        ::prctl(PR_SET_PDEATHSIG, SIGQUIT);
        if (::getppid() != parent)
            ::_exit(1);
    });
    m_postmaster->start();
    if (!m_postmaster->waitForStarted()) {
        *output = QStringLiteral("cannot run %1: %2").arg(m_postmaster->program(), m_postmaster->errorString());
        return false;
    }
    const QByteArray ping = QStringLiteral("host=127.0.0.1 port=%1 dbname=postgres user=%2 connect_timeout=2")
                                .arg(port)
                                .arg(kServerUser)
                                .toUtf8();
    const QDeadlineTimer deadline(kStartTimeoutMs);
    for (;;) {
        if (PQping(ping.constData()) == PQPING_OK)
            return true;
        if (m_postmaster->state() == QProcess::NotRunning || m_postmaster->waitForFinished(kPollMs)) {
            *output = QStringLiteral("postgres exited (code %1)").arg(m_postmaster->exitCode());
            return false;
        }
        if (deadline.hasExpired()) {
            *output = QStringLiteral("postgres did not accept connections within %1 ms").arg(kStartTimeoutMs);
            stopPostmaster();
            return false;
        }
    }
}

bool PostgresCluster::attachExternal(const QString& conninfo)
{
    m_external = true;
    char* parseError = nullptr;
    std::unique_ptr<PQconninfoOption, PgOptionsCloser> options(PQconninfoParse(conninfo.toUtf8().constData(), &parseError));
    if (!options) {
        m_error = QStringLiteral("VAX_PG_CONNINFO does not parse: ") + QString::fromUtf8(parseError ? parseError : "");
        PQfreemem(parseError);
        return false;
    }
    for (const PQconninfoOption* o = options.get(); o->keyword; ++o) {
        if (!o->val)
            continue;
        const QString key = QString::fromUtf8(o->keyword);
        if (key == QLatin1String("dbname"))
            m_adminDatabase = QString::fromUtf8(o->val);
        else
            m_params.insert(key, QString::fromUtf8(o->val));
    }
    if (m_adminDatabase.isEmpty())
        m_adminDatabase = QStringLiteral("postgres");
    // Fill in what libpq would default to, so host()/port()/user() say where we are.
    std::unique_ptr<PGconn, PgConnCloser> probe(PQconnectdb(this->conninfo(m_adminDatabase).toUtf8().constData()));
    if (PQstatus(probe.get()) != CONNECTION_OK) {
        m_error = QStringLiteral("cannot connect with VAX_PG_CONNINFO: ") + QString::fromUtf8(PQerrorMessage(probe.get()));
        m_params.clear();
        return false;
    }
    m_params.insert(QStringLiteral("host"), QString::fromUtf8(PQhost(probe.get())));
    m_params.insert(QStringLiteral("port"), QString::fromUtf8(PQport(probe.get())));
    m_params.insert(QStringLiteral("user"), QString::fromUtf8(PQuser(probe.get())));
    return true;
}

bool PostgresCluster::runTool(const QString& tool, const QStringList& arguments, int timeoutMs, QString* output)
{
    const QString path = binDirectory() + QLatin1Char('/') + tool;
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setWorkingDirectory(m_dir->path()); // somewhere postgres may stand
    if (m_asPostgres)
        p.start(QStringLiteral("runuser"), QStringList{QStringLiteral("-u"), kServerUser, QStringLiteral("--"), path} + arguments);
    else
        p.start(path, arguments);
    if (!p.waitForStarted()) {
        *output = QStringLiteral("cannot run %1: %2").arg(path, p.errorString());
        return false;
    }
    const bool finished = p.waitForFinished(timeoutMs);
    *output = QString::fromLocal8Bit(p.readAll());
    if (!finished) {
        p.kill();
        p.waitForFinished();
        *output += QStringLiteral("\n(timed out)");
        return false;
    }
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

bool PostgresCluster::adminExec(const QString& sql, QString* error) const
{
    std::unique_ptr<PGconn, PgConnCloser> conn(PQconnectdb(conninfo(m_adminDatabase).toUtf8().constData()));
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        *error = QString::fromUtf8(PQerrorMessage(conn.get())).trimmed();
        return false;
    }
    std::unique_ptr<PGresult, PgResultCloser> result(PQexec(conn.get(), sql.toUtf8().constData()));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        *error = QString::fromUtf8(PQresultErrorMessage(result.get())).trimmed();
        return false;
    }
    return true;
}

void PostgresCluster::stopLocal()
{
    if (!m_running)
        return;
    m_running = false;
    stopPostmaster();
}

// SIGQUIT: immediate shutdown (pg_ctl's -m immediate); the postmaster takes its backends along
// before it exits.
void PostgresCluster::stopPostmaster()
{
    if (!m_postmaster || m_postmaster->state() == QProcess::NotRunning)
        return;
    ::kill(pid_t(m_postmaster->processId()), SIGQUIT);
    if (!m_postmaster->waitForFinished(kStopTimeoutMs)) {
        qWarning("PostgresCluster: the server ignored SIGQUIT; killing it");
        m_postmaster->kill();
        m_postmaster->waitForFinished();
    }
}

} // namespace vax::test

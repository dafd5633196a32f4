#include "tests/support/PostgresCluster.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>

#include <libpq-fe.h>

#include <memory>

using namespace vax::test;

namespace {

// A QPSQL connection that is removed with the object (before the cluster goes).
class Connection
{
public:
    Connection(const PostgresCluster& pg, const QString& name, const QString& database = {})
        : m_name(name)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        pg.configure(db, database);
        m_ok = db.open();
        m_error = db.lastError().text();
    }
    ~Connection() { QSqlDatabase::removeDatabase(m_name); }
    Q_DISABLE_COPY_MOVE(Connection)

    bool ok() const { return m_ok; }
    QString error() const { return m_error; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
    bool m_ok = false;
    QString m_error;
};

struct PgConnCloser
{
    void operator()(PGconn* c) const { PQfinish(c); }
};

} // namespace

// A real PostgreSQL 15 that the test starts (or the one VAX_PG_CONNINFO names): QPSQL and
// libpq reach it, databases are isolated, and nothing is left behind.
class TestPostgresCluster : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_pg = std::make_unique<PostgresCluster>();
        QVERIFY2(m_pg->ok(), qPrintable(m_pg->errorText()));
        qInfo("PostgreSQL %s in %lld ms", m_pg->isExternal() ? "attached" : "started", m_pg->startMilliseconds());
    }

    void cleanupTestCase() { m_pg.reset(); }

    void describesWhereItIs()
    {
        QVERIFY(!m_pg->host().isEmpty());
        QVERIFY(m_pg->port() > 0);
        QVERIFY(!m_pg->user().isEmpty());
        QVERIFY(m_pg->database().startsWith(QLatin1String("vaxtest_")));
        if (!m_pg->isExternal()) {
            QCOMPARE(m_pg->host(), QStringLiteral("127.0.0.1"));
            QCOMPARE(m_pg->user(), QStringLiteral("postgres"));
            QVERIFY(QDir(m_pg->directory()).exists(QStringLiteral("data")));
        }
        const QString conninfo = m_pg->conninfo();
        QVERIFY(conninfo.contains(QStringLiteral("port=%1").arg(m_pg->port())));
        QVERIFY(conninfo.contains(QStringLiteral("dbname=") + m_pg->database()));
    }

    void qpsqlCreatesInsertsAndSelects()
    {
        Connection c(*m_pg, QStringLiteral("crud"));
        QVERIFY2(c.ok(), qPrintable(c.error()));
        QSqlQuery q(c.db());
        QVERIFY2(q.exec(QStringLiteral("CREATE TABLE person (id text PRIMARY KEY, name text NOT NULL, doses int)")),
            qPrintable(q.lastError().text()));
        QVERIFY(q.prepare(QStringLiteral("INSERT INTO person (id, name, doses) VALUES (?, ?, ?)")));
        const QString name = QStringLiteral("Nguyễn Thị Hồng Nhung");
        q.addBindValue(QStringLiteral("p1"));
        q.addBindValue(name);
        q.addBindValue(2);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        QVERIFY(q.exec(QStringLiteral("SELECT name, doses FROM person WHERE id = 'p1'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), name); // UTF-8 all the way
        QCOMPARE(q.value(1).toInt(), 2);
        QVERIFY(q.exec(QStringLiteral("SHOW server_encoding")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("UTF8"));
    }

    void theDriverHandleIsALiveLibpqConnection()
    {
        Connection c(*m_pg, QStringLiteral("handle"));
        QVERIFY2(c.ok(), qPrintable(c.error()));
        const QVariant handle = c.db().driver()->handle();
        // The Qt docs' example checks for "PGconn*"; Qt 6.4's QPSQL says "pg_conn*" (libpq's
        // struct behind the typedef). QMetaType::fromType<PGconn*>() needs a complete type, so
        // the name it is.
        const QByteArray typeName(handle.typeName());
        QVERIFY2(typeName == "PGconn*" || typeName == "pg_conn*", typeName.constData());
        QCOMPARE(handle.metaType().sizeOf(), qsizetype(sizeof(PGconn*)));
        PGconn* conn = *static_cast<PGconn* const*>(handle.constData());
        QVERIFY(conn);
        QCOMPARE(PQstatus(conn), CONNECTION_OK);
        QVERIFY(PQserverVersion(conn) >= 150000);
        QCOMPARE(QString::fromUtf8(PQdb(conn)), m_pg->database());
    }

    void libpqConnectsWithTheConninfo()
    {
        std::unique_ptr<PGconn, PgConnCloser> conn(PQconnectdb(m_pg->conninfo().toUtf8().constData()));
        QCOMPARE(PQstatus(conn.get()), CONNECTION_OK);
        QCOMPARE(QString::fromUtf8(PQdb(conn.get())), m_pg->database());
        QCOMPARE(QString::fromUtf8(PQport(conn.get())).toUShort(), m_pg->port());
    }

    void eachDatabaseIsFresh()
    {
        const QString other = m_pg->createDatabase();
        QVERIFY2(!other.isEmpty(), qPrintable(m_pg->errorText()));
        QVERIFY(other != m_pg->database());
        {
            Connection a(*m_pg, QStringLiteral("a"));
            QVERIFY(a.ok());
            QSqlQuery q(a.db());
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE only_here (x int)")));
        }
        Connection b(*m_pg, QStringLiteral("b"), other);
        QVERIFY2(b.ok(), qPrintable(b.error()));
        QSqlQuery q(b.db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }

    // One more cluster (initdb takes most of this test's time): it runs beside the first, and
    // nothing of it is left once it is destroyed, even with a session still open.
    void aSecondClusterRunsBesideAndLeavesNothingBehind()
    {
        QString directory;
        quint16 port = 0;
        QString database;
        std::unique_ptr<Connection> leftOpen;
        {
            PostgresCluster second;
            QVERIFY2(second.ok(), qPrintable(second.errorText()));
            QVERIFY(second.conninfo() != m_pg->conninfo());
            QVERIFY(second.database() != m_pg->database());
            if (!m_pg->isExternal()) {
                QVERIFY(second.port() != m_pg->port());
                QVERIFY(second.directory() != m_pg->directory());
            }
            directory = second.directory();
            port = second.port();
            database = second.database();
            leftOpen = std::make_unique<Connection>(second, QStringLiteral("left-open"));
            QVERIFY2(leftOpen->ok(), qPrintable(leftOpen->error()));
            QVERIFY(QSqlQuery(leftOpen->db()).exec(QStringLiteral("CREATE TABLE t (x int)")));
            Connection first(*m_pg, QStringLiteral("first-meanwhile"));
            QVERIFY2(first.ok(), qPrintable(first.error()));
        }
        leftOpen.reset();
        if (m_pg->isExternal()) {
            Connection c(*m_pg, QStringLiteral("check"));
            QSqlQuery q(c.db());
            QVERIFY(q.prepare(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = ?")));
            q.addBindValue(database);
            QVERIFY(q.exec() && q.next());
            QCOMPARE(q.value(0).toInt(), 0);
        } else {
            QVERIFY(!directory.isEmpty());
            QVERIFY(!QDir(directory).exists());
            QTcpSocket probe; // and the server is gone from its port
            probe.connectToHost(QHostAddress::LocalHost, port);
            QVERIFY(!probe.waitForConnected(1000));
            QCOMPARE(probe.error(), QAbstractSocket::ConnectionRefusedError);
        }
        // The first one is untouched.
        Connection c(*m_pg, QStringLiteral("after"));
        QVERIFY2(c.ok(), qPrintable(c.error()));
    }

private:
    std::unique_ptr<PostgresCluster> m_pg;
};

QTEST_GUILESS_MAIN(TestPostgresCluster)
#include "tst_postgrescluster.moc"

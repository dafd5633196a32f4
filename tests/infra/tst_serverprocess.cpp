#include "tests/support/ServerProcess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace vax::test;
using namespace std::chrono_literals;

namespace {

const QString kVaxcentral = QStringLiteral(VAXCENTRAL_PATH);

struct Answer
{
    QNetworkReply::NetworkError error = QNetworkReply::TimeoutError;
    int status = 0;
    QJsonObject json;
};

} // namespace

// ServerProcess against the real vaxcentral: start, address and readiness, crash and restart on
// the same or a new port, failures in the server's own words (a port in use, a database that
// never answers), and admin commands on the same storage.
class TestServerProcess : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void startsAndTellsItsAddress()
    {
        ServerProcess server(kVaxcentral, serveArguments());
        QVERIFY2(server.start(), qPrintable(server.log()));
        QVERIFY(server.isRunning());
        QVERIFY(server.port() > 0);
        QCOMPARE(server.baseUrl(), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())));
        QCOMPARE(server.url(QStringLiteral("/api/v1/pull?after=0&limit=10")).toString(),
            QStringLiteral("http://127.0.0.1:%1/api/v1/pull?after=0&limit=10").arg(server.port()));
        QVERIFY(server.stdOut().contains(QStringLiteral("vaxcentral listening on http://127.0.0.1:%1\n").arg(server.port())));
        QVERIFY(QFile::exists(databasePath())); // it opened the storage it was given

        // Ready means ready: the first request is answered.
        const Answer health = get(server.url(QStringLiteral("/healthz")));
        QCOMPARE(health.error, QNetworkReply::NoError);
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(health.json.value(QStringLiteral("storage")).toString(), QStringLiteral("sqlite"));
        // Its stderr is kept: one log line per request.
        QTRY_VERIFY2(server.stdErr().contains(QLatin1String("/healthz 200")), qPrintable(server.log()));
    }

    void aKilledServerRestartsOnTheSamePort()
    {
        ServerProcess server(kVaxcentral, serveArguments());
        QVERIFY2(server.start(), qPrintable(server.log()));
        const quint16 port = server.port();
        QCOMPARE(get(server.url(QStringLiteral("/healthz"))).status, 200);

        server.kill();
        QVERIFY(!server.isRunning());
        QCOMPARE(server.exitStatus(), QProcess::CrashExit);
        QCOMPARE(get(server.url(QStringLiteral("/healthz"))).error, QNetworkReply::ConnectionRefusedError); // nobody answers now

        QVERIFY2(server.restart(), qPrintable(server.log()));
        QCOMPARE(server.port(), port);
        QVERIFY(server.lastArguments().contains(QStringLiteral("127.0.0.1:%1").arg(port)));
        QCOMPARE(get(server.url(QStringLiteral("/healthz"))).status, 200);
        // Both runs are in the output, marked.
        QVERIFY(server.stdOut().contains(QLatin1String("--- run 1:")));
        QVERIFY(server.stdOut().contains(QLatin1String("--- run 2:")));
        QCOMPARE(server.stdOut().count(QLatin1String(ServerProcess::kListeningPrefix)), 2);
    }

    void aRestartMayTakeANewPort()
    {
        ServerProcess server(kVaxcentral, serveArguments());
        QVERIFY2(server.start(), qPrintable(server.log()));
        QVERIFY2(server.restart(ServerProcess::Port::New), qPrintable(server.log()));
        QCOMPARE(server.lastArguments(), serveArguments()); // 127.0.0.1:0 again
        QVERIFY(server.port() > 0);
        QCOMPARE(get(server.url(QStringLiteral("/healthz"))).status, 200);
    }

    void theOptionsMayBeWrittenWithAnEqualsSign()
    {
        const QString db = QStringLiteral("--db=") + databasePath();
        ServerProcess server(kVaxcentral, {QStringLiteral("serve"), db, QStringLiteral("--listen=127.0.0.1:0")});
        QCOMPARE(server.storageArguments(), QStringList{db});
        QVERIFY2(server.start(), qPrintable(server.log()));
        const quint16 port = server.port();
        QVERIFY(server.terminate());
        QVERIFY2(server.restart(), qPrintable(server.log()));
        QCOMPARE(server.port(), port);
        QCOMPARE(server.lastArguments(),
            (QStringList{QStringLiteral("serve"), db, QStringLiteral("--listen=127.0.0.1:%1").arg(port)}));
        QCOMPARE(get(server.url(QStringLiteral("/healthz"))).status, 200);

        ServerProcess other(kVaxcentral, {QStringLiteral("serve"), QStringLiteral("--pg=host=x dbname=y"), QStringLiteral("--json")});
        QCOMPARE(other.storageArguments(), QStringList{QStringLiteral("--pg=host=x dbname=y")});
    }

    void terminateStopsIt()
    {
        ServerProcess server(kVaxcentral, serveArguments());
        QVERIFY2(server.start(), qPrintable(server.log()));
        const QUrl health = server.url(QStringLiteral("/healthz"));
        QVERIFY(server.terminate(5s));
        QVERIFY(!server.isRunning());
        QCOMPARE(get(health).error, QNetworkReply::ConnectionRefusedError);
        QVERIFY(server.terminate()); // again: nothing to do
    }

    void aServerThatFailsSaysWhy()
    {
        QTcpServer squatter; // the port is taken
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        const QString listen = QStringLiteral("127.0.0.1:%1").arg(squatter.serverPort());
        ServerProcess server(kVaxcentral, {QStringLiteral("serve"), QStringLiteral("--db"), databasePath(), QStringLiteral("--listen"), listen});
        QVERIFY(!server.start());
        QVERIFY2(server.errorText().contains(QLatin1String("exited before it was listening")), qPrintable(server.errorText()));
        QVERIFY2(server.errorText().contains(QLatin1String("exit code 1")), qPrintable(server.errorText()));
        QVERIFY2(server.log().contains(QStringLiteral("Cannot listen on %1").arg(listen)), qPrintable(server.log()));
        QVERIFY(!server.isRunning());
        QCOMPARE(server.port(), 0); // no address for a server that never listened
    }

    void aServerThatNeverSaysItIsListeningTimesOut()
    {
        // A "PostgreSQL" that accepts connections (the kernel does, from the backlog) and never
        // says a word: vaxcentral waits on it before it listens.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        const QString conninfo = QStringLiteral("host=127.0.0.1 port=%1 dbname=central user=vax").arg(silent.serverPort());
        ServerProcess server(kVaxcentral,
            {QStringLiteral("serve"), QStringLiteral("--pg"), conninfo, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!server.start(500ms));
        QVERIFY2(server.errorText().contains(QLatin1String("did not say")), qPrintable(server.errorText()));
        QVERIFY(timer.elapsed() >= 500);
        QVERIFY(!server.isRunning()); // and it was not left running
        QCOMPARE(server.exitStatus(), QProcess::CrashExit);
    }

    void aMissingProgramFailsToStart()
    {
        ServerProcess server(m_dir.filePath(QStringLiteral("no-such-vaxcentral")), serveArguments());
        QVERIFY(!server.start());
        QVERIFY2(server.errorText().startsWith(QLatin1String("cannot start")), qPrintable(server.errorText()));
    }

    void adminRunsWithTheSameStorage()
    {
        // Alongside the running server, as the integration tests do.
        ServerProcess server(kVaxcentral, serveArguments());
        QCOMPARE(server.storageArguments(), (QStringList{QStringLiteral("--db"), databasePath()}));
        QVERIFY2(server.start(), qPrintable(server.log()));
        const QStringList addSite{QStringLiteral("site"), QStringLiteral("add"), QStringLiteral("--code"), QStringLiteral("HN-01"),
            QStringLiteral("--name"), QStringLiteral("Trạm Y tế Phường Hàng Bạc")};
        const auto done = server.runAdmin(addSite);
        QVERIFY2(done.ok(), qPrintable(done.describe()));
        QVERIFY2(done.stdOut.contains(QStringLiteral("Added HN-01 Trạm Y tế Phường Hàng Bạc")), qPrintable(done.describe()));

        // The second run finds the site of the first: the same database.
        const auto again = server.runAdmin(addSite);
        QVERIFY(!again.ok());
        QVERIFY(!again.crashed);
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.stdErr.contains(QLatin1String("Site code HN-01 is taken")), qPrintable(again.describe()));
        QVERIFY(again.describe().contains(QLatin1String("exit 1")));

        const auto usage = server.runAdmin({QStringLiteral("no-such-command")});
        QVERIFY(!usage.ok());
        QCOMPARE(usage.exitCode, 2);
        QVERIFY(server.isRunning());
        QCOMPARE(get(server.url(QStringLiteral("/healthz"))).status, 200);
    }

private:
    QString databasePath() const { return m_dir.filePath(QStringLiteral("central.vaxdb")); }

    QStringList serveArguments() const
    {
        return {QStringLiteral("serve"), QStringLiteral("--db"), databasePath(), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};
    }

    // A manager of its own each time: no kept-alive connection to a server killed since.
    static Answer get(const QUrl& url)
    {
        QNetworkAccessManager nam;
        std::unique_ptr<QNetworkReply> reply(nam.get(QNetworkRequest(url)));
        Answer a;
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 5000))
            return a;
        a.error = reply->error();
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.json = QJsonDocument::fromJson(reply->readAll()).object();
        return a;
    }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestServerProcess)
#include "tst_serverprocess.moc"

#include "tests/support/ServerProcess.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace vax::test;
using namespace std::chrono_literals;

namespace {

const QString kStandin = QStringLiteral(VAXCENTRAL_STANDIN);

} // namespace

// ServerProcess against a stand-in for vaxcentral (same command line and "listening" line):
// start, address, crash and restart on the same or a new port, failures with the server's own
// words, and admin commands with the storage arguments passed on.
class TestServerProcess : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void startsAndTellsItsAddress()
    {
        ServerProcess server(kStandin, serveArguments());
        QVERIFY2(server.start(), qPrintable(server.log()));
        QVERIFY(server.isRunning());
        QVERIFY(server.port() > 0);
        QCOMPARE(server.baseUrl(), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())));
        QCOMPARE(server.url(QStringLiteral("/api/v1/pull?after=0&limit=10")).toString(),
            QStringLiteral("http://127.0.0.1:%1/api/v1/pull?after=0&limit=10").arg(server.port()));
        QCOMPARE(get(server.url(QStringLiteral("/healthz"))), QByteArray("ok"));
        QVERIFY(server.stdOut().contains(QLatin1String("vaxcentral listening on http://127.0.0.1:")));
        QVERIFY(server.stdErr().contains(QLatin1String("standin: serving --db")));
    }

    void aKilledServerRestartsOnTheSamePort()
    {
        ServerProcess server(kStandin, serveArguments());
        QVERIFY2(server.start(), qPrintable(server.log()));
        const quint16 port = server.port();
        QCOMPARE(get(server.url(QStringLiteral("/"))), QByteArray("ok"));

        server.kill();
        QVERIFY(!server.isRunning());
        QCOMPARE(server.exitStatus(), QProcess::CrashExit);
        QVERIFY(get(server.url(QStringLiteral("/"))).isNull()); // nobody answers now

        QVERIFY2(server.restart(), qPrintable(server.log()));
        QCOMPARE(server.port(), port);
        QVERIFY(server.lastArguments().contains(QStringLiteral("127.0.0.1:%1").arg(port)));
        QCOMPARE(get(server.url(QStringLiteral("/"))), QByteArray("ok"));
        // Both runs are in the output, marked.
        QVERIFY(server.stdOut().contains(QLatin1String("--- run 1:")));
        QVERIFY(server.stdOut().contains(QLatin1String("--- run 2:")));
    }

    void aRestartMayTakeANewPort()
    {
        ServerProcess server(kStandin, serveArguments());
        QVERIFY2(server.start(), qPrintable(server.log()));
        QVERIFY2(server.restart(ServerProcess::Port::New), qPrintable(server.log()));
        QCOMPARE(server.lastArguments(), serveArguments()); // 127.0.0.1:0 again
        QVERIFY(server.port() > 0);
        QCOMPARE(get(server.url(QStringLiteral("/"))), QByteArray("ok"));
    }

    void theListenOptionMayBeWrittenWithAnEqualsSign()
    {
        ServerProcess server(kStandin, {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QVERIFY2(server.start(), qPrintable(server.log()));
        const quint16 port = server.port();
        ServerProcess other(kStandin, {QStringLiteral("serve"), QStringLiteral("--pg=host=x dbname=y"), QStringLiteral("--listen=127.0.0.1:0")});
        QCOMPARE(other.storageArguments(), QStringList{QStringLiteral("--pg=host=x dbname=y")});
        QVERIFY(server.terminate());
        QVERIFY2(server.restart(), qPrintable(server.log()));
        QCOMPARE(server.port(), port);
    }

    void terminateStopsIt()
    {
        ServerProcess server(kStandin, serveArguments());
        QVERIFY2(server.start(), qPrintable(server.log()));
        QVERIFY(server.terminate(5s));
        QVERIFY(!server.isRunning());
        QVERIFY(server.terminate()); // again: nothing to do
    }

    void aServerThatFailsSaysWhy()
    {
        ServerProcess server(kStandin, serveArguments() << QStringLiteral("--fail-before-listening"));
        QVERIFY(!server.start());
        QVERIFY2(server.errorText().contains(QLatin1String("exited before it was listening")), qPrintable(server.errorText()));
        QVERIFY(server.errorText().contains(QLatin1String("exit code 2")));
        QVERIFY(server.log().contains(QLatin1String("standin: cannot open the storage")));
        QVERIFY(!server.isRunning());
    }

    void aServerThatNeverSaysItIsListeningTimesOut()
    {
        ServerProcess server(kStandin, serveArguments() << QStringLiteral("--never-ready"));
        QVERIFY(!server.start(500ms));
        QVERIFY2(server.errorText().contains(QLatin1String("did not say")), qPrintable(server.errorText()));
        QVERIFY(!server.isRunning()); // and it was not left running
    }

    void aMissingProgramFailsToStart()
    {
        ServerProcess server(m_dir.filePath(QStringLiteral("no-such-vaxcentral")), serveArguments());
        QVERIFY(!server.start());
        QVERIFY2(server.errorText().startsWith(QLatin1String("cannot start")), qPrintable(server.errorText()));
    }

    void adminRunsWithTheSameStorage()
    {
        ServerProcess server(kStandin, serveArguments());
        QCOMPARE(server.storageArguments(), (QStringList{QStringLiteral("--db"), databasePath()}));
        const auto done = server.runAdmin({QStringLiteral("create-site"), QStringLiteral("HN-01")});
        QVERIFY2(done.ok(), qPrintable(done.describe()));
        QCOMPARE(done.stdOut.trimmed(), QStringLiteral("admin create-site HN-01 --db ") + databasePath());

        const auto failed = server.runAdmin({QStringLiteral("fail")});
        QVERIFY(!failed.ok());
        QVERIFY(!failed.crashed);
        QCOMPARE(failed.exitCode, 3);
        QVERIFY(failed.stdErr.contains(QLatin1String("failing as asked")));
        QVERIFY(failed.describe().contains(QLatin1String("exit 3")));
    }

private:
    QString databasePath() const { return m_dir.filePath(QStringLiteral("central.vaxdb")); }

    QStringList serveArguments() const
    {
        return {QStringLiteral("serve"), QStringLiteral("--db"), databasePath(), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};
    }

    // The body of a GET, or a null QByteArray when the request failed.
    QByteArray get(const QUrl& url)
    {
        std::unique_ptr<QNetworkReply> reply(m_nam.get(QNetworkRequest(url)));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 5000))
            return {};
        if (reply->error() != QNetworkReply::NoError)
            return {};
        return reply->readAll();
    }

    QTemporaryDir m_dir;
    QNetworkAccessManager m_nam;
};

QTEST_GUILESS_MAIN(TestServerProcess)
#include "tst_serverprocess.moc"

#include "tests/support/NginxFront.h"
#include "tests/support/ServerProcess.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace vax::test;

namespace {

const QString kStandin = QStringLiteral(VAXCENTRAL_STANDIN);

struct Answer
{
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // names lower-case
    QString errorText;
};

Answer answerOf(QNetworkReply* reply)
{
    Answer a;
    a.error = reply->error();
    a.errorText = reply->errorString();
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.body = reply->readAll();
    for (const auto& [name, value] : reply->rawHeaderPairs())
        a.headers.insert(name.toLower(), value);
    return a;
}

} // namespace

// Real nginx from the production template in front of a stand-in upstream: HTTPS with the
// harness's own CA, proxy headers, the body limit (413), the rate limit (429), gzip passed
// through untouched, two upstreams sharing and failing over, and the template itself valid
// with production values.
class TestNginxFront : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_upstream = startUpstream();
        QVERIFY(m_upstream);
    }

    void cleanupTestCase() { m_upstream.reset(); }

    void httpsReachesTheUpstreamWithTheHarnessCaTrusted()
    {
        NginxFront nginx(m_upstream->port());
        QVERIFY2(nginx.start(), qPrintable(nginx.errorText()));
        QCOMPARE(nginx.baseUrl(), QUrl(QStringLiteral("https://127.0.0.1:%1").arg(nginx.port())));
        QVERIFY(!nginx.caCertificate().isNull());

        const Answer health = get(nginx, QStringLiteral("/healthz"));
        QVERIFY2(health.error == QNetworkReply::NoError, qPrintable(health.errorText));
        QCOMPARE(health.status, 200);
        QCOMPARE(health.body, QByteArray("ok"));
        QCOMPARE(health.headers.value("server"), QByteArray("nginx")); // no version
        QVERIFY(health.headers.value("strict-transport-security").startsWith("max-age="));

        // What vaxcentral is told about the client.
        const Answer head = get(nginx, QStringLiteral("/headers"));
        QCOMPARE(head.status, 200);
        QVERIFY2(head.body.contains("\r\nX-Forwarded-Proto: https\r\n"), head.body.constData());
        QVERIFY(head.body.contains("\r\nX-Real-IP: 127.0.0.1\r\n"));
        QVERIFY(head.body.contains("\r\nX-Forwarded-For: 127.0.0.1\r\n"));
        QVERIFY(head.body.contains("\r\nX-Vax-Protocol: 1\r\n"));
        QVERIFY(head.body.startsWith("GET /headers HTTP/1.1\r\n"));

        // The access log has the request, without the query.
        get(nginx, QStringLiteral("/api/v1/lookup?q=001085012345"));
        QTRY_VERIFY(nginx.accessLog().contains(QLatin1String("GET /api/v1/lookup HTTP/1.1")));
        QVERIFY(!nginx.accessLog().contains(QLatin1String("001085012345")));
        QVERIFY(!nginx.accessLog().contains(QLatin1String("/healthz"))); // not logged
    }

    void anUntrustedCertificateIsRefused()
    {
        NginxFront nginx(m_upstream->port());
        QVERIFY2(nginx.start(), qPrintable(nginx.errorText()));
        QNetworkRequest request(nginx.url(QStringLiteral("/healthz"))); // the default trust store only
        std::unique_ptr<QNetworkReply> reply(m_nam.get(request));
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->error(), QNetworkReply::SslHandshakeFailedError);
    }

    void aBodyOverTheLimitGets413FromNginx()
    {
        NginxFront::Options options;
        options.upstreamPorts = {m_upstream->port()};
        options.clientMaxBodySize = QStringLiteral("1k");
        NginxFront nginx(options);
        QVERIFY2(nginx.start(), qPrintable(nginx.errorText()));

        const Answer small = post(nginx, QStringLiteral("/api/v1/push"), QByteArray(512, 's'));
        QCOMPARE(small.status, 200);
        QCOMPARE(small.headers.value("x-standin-body-length"), QByteArray("512"));

        const Answer large = post(nginx, QStringLiteral("/api/v1/push"), QByteArray(64 * 1024, 'L'));
        QCOMPARE(large.status, 413);
        QVERIFY(large.headers.value("content-type").startsWith("application/json"));
        QVERIFY2(large.body.contains("\"error\":\"too_large\""), large.body.constData());
        QVERIFY(!large.headers.contains("x-standin-port")); // vaxcentral never saw it
    }

    void aBurstOverTheRateLimitGets429()
    {
        NginxFront::Options options;
        options.upstreamPorts = {m_upstream->port()};
        options.rate = QStringLiteral("1r/s");
        options.burst = 2;
        NginxFront nginx(options);
        QVERIFY2(nginx.start(), qPrintable(nginx.errorText()));

        std::vector<std::unique_ptr<QNetworkReply>> replies;
        for (int i = 0; i < 12; ++i)
            replies.emplace_back(m_nam.get(request(nginx, QStringLiteral("/api/v1/pull?after=0"))));
        QTRY_VERIFY(std::all_of(replies.begin(), replies.end(), [](const auto& r) { return r->isFinished(); }));
        int passed = 0;
        int limited = 0;
        for (const auto& reply : replies) {
            const Answer a = answerOf(reply.get());
            if (a.status == 200) {
                ++passed;
            } else if (a.status == 429 || a.status == 503) {
                ++limited;
                QVERIFY2(a.body.contains("\"error\":\"rate_limited\""), a.body.constData());
                QCOMPARE(a.headers.value("retry-after"), QByteArray("2"));
            } else {
                QFAIL(qPrintable(QStringLiteral("unexpected answer %1: %2").arg(a.status).arg(a.errorText)));
            }
        }
        QVERIFY2(passed >= 1 && passed <= 4, qPrintable(QString::number(passed)));
        QVERIFY(limited >= 8);
        QCOMPARE(passed + limited, 12);
    }

    void gzipBodiesPassThroughUntouched()
    {
        NginxFront nginx(m_upstream->port());
        QVERIFY2(nginx.start(), qPrintable(nginx.errorText()));

        // A gzip'd body goes up and comes back byte for byte, still labelled gzip.
        QByteArray compressed(40 * 1024, Qt::Uninitialized);
        for (char& c : compressed)
            c = char(QRandomGenerator::global()->bounded(256));
        QNetworkRequest up = request(nginx, QStringLiteral("/echo"));
        up.setRawHeader("Content-Encoding", "gzip");
        up.setRawHeader("Accept-Encoding", "gzip"); // set by hand: QNAM will not decompress
        up.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        std::unique_ptr<QNetworkReply> echoed(m_nam.post(up, compressed));
        QTRY_VERIFY(echoed->isFinished());
        const Answer e = answerOf(echoed.get());
        QCOMPARE(e.status, 200);
        QCOMPARE(e.headers.value("content-encoding"), QByteArray("gzip"));
        QVERIFY(e.body == compressed);

        // nginx compresses nothing itself, however compressible.
        QNetworkRequest plain = request(nginx, QStringLiteral("/size?n=100000"));
        plain.setRawHeader("Accept-Encoding", "gzip");
        std::unique_ptr<QNetworkReply> big(m_nam.get(plain));
        QTRY_VERIFY(big->isFinished());
        const Answer b = answerOf(big.get());
        QCOMPARE(b.status, 200);
        QVERIFY(!b.headers.contains("content-encoding"));
        QCOMPARE(b.body.size(), 100000);
    }

    void twoUpstreamsShareTheLoadAndCoverForEachOther()
    {
        std::unique_ptr<ServerProcess> second = startUpstream();
        QVERIFY(second);
        NginxFront::Options options;
        options.upstreamPorts = {m_upstream->port(), second->port()};
        NginxFront nginx(options);
        QVERIFY2(nginx.start(), qPrintable(nginx.errorText()));
        QVERIFY(nginx.configuration().contains(QStringLiteral("server 127.0.0.1:%1 max_fails=3").arg(second->port())));

        QSet<QByteArray> seen;
        for (int i = 0; i < 6; ++i)
            seen.insert(get(nginx, QStringLiteral("/")).headers.value("x-standin-port"));
        QCOMPARE(seen.size(), 2);

        // One instance crashes: nginx sends every request to the other one.
        second->kill();
        for (int i = 0; i < 6; ++i) {
            const Answer a = get(nginx, QStringLiteral("/"));
            QCOMPARE(a.status, 200);
            QCOMPARE(a.headers.value("x-standin-port"), QByteArray::number(m_upstream->port()));
        }
    }

    void anUpstreamThatIsDownGetsAJson503()
    {
        ServerProcess gone(kStandin, {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QVERIFY2(gone.start(), qPrintable(gone.log()));
        NginxFront nginx(gone.port());
        QVERIFY2(nginx.start(), qPrintable(nginx.errorText()));
        gone.kill();
        const Answer a = get(nginx, QStringLiteral("/api/v1/pull"));
        QCOMPARE(a.status, 503);
        QVERIFY2(a.body.contains("\"error\":\"unavailable\""), a.body.constData());
    }

    void theTemplateIsValidWithProductionValues()
    {
        NginxFront nginx(m_upstream->port()); // for a certificate to point at
        QVERIFY2(nginx.start(), qPrintable(nginx.errorText()));
        nginx.stop();
        QTemporaryDir dir;
        NginxFront::Options production;
        production.upstreamPorts = {8081, 8082, 8083};
        production.serverName = QStringLiteral("central.tiemchung.example.vn");
        production.rate = QStringLiteral("10r/s");
        production.burst = 40;
        const QHash<QString, QString> values = NginxFront::values(production, QStringLiteral("443"),
            nginx.directory() + QStringLiteral("/server.crt"), nginx.directory() + QStringLiteral("/server.key"),
            dir.filePath(QStringLiteral("access.log")), dir.filePath(QStringLiteral("error.log")));
        QFile templateFile(NginxFront::defaultTemplatePath());
        QVERIFY(templateFile.open(QIODevice::ReadOnly));
        const QString templateText = QString::fromUtf8(templateFile.readAll());
        QString rendered;
        QString error;
        QVERIFY2(NginxFront::render(templateText, values, &rendered, &error), qPrintable(error));
        QVERIFY(!rendered.contains(QLatin1String("@UPSTREAM")));
        QVERIFY(rendered.contains(QLatin1String("client_max_body_size 8m;")));
        QVERIFY(rendered.contains(QLatin1String("ssl_protocols TLSv1.2 TLSv1.3;")));

        // As Debian includes it: inside http {} of the main configuration.
        QFile site(dir.filePath(QStringLiteral("vaxcentral.conf")));
        QVERIFY(site.open(QIODevice::WriteOnly));
        site.write(rendered.toUtf8());
        site.close();
        QFile main(dir.filePath(QStringLiteral("nginx.conf")));
        QVERIFY(main.open(QIODevice::WriteOnly));
        main.write(QStringLiteral("events {}\nhttp {\n    include %1;\n}\n").arg(site.fileName()).toUtf8());
        main.close();
        QProcess check;
        check.setProcessChannelMode(QProcess::MergedChannels);
        check.start(QStringLiteral("nginx"),
            {QStringLiteral("-t"), QStringLiteral("-p"), dir.path() + QLatin1Char('/'), QStringLiteral("-c"), main.fileName(),
                QStringLiteral("-e"), dir.filePath(QStringLiteral("startup.log")), QStringLiteral("-g"),
                QStringLiteral("pid %1;").arg(dir.filePath(QStringLiteral("nginx.pid")))});
        QVERIFY(check.waitForFinished(10000));
        const QString output = QString::fromLocal8Bit(check.readAll());
        QVERIFY2(check.exitCode() == 0, qPrintable(output));
        QVERIFY(output.contains(QLatin1String("test is successful")));
    }

    void renderNamesEveryMissingPlaceholder()
    {
        QString out;
        QString error;
        QVERIFY(!NginxFront::render(QStringLiteral("listen @LISTEN@; rate=@RATE@; @too_large; a@b.c"), {}, &out, &error));
        QCOMPARE(error, QStringLiteral("no value for LISTEN, RATE"));
        QVERIFY(NginxFront::render(QStringLiteral("listen @LISTEN@; error_page 413 @too_large;"),
            {{QStringLiteral("LISTEN"), QStringLiteral("443")}}, &out, &error));
        QCOMPARE(out, QStringLiteral("listen 443; error_page 413 @too_large;"));
    }

private:
    static std::unique_ptr<ServerProcess> startUpstream()
    {
        auto server = std::make_unique<ServerProcess>(kStandin, QStringList{QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        if (!server->start()) {
            qWarning("%s", qPrintable(server->log()));
            return nullptr;
        }
        return server;
    }

    static QNetworkRequest request(const NginxFront& nginx, const QString& path)
    {
        QNetworkRequest r(nginx.url(path));
        r.setSslConfiguration(nginx.sslConfiguration());
        r.setRawHeader("X-Vax-Protocol", "1");
        return r;
    }

    Answer get(const NginxFront& nginx, const QString& path)
    {
        std::unique_ptr<QNetworkReply> reply(m_nam.get(request(nginx, path)));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 10000))
            return {QNetworkReply::TimeoutError, 0, {}, {}, QStringLiteral("timed out")};
        return answerOf(reply.get());
    }

    Answer post(const NginxFront& nginx, const QString& path, const QByteArray& body)
    {
        QNetworkRequest r = request(nginx, path);
        r.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        std::unique_ptr<QNetworkReply> reply(m_nam.post(r, body));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 10000))
            return {QNetworkReply::TimeoutError, 0, {}, {}, QStringLiteral("timed out")};
        return answerOf(reply.get());
    }

    std::unique_ptr<ServerProcess> m_upstream;
    QNetworkAccessManager m_nam;
};

QTEST_GUILESS_MAIN(TestNginxFront)
#include "tst_nginxfront.moc"

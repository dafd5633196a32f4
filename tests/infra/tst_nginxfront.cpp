#include "tests/support/NginxFront.h"
#include "tests/support/ServerProcess.h"

#include "sync/Gzip.h"

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <vector>

using namespace vax::test;

namespace {

const QString kVaxcentral = QStringLiteral(VAXCENTRAL_PATH);

struct Answer
{
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // names lower-case
    QString errorText;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString errorCode() const { return json().value(QStringLiteral("error")).toString(); }
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

// The one thing vaxcentral cannot show: the request head nginx sent it (it reads none of the
// proxy headers and logs no headers). So the smallest stand-in, in this process: it answers 204
// to every request (keep-alive, no body) and keeps the heads.
class HeadRecorder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeadRecorder)

public:
    HeadRecorder()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, this, [this, s] {
                    QByteArray& buffer = m_buffers[s];
                    buffer += s->readAll();
                    for (qsizetype end = buffer.indexOf("\r\n\r\n"); end >= 0; end = buffer.indexOf("\r\n\r\n")) {
                        m_heads << buffer.left(end + 2);
                        buffer.remove(0, end + 4);
                        s->write("HTTP/1.1 204 No Content\r\n\r\n");
                    }
                });
                connect(s, &QTcpSocket::disconnected, this, [this, s] {
                    m_buffers.remove(s);
                    s->deleteLater();
                });
            }
        });
    }
    ~HeadRecorder() override
    {
        const QList<QTcpSocket*> sockets = m_server.findChildren<QTcpSocket*>();
        for (QTcpSocket* s : sockets)
            s->disconnect(this);
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    QList<QByteArray> heads() const { return m_heads; }

private:
    QTcpServer m_server;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    QList<QByteArray> m_heads;
};

} // namespace

// Real nginx from the production template in front of the real vaxcentral: HTTPS with the
// harness's own CA, the protocol header passed on, the body limit (413) and the rate limit (429)
// answered by nginx in the protocol's JSON, gzip bodies passed through untouched both ways, two
// instances sharing and covering for each other, a JSON 503 while vaxcentral is down, and the
// template valid with production values.
class TestNginxFront : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_upstream = startUpstream(QStringLiteral("a"));
        QVERIFY(m_upstream);
    }

    // Each test starts its own nginx, maybe on a port an earlier one had: no kept-alive
    // connection or TLS session from before.
    void init() { m_nam.clearConnectionCache(); }

    void cleanupTestCase() { m_upstream.reset(); }

    void httpsReachesVaxcentralWithTheHarnessCaTrusted()
    {
        NginxFront nginx(m_upstream->port());
        QVERIFY2(nginx.start(), qPrintable(nginx.errorText()));
        QCOMPARE(nginx.baseUrl(), QUrl(QStringLiteral("https://127.0.0.1:%1").arg(nginx.port())));
        QVERIFY(!nginx.caCertificate().isNull());

        const Answer health = get(nginx, QStringLiteral("/healthz"));
        QVERIFY2(health.error == QNetworkReply::NoError, qPrintable(health.errorText));
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(health.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(health.headers.value("server"), QByteArray("nginx")); // no version
        QVERIFY(health.headers.value("strict-transport-security").startsWith("max-age="));
        QCOMPARE(health.headers.value("x-content-type-options"), QByteArray("nosniff"));

        // vaxcentral gets the protocol header: it asks for a credential, not for an update...
        const Answer pull = get(nginx, QStringLiteral("/api/v1/pull?after=0"));
        QCOMPARE(pull.status, 401);
        QCOMPARE(pull.errorCode(), QStringLiteral("unauthorized"));
        // ...which it does without one.
        QNetworkRequest bare(nginx.url(QStringLiteral("/api/v1/pull?after=0")));
        bare.setSslConfiguration(nginx.sslConfiguration());
        const Answer old = answered(m_nam.get(bare));
        QCOMPARE(old.status, 400);
        QCOMPARE(old.errorCode(), QStringLiteral("protocol_version"));

        // The access log has the request, without the query (nor does vaxcentral log it).
        QCOMPARE(get(nginx, QStringLiteral("/api/v1/lookup?q=001085012345")).status, 401);
        QTRY_VERIFY(nginx.accessLog().contains(QLatin1String("\"GET /api/v1/lookup HTTP/1.1\" 401")));
        QVERIFY(!nginx.accessLog().contains(QLatin1String("001085012345")));
        QVERIFY(!nginx.accessLog().contains(QLatin1String("/healthz"))); // not logged
        QTRY_VERIFY(m_upstream->stdErr().contains(QLatin1String("/api/v1/lookup 401")));
        QVERIFY(!m_upstream->stdErr().contains(QLatin1String("001085012345")));
    }

    void theProxyHeadersSayWhoTheClientIs()
    {
        HeadRecorder recorder;
        QVERIFY(recorder.listen());
        NginxFront nginx(recorder.port());
        QVERIFY2(nginx.start(), qPrintable(nginx.errorText()));
        QCOMPARE(get(nginx, QStringLiteral("/api/v1/pull?after=0")).status, 204);
        QTRY_COMPARE(recorder.heads().size(), 1);
        const QByteArray head = recorder.heads().first();
        QVERIFY2(head.startsWith("GET /api/v1/pull?after=0 HTTP/1.1\r\n"), head.constData());
        QVERIFY(head.contains("\r\nHost: 127.0.0.1\r\n"));
        QVERIFY(head.contains("\r\nX-Forwarded-Proto: https\r\n"));
        QVERIFY(head.contains("\r\nX-Real-IP: 127.0.0.1\r\n"));
        QVERIFY(head.contains("\r\nX-Forwarded-For: 127.0.0.1\r\n"));
        QVERIFY(head.contains("\r\nX-Vax-Protocol: 1\r\n"));
        QVERIFY(!head.contains("\r\nConnection:")); // kept alive to the instance
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
        const qsizetype pushesBefore = m_upstream->stdErr().count(QLatin1String("Post /api/v1/push"));

        // Under the limit, vaxcentral answers (it wants a credential).
        const Answer small = post(nginx, QStringLiteral("/api/v1/push"), QByteArray(512, 's'));
        QCOMPARE(small.status, 401);
        QCOMPARE(small.errorCode(), QStringLiteral("unauthorized"));
        QTRY_COMPARE(m_upstream->stdErr().count(QLatin1String("Post /api/v1/push")), pushesBefore + 1);

        // Over it, nginx answers alone, in the protocol's format.
        const Answer large = post(nginx, QStringLiteral("/api/v1/push"), QByteArray(64 * 1024, 'L'));
        QCOMPARE(large.status, 413);
        QCOMPARE(large.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(large.errorCode(), QStringLiteral("too_large"));
        QVERIFY(large.headers.value("strict-transport-security").startsWith("max-age="));
        // No upstream was asked (nginx's log says so), and vaxcentral saw nothing of it.
        QTRY_VERIFY2(nginx.accessLog().contains(QLatin1String("\"POST /api/v1/push HTTP/1.1\" 413")), qPrintable(nginx.accessLog()));
        const QString line = nginx.accessLog().section(QLatin1String("\" 413 "), 1).section(QLatin1Char('\n'), 0, 0);
        QVERIFY2(line.contains(QLatin1String("up=- ust=-")), qPrintable(line));
        QCOMPARE(m_upstream->stdErr().count(QLatin1String("Post /api/v1/push")), pushesBefore + 1);
    }

    void aBurstOverTheRateLimitGets429ButHealthChecksPass()
    {
        NginxFront::Options options;
        options.upstreamPorts = {m_upstream->port()};
        options.rate = QStringLiteral("6r/m"); // one more every 10 s: none during the burst
        options.burst = 2;
        NginxFront nginx(options);
        QVERIFY2(nginx.start(), qPrintable(nginx.errorText()));

        const std::vector<Answer> burst = getAll(nginx, QStringLiteral("/api/v1/pull?after=0"), 12);
        int passed = 0;
        int limited = 0;
        for (const Answer& a : burst) {
            if (a.status == 401 && a.errorCode() == QLatin1String("unauthorized")) { // vaxcentral's answer
                ++passed;
            } else if (a.status == 429) {
                ++limited;
                QCOMPARE(a.errorCode(), QStringLiteral("rate_limited"));
                QCOMPARE(a.headers.value("content-type"), QByteArray("application/json"));
                QCOMPARE(a.headers.value("retry-after"), QByteArray("2"));
                QVERIFY(a.headers.value("strict-transport-security").startsWith("max-age="));
            } else {
                QFAIL(qPrintable(QStringLiteral("unexpected answer %1: %2 %3").arg(a.status).arg(a.errorText, QString::fromUtf8(a.body))));
            }
        }
        QCOMPARE(passed, 1 + 2); // one, and the burst of two
        QCOMPARE(limited, 12 - 3);

        // Monitoring polls /healthz, which is not limited: the same burst, right after, passes.
        for (const Answer& a : getAll(nginx, QStringLiteral("/healthz"), 12))
            QCOMPARE(a.status, 200);
    }

    void gzipBodiesPassThroughUntouched()
    {
        NginxFront nginx(m_upstream->port());
        QVERIFY2(nginx.start(), qPrintable(nginx.errorText()));

        // Up: a gzip'd enrolment reaches vaxcentral as sent; it reads the code inside.
        const QJsonObject enrolment{{QStringLiteral("code"), QStringLiteral("QWERT-ASDFG")},
            {QStringLiteral("device_id"), QStringLiteral("0b9e1c9e-3a3b-4b8f-9a2e-6d2f6b8f1c11")},
            {QStringLiteral("install_id"), QStringLiteral("0123456789abcdef0123")}, {QStringLiteral("name"), QStringLiteral("Quầy 1")}};
        QNetworkRequest up = request(nginx, QStringLiteral("/api/v1/enroll"));
        up.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        up.setRawHeader("Content-Encoding", "gzip");
        const Answer enrolled = answered(m_nam.post(up, vax::sync::gzip(QJsonDocument(enrolment).toJson())));
        QCOMPARE(enrolled.status, 401);
        QVERIFY2(enrolled.json().value(QStringLiteral("message")).toString().contains(QLatin1String("QWERT-ASDFG is not known")),
            enrolled.body.constData());
        // A body that is not gzip after all is refused by vaxcentral: it did unzip the one above.
        const Answer garbled = answered(m_nam.post(up, QJsonDocument(enrolment).toJson()));
        QCOMPARE(garbled.status, 400);
        QCOMPARE(garbled.errorCode(), QStringLiteral("malformed"));

        // Down: vaxcentral gzips a large answer; it arrives byte for byte as vaxcentral sent it.
        const QString longPath = QStringLiteral("/no-such-endpoint/") + QString(1500, QLatin1Char('x'));
        QNetworkRequest viaNginx = request(nginx, longPath);
        viaNginx.setRawHeader("Accept-Encoding", "gzip"); // set by hand: QNAM will not unzip
        QNetworkRequest direct(m_upstream->url(longPath));
        direct.setRawHeader("Accept-Encoding", "gzip");
        const Answer proxied = answered(m_nam.get(viaNginx));
        const Answer original = answered(m_nam.get(direct));
        QCOMPARE(original.status, 404);
        QCOMPARE(original.headers.value("content-encoding"), QByteArray("gzip"));
        QCOMPARE(proxied.status, 404);
        QCOMPARE(proxied.headers.value("content-encoding"), QByteArray("gzip"));
        QVERIFY(proxied.body == original.body);
        const auto unzipped = vax::sync::gunzip(proxied.body, 1 << 20);
        QVERIFY(unzipped);
        QCOMPARE(QJsonDocument::fromJson(*unzipped).object().value(QStringLiteral("error")).toString(), QStringLiteral("not_found"));

        // nginx compresses nothing itself: a small answer comes plain, though gzip is welcome.
        QNetworkRequest plain = request(nginx, QStringLiteral("/healthz"));
        plain.setRawHeader("Accept-Encoding", "gzip");
        const Answer health = answered(m_nam.get(plain));
        QCOMPARE(health.status, 200);
        QVERIFY(!health.headers.contains("content-encoding"));
        QCOMPARE(health.json().value(QStringLiteral("ok")).toBool(), true);
    }

    void twoUpstreamsShareTheLoadAndCoverForEachOther()
    {
        // Each on a SQLite file of its own: only /healthz goes to them here. (In production,
        // several instances share one PostgreSQL.)
        std::unique_ptr<ServerProcess> second = startUpstream(QStringLiteral("b"));
        QVERIFY(second);
        NginxFront::Options options;
        options.upstreamPorts = {m_upstream->port(), second->port()};
        NginxFront nginx(options);
        QVERIFY2(nginx.start(), qPrintable(nginx.errorText()));
        QVERIFY(nginx.configuration().contains(QStringLiteral("server 127.0.0.1:%1 max_fails=3").arg(second->port())));

        // Which instance answered: each logs its requests.
        auto served = [](const ServerProcess& s) { return s.stdErr().count(QLatin1String("/healthz 200")); };
        const qsizetype firstBefore = served(*m_upstream);
        for (int i = 0; i < 6; ++i)
            QCOMPARE(get(nginx, QStringLiteral("/healthz")).status, 200);
        QTRY_COMPARE(served(*m_upstream) - firstBefore + served(*second), 6);
        QVERIFY2(served(*second) >= 1 && served(*m_upstream) - firstBefore >= 1, qPrintable(nginx.accessLog()));

        // One instance crashes: nginx sends every request to the other one.
        second->kill();
        const qsizetype firstAfterKill = served(*m_upstream);
        for (int i = 0; i < 6; ++i)
            QCOMPARE(get(nginx, QStringLiteral("/healthz")).status, 200);
        QTRY_COMPARE(served(*m_upstream), firstAfterKill + 6);
    }

    void anUpstreamThatIsDownGetsAJson503UntilItIsBack()
    {
        std::unique_ptr<ServerProcess> gone = startUpstream(QStringLiteral("gone"));
        QVERIFY(gone);
        NginxFront nginx(gone->port());
        QVERIFY2(nginx.start(), qPrintable(nginx.errorText()));
        QCOMPARE(get(nginx, QStringLiteral("/healthz")).status, 200);

        gone->kill();
        for (const QString& path : {QStringLiteral("/api/v1/pull?after=0"), QStringLiteral("/healthz")}) {
            const Answer a = get(nginx, path);
            QCOMPARE(a.status, 503);
            QCOMPARE(a.headers.value("content-type"), QByteArray("application/json"));
            QCOMPARE(a.errorCode(), QStringLiteral("unavailable"));
            QVERIFY(!a.json().value(QStringLiteral("message")).toString().isEmpty());
            QCOMPARE(a.headers.value("retry-after"), QByteArray("5"));
            QVERIFY(a.headers.value("strict-transport-security").startsWith("max-age="));
        }
        QTRY_VERIFY(nginx.errorLog().contains(QLatin1String("connect() failed (111: Connection refused)")));

        // Back on the same port, it is reached again.
        QVERIFY2(gone->restart(), qPrintable(gone->log()));
        QCOMPARE(get(nginx, QStringLiteral("/healthz")).status, 200);
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
    // vaxcentral on a SQLite file of its own, named after `name`.
    std::unique_ptr<ServerProcess> startUpstream(const QString& name) const
    {
        auto server = std::make_unique<ServerProcess>(kVaxcentral,
            QStringList{QStringLiteral("serve"), QStringLiteral("--db"), m_dir.filePath(name + QStringLiteral(".vaxdb")),
                QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
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

    static Answer answered(QNetworkReply* started)
    {
        std::unique_ptr<QNetworkReply> reply(started);
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 10000))
            return {QNetworkReply::TimeoutError, 0, {}, {}, QStringLiteral("timed out")};
        return answerOf(reply.get());
    }

    Answer get(const NginxFront& nginx, const QString& path) { return answered(m_nam.get(request(nginx, path))); }

    Answer post(const NginxFront& nginx, const QString& path, const QByteArray& body)
    {
        QNetworkRequest r = request(nginx, path);
        r.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/octet-stream"));
        return answered(m_nam.post(r, body));
    }

    // `count` GETs at once (QNAM runs six at a time per host), all answered.
    std::vector<Answer> getAll(const NginxFront& nginx, const QString& path, int count)
    {
        std::vector<std::unique_ptr<QNetworkReply>> replies;
        for (int i = 0; i < count; ++i)
            replies.emplace_back(m_nam.get(request(nginx, path)));
        const bool finished
            = QTest::qWaitFor([&] { return std::all_of(replies.begin(), replies.end(), [](const auto& r) { return r->isFinished(); }); }, 10000);
        std::vector<Answer> answers;
        for (const auto& reply : replies)
            answers.push_back(finished ? answerOf(reply.get()) : Answer{QNetworkReply::TimeoutError, 0, {}, {}, QStringLiteral("timed out")});
        return answers;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_upstream;
    QNetworkAccessManager m_nam;
};

QTEST_GUILESS_MAIN(TestNginxFront)
#include "tst_nginxfront.moc"

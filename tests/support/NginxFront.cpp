#include "NginxFront.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QRegularExpression>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>

#include <csignal>

#include <sys/prctl.h>
#include <unistd.h>

namespace vax::test {

namespace {

constexpr int kPortAttempts = 3;
constexpr int kPollMs = 20;
constexpr int kToolTimeoutMs = 30000;

QString readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

bool writeFile(const QString& path, const QString& text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text.toUtf8()) >= 0;
}

QString quotedPath(const QString& path)
{
    return QLatin1Char('"') + path + QLatin1Char('"');
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

// nginx's master follows the test down (and takes its workers with it).
void dieWithParent()
{
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
}

} // namespace

NginxFront::NginxFront(Options options)
    : m_options(std::move(options))
    , m_dir(QDir::tempPath() + QStringLiteral("/vaxnginx-XXXXXX"))
{
}

NginxFront::NginxFront(quint16 upstreamPort)
    : NginxFront([upstreamPort] {
        Options o;
        o.upstreamPorts = {upstreamPort};
        return o;
    }())
{
}

NginxFront::~NginxFront()
{
    stop();
}

QString NginxFront::defaultTemplatePath()
{
    return QStringLiteral(VAX_NGINX_TEMPLATE);
}

bool NginxFront::render(const QString& templateText, const QHash<QString, QString>& values, QString* output, QString* error)
{
    static const QRegularExpression placeholder(QStringLiteral("@([A-Z][A-Z0-9_]*)@"));
    QString out;
    QSet<QString> missing;
    qsizetype last = 0;
    for (auto it = placeholder.globalMatch(templateText); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(templateText).mid(last, m.capturedStart() - last);
        const QString name = m.captured(1);
        if (values.contains(name))
            out += values.value(name);
        else
            missing.insert(name);
        last = m.capturedEnd();
    }
    out += QStringView(templateText).mid(last);
    if (!missing.isEmpty()) {
        QStringList names = missing.values();
        names.sort();
        *error = QStringLiteral("no value for ") + names.join(QStringLiteral(", "));
        return false;
    }
    *output = out;
    return true;
}

QHash<QString, QString> NginxFront::values(const Options& options, const QString& listen, const QString& certificate,
    const QString& key, const QString& accessLog, const QString& errorLog)
{
    QStringList servers;
    for (const quint16 port : options.upstreamPorts)
        servers << QStringLiteral("    server 127.0.0.1:%1 %2;").arg(port).arg(options.upstreamParameters);
    return {
        {QStringLiteral("UPSTREAM_SERVERS"), servers.join(QLatin1Char('\n'))},
        {QStringLiteral("RATE"), options.rate},
        {QStringLiteral("BURST"), QString::number(options.burst)},
        {QStringLiteral("LISTEN"), listen},
        {QStringLiteral("SERVER_NAME"), options.serverName},
        {QStringLiteral("TLS_CERTIFICATE"), quotedPath(certificate)},
        {QStringLiteral("TLS_CERTIFICATE_KEY"), quotedPath(key)},
        {QStringLiteral("ACCESS_LOG"), quotedPath(accessLog)},
        {QStringLiteral("ERROR_LOG"), quotedPath(errorLog)},
        {QStringLiteral("CLIENT_MAX_BODY_SIZE"), options.clientMaxBodySize},
        {QStringLiteral("REQUEST_BUFFERING"), options.requestBuffering ? QStringLiteral("on") : QStringLiteral("off")},
    };
}

bool NginxFront::start(std::chrono::milliseconds timeout)
{
    m_error.clear();
    if (isRunning()) {
        m_error = QStringLiteral("already running");
        return false;
    }
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot make a temporary directory: ") + m_dir.errorString();
        return false;
    }
    if (m_options.upstreamPorts.isEmpty()) {
        m_error = QStringLiteral("no upstream");
        return false;
    }
    if (m_certificate.isNull() && !makeCertificate())
        return false;
    // A free port is only free until someone takes it: try a few.
    for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
        m_port = freePort();
        if (!writeConfiguration())
            return false;
        bool portTaken = false;
        if (launch(timeout, &portTaken))
            return true;
        if (!portTaken)
            return false;
    }
    return false;
}

bool NginxFront::makeCertificate()
{
    const QString cert = m_dir.filePath(QStringLiteral("server.crt"));
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(m_options.opensslProgram,
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
            QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("7"),
            QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
            QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost"), QStringLiteral("-keyout"),
            m_dir.filePath(QStringLiteral("server.key")), QStringLiteral("-out"), cert});
    if (!p.waitForStarted() || !p.waitForFinished(kToolTimeoutMs) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        m_error = QStringLiteral("openssl could not make a certificate: %1 %2").arg(p.errorString(), QString::fromLocal8Bit(p.readAll()));
        return false;
    }
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(cert);
    if (certificates.isEmpty()) {
        m_error = QStringLiteral("cannot read the certificate openssl made");
        return false;
    }
    m_certificate = certificates.first();
    return true;
}

bool NginxFront::writeConfiguration()
{
    const QString templatePath = m_options.templatePath.isEmpty() ? defaultTemplatePath() : m_options.templatePath;
    const QString templateText = readFile(templatePath);
    if (templateText.isEmpty()) {
        m_error = QStringLiteral("cannot read the template ") + templatePath;
        return false;
    }
    const QString errorLogPath = m_dir.filePath(QStringLiteral("error.log"));
    QString site;
    QString error;
    if (!render(templateText,
            values(m_options, QStringLiteral("127.0.0.1:%1").arg(m_port), m_dir.filePath(QStringLiteral("server.crt")),
                m_dir.filePath(QStringLiteral("server.key")), m_dir.filePath(QStringLiteral("access.log")), errorLogPath),
            &site, &error)) {
        m_error = templatePath + QStringLiteral(": ") + error;
        return false;
    }
    // What Debian's /etc/nginx/nginx.conf does around conf.d/, pointed into our directory.
    QString main = QStringLiteral("# Written by tests/support/NginxFront around the rendered production template.\n");
    if (::geteuid() == 0)
        main += QStringLiteral("user root;\n"); // workers must reach the 0700 temporary directory
    main += QStringLiteral("worker_processes 1;\nerror_log %1 notice;\nevents { worker_connections 512; }\nhttp {\n")
                .arg(quotedPath(errorLogPath));
    main += QStringLiteral("    default_type application/octet-stream;\n");
    for (const char* kind : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
        const QString dir = m_dir.filePath(QStringLiteral("temp/") + QLatin1String(kind));
        QDir().mkpath(dir);
        main += QStringLiteral("    %1_temp_path %2;\n").arg(QLatin1String(kind), quotedPath(dir));
    }
    main += QStringLiteral("    include %1;\n}\n").arg(quotedPath(m_dir.filePath(QStringLiteral("vaxcentral.conf"))));
    if (!writeFile(m_dir.filePath(QStringLiteral("vaxcentral.conf")), site)
        || !writeFile(m_dir.filePath(QStringLiteral("nginx.conf")), main)) {
        m_error = QStringLiteral("cannot write the configuration in ") + m_dir.path();
        return false;
    }
    return true;
}

bool NginxFront::launch(std::chrono::milliseconds timeout, bool* portTaken)
{
    const QString pidFile = m_dir.filePath(QStringLiteral("nginx.pid"));
    QFile::remove(pidFile);
    const qint64 errorLogStart = QFile(m_dir.filePath(QStringLiteral("error.log"))).size();
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(m_options.nginxProgram);
    m_process->setArguments({QStringLiteral("-p"), m_dir.path() + QLatin1Char('/'), QStringLiteral("-c"),
        m_dir.filePath(QStringLiteral("nginx.conf")), QStringLiteral("-e"), m_dir.filePath(QStringLiteral("error.log")),
        QStringLiteral("-g"), QStringLiteral("daemon off; pid %1;").arg(quotedPath(pidFile))});
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setStandardOutputFile(m_dir.filePath(QStringLiteral("nginx.out")), QIODevice::Append);
    m_process->setStandardErrorFile(m_dir.filePath(QStringLiteral("nginx.out")), QIODevice::Append);
    m_process->setChildProcessModifier(dieWithParent);
    m_process->start();
    const QDeadlineTimer deadline(timeout);
    if (!m_process->waitForStarted(int(deadline.remainingTime()))) {
        m_error = QStringLiteral("cannot start %1: %2").arg(m_options.nginxProgram, m_process->errorString());
        return false;
    }
    for (;;) {
        // The pid file is written once the sockets are bound; the connection proves it.
        if (QFile::exists(pidFile)) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, m_port);
            if (probe.waitForConnected(int(std::max<qint64>(1, deadline.remainingTime())))) {
                probe.abort();
                return true;
            }
        }
        if (m_process->state() == QProcess::NotRunning || m_process->waitForFinished(kPollMs)) {
            QFile log(m_dir.filePath(QStringLiteral("error.log")));
            QString why = readFile(m_dir.filePath(QStringLiteral("nginx.out")));
            if (log.open(QIODevice::ReadOnly) && log.seek(errorLogStart))
                why += QString::fromUtf8(log.readAll());
            *portTaken = why.contains(QLatin1String("Address already in use"));
            m_error = QStringLiteral("nginx exited (code %1):\n%2").arg(m_process->exitCode()).arg(why);
            return false;
        }
        if (deadline.hasExpired()) {
            m_error = QStringLiteral("nginx did not accept connections within %1 ms:\n%2").arg(timeout.count()).arg(errorLog());
            stop();
            return false;
        }
    }
}

void NginxFront::stop()
{
    if (!isRunning())
        return;
    m_process->terminate(); // SIGTERM: fast shutdown, the workers go with the master
    if (!m_process->waitForFinished(5000)) {
        m_process->kill();
        m_process->waitForFinished();
    }
}

bool NginxFront::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QUrl NginxFront::baseUrl() const
{
    QUrl u;
    u.setScheme(QStringLiteral("https"));
    u.setHost(QStringLiteral("127.0.0.1"));
    u.setPort(m_port);
    return u;
}

QUrl NginxFront::url(const QString& path) const
{
    QUrl u = baseUrl();
    const qsizetype q = path.indexOf(QLatin1Char('?'));
    u.setPath(q < 0 ? path : path.left(q));
    if (q >= 0)
        u.setQuery(path.mid(q + 1));
    return u;
}

QSslConfiguration NginxFront::sslConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.addCaCertificate(m_certificate);
    return configuration;
}

QString NginxFront::configuration() const
{
    return readFile(m_dir.filePath(QStringLiteral("vaxcentral.conf")));
}

QString NginxFront::accessLog() const
{
    return readFile(m_dir.filePath(QStringLiteral("access.log")));
}

QString NginxFront::errorLog() const
{
    return readFile(m_dir.filePath(QStringLiteral("error.log")));
}

} // namespace vax::test

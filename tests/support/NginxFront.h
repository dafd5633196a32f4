#pragma once

#include <QHash>
#include <QList>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <chrono>
#include <memory>

namespace vax::test {

// Real nginx in front of one or more upstreams (vaxcentral instances), configured from the
// production template packaging/nginx/vaxcentral.conf.in: TLS on 127.0.0.1 with a self-signed
// certificate made by the openssl CLI, the template's rate limits, body limit and proxy
// settings. nginx runs in the foreground as a child process (`nginx -p DIR -c … -g 'daemon off;
// pid …;'`); as root its workers run as root too. Not a QObject; start() blocks until nginx
// accepts connections (no event loop is spun).
class NginxFront final
{
    Q_DISABLE_COPY_MOVE(NginxFront)

public:
    struct Options
    {
        QList<quint16> upstreamPorts;                      // 127.0.0.1:PORT each
        QString upstreamParameters = QStringLiteral("max_fails=3 fail_timeout=10s");
        QString clientMaxBodySize = QStringLiteral("8m"); // nginx size syntax: "1k", "8m"
        QString rate = QStringLiteral("1000r/s");         // generous: ordinary tests never hit it
        int burst = 1000;
        bool requestBuffering = false;
        QString serverName = QStringLiteral("127.0.0.1 localhost");
        QString templatePath; // default: the source tree's packaging/nginx/vaxcentral.conf.in
        QString nginxProgram = QStringLiteral("nginx");
        QString opensslProgram = QStringLiteral("openssl");
    };

    explicit NginxFront(Options options);
    explicit NginxFront(quint16 upstreamPort); // default options, one upstream
    ~NginxFront(); // stop()

    // Makes the certificate, renders the configuration, starts nginx and waits until it
    // accepts connections. False with errorText() (nginx's error log included) otherwise.
    bool start(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    void stop(); // fast shutdown (SIGTERM), then SIGKILL if it lingers
    bool isRunning() const;

    bool ok() const { return m_error.isEmpty(); }
    QString errorText() const { return m_error; }

    QUrl baseUrl() const; // https://127.0.0.1:PORT
    quint16 port() const { return m_port; }
    QUrl url(const QString& path) const;
    // The certificate nginx serves; self-signed, so it is its own CA.
    QSslCertificate caCertificate() const { return m_certificate; }
    // The default TLS configuration plus caCertificate() as a trusted CA: set it on requests
    // (QNetworkRequest::setSslConfiguration).
    QSslConfiguration sslConfiguration() const;

    QString directory() const { return m_dir.path(); }
    QString configuration() const; // the rendered template as nginx reads it
    QString accessLog() const;
    QString errorLog() const;
    const Options& options() const { return m_options; }

    static QString defaultTemplatePath();
    // Replaces each @NAME@ of the template with values[NAME]. False with *error naming any
    // placeholder left without a value.
    static bool render(const QString& templateText, const QHash<QString, QString>& values, QString* output, QString* error);
    // The placeholder values for a listening port and certificate, from the options.
    static QHash<QString, QString> values(const Options& options, const QString& listen, const QString& certificate,
        const QString& key, const QString& accessLog, const QString& errorLog);

private:
    bool makeCertificate();
    bool writeConfiguration();
    bool launch(std::chrono::milliseconds timeout, bool* portTaken);

    Options m_options;
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    QSslCertificate m_certificate;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace vax::test

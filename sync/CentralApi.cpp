#include "CentralApi.h"

#include "sync/Gzip.h"
#include "sync/Protocol.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace vax::sync {

namespace {

// Bodies smaller than this go as they are: gzip would cost more than it saves.
constexpr qsizetype kGzipFrom = 1024;

} // namespace

CentralApi::CentralApi(QNetworkAccessManager& network, const QUrl& server, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_server(server)
{
}

Result<QUrl> CentralApi::parseServer(const QString& text)
{
    QString t = text.trimmed();
    if (!t.contains(QLatin1String("://")))
        t.prepend(QLatin1String("http://"));
    QUrl url(t, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        return Error::invalid(QStringLiteral("server"),
            tr("Central's address '%1' is not valid: give it as https://host or host:port.").arg(text));
    }
    url.setPath(QString());
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

void CentralApi::setCredential(const DeviceCredential& credential)
{
    m_credential = credential;
    m_installId = installIdFor(credential.deviceId).toLatin1();
}

void CentralApi::get(const QString& path, const QUrlQuery& query, Done done)
{
    QNetworkReply* reply = send("GET", path, query, {});
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] { finish(reply, done); });
}

CentralApi::Body CentralApi::Body::of(const QByteArray& json)
{
    if (json.size() < kGzipFrom)
        return {json, false};
    return {gzip(json, 1), true};
}

void CentralApi::post(const QString& path, const Body& body, Done done)
{
    QNetworkReply* reply = send("POST", path, {}, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] { finish(reply, done); });
}

void CentralApi::abort()
{
    const auto replies = m_inFlight;
    for (const QPointer<QNetworkReply>& r : replies) {
        if (r)
            r->abort();
    }
}

QNetworkReply* CentralApi::send(const QByteArray& verb, const QString& path, const QUrlQuery& query, const Body& body)
{
    QUrl url = m_server;
    url.setPath(path);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setTransferTimeout(int(m_timeout.count()));
    request.setRawHeader("X-Vax-Protocol", QByteArray::number(kProtocolVersion));
    request.setRawHeader("User-Agent", "VaxStation/" VAX_VERSION);
    if (m_credential.isValid()) {
        request.setRawHeader("Authorization", m_credential.bearer());
        request.setRawHeader("X-Vax-Install", m_installId);
    }
    QNetworkReply* reply = nullptr;
    if (verb == "GET") {
        reply = m_network.get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (body.gzipped)
            request.setRawHeader("Content-Encoding", "gzip");
        reply = m_network.post(request, body.bytes);
    }
    m_inFlight.removeAll(nullptr);
    m_inFlight << reply;
    return reply;
}

void CentralApi::finish(QNetworkReply* reply, const Done& done)
{
    reply->deleteLater();
    m_inFlight.removeAll(reply);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status == 0 || (reply->error() != QNetworkReply::NoError && status < 400)) {
        // No answer at all, or one cut short: offline for now, nothing is lost.
        const QString why = reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError
            ? tr("no answer within %1 s").arg(m_timeout.count() / 1000)
            : reply->errorString();
        done(Error(ErrorCode::Io, tr("Central (%1) cannot be reached: %2. Work goes on offline; changes wait on this device.")
                                      .arg(m_server.host(), why)));
        return;
    }
    if (status >= 200 && status < 300) {
        done(body);
        return;
    }
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    QString message = o.value(QStringLiteral("message")).toString();
    if (message.isEmpty())
        message = tr("Central answered HTTP %1.").arg(status);
    if (status == 429 || status >= 500) {
        done(Error(ErrorCode::Io, tr("Central is busy or unavailable (HTTP %1): %2 It will be tried again.").arg(status).arg(message)));
        return;
    }
    if (status == 401) {
        done(Error(ErrorCode::Forbidden, message));
        return;
    }
    if (status == 409) {
        done(Error(ErrorCode::Conflict, message));
        return;
    }
    // Central names the fields at fault when the request was the device's input (a code).
    QList<FieldError> fields;
    for (const QJsonValue& f : o.value(QStringLiteral("fields")).toArray())
        fields << FieldError{f.toObject().value(QStringLiteral("field")).toString(), f.toObject().value(QStringLiteral("message")).toString()};
    done(Error(ErrorCode::Invalid, message, fields));
}

} // namespace vax::sync

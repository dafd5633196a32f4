#pragma once

#include "app/common/Result.h"
#include "sync/DeviceCredential.h"

#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QUrlQuery>

#include <chrono>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace vax::sync {

// The device's side of vaxcentral's HTTP API (docs/sync-protocol.md "Transport"): protocol and
// credential headers, gzip bodies, and every answer turned into a Result:
// - the body of a 2xx answer;
// - ErrorCode::Io when it is worth trying again later: no network, a cut, a timeout, 429, 5xx;
// - Forbidden for 401 (a bad or revoked credential), Conflict for 409 (a copied database),
//   Invalid for any other 4xx; each with central's message, or one that says what to do.
// One injected QNetworkAccessManager; callbacks run in its thread.
class CentralApi final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CentralApi)

public:
    using Done = std::function<void(Result<QByteArray>)>;

    // A request body as it goes on the wire: gzipped once it is worth it. Made ahead of the
    // request when the making costs (a push batch is packed while central takes the one before).
    struct Body {
        QByteArray bytes;
        bool gzipped = false;
        static Body of(const QByteArray& json);
    };

    CentralApi(QNetworkAccessManager& network, const QUrl& server, QObject* parent = nullptr);

    void setCredential(const DeviceCredential& credential);
    // No byte either way for this long fails the request (a dead link is not waited on forever).
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    const QUrl& server() const { return m_server; }

    void get(const QString& path, const QUrlQuery& query, Done done);
    void post(const QString& path, const QByteArray& json, Done done) { post(path, Body::of(json), std::move(done)); }
    void post(const QString& path, const Body& body, Done done);
    // Cancels whatever is in flight; their callbacks get an Io error.
    void abort();

    // Central's address as a person types it: "host:port", "http://…", "https://…/".
    static Result<QUrl> parseServer(const QString& text);

private:
    QNetworkReply* send(const QByteArray& verb, const QString& path, const QUrlQuery& query, const Body& body);
    void finish(QNetworkReply* reply, const Done& done);

    QNetworkAccessManager& m_network;
    QUrl m_server;
    DeviceCredential m_credential;
    QByteArray m_installId;
    std::chrono::milliseconds m_timeout{30000};
    QList<QPointer<QNetworkReply>> m_inFlight;
};

} // namespace vax::sync

#pragma once

#include "app/common/Result.h"
#include "server/DeviceContext.h"
#include "sync/ChangeBatch.h"

#include <QAbstractHttpServer>
#include <QJsonObject>

namespace vax {
class Clock;
}

namespace vax::server {

class CentralDatabase;

// vaxcentral's HTTP API (docs/sync-protocol.md). Every answer, 404s included, is JSON with the
// right status; request bodies may be gzip and large ones are refused; one log line per request.
// Stateless over the database, so many processes can serve one PostgreSQL.
class CentralHttpServer final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CentralHttpServer)

public:
    // Bodies above this (after gunzip) are refused with 413; nginx limits the wire size first.
    static constexpr qsizetype kMaxBodyBytes = 64 * 1024 * 1024;

    CentralHttpServer(CentralDatabase& db, const Clock& clock, QObject* parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    struct Reply {
        int status = 200;
        QByteArray body;
    };
    static Reply json(const QJsonObject& o, int status = 200);
    static Reply fail(int status, const char* code, const QString& message);
    static Reply fail(const Error& error);

    Reply dispatch(const QHttpServerRequest& request, QString* deviceForLog);
    Result<QByteArray> body(const QHttpServerRequest& request);
    Result<DeviceContext> authenticate(const QHttpServerRequest& request);
    Reply enroll(const QHttpServerRequest& request);
    Reply push(const QHttpServerRequest& request, const DeviceContext& device);
    Reply pull(const QHttpServerRequest& request, const DeviceContext& device);
    Reply lookup(const QHttpServerRequest& request);
    Reply attach(const QHttpServerRequest& request, const DeviceContext& device);
    Reply relay(const QHttpServerRequest& request, const DeviceContext& device);
    // Takes a batch as `device`'s; a copied database (seq reused) blocks the device.
    Reply ingest(const DeviceContext& device, const sync::ChangeBatch& batch, const QString& via);
    void send(const QHttpServerRequest& request, QTcpSocket* socket, const Reply& reply, const QString& device, qint64 startedNs);

    CentralDatabase& m_db;
    const Clock& m_clock;
};

} // namespace vax::server

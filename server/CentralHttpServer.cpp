#include "CentralHttpServer.h"

#include "app/common/Clock.h"
#include "server/CentralDatabase.h"
#include "server/ChangeFeed.h"
#include "server/ChangeIngest.h"
#include "server/DeviceRegistry.h"
#include "server/PersonLookup.h"
#include "sync/Bundle.h"
#include "sync/ChangeBatch.h"
#include "sync/Gzip.h"
#include "sync/Messages.h"
#include "sync/Protocol.h"
#include "sync/Signing.h"

#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QTcpSocket>

#include <algorithm>

namespace vax::server {

namespace {

QElapsedTimer& uptime()
{
    static QElapsedTimer t = [] {
        QElapsedTimer e;
        e.start();
        return e;
    }();
    return t;
}

bool acceptsGzip(const QHttpServerRequest& request)
{
    return request.value("accept-encoding").contains("gzip");
}

} // namespace

CentralHttpServer::CentralHttpServer(CentralDatabase& db, const Clock& clock, QObject* parent)
    : QAbstractHttpServer(parent)
    , m_db(db)
    , m_clock(clock)
{
    uptime();
}

CentralHttpServer::Reply CentralHttpServer::json(const QJsonObject& o, int status)
{
    return {status, QJsonDocument(o).toJson(QJsonDocument::Compact)};
}

CentralHttpServer::Reply CentralHttpServer::fail(int status, const char* code, const QString& message)
{
    return json(QJsonObject{{QStringLiteral("error"), QLatin1String(code)}, {QStringLiteral("message"), message}}, status);
}

CentralHttpServer::Reply CentralHttpServer::fail(const Error& e)
{
    switch (e.code()) {
    case ErrorCode::Invalid: {
        QJsonObject o{{QStringLiteral("error"), QStringLiteral("bad_request")}, {QStringLiteral("message"), e.message()}};
        QJsonArray fields;
        for (const FieldError& f : e.fields())
            fields.append(QJsonObject{{QStringLiteral("field"), f.field}, {QStringLiteral("message"), f.message}});
        if (!fields.isEmpty())
            o.insert(QStringLiteral("fields"), fields);
        return json(o, 400);
    }
    case ErrorCode::NotFound: return fail(404, "not_found", e.message());
    case ErrorCode::Conflict: return fail(409, "conflict", e.message());
    case ErrorCode::Forbidden: return fail(401, "unauthorized", e.message());
    case ErrorCode::Storage:
    case ErrorCode::Io: return fail(500, "internal", e.message());
    }
    return fail(500, "internal", e.message());
}

bool CentralHttpServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    const qint64 started = uptime().nsecsElapsed();
    QString device;
    const Reply reply = dispatch(request, &device);
    send(request, socket, reply, device, started);
    return true;
}

void CentralHttpServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    send(request, socket, fail(404, "not_found", tr("No such endpoint.")), {}, uptime().nsecsElapsed());
}

void CentralHttpServer::send(const QHttpServerRequest& request, QTcpSocket* socket, const Reply& reply, const QString& device,
    qint64 startedNs)
{
    QByteArray body = reply.body;
    const bool zipped = acceptsGzip(request) && body.size() > 1024;
    if (zipped)
        body = sync::gzip(body, 1);
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.writeStatusLine(QHttpServerResponder::StatusCode(reply.status));
    responder.writeHeader("Content-Type", "application/json");
    if (zipped)
        responder.writeHeader("Content-Encoding", "gzip");
    responder.writeHeader("Content-Length", QByteArray::number(body.size()));
    responder.writeBody(body);
    qCInfo(lcServer).noquote() << QStringLiteral("%1 %2 %3 %4B %5ms %6")
                                      .arg(QString::fromLatin1(QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(request.method()))),
                                          request.url().path())
                                      .arg(reply.status)
                                      .arg(body.size())
                                      .arg(double(uptime().nsecsElapsed() - startedNs) / 1e6, 0, 'f', 1)
                                      .arg(device.isEmpty() ? QStringLiteral("-") : device);
}

Result<QByteArray> CentralHttpServer::body(const QHttpServerRequest& request)
{
    const QByteArray raw = request.body();
    if (raw.size() > kMaxBodyBytes)
        return Error(ErrorCode::Invalid, QStringLiteral("too_large"));
    if (request.value("content-encoding").contains("gzip")) {
        auto plain = sync::gunzip(raw, kMaxBodyBytes);
        if (!plain)
            return Error(ErrorCode::Invalid, QStringLiteral("bad_gzip"));
        return *plain;
    }
    return raw;
}

Result<DeviceContext> CentralHttpServer::authenticate(const QHttpServerRequest& request)
{
    DeviceRegistry registry(m_db, m_clock);
    return registry.authenticate(request.value("authorization"), request.value("x-vax-install"));
}

CentralHttpServer::Reply CentralHttpServer::dispatch(const QHttpServerRequest& request, QString* deviceForLog)
{
    using Method = QHttpServerRequest::Method;
    const QString path = request.url().path();
    if (path == QLatin1String("/healthz")) {
        const bool dbOk = m_db.scalar(QStringLiteral("SELECT 1")).toInt() == 1;
        return json(QJsonObject{{QStringLiteral("ok"), dbOk}, {QStringLiteral("storage"), m_db.backendName()},
                        {QStringLiteral("protocol"), sync::kProtocolVersion}},
            dbOk ? 200 : 503);
    }
    if (!path.startsWith(QLatin1String("/api/v1/")))
        return fail(404, "not_found", tr("No such endpoint: %1").arg(path));
    if (request.value("x-vax-protocol") != QByteArray::number(sync::kProtocolVersion)) {
        return fail(400, "protocol_version",
            tr("This central speaks sync protocol %1; the request says '%2': update the device's VaxStation.")
                .arg(sync::kProtocolVersion)
                .arg(QString::fromLatin1(request.value("x-vax-protocol"))));
    }
    const QString endpoint = path.mid(8);
    if (endpoint == QLatin1String("enroll")) {
        if (request.method() != Method::Post)
            return fail(405, "bad_request", tr("Use POST."));
        return enroll(request);
    }
    auto device = authenticate(request);
    if (!device.ok()) {
        if (device.error().code() == ErrorCode::Conflict)
            return fail(409, "cloned_device", device.error().message());
        if (device.error().code() == ErrorCode::Storage)
            return fail(device.error());
        return fail(401, "unauthorized", device.error().message());
    }
    *deviceForLog = device->deviceId;
    if (endpoint == QLatin1String("push") && request.method() == Method::Post)
        return push(request, device.value());
    if (endpoint == QLatin1String("pull") && request.method() == Method::Get)
        return pull(request, device.value());
    if (endpoint == QLatin1String("lookup") && request.method() == Method::Get)
        return lookup(request);
    if (endpoint == QLatin1String("attach") && request.method() == Method::Post)
        return attach(request, device.value());
    if (endpoint == QLatin1String("relay") && request.method() == Method::Post)
        return relay(request, device.value());
    return fail(404, "not_found", tr("No such endpoint: %1").arg(path));
}

CentralHttpServer::Reply CentralHttpServer::enroll(const QHttpServerRequest& request)
{
    auto raw = body(request);
    if (!raw.ok())
        return fail(raw.error().message() == QLatin1String("too_large") ? 413 : 400, "malformed", tr("The request body cannot be read."));
    const QJsonObject o = QJsonDocument::fromJson(raw.value()).object();
    EnrolRequest asked;
    asked.code = o.value(QStringLiteral("code")).toString();
    asked.deviceId = o.value(QStringLiteral("device_id")).toString();
    asked.installId = o.value(QStringLiteral("install_id")).toString();
    asked.name = o.value(QStringLiteral("name")).toString();
    asked.publicKey = o.value(QStringLiteral("public_key")).toString();
    asked.siteId = o.value(QStringLiteral("site_id")).toString();
    asked.teamId = o.value(QStringLiteral("team_id")).toString();
    asked.lastSeq = o.value(QStringLiteral("last_seq")).toInteger();
    for (const QJsonValue& v : o.value(QStringLiteral("log")).toArray())
        asked.log << std::pair{v.toArray().at(0).toInteger(), v.toArray().at(1).toString()};
    std::sort(asked.log.begin(), asked.log.end());
    DeviceRegistry registry(m_db, m_clock);
    auto e = registry.enrol(asked);
    if (!e.ok())
        return fail(e.error());
    const QString siteCode = m_db.scalar(QStringLiteral("SELECT data FROM record_state WHERE entity = 'site' AND id = ?"), {e->siteId}).toString();
    QJsonObject answer{{QStringLiteral("device_id"), e->deviceId}, {QStringLiteral("secret"), e->secret},
        {QStringLiteral("site"), QJsonDocument::fromJson(siteCode.toUtf8()).object()}, {QStringLiteral("again"), e->again}};
    if (e->moveFrom > 0) {
        QJsonObject resume{{QStringLiteral("from"), e->moveFrom}, {QStringLiteral("after"), e->moveAfter}};
        if (e->pullFrom >= 0)
            resume.insert(QStringLiteral("pull_from"), e->pullFrom);
        answer.insert(QStringLiteral("resume"), resume);
    }
    if (!e->teamId.isEmpty()) {
        answer.insert(QStringLiteral("team"),
            QJsonDocument::fromJson(m_db.scalar(QStringLiteral("SELECT data FROM record_state WHERE entity = 'site' AND id = ?"), {e->teamId})
                                        .toString()
                                        .toUtf8())
                .object());
    }
    return json(answer);
}

CentralHttpServer::Reply CentralHttpServer::push(const QHttpServerRequest& request, const DeviceContext& device)
{
    auto raw = body(request);
    if (!raw.ok()) {
        if (raw.error().message() == QLatin1String("too_large"))
            return fail(413, "too_large", tr("The batch is too large: send fewer changes at a time."));
        return fail(400, "malformed", tr("The request body is not valid gzip: it may have been cut on the way."));
    }
    auto batch = sync::ChangeBatch::decode(raw.value());
    if (!batch.ok()) {
        if (batch.error().code() == ErrorCode::Conflict)
            return fail(400, "protocol_version", batch.error().message());
        return fail(400, "malformed", batch.error().message());
    }
    if (batch->deviceId != device.deviceId)
        return fail(403, "forbidden", tr("A device pushes only its own changes (bundles of others go to /relay)."));
    return ingest(device, batch.value(), QStringLiteral("push"));
}

CentralHttpServer::Reply CentralHttpServer::ingest(const DeviceContext& device, const sync::ChangeBatch& batch, const QString& via)
{
    ChangeIngest ingest(m_db, m_clock);
    auto result = ingest.ingest(device, batch, via);
    if (!result.ok()) {
        if (result.error().code() == ErrorCode::Conflict) {
            if (auto r = DeviceRegistry(m_db, m_clock).markCloned(device.deviceId); !r.ok())
                qCWarning(lcServer) << "cannot mark device" << device.deviceId << "as cloned:" << r.error().message();
            return fail(409, "cloned_device", result.error().message());
        }
        return fail(result.error());
    }
    return {200, result->encode()};
}

CentralHttpServer::Reply CentralHttpServer::relay(const QHttpServerRequest& request, const DeviceContext& device)
{
    auto raw = body(request);
    if (!raw.ok()) {
        if (raw.error().message() == QLatin1String("too_large"))
            return fail(413, "too_large", tr("The bundle is too large: export it in several files."));
        return fail(400, "malformed", tr("The request body is not valid gzip: it may have been cut on the way."));
    }
    auto bundle = sync::decodeBundle(raw.value());
    if (!bundle.ok())
        return fail(400, "malformed", bundle.error().message());
    DeviceRegistry registry(m_db, m_clock);
    const auto origin = registry.device(bundle->deviceId);
    if (!origin)
        return fail(403, "forbidden", tr("The bundle's device %1 is not enrolled, or was revoked: central does not take its changes.").arg(bundle->deviceId));
    if (origin->siteId != device.siteId)
        return fail(403, "forbidden", tr("The bundle is from a device of another site: only a device of its own site may carry it."));
    if (!sync::verify(QByteArray::fromBase64(registry.publicKey(bundle->deviceId).toLatin1()), bundle->signedBytes, bundle->signature))
        return fail(403, "forbidden", tr("The bundle's signature does not match its device's key: it was changed after it was written."));
    sync::ChangeBatch batch;
    batch.protocol = sync::kProtocolVersion;
    batch.deviceId = bundle->deviceId;
    batch.changes = bundle->changes;
    return ingest(origin.value(), batch, QStringLiteral("relay:") + device.deviceId);
}

CentralHttpServer::Reply CentralHttpServer::pull(const QHttpServerRequest& request, const DeviceContext& device)
{
    bool okAfter = false;
    bool okLimit = true;
    const qint64 after = request.query().queryItemValue(QStringLiteral("after")).toLongLong(&okAfter);
    int limit = sync::kDefaultBatchSize;
    if (request.query().hasQueryItem(QStringLiteral("limit")))
        limit = request.query().queryItemValue(QStringLiteral("limit")).toInt(&okLimit);
    if (!okAfter || !okLimit || after < 0 || limit < 1 || limit > 5000)
        return fail(400, "bad_request", tr("Pull needs after=<cursor ≥ 0> and limit=1…5000."));
    // A database that stops before what central holds of it came back from a backup (or is an
    // older copy): its next change would take a seq central holds another change under, and it
    // lacks its own work. Refused like a copy, before it records more; enrolled again, it gets
    // that work back. An empty log (0) is such a backup too, from before the first change.
    const bool saysLog = request.query().hasQueryItem(QStringLiteral("log_through"));
    const qint64 logThrough = request.query().queryItemValue(QStringLiteral("log_through")).toLongLong();
    if (saysLog && logThrough < device.lastSeq && !device.central) {
        if (auto r = DeviceRegistry(m_db, m_clock).markCloned(device.deviceId); !r.ok())
            return fail(r.error());
        return fail(409, "cloned_device",
            tr("Central holds this device's changes up to #%1, but its database %2: it was restored from a backup, or "
               "it is an older copy. It is refused until an administrator enrols it again (vaxcentral admin enrol-code --device %3); "
               "enrolled again, it gets back what central holds of it.")
                .arg(device.lastSeq)
                .arg(logThrough > 0 ? tr("stops at #%1").arg(logThrough) : tr("has none of them"))
                .arg(device.deviceId));
    }
    ChangeFeed feed(m_db);
    auto page = feed.encodedPage(device, after, limit);
    if (!page.ok())
        return fail(page.error());
    return {200, page.value()};
}

CentralHttpServer::Reply CentralHttpServer::lookup(const QHttpServerRequest& request)
{
    PersonLookup people(m_db, m_clock);
    auto found = people.find(request.query().queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded), 20);
    if (!found.ok())
        return fail(found.error());
    return json(QJsonObject{{QStringLiteral("people"), found.value()}});
}

CentralHttpServer::Reply CentralHttpServer::attach(const QHttpServerRequest& request, const DeviceContext& device)
{
    auto raw = body(request);
    if (!raw.ok())
        return fail(400, "malformed", tr("The request body cannot be read."));
    const QString person = QJsonDocument::fromJson(raw.value()).object().value(QStringLiteral("person_id")).toString();
    PersonLookup people(m_db, m_clock);
    auto history = people.attach(device, person);
    if (!history.ok())
        return fail(history.error());
    sync::PullPage page;
    page.changes = history.value();
    return {200, page.encode()};
}

} // namespace vax::server

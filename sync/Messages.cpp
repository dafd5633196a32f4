#include "Messages.h"

#include "app/store/Entity.h"
#include "sync/JsonText.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace vax::sync {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("SyncMessages", text);
}

Result<QJsonObject> object(const QByteArray& json, const char* what)
{
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &e);
    if (!doc.isObject())
        return Error(ErrorCode::Io, tr("Central's %1 is not JSON (%2): the connection may have been cut.").arg(QLatin1String(what), e.errorString()));
    return doc.object();
}

} // namespace

QJsonObject remoteChangeToJson(const RemoteChange& r)
{
    return QJsonObject{{QStringLiteral("gseq"), r.globalSeq}, {QStringLiteral("device_id"), r.deviceId},
        {QStringLiteral("seq"), r.change.seq}, {QStringLiteral("id"), r.change.id}, {QStringLiteral("entity"), r.change.entity},
        {QStringLiteral("record_id"), r.change.recordId}, {QStringLiteral("op"), r.change.op},
        {QStringLiteral("payload"), r.change.payload}, {QStringLiteral("hlc"), r.change.hlc},
        {QStringLiteral("user_id"), r.change.userId}, {QStringLiteral("created_at"), r.change.createdAt}};
}

Result<RemoteChange> remoteChangeFromJson(const QJsonObject& o)
{
    RemoteChange r;
    r.globalSeq = o.value(QStringLiteral("gseq")).toInteger();
    r.deviceId = o.value(QStringLiteral("device_id")).toString();
    r.change.seq = o.value(QStringLiteral("seq")).toInteger();
    r.change.id = o.value(QStringLiteral("id")).toString();
    r.change.entity = o.value(QStringLiteral("entity")).toString();
    r.change.recordId = o.value(QStringLiteral("record_id")).toString();
    r.change.op = o.value(QStringLiteral("op")).toString();
    r.change.payload = o.value(QStringLiteral("payload")).toObject();
    r.change.hlc = o.value(QStringLiteral("hlc")).toString();
    r.change.userId = o.value(QStringLiteral("user_id")).toString();
    r.change.createdAt = o.value(QStringLiteral("created_at")).toString();
    if (r.globalSeq <= 0 || r.change.id.isEmpty() || !entityFromName(r.change.entity) || r.change.recordId.isEmpty()
        || (r.change.op != QLatin1String("insert") && r.change.op != QLatin1String("update")))
        return Error(ErrorCode::Io, tr("Central sent a change that is not well formed (global seq %1).").arg(r.globalSeq));
    return r;
}

QByteArray PushResult::encode() const
{
    // Written by hand: an answer acknowledges every change of the batch.
    using namespace json;
    QByteArray out;
    out.reserve(accepted.size() * 72 + rejected.size() * 256 + 256);
    out.append("{\"accepted\":[");
    for (qsizetype i = 0; i < accepted.size(); ++i) {
        out.append(i == 0 ? "{" : ",{");
        appendKey(out, "gseq");
        appendNumber(out, accepted[i].second);
        out.append(',');
        appendKey(out, "id");
        appendString(out, accepted[i].first);
        out.append('}');
    }
    out.append("],");
    appendKey(out, "acked_through");
    appendNumber(out, ackedThrough);
    out.append(',');
    appendKey(out, "clock_ahead_ms");
    appendNumber(out, clockAheadMs);
    out.append(',');
    appendKey(out, "conflicts");
    appendNumber(out, conflicts);
    out.append(',');
    appendKey(out, "held_from");
    appendNumber(out, heldFrom);
    out.append(',');
    appendKey(out, "held_message");
    appendString(out, heldMessage);
    out.append(',');
    appendKey(out, "held_reason");
    appendString(out, heldReason);
    out.append(",\"rejected\":[");
    for (qsizetype i = 0; i < rejected.size(); ++i) {
        const PushRejection& r = rejected[i];
        out.append(i == 0 ? "{" : ",{");
        appendKey(out, "code");
        appendString(out, r.code);
        out.append(',');
        appendKey(out, "entity");
        appendString(out, r.entity);
        out.append(',');
        appendKey(out, "id");
        appendString(out, r.changeId);
        out.append(',');
        appendKey(out, "reason");
        appendString(out, r.reason);
        out.append(',');
        appendKey(out, "record_id");
        appendString(out, r.recordId);
        out.append(',');
        appendKey(out, "seq");
        appendNumber(out, r.seq);
        out.append('}');
    }
    out.append("],");
    appendKey(out, "resend_from");
    appendNumber(out, resendFrom);
    out.append('}');
    return out;
}

Result<PushResult> PushResult::decode(const QByteArray& json)
{
    auto o = object(json, "push answer");
    if (!o.ok())
        return o.error();
    PushResult r;
    for (const QJsonValue& v : o->value(QStringLiteral("accepted")).toArray()) {
        const QJsonObject a = v.toObject();
        r.accepted << std::pair{a.value(QStringLiteral("id")).toString(), a.value(QStringLiteral("gseq")).toInteger()};
    }
    for (const QJsonValue& v : o->value(QStringLiteral("rejected")).toArray()) {
        const QJsonObject j = v.toObject();
        r.rejected << PushRejection{j.value(QStringLiteral("id")).toString(), j.value(QStringLiteral("seq")).toInteger(),
            j.value(QStringLiteral("entity")).toString(), j.value(QStringLiteral("record_id")).toString(),
            j.value(QStringLiteral("code")).toString(), j.value(QStringLiteral("reason")).toString(), {}};
    }
    if (!o->contains(QStringLiteral("acked_through")))
        return Error(ErrorCode::Io, tr("Central's push answer has no acknowledgement."));
    r.ackedThrough = o->value(QStringLiteral("acked_through")).toInteger();
    r.conflicts = o->value(QStringLiteral("conflicts")).toInt();
    r.clockAheadMs = o->value(QStringLiteral("clock_ahead_ms")).toInteger();
    r.heldFrom = o->value(QStringLiteral("held_from")).toInteger();
    r.heldReason = o->value(QStringLiteral("held_reason")).toString();
    r.heldMessage = o->value(QStringLiteral("held_message")).toString();
    r.resendFrom = o->value(QStringLiteral("resend_from")).toInteger();
    return r;
}

void appendRemoteChange(QByteArray& out, const RemoteChange& r, QByteArrayView payloadJson)
{
    using namespace json;
    out.append('{');
    appendKey(out, "created_at");
    appendString(out, r.change.createdAt);
    out.append(',');
    appendKey(out, "device_id");
    appendString(out, r.deviceId);
    out.append(',');
    appendKey(out, "entity");
    appendString(out, r.change.entity);
    out.append(',');
    appendKey(out, "gseq");
    appendNumber(out, r.globalSeq);
    out.append(',');
    appendKey(out, "hlc");
    appendString(out, r.change.hlc);
    out.append(',');
    appendKey(out, "id");
    appendString(out, r.change.id);
    out.append(',');
    appendKey(out, "op");
    appendString(out, r.change.op);
    out.append(',');
    appendKey(out, "payload");
    out.append(payloadJson.isEmpty() ? QByteArrayView("{}") : payloadJson).append(',');
    appendKey(out, "record_id");
    appendString(out, r.change.recordId);
    out.append(',');
    appendKey(out, "seq");
    appendNumber(out, r.change.seq);
    out.append(',');
    appendKey(out, "user_id");
    appendString(out, r.change.userId);
    out.append('}');
}

void appendPullPageEnd(QByteArray& out, qint64 last, bool more)
{
    out.append("],\"last\":");
    json::appendNumber(out, last);
    out.append(more ? ",\"more\":true}" : ",\"more\":false}");
}

QByteArray PullPage::encode() const
{
    QByteArray out("{\"changes\":[");
    for (qsizetype i = 0; i < changes.size(); ++i) {
        if (i > 0)
            out.append(',');
        appendRemoteChange(out, changes[i], QJsonDocument(changes[i].change.payload).toJson(QJsonDocument::Compact));
    }
    appendPullPageEnd(out, last, more);
    return out;
}

Result<PullPage> PullPage::decode(const QByteArray& json)
{
    auto o = object(json, "pull page");
    if (!o.ok())
        return o.error();
    PullPage p;
    if (!o->contains(QStringLiteral("last")))
        return Error(ErrorCode::Io, tr("Central's pull page has no cursor."));
    p.last = o->value(QStringLiteral("last")).toInteger();
    p.more = o->value(QStringLiteral("more")).toBool();
    for (const QJsonValue& v : o->value(QStringLiteral("changes")).toArray()) {
        auto c = remoteChangeFromJson(v.toObject());
        if (!c.ok())
            return c.error();
        p.changes << c.value();
    }
    return p;
}

} // namespace vax::sync

#include "Messages.h"

#include "app/store/Entity.h"

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
    QJsonArray acc;
    for (const auto& [id, seq] : accepted)
        acc.append(QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("gseq"), seq}});
    QJsonArray rej;
    for (const PushRejection& r : rejected) {
        rej.append(QJsonObject{{QStringLiteral("id"), r.changeId}, {QStringLiteral("seq"), r.seq}, {QStringLiteral("entity"), r.entity},
            {QStringLiteral("record_id"), r.recordId}, {QStringLiteral("code"), r.code}, {QStringLiteral("reason"), r.reason}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("accepted"), acc}, {QStringLiteral("rejected"), rej},
                             {QStringLiteral("acked_through"), ackedThrough}, {QStringLiteral("conflicts"), conflicts},
                             {QStringLiteral("clock_ahead_ms"), clockAheadMs}, {QStringLiteral("held_from"), heldFrom},
                             {QStringLiteral("held_reason"), heldReason}, {QStringLiteral("held_message"), heldMessage},
                             {QStringLiteral("resend_from"), resendFrom}})
        .toJson(QJsonDocument::Compact);
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

QByteArray PullPage::encode() const
{
    QJsonArray list;
    for (const RemoteChange& c : changes)
        list.append(remoteChangeToJson(c));
    return QJsonDocument(QJsonObject{{QStringLiteral("changes"), list}, {QStringLiteral("last"), last}, {QStringLiteral("more"), more}})
        .toJson(QJsonDocument::Compact);
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

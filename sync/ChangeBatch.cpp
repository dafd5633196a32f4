#include "ChangeBatch.h"

#include "app/common/Uuid.h"
#include "app/store/Entity.h"
#include "sync/JsonText.h"
#include "sync/Protocol.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace vax::sync {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ChangeBatch", text);
}

} // namespace

QByteArray ChangeBatch::encode() const
{
    // Written by hand: built as QJsonObjects, a batch's envelope costs more than its records.
    using namespace json;
    QByteArray out;
    out.reserve(changes.size() * 1024 + 128);
    out.append("{\"changes\":[");
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const ChangeEntry& c = changes[i];
        out.append(i == 0 ? "{" : ",{");
        if (!c.base.isEmpty()) {
            appendKey(out, "base");
            out.append(QJsonDocument(c.base).toJson(QJsonDocument::Compact)).append(',');
        }
        appendKey(out, "created_at");
        appendString(out, c.createdAt);
        out.append(',');
        appendKey(out, "entity");
        appendString(out, c.entity);
        out.append(',');
        appendKey(out, "hlc");
        appendString(out, c.hlc);
        out.append(',');
        appendKey(out, "id");
        appendString(out, c.id);
        out.append(',');
        appendKey(out, "op");
        appendString(out, c.op);
        out.append(',');
        appendKey(out, "payload");
        out.append(c.payloadJson.isEmpty() ? QJsonDocument(c.payload).toJson(QJsonDocument::Compact) : c.payloadJson).append(',');
        appendKey(out, "record_id");
        appendString(out, c.recordId);
        out.append(',');
        appendKey(out, "seq");
        appendNumber(out, c.seq);
        out.append(',');
        appendKey(out, "user_id");
        appendString(out, c.userId);
        out.append('}');
    }
    out.append("],");
    appendKey(out, "device_id");
    appendString(out, deviceId);
    out.append(',');
    appendKey(out, "protocol");
    appendNumber(out, protocol);
    out.append('}');
    return out;
}

Result<ChangeBatch> ChangeBatch::decode(const QByteArray& json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject())
        return Error::invalid(QStringLiteral("batch"), tr("The batch is not JSON (%1 at byte %2).").arg(parseError.errorString()).arg(parseError.offset));
    const QJsonObject o = doc.object();
    ChangeBatch batch;
    batch.protocol = o.value(QStringLiteral("protocol")).toInt();
    if (batch.protocol != kProtocolVersion) {
        return Error(ErrorCode::Conflict,
            tr("The batch uses sync protocol %1; this VaxStation speaks %2: update the older side.").arg(batch.protocol).arg(kProtocolVersion));
    }
    batch.deviceId = o.value(QStringLiteral("device_id")).toString();
    if (!Uuid::isValid(batch.deviceId))
        return Error::invalid(QStringLiteral("device_id"), tr("The batch names no valid device."));
    qint64 previous = 0;
    const QJsonArray list = o.value(QStringLiteral("changes")).toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject c = list[i].toObject();
        ChangeEntry e{c.value(QStringLiteral("seq")).toInteger(), c.value(QStringLiteral("id")).toString(),
            c.value(QStringLiteral("entity")).toString(), c.value(QStringLiteral("record_id")).toString(),
            c.value(QStringLiteral("op")).toString(), c.value(QStringLiteral("payload")).toObject(),
            c.value(QStringLiteral("hlc")).toString(), c.value(QStringLiteral("user_id")).toString(),
            c.value(QStringLiteral("created_at")).toString(), c.value(QStringLiteral("base")).toObject()};
        const QString where = tr("change %1 of the batch").arg(i + 1);
        if (e.seq <= previous)
            return Error::invalid(QStringLiteral("seq"), tr("%1: sequence numbers must increase.").arg(where));
        if (!Uuid::isValid(e.id))
            return Error::invalid(QStringLiteral("id"), tr("%1 has no valid change id.").arg(where));
        if (!entityFromName(e.entity))
            return Error::invalid(QStringLiteral("entity"), tr("%1 is of unknown kind '%2'.").arg(where, e.entity));
        if (e.op != QLatin1String("insert") && e.op != QLatin1String("update"))
            return Error::invalid(QStringLiteral("op"), tr("%1: operation must be insert or update.").arg(where));
        if (e.recordId.isEmpty() || e.payload.value(QStringLiteral("id")).toString() != e.recordId)
            return Error::invalid(QStringLiteral("record_id"), tr("%1: the payload is not of record %2.").arg(where, e.recordId));
        if (e.op == QLatin1String("update") && isEvent(*entityFromName(e.entity)))
            return Error::invalid(QStringLiteral("op"), tr("%1 updates a %2, which is append-only.").arg(where, e.entity));
        previous = e.seq;
        batch.changes << e;
    }
    return batch;
}

ChangeBatch nextBatch(SiteStore& store, qint64 ackedSeq, int limit)
{
    ChangeBatch batch;
    batch.protocol = kProtocolVersion;
    batch.deviceId = store.identity().deviceId;
    // Never split what one transaction wrote (a dose and its stock movement): central sees a
    // fact whole. The changes of one write share their time to the millisecond.
    constexpr int kLookAhead = 256;
    QList<ChangeEntry> changes = store.changesAfter(ackedSeq, limit + kLookAhead, SiteStore::ChangeForm::AsStored);
    qsizetype end = std::min<qsizetype>(limit, changes.size());
    while (end > 0 && end < changes.size() && changes[end].createdAt == changes[end - 1].createdAt)
        ++end;
    changes.resize(end);
    batch.changes = std::move(changes);
    return batch;
}

} // namespace vax::sync

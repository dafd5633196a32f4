#include "CentralChanges.h"

#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/common/Uuid.h"
#include "app/store/Entity.h"
#include "server/CentralDatabase.h"
#include "sync/Protocol.h"

#include <QJsonDocument>

namespace vax::server {

CentralChanges::CentralChanges(CentralDatabase& db, const Clock& clock)
    : m_db(db)
    , m_clock(clock)
    , m_hlc(QLatin1String(kCentralNode), clock)
{
    // Central's stamps come after every stamp central made before, in any process.
    if (const auto last = Hlc::parse(m_db.scalar(QStringLiteral("SELECT max(hlc) FROM change_feed WHERE device_id = ?"),
                                              {QLatin1String(kCentralDeviceId)})
                                      .toString()))
        m_hlc.witness(*last);
}

std::optional<QJsonObject> CentralChanges::state(const QString& entity, const QString& id)
{
    // An event's state is its insert in the feed (central schema 3).
    const auto kind = entityFromName(entity);
    const QVariant data = kind && isEvent(*kind)
        ? m_db.scalar(QStringLiteral("SELECT payload FROM change_feed WHERE entity = ? AND record_id = ? AND op = 'insert' ORDER BY gseq LIMIT 1"),
              {entity, id})
        : m_db.scalar(QStringLiteral("SELECT data FROM record_state WHERE entity = ? AND id = ?"), {entity, id});
    if (data.isNull())
        return std::nullopt;
    return QJsonDocument::fromJson(data.toString().toUtf8()).object();
}

std::optional<Site> CentralChanges::siteByCode(const QString& code)
{
    const auto s = state(QStringLiteral("site"), Site::idFor(code));
    if (!s)
        return std::nullopt;
    return Site::fromRecord(*s);
}

Result<PushOutcome> CentralChanges::submit(QList<std::pair<QString, QJsonObject>> records, const QString& op,
    const std::function<Result<void>()>& precondition)
{
    if (records.isEmpty())
        return PushOutcome{};
    auto counter = m_db.query(QStringLiteral("UPDATE seq_counter SET value = value + ? WHERE name = 'central' RETURNING value"),
        {qint64(records.size())});
    if (!counter.ok())
        return counter.error();
    if (!counter.value()->next())
        return Error(ErrorCode::Storage, tr("Central's own change counter is missing."));
    qint64 seq = counter.value()->value(0).toLongLong() - records.size();
    counter.value()->finish();

    sync::ChangeBatch batch;
    batch.protocol = sync::kProtocolVersion;
    batch.deviceId = QLatin1String(kCentralDeviceId);
    const QString now = toIsoWithOffset(m_clock.now());
    for (auto& [entity, record] : records) {
        const QString hlc = m_hlc.tick().toString();
        if (op == QLatin1String("insert")) {
            record.insert(QStringLiteral("created_at"), now);
            record.insert(QStringLiteral("created_by"), QLatin1String(kCentralDeviceId));
            record.insert(QStringLiteral("hlc"), hlc);
        }
        ChangeEntry c;
        c.seq = ++seq;
        c.id = Uuid::v7(m_clock.now().toMSecsSinceEpoch());
        c.entity = entity;
        c.recordId = record.value(QLatin1String("id")).toString();
        c.op = op;
        c.payload = record;
        c.hlc = hlc;
        c.createdAt = now;
        batch.changes << c;
    }
    ChangeIngest ingest(m_db, m_clock);
    auto out = ingest.ingest(DeviceContext::centralItself(), batch, QStringLiteral("central"), precondition);
    if (out.ok() && !out->rejected.isEmpty())
        return Error::invalid(out->rejected.first().entity, out->rejected.first().reason);
    return out;
}

} // namespace vax::server

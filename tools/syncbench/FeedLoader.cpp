#include "FeedLoader.h"

#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/store/SiteStore.h"
#include "db/EntitySpec.h"
#include "tools/syncbench/PgSession.h"

#include <QJsonDocument>

namespace vax::bench {

namespace {

constexpr int kPage = 10000;

} // namespace

Result<qint64> loadPeopleIntoFeed(const QString& conninfo, SiteStore& device)
{
    const qint64 pending = device.pendingChanges();
    const qint64 after = device.sync().state().pushedThrough;
    if (pending == 0)
        return qint64(0);
    auto pg = PgSession::connect(conninfo);
    if (!pg.ok())
        return pg.error();
    PgSession& s = *pg.value();
    if (auto r = s.exec("BEGIN"); !r.ok())
        return r.error();
    auto last = s.value(QStringLiteral("UPDATE seq_counter SET value = value + %1 WHERE name = 'change' RETURNING value").arg(pending).toUtf8());
    if (!last.ok())
        return last.error();
    qint64 gseq = last->toLongLong() - pending;
    if (auto r = s.copyInStart("COPY change_feed (gseq, id, device_id, device_seq, entity, record_id, op, payload, hlc, user_id, "
                               "created_at, site_id, team_id, person_id, received_at, via) FROM STDIN");
        !r.ok())
        return r.error();
    const SiteIdentity& identity = device.identity();
    const QString receivedAt = toIsoWithOffset(SystemClock().now());
    const db::EntitySpec& spec = db::specFor(Entity::Person);
    qint64 loaded = 0;
    qint64 seq = after;
    for (;;) {
        const QList<ChangeEntry> page = device.changesAfter(seq, kPage);
        if (page.isEmpty())
            break;
        QByteArray text;
        for (const ChangeEntry& c : page) {
            if (c.entity != QLatin1String("person") || c.op != QLatin1String("insert"))
                return Error(ErrorCode::Invalid, QStringLiteral("change %1 is a %2 %3, not a new person").arg(c.seq).arg(c.op, c.entity));
            auto payload = spec.normalize(c.payload);
            if (!payload.ok())
                return payload.error();
            if (loaded + 1 > pending)
                return Error(ErrorCode::Conflict, QStringLiteral("the change log grew while it was loaded"));
            const QString fields[] = {QString::number(++gseq), c.id, identity.deviceId, QString::number(c.seq), c.entity, c.recordId, c.op,
                QString::fromUtf8(QJsonDocument(payload.value()).toJson(QJsonDocument::Compact)), c.hlc, c.userId, c.createdAt,
                identity.siteId, identity.teamId, c.recordId, receivedAt, QStringLiteral("push")};
            for (const QString& field : fields) {
                if (field.isEmpty())
                    PgSession::appendCopyNull(text);
                else
                    PgSession::appendCopyText(text, field);
                text.append('\t');
            }
            text.back() = '\n';
            ++loaded;
            seq = c.seq;
        }
        if (auto r = s.copyInPut(text); !r.ok())
            return r.error();
    }
    if (auto r = s.copyInEnd(); !r.ok())
        return r.error();
    if (loaded != pending)
        return Error(ErrorCode::Conflict, QStringLiteral("loaded %1 changes of the %2 pending").arg(loaded).arg(pending));
    if (auto r = s.exec(QStringLiteral("UPDATE device SET last_seq = %1 WHERE id = '%2'").arg(seq).arg(identity.deviceId).toUtf8()); !r.ok())
        return r.error();
    if (auto r = s.exec("COMMIT"); !r.ok())
        return r.error();
    if (auto r = device.sync().acknowledgePush(seq, {}); !r.ok())
        return r.error();
    return loaded;
}

} // namespace vax::bench

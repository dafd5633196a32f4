#include "ChangeIngest.h"

#include "server/CentralDatabase.h"
#include "server/PgBulk.h"
#include "server/SqlChunks.h"

#include <QSet>

// Where a batch meets central's tables: what it already holds of the batch (change ids, the
// records the changes touch and point to), and the rows the batch adds (feed, record states,
// dose index). A few statements per batch on either database: on PostgreSQL the keys go as one
// array and new rows by COPY; on SQLite, fixed-shape chunks of IN lists and multi-row inserts.
namespace vax::server {

namespace {

QVariant orNull(const QString& s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

} // namespace

Result<QHash<QString, std::pair<qint64, QString>>> ChangeIngest::knownChanges(const QStringList& ids)
{
    QHash<QString, std::pair<qint64, QString>> known;  // id -> gseq, device
    if (m_bulk) {
        auto t = m_bulk->query("SELECT id, gseq, device_id FROM change_feed WHERE id = ANY($1::text[])", {PgBulk::textArray(ids)});
        if (!t.ok())
            return t.error();
        for (int row = 0; row < t->rows(); ++row)
            known.insert(t->text(row, 0), {t->integer(row, 1), t->text(row, 2)});
        return known;
    }
    auto r = forChunks(m_db, QStringLiteral("SELECT id, gseq, device_id FROM change_feed WHERE id IN (%1)").arg(marks(kChunkRows)), {}, ids,
        [&known](const QSqlQuery& q) { known.insert(q.value(0).toString(), {q.value(1).toLongLong(), q.value(2).toString()}); });
    if (!r.ok())
        return r.error();
    return known;
}

Result<void> ChangeIngest::loadStates(const QList<std::pair<QString, QString>>& wanted)
{
    // Each record once (a batch points to the same lot and site hundreds of times); an event
    // from its insert in the feed, any other record from record_state.
    QHash<QString, QStringList> byEntity;
    QSet<Key> asked;
    for (const auto& [entity, id] : wanted) {
        Key k = key(entity, id);
        if (!m_states.contains(k) && !asked.contains(k)) {
            asked.insert(k);
            byEntity[entity] << id;
        }
    }
    // The record's JSON stays text until something reads it: most are only pointed to.
    auto add = [this](const QString& entity, const QString& id, const QString& site, const QString& team, const QByteArray& data,
                   const QByteArray& fieldHlc, const QString& hlc) {
        State s;
        s.siteId = site;
        s.teamId = team;
        s.fields = LazyJson::fromText(data);
        s.fieldHlc = LazyJson::fromText(fieldHlc.isEmpty() ? QByteArrayLiteral("{}") : fieldHlc);
        s.hlc = hlc;
        s.exists = true;
        m_states.insert(key(entity, id), s);  // (an event sent twice: the first insert stays)
    };
    if (m_bulk) {
        QStringList entities[2];
        QStringList ids[2];
        for (auto it = byEntity.cbegin(); it != byEntity.cend(); ++it) {
            const int event = isEventName(it.key()) ? 1 : 0;
            for (const QString& id : it.value()) {
                entities[event] << it.key();
                ids[event] << id;
            }
        }
        // One index probe per key, whatever the table's size (OFFSET 0 / LIMIT keep the planner
        // from turning it into a hash join over the whole table).
        const char* const sql[2] = {"SELECT w.entity, w.id, r.site_id, r.team_id, r.data, r.field_hlc, r.hlc "
                                    "FROM unnest($1::text[], $2::text[]) AS w(entity, id) CROSS JOIN LATERAL "
                                    "(SELECT site_id, team_id, data, field_hlc, hlc FROM record_state "
                                    "WHERE entity = w.entity AND id = w.id OFFSET 0) AS r",
            "SELECT w.entity, w.id, f.site_id, f.team_id, f.payload, NULL, f.hlc "
            "FROM unnest($1::text[], $2::text[]) AS w(entity, id) CROSS JOIN LATERAL "
            "(SELECT site_id, team_id, payload, hlc FROM change_feed "
            "WHERE record_id = w.id AND entity = w.entity AND op = 'insert' ORDER BY gseq LIMIT 1) AS f"};
        for (int event = 0; event < 2; ++event) {
            if (ids[event].isEmpty())
                continue;
            auto t = m_bulk->query(sql[event], {PgBulk::textArray(entities[event]), PgBulk::textArray(ids[event])});
            if (!t.ok())
                return t.error();
            for (int row = 0; row < t->rows(); ++row)
                add(t->text(row, 0), t->text(row, 1), t->text(row, 2), t->text(row, 3), t->bytes(row, 4), t->bytes(row, 5), t->text(row, 6));
        }
        return {};
    }
    for (auto it = byEntity.cbegin(); it != byEntity.cend(); ++it) {
        const QString sql = isEventName(it.key())
            ? QStringLiteral("SELECT record_id, site_id, team_id, payload, NULL, hlc FROM change_feed WHERE entity = ? AND op = 'insert' "
                             "AND record_id IN (%1) ORDER BY gseq DESC")
            : QStringLiteral("SELECT id, site_id, team_id, data, field_hlc, hlc FROM record_state WHERE entity = ? AND id IN (%1)");
        auto r = forChunks(m_db, sql.arg(marks(kChunkRows)), {it.key()}, it.value(), [&](const QSqlQuery& q) {
            add(it.key(), q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString().toUtf8(),
                q.value(4).toString().toUtf8(), q.value(5).toString());
        });
        if (!r.ok())
            return r;
    }
    return {};
}

Result<void> ChangeIngest::writeFeed(const QList<FeedRow>& rows, const QString& deviceId, const QString& via)
{
    // Who may see each change: its site (and team), the person it is about, and the other
    // site of a movement between sites (a store's shipment, the site's receipt of it).
    struct Scope {
        QString site;
        QString team;
        QString person;
        QString toSite;
    };
    QList<Scope> scopes;
    scopes.reserve(rows.size());
    for (const FeedRow& row : rows) {
        const ChangeEntry& c = row.change;
        const State& state = m_states[key(c.entity, c.recordId)];
        Scope scope{state.siteId, state.teamId, {}, {}};
        if (c.entity == QLatin1String("person")) {
            scope.person = c.recordId;
        } else if (c.entity == QLatin1String("correction")) {
            const QString target = key(c.payload.value(QLatin1String("entity")).toString(), c.payload.value(QLatin1String("target_id")).toString());
            scope.person = m_states.value(target).data().value(QLatin1String("person_id")).toString();
        } else if (c.entity == QLatin1String("stock_movement")) {
            // A dose's movement (given, or given back when it was voided) goes with the
            // person, so a site that attached them gets the whole dose.
            scope.person = personOfInjection(c.payload.value(QLatin1String("ref_id")).toString());
            scope.toSite = siteScopeOf(c.payload.value(QLatin1String("counterpart_id")).toString());
            if (scope.toSite == scope.site)
                scope.toSite.clear();
        } else {
            scope.person = state.data().value(QLatin1String("person_id")).toString();
        }
        if (c.entity == QLatin1String("site"))
            scope.site = siteScopeOf(c.recordId);
        scopes << scope;
    }

    if (m_bulk) {
        PgBulk::CopyRows copy;
        copy.reserve(rows.size() * 1024);
        const QByteArray device = deviceId.toUtf8();
        const QByteArray now = m_now.toUtf8();
        const QByteArray how = via.toUtf8();
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const ChangeEntry& c = rows[i].change;
            const Scope& s = scopes[i];
            copy.number(rows[i].gseq).text(c.id).utf8(device).number(c.seq).text(c.entity).text(c.recordId).text(c.op);
            copy.utf8(rows[i].payload).text(c.hlc).text(c.userId).text(c.createdAt).text(s.site).text(s.team).text(s.person);
            copy.utf8(now).utf8(how).text(s.toSite).endRow();
        }
        return m_bulk->copy("change_feed (gseq, id, device_id, device_seq, entity, record_id, op, payload, hlc, user_id, created_at, "
                            "site_id, team_id, person_id, received_at, via, to_site_id)",
            copy);
    }
    constexpr int kColumns = 17;
    for (qsizetype start = 0; start < rows.size(); start += kChunkRows) {
        const int n = int(std::min<qsizetype>(kChunkRows, rows.size() - start));
        QSqlQuery& q = m_db.prepared(QStringLiteral("INSERT INTO change_feed (gseq, id, device_id, device_seq, entity, record_id, op, payload, "
                                                    "hlc, user_id, created_at, site_id, team_id, person_id, received_at, via, to_site_id) VALUES %1")
                                         .arg(valueRows(n, kColumns)));
        int b = 0;
        for (qsizetype i = start; i < start + n; ++i) {
            const ChangeEntry& c = rows[i].change;
            const Scope& s = scopes[i];
            const QVariantList values{rows[i].gseq, c.id, deviceId, c.seq, c.entity, c.recordId, c.op, QString::fromUtf8(rows[i].payload), c.hlc,
                orNull(c.userId), c.createdAt, orNull(s.site), orNull(s.team), orNull(s.person), m_now, via, orNull(s.toSite)};
            for (const QVariant& v : values)
                q.bindValue(b++, v);
        }
        if (auto r = m_db.run(q); !r.ok())
            return r;
    }
    return {};
}

Result<void> ChangeIngest::writeStates()
{
    QList<std::pair<Key, State*>> dirty;
    PgBulk::CopyRows copy;  // records new to central, on PostgreSQL
    for (auto it = m_states.begin(); it != m_states.end(); ++it) {
        if (!it->dirty || isEventName(it.key().left(it.key().indexOf(QLatin1Char('/')))))
            continue;  // an event's state is its insert in the feed
        if (m_bulk && it->created && !it->exists) {
            const qsizetype slash = it.key().indexOf(QLatin1Char('/'));
            copy.text(it.key().left(slash)).text(it.key().mid(slash + 1)).text(it->siteId).text(it->teamId);
            copy.utf8(it->fields.text()).utf8(it->fieldHlc.text()).text(it->hlc).number(it->gseq).endRow();
        } else {
            dirty << std::pair{it.key(), &*it};
        }
    }
    if (m_bulk) {
        if (auto r = m_bulk->copy("record_state (entity, id, site_id, team_id, data, field_hlc, hlc, gseq)", copy); !r.ok())
            return r;
    }
    constexpr int kColumns = 8;
    for (qsizetype start = 0; start < dirty.size(); start += kChunkRows) {
        const int n = int(std::min<qsizetype>(kChunkRows, dirty.size() - start));
        QSqlQuery& q = m_db.prepared(QStringLiteral("INSERT INTO record_state (entity, id, site_id, team_id, data, field_hlc, hlc, gseq) VALUES %1 "
                                                    "ON CONFLICT (entity, id) DO UPDATE SET site_id = excluded.site_id, team_id = excluded.team_id, "
                                                    "data = excluded.data, field_hlc = excluded.field_hlc, hlc = excluded.hlc, gseq = excluded.gseq")
                                         .arg(valueRows(n, kColumns)));
        int b = 0;
        for (qsizetype i = start; i < start + n; ++i) {
            const QString& k = dirty[i].first;
            const State& s = *dirty[i].second;
            const qsizetype slash = k.indexOf(QLatin1Char('/'));
            const QVariantList values{k.left(slash), k.mid(slash + 1), orNull(s.siteId), orNull(s.teamId),
                QString::fromUtf8(s.fields.text()), QString::fromUtf8(s.fieldHlc.text()), s.hlc, s.gseq};
            for (const QVariant& v : values)
                q.bindValue(b++, v);
        }
        if (auto r = m_db.run(q); !r.ok())
            return r;
    }
    for (auto it = m_states.begin(); it != m_states.end(); ++it) {
        if (it->dirty)
            it->exists = true;
        it->dirty = false;
    }
    return {};
}

} // namespace vax::server

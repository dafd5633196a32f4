#include "ChangeIngest.h"

#include "app/common/Clock.h"
#include "app/common/Hlc.h"
#include "app/common/Uuid.h"
#include "server/CentralDatabase.h"
#include "server/PgBulk.h"
#include "server/SqlChunks.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <limits>

// The indexes central keeps beside the records (people by document, doses by person, voids by
// dose) and the review list they feed: suspected duplicates and merge conflicts, published into
// the feed for the site's devices, settled by their corrections.
namespace vax::server {

namespace {

// A correction that voids a dose (its stock comes back; it is no dose any more).
bool voidsDose(const ChangeEntry& c)
{
    return c.entity == QLatin1String("correction") && c.payload.value(QLatin1String("entity")).toString() == QLatin1String("injection")
        && c.payload.value(QLatin1String("action")).toString() == QLatin1String("void");
}

} // namespace

Result<void> ChangeIngest::indexPeopleAndDuplicates(const QList<ChangeEntry>& accepted)
{
    QSet<QString> people;
    QList<std::pair<QString, const State*>> injections;
    for (const ChangeEntry& c : accepted) {
        if (c.entity == QLatin1String("person"))
            people.insert(c.recordId);
        else if (c.entity == QLatin1String("injection") && c.op == QLatin1String("insert"))
            injections << std::pair{c.recordId, &m_states[key(c.entity, c.recordId)]};
    }
    // The person index follows the merged state.
    const QStringList personIds(people.cbegin(), people.cend());
    for (qsizetype start = 0; start < personIds.size(); start += kChunkRows) {
        const int n = int(std::min<qsizetype>(kChunkRows, personIds.size() - start));
        QSqlQuery& q = m_db.prepared(
            QStringLiteral("INSERT INTO person_index (id, site_id, full_name, name_folded, birth_date, cccd, cmnd, passport, phone, "
                           "merged_into) VALUES %1 "
                           "ON CONFLICT (id) DO UPDATE SET site_id = excluded.site_id, full_name = excluded.full_name, "
                           "name_folded = excluded.name_folded, birth_date = excluded.birth_date, cccd = excluded.cccd, "
                           "cmnd = excluded.cmnd, passport = excluded.passport, phone = excluded.phone, merged_into = excluded.merged_into")
                .arg(valueRows(n, 10)));
        int b = 0;
        for (qsizetype i = start; i < start + n; ++i) {
            const State& s = m_states[key(QStringLiteral("person"), personIds[i])];
            auto field = [&s](const char* name) {
                const QString v = s.data().value(QLatin1String(name)).toString();
                return v.isEmpty() ? QVariant() : QVariant(v);
            };
            for (const QVariant& v : {QVariant(personIds[i]), QVariant(s.siteId), field("full_name"), field("name_folded"),
                     field("birth_date"), field("cccd"), field("cmnd"), field("passport"), field("phone"), field("merged_into")})
                q.bindValue(b++, v);
        }
        if (auto r = m_db.run(q); !r.ok())
            return r;
    }

    // The same document at two sites: one person registered twice, for a manager to merge.
    QStringList numbers;
    for (const QString& id : personIds) {
        const State& s = m_states[key(QStringLiteral("person"), id)];
        for (const char* f : {"cccd", "cmnd", "passport"}) {
            const QString v = s.data().value(QLatin1String(f)).toString();
            if (!v.isEmpty())
                numbers << v;
        }
    }
    if (!numbers.isEmpty()) {
        QList<std::pair<QString, QString>> pairs;
        // A record merged into another is the same person already: never a duplicate again.
        // One equality join per document kind, each on its own index (an OR join is a nested
        // loop over the whole index).
        const QString join = QStringLiteral(
            "SELECT a.id, b.id, b.site_id FROM person_index a JOIN person_index b ON b.%1 = a.%1 AND b.id <> a.id "
            "WHERE a.%1 %2 AND a.merged_into IS NULL AND b.merged_into IS NULL");
        auto take = [&](const QString& a, const QString& other) {
            if (people.contains(a))
                pairs << std::pair{a, other};
        };
        if (m_bulk) {
            // The numbers as one array: an index probe each (a list of literals got a plan that
            // read the whole index, 40 ms a batch at ten thousand people and growing).
            const QByteArray sql = QStringList{join.arg(QStringLiteral("cccd"), QStringLiteral("= ANY($1::text[])")),
                join.arg(QStringLiteral("cmnd"), QStringLiteral("= ANY($1::text[])")),
                join.arg(QStringLiteral("passport"), QStringLiteral("= ANY($1::text[])"))}
                                       .join(QStringLiteral(" UNION ALL "))
                                       .toUtf8();
            auto t = m_bulk->query(sql.constData(), {PgBulk::textArray(numbers)});
            if (!t.ok())
                return t.error();
            for (int row = 0; row < t->rows(); ++row)
                take(t->text(row, 0), t->text(row, 1));
        } else {
            const QString in = QStringLiteral("IN (%1)").arg(marks(kChunkRows));
            const QString sql = QStringList{join.arg(QStringLiteral("cccd"), in), join.arg(QStringLiteral("cmnd"), in),
                join.arg(QStringLiteral("passport"), in)}
                                    .join(QStringLiteral(" UNION ALL "));
            for (qsizetype start = 0; start < numbers.size(); start += kChunkRows) {
                QStringList three = numbers.mid(start, kChunkRows);
                while (three.size() < kChunkRows)
                    three << three.last();
                QSqlQuery& q = m_db.prepared(sql);
                int b = 0;
                for (int rep = 0; rep < 3; ++rep) {
                    for (const QString& v : three)
                        q.bindValue(b++, v);
                }
                if (auto r = m_db.run(q); !r.ok())
                    return r;
                while (q.next())
                    take(q.value(0).toString(), q.value(1).toString());
                q.finish();
            }
        }
        QSet<QString> seen;
        for (const auto& [a, other] : pairs) {
            const QString pairKey = a < other ? a + other : other + a;
            if (seen.contains(pairKey))
                continue;
            seen.insert(pairKey);
            const bool already = m_db.scalar(QStringLiteral("SELECT count(*) FROM review_item WHERE kind = 'duplicate_person' AND "
                                                            "((record_id = ? AND other_id = ?) OR (record_id = ? AND other_id = ?))"),
                                         {a, other, other, a})
                                     .toInt()
                > 0;
            if (!already) {
                if (auto r = addReview(QStringLiteral("duplicate_person"), m_states[key(QStringLiteral("person"), a)].siteId,
                        QStringLiteral("person"), a, other);
                    !r.ok())
                    return r;
            }
        }
    }

    // The same person and dose number twice: a dose recorded twice, or a wrong dose number.
    // Earlier doses come from the feed (an injection's feed row is scoped to its person), the
    // ones before this batch's: those of the batch are compared one by one below. A voided
    // dose is no dose: a nurse who voids a wrong entry and records it again (in this batch or
    // an earlier one) has nothing for a manager to review.
    QSet<QString> voidedHere;
    for (const ChangeEntry& c : accepted) {
        if (voidsDose(c))
            voidedHere.insert(c.payload.value(QLatin1String("target_id")).toString());
    }
    injections.removeIf([&voidedHere](const std::pair<QString, const State*>& i) { return voidedHere.contains(i.first); });
    if (!injections.isEmpty()) {
        QSet<QString> personSet;
        qint64 batchFrom = std::numeric_limits<qint64>::max();
        for (const auto& [id, s] : injections) {
            personSet.insert(s->data().value(QLatin1String("person_id")).toString());
            batchFrom = std::min(batchFrom, s->gseq);
        }
        const QStringList persons(personSet.cbegin(), personSet.cend());
        QHash<QString, QList<std::pair<QString, int>>> earlier;  // person -> (injection, dose)
        auto take = [&earlier, &voidedHere](const QString& person, const QString& id, const QByteArray& payload) {
            if (!voidedHere.contains(id))
                earlier[person] << std::pair{id, QJsonDocument::fromJson(payload).object().value(QLatin1String("dose_number")).toInt()};
        };
        if (m_bulk) {
            auto t = m_bulk->query("SELECT person_id, record_id, payload FROM change_feed WHERE person_id = ANY($1::text[]) "
                                   "AND entity = 'injection' AND op = 'insert' AND gseq < $2 AND NOT EXISTS "
                                   "(SELECT 1 FROM void_index v WHERE v.target_id = change_feed.record_id)",
                {PgBulk::textArray(persons), QByteArray::number(batchFrom)});
            if (!t.ok())
                return t.error();
            for (int row = 0; row < t->rows(); ++row)
                take(t->text(row, 0), t->text(row, 1), t->bytes(row, 2));
        } else {
            auto r = forChunks(m_db,
                QStringLiteral("SELECT person_id, record_id, payload FROM change_feed WHERE entity = 'injection' AND op = 'insert' "
                               "AND gseq < ? AND NOT EXISTS (SELECT 1 FROM void_index v WHERE v.target_id = change_feed.record_id) "
                               "AND person_id IN (%1)")
                    .arg(marks(kChunkRows)),
                {batchFrom}, persons, [&take](const QSqlQuery& q) { take(q.value(0).toString(), q.value(1).toString(), q.value(2).toByteArray()); });
            if (!r.ok())
                return r;
        }
        for (const auto& [id, s] : injections) {
            const QString person = s->data().value(QLatin1String("person_id")).toString();
            const int dose = s->data().value(QLatin1String("dose_number")).toInt();
            for (const auto& [otherId, otherDose] : earlier.value(person)) {
                if (otherDose == dose && otherId != id) {
                    if (auto a = addReview(QStringLiteral("duplicate_dose"), s->siteId, QStringLiteral("injection"), id, otherId); !a.ok())
                        return a;
                }
            }
            earlier[person] << std::pair{id, dose};
        }
    }
    return {};
}

Result<void> ChangeIngest::addReview(const QString& kind, const QString& siteId, const QString& entity, const QString& recordId,
    const QString& otherId, const QString& field, const QJsonValue& kept, const QJsonValue& lost, const QString& keptHlc,
    const QString& lostHlc)
{
    auto text = [](const QJsonValue& v) -> QVariant {
        if (v.isUndefined() || v.isNull())
            return QVariant();
        return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact));
    };
    auto orNull = [](const QString& s) { return s.isEmpty() ? QVariant() : QVariant(s); };
    const QString id = Uuid::v7(m_clock.now().toMSecsSinceEpoch());
    auto q = m_db.query(QStringLiteral("INSERT INTO review_item (id, kind, site_id, entity, record_id, other_id, field, kept_value, lost_value, "
                                       "kept_hlc, lost_hlc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {id, kind, orNull(siteId), entity, recordId, orNull(otherId), orNull(field), text(kept), text(lost), orNull(keptHlc),
            orNull(lostHlc), m_now});
    if (!q.ok())
        return q.error();
    QJsonObject record{{QStringLiteral("id"), id}, {QStringLiteral("kind"), kind}, {QStringLiteral("entity"), entity},
        {QStringLiteral("record_id"), recordId}, {QStringLiteral("created_at"), m_now},
        {QStringLiteral("created_by"), QLatin1String(kCentralDeviceId)}};
    const QList<std::pair<const char*, QVariant>> optional{{"site_id", orNull(siteId)}, {"other_id", orNull(otherId)},
        {"field", orNull(field)}, {"kept_value", text(kept)}, {"lost_value", text(lost)}, {"kept_hlc", orNull(keptHlc)},
        {"lost_hlc", orNull(lostHlc)}};
    for (const auto& [key, value] : optional) {
        if (!value.isNull())
            record.insert(QLatin1String(key), value.toString());
    }
    m_reviews << record;
    return {};
}

Result<void> ChangeIngest::publishReviews()
{
    if (m_reviews.isEmpty())
        return {};
    const qint64 n = m_reviews.size();
    auto numbers = [this](const char* counter, qint64 count) -> Result<qint64> {
        auto q = m_db.query(QStringLiteral("UPDATE seq_counter SET value = value + ? WHERE name = '%1' RETURNING value").arg(QLatin1String(counter)),
            {count});
        if (!q.ok())
            return q.error();
        if (!q.value()->next())
            return Error(ErrorCode::Storage, tr("Central's %1 counter is missing.").arg(QLatin1String(counter)));
        const qint64 first = q.value()->value(0).toLongLong() - count + 1;
        q.value()->finish();
        return first;
    };
    auto gseq = numbers("change", n);
    if (!gseq.ok())
        return gseq.error();
    auto seq = numbers("central", n);
    if (!seq.ok())
        return seq.error();
    // Central's stamps come after every stamp it made before (and after the batch's).
    HlcClock hlc(QLatin1String(kCentralNode), m_clock);
    if (const auto last = Hlc::parse(m_db.scalar(QStringLiteral("SELECT max(hlc) FROM change_feed WHERE device_id = ?"),
                                              {QLatin1String(kCentralDeviceId)})
                                      .toString()))
        hlc.witness(*last);
    QList<FeedRow> rows;
    for (qint64 i = 0; i < n; ++i) {
        QJsonObject record = m_reviews[i];
        const QString stamp = hlc.tick().toString();
        record.insert(QStringLiteral("hlc"), stamp);
        ChangeEntry c;
        c.seq = seq.value() + i;
        c.id = Uuid::v7(m_clock.now().toMSecsSinceEpoch());
        c.entity = QStringLiteral("review_item");
        c.recordId = record.value(QLatin1String("id")).toString();
        c.op = QStringLiteral("insert");
        c.payload = record;
        c.hlc = stamp;
        c.createdAt = m_now;
        const QByteArray json = QJsonDocument(record).toJson(QJsonDocument::Compact);
        State& s = m_states[key(c.entity, c.recordId)];
        s.fields.set(record, json);
        s.hlc = stamp;
        s.siteId = record.value(QLatin1String("site_id")).toString();
        s.dirty = true;
        s.gseq = gseq.value() + i;
        rows << FeedRow{c, gseq.value() + i, json};
    }
    m_reviews.clear();
    if (auto w = writeFeed(rows, QLatin1String(kCentralDeviceId), QStringLiteral("review")); !w.ok())
        return w;
    return writeStates();
}

Result<void> ChangeIngest::indexVoids(const QList<ChangeEntry>& accepted)
{
    for (const ChangeEntry& c : accepted) {
        if (!voidsDose(c))
            continue;
        const QString target = c.payload.value(QLatin1String("target_id")).toString();
        const QString site = m_states.value(key(QStringLiteral("correction"), c.recordId)).siteId;
        const QString earlier = m_db.scalar(QStringLiteral("SELECT correction_id FROM void_index WHERE target_id = ? LIMIT 1"), {target}).toString();
        auto q = m_db.query(QStringLiteral("INSERT INTO void_index (correction_id, target_id, site_id) VALUES (?, ?, ?)"),
            {c.recordId, target, site.isEmpty() ? QVariant() : QVariant(site)});
        if (!q.ok())
            return q.error();
        // Voided again, on another laptop: its dose went back to stock twice.
        if (!earlier.isEmpty()) {
            if (auto r = addReview(QStringLiteral("duplicate_void"), site, QStringLiteral("injection"), target, earlier); !r.ok())
                return r;
        }
    }
    return {};
}

Result<void> ChangeIngest::settleReviews(const QList<ChangeEntry>& accepted)
{
    for (const ChangeEntry& c : accepted) {
        if (c.entity != QLatin1String("correction") || c.payload.value(QLatin1String("entity")).toString() != QLatin1String("review_item"))
            continue;
        auto q = m_db.query(QStringLiteral("UPDATE review_item SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL"),
            {m_now, c.payload.value(QLatin1String("reason")).toString(), c.payload.value(QLatin1String("target_id")).toString()});
        if (!q.ok())
            return q.error();
    }
    return {};
}

} // namespace vax::server

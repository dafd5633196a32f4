#include "ConvergenceSnapshot.h"

#include "app/store/Entity.h"
#include "db/Connection.h"
#include "db/EntitySpec.h"
#include "tests/support/SyncRig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace vax::test::convergence {

namespace {

QString text(const QJsonValue& v)
{
    if (v.isUndefined())
        return QStringLiteral("(absent)");
    if (v.isString())
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

QJsonObject parse(const QString& json)
{
    return QJsonDocument::fromJson(json.toUtf8()).object();
}

// The differences between one record as two sides hold it, field by field.
void compareRecord(const QString& where, const QString& nameA, const ConvergenceRecord& a, const QString& nameB,
    const ConvergenceRecord& b, QStringList& out)
{
    QSet<QString> keys;
    for (const QString& k : a.data.keys())
        keys.insert(k);
    for (const QString& k : b.data.keys())
        keys.insert(k);
    QStringList sorted(keys.cbegin(), keys.cend());
    sorted.sort();
    for (const QString& k : sorted) {
        if (a.data.value(k) != b.data.value(k)) {
            out << QStringLiteral("%1 field %2: %3 has %4, %5 has %6")
                       .arg(where, k, nameA, text(a.data.value(k)), nameB, text(b.data.value(k)));
        }
    }
    QSet<QString> stamped;
    for (const QString& k : a.fieldHlc.keys())
        stamped.insert(k);
    for (const QString& k : b.fieldHlc.keys())
        stamped.insert(k);
    QStringList stampedSorted(stamped.cbegin(), stamped.cend());
    stampedSorted.sort();
    const QString hlcA = a.data.value(QLatin1String("hlc")).toString();
    const QString hlcB = b.data.value(QLatin1String("hlc")).toString();
    for (const QString& k : stampedSorted) {
        // A field never changed carries the record's stamp.
        const QString sa = a.fieldHlc.value(k).toString(hlcA);
        const QString sb = b.fieldHlc.value(k).toString(hlcB);
        if (sa != sb)
            out << QStringLiteral("%1 field %2 stamp: %3 has %4, %5 has %6").arg(where, k, nameA, sa, nameB, sb);
    }
}

} // namespace

const QStringList& syncedTables()
{
    static const QStringList tables{QStringLiteral("person"), QStringLiteral("lot"), QStringLiteral("stock_movement"),
        QStringLiteral("injection"), QStringLiteral("correction"), QStringLiteral("visit"), QStringLiteral("screening"),
        QStringLiteral("observation"), QStringLiteral("adverse_event")};
    return tables;
}

ConvergenceSnapshot readDevice(TestDevice& device)
{
    ConvergenceSnapshot out;
    QSqlDatabase& db = device.store().connection().database();
    for (const QString& table : syncedTables()) {
        const db::EntitySpec& spec = db::specFor(*entityFromName(table));
        QSqlQuery q(db);
        q.setForwardOnly(true);
        const QString sql = QStringLiteral("SELECT %1%2 FROM %3")
                                .arg(spec.selectList(), spec.mutableRecord ? QStringLiteral(", field_hlc") : QString(), spec.tableName());
        if (!q.exec(sql))
            qFatal("cannot read %s on %s: %s", qPrintable(table), qPrintable(device.name()), qPrintable(q.lastError().text()));
        ConvergenceTable& rows = out[table];
        while (q.next()) {
            ConvergenceRecord r;
            r.data = spec.read(q);
            if (spec.mutableRecord)
                r.fieldHlc = parse(q.value(int(spec.columns.size())).toString());
            rows.insert(r.data.value(QLatin1String("id")).toString(), r);
        }
    }
    return out;
}

ConvergenceSnapshot readCentral(CentralRig& central, const QString& siteId)
{
    // Records that change from record_state; an event (never changed) from its insert in the feed.
    ConvergenceSnapshot out;
    QStringList mutableTables;
    QStringList eventTables;
    for (const QString& table : syncedTables()) {
        out[table];
        (isEvent(*entityFromName(table)) ? eventTables : mutableTables) << table;
    }
    auto inList = [](const QStringList& tables) -> QString { return QStringLiteral("'") + tables.join(QStringLiteral("','")) + QStringLiteral("'"); };
    QList<QVariantList> rows = central.rows(QStringLiteral("SELECT entity, id, data, field_hlc FROM record_state WHERE entity IN (%1) "
                                                           "AND (site_id = ? OR entity = 'lot')")
                                                .arg(inList(mutableTables)),
        {siteId});
    rows += central.rows(QStringLiteral("SELECT entity, record_id, payload, '{}' FROM change_feed WHERE entity IN (%1) AND op = 'insert' "
                                        "AND site_id = ? ORDER BY gseq DESC")
                             .arg(inList(eventTables)),
        {siteId});
    for (const QVariantList& row : rows) {
        ConvergenceRecord r{parse(row[2].toString()), parse(row[3].toString())};
        out[row[0].toString()].insert(row[1].toString(), r);
    }
    return out;
}

QStringList compare(const QString& nameA, const ConvergenceSnapshot& a, const QString& nameB, const ConvergenceSnapshot& b,
    Scope scope, const QStringList& tables)
{
    QStringList out;
    for (const QString& table : tables.isEmpty() ? syncedTables() : tables) {
        const ConvergenceTable ta = a.value(table);
        const ConvergenceTable tb = b.value(table);
        for (auto it = ta.cbegin(); it != ta.cend(); ++it) {
            const QString where = QStringLiteral("%1 %2").arg(table, it.key());
            const auto other = tb.constFind(it.key());
            if (other == tb.cend()) {
                out << QStringLiteral("%1: on %2, missing on %3").arg(where, nameA, nameB);
            } else if (scope == Scope::Within && table == QLatin1String("lot")) {
                // A lot is one record wherever it is received; everyone keeps the stamp of its
                // first receipt. A device that never pulls cannot learn that another site's
                // came first, so only the lot's facts must agree there, not its stamps.
                ConvergenceRecord mine{it->data, {}};
                ConvergenceRecord theirs{other->data, {}};
                for (const char* key : {"site_id", "team_id", "created_by", "created_at", "hlc"}) {
                    mine.data.remove(QLatin1String(key));
                    theirs.data.remove(QLatin1String(key));
                }
                compareRecord(where, nameA, mine, nameB, theirs, out);
            } else {
                compareRecord(where, nameA, *it, nameB, *other, out);
            }
        }
        if (scope == Scope::Same) {
            for (auto it = tb.cbegin(); it != tb.cend(); ++it) {
                if (!ta.contains(it.key()))
                    out << QStringLiteral("%1 %2: on %3, missing on %4").arg(table, it.key(), nameB, nameA);
            }
        }
    }
    return out;
}

QMap<HolderLot, qint64> ledgerSums(const ConvergenceSnapshot& snapshot)
{
    QMap<HolderLot, qint64> out;
    const ConvergenceTable movements = snapshot.value(QStringLiteral("stock_movement"));
    for (const ConvergenceRecord& m : movements) {
        const HolderLot key{m.data.value(QLatin1String("holder_id")).toString(), m.data.value(QLatin1String("lot_id")).toString()};
        out[key] += m.data.value(QLatin1String("doses")).toInteger();
    }
    return out;
}

QMap<HolderLot, qint64> cachedBalances(TestDevice& device)
{
    QMap<HolderLot, qint64> out;
    QSqlQuery q(device.store().connection().database());
    if (!q.exec(QStringLiteral("SELECT holder_id, lot_id, doses FROM stock_balance")))
        qFatal("cannot read stock_balance on %s: %s", qPrintable(device.name()), qPrintable(q.lastError().text()));
    while (q.next())
        out.insert({q.value(0).toString(), q.value(1).toString()}, q.value(2).toLongLong());
    return out;
}

QString report(const QString& title, const QStringList& problems, int max)
{
    QStringList lines{QStringLiteral("%1: %2 problem(s)").arg(title).arg(problems.size())};
    for (qsizetype i = 0; i < problems.size() && i < max; ++i)
        lines << QStringLiteral("  ") + problems[i];
    if (problems.size() > max)
        lines << QStringLiteral("  … and %1 more").arg(problems.size() - max);
    return lines.join(QLatin1Char('\n'));
}

} // namespace vax::test::convergence

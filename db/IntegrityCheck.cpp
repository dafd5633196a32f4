#include "IntegrityCheck.h"

#include "db/AuditChain.h"
#include "db/Connection.h"
#include "db/EntitySpec.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace vax::db {

namespace {

QString tr(const char* text, const char* disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("IntegrityCheck", text, disambiguation, n);
}

constexpr int kMaxReported = 50;

} // namespace

IntegrityCheck::IntegrityCheck(Connection& connection, AuditChain& audit)
    : m_connection(connection)
    , m_audit(audit)
{
}

IntegrityReport IntegrityCheck::run()
{
    IntegrityReport report;
    checkSqlite(report);
    report.problems << m_audit.verify(&report.auditEntries);
    checkRecords(report);
    checkLedger(report);
    checkOpenVials(report);
    checkNameSearch(report);
    return report;
}

void IntegrityCheck::checkSqlite(IntegrityReport& report)
{
    QSqlQuery q(m_connection.database());
    q.exec(QStringLiteral("PRAGMA quick_check"));
    while (q.next()) {
        const QString line = q.value(0).toString();
        if (line != QLatin1String("ok"))
            report.problems << tr("SQLite: %1").arg(line);
    }
    q.exec(QStringLiteral("PRAGMA foreign_key_check"));
    while (q.next()) {
        report.problems << tr("Table %1 row %2 points to a missing %3 record.")
                               .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString());
    }
}

void IntegrityCheck::checkRecords(IntegrityReport& report)
{
    for (const EntitySpec& spec : allSpecs()) {
        const QString entity = entityName(spec.entity);
        const QString table = spec.tableName();
        int reported = 0;

        if (!spec.mutableRecord) {
            // Events never change: the row must still be exactly what the audit entry hashed.
            QSqlQuery q(m_connection.database());
            q.setForwardOnly(true);
            q.prepare(QStringLiteral("SELECT %1, a.digest, a.seq FROM audit_log a JOIN %2 t ON t.id = a.record_id "
                                     "WHERE a.entity = ? AND a.action IN ('insert', 'apply')")
                          .arg(spec.selectList(QStringLiteral("t")), table));
            q.addBindValue(entity);
            q.exec();
            const int digestAt = int(spec.columns.size());
            while (q.next()) {
                const QByteArray canonical = QJsonDocument(spec.read(q)).toJson(QJsonDocument::Compact);
                ++report.recordsVerified;
                if (AuditChain::digest(canonical) != q.value(digestAt).toString() && reported++ < kMaxReported) {
                    report.problems << tr("%1 %2 was changed after it was recorded (audit entry %3).")
                                           .arg(table, q.value(0).toString(), q.value(digestAt + 1).toString());
                }
            }
        }

        QSqlQuery missing(m_connection.database());
        missing.prepare(QStringLiteral("SELECT a.record_id FROM audit_log a WHERE a.entity = ? AND a.action IN ('insert', 'apply', 'import') "
                                       "AND NOT EXISTS (SELECT 1 FROM %1 t WHERE t.id = a.record_id)")
                            .arg(table));
        missing.addBindValue(entity);
        missing.exec();
        while (missing.next() && reported++ < kMaxReported)
            report.problems << tr("%1 %2 is in the audit log but no longer in the database.").arg(table, missing.value(0).toString());

        QSqlQuery unaudited(m_connection.database());
        unaudited.prepare(QStringLiteral("SELECT t.id FROM %1 t WHERE t.id NOT IN "
                                         "(SELECT record_id FROM audit_log WHERE entity = ? AND action IN ('insert', 'apply', 'import'))")
                              .arg(table));
        unaudited.addBindValue(entity);
        unaudited.exec();
        while (unaudited.next() && reported++ < kMaxReported)
            report.problems << tr("%1 %2 has no audit entry: it was written behind VaxStation's back.").arg(table, unaudited.value(0).toString());
    }
}

void IntegrityCheck::checkNameSearch(IntegrityReport& report)
{
    // FTS5 keeps one size row per person it indexed.
    const qint64 missing = m_connection
                               .scalar(QStringLiteral("SELECT count(*) FROM person p WHERE NOT EXISTS (SELECT 1 FROM person_fts_docsize d "
                                                      "WHERE d.id = p.pk) AND NOT EXISTS (SELECT 1 FROM fts_pending f WHERE f.pk = p.pk)"))
                               .toLongLong();
    if (missing > 0)
        report.problems << tr("%n person(s) cannot be found by name: name search lacks them.", nullptr, int(missing));
}

void IntegrityCheck::checkLedger(IntegrityReport& report)
{
    QSqlQuery q(m_connection.database());
    q.setForwardOnly(true);
    q.exec(QStringLiteral(
        "SELECT s.holder_id, s.lot_id, s.total, b.doses FROM "
        "(SELECT holder_id, lot_id, sum(doses) AS total FROM stock_movement GROUP BY holder_id, lot_id) s "
        "LEFT JOIN stock_balance b ON b.holder_id = s.holder_id AND b.lot_id = s.lot_id "
        "UNION ALL "
        "SELECT b.holder_id, b.lot_id, NULL, b.doses FROM stock_balance b WHERE NOT EXISTS "
        "(SELECT 1 FROM stock_movement m WHERE m.holder_id = b.holder_id AND m.lot_id = b.lot_id)"));
    while (q.next()) {
        ++report.ledgerBalances;
        const QVariant total = q.value(2);
        const QVariant cached = q.value(3);
        const qint64 sum = total.isNull() ? 0 : total.toLongLong();
        if (cached.isNull() || cached.toLongLong() != sum) {
            report.problems << tr("Stock of lot %1 at %2: the ledger sums to %3 doses but the balance says %4.")
                                   .arg(q.value(1).toString(), q.value(0).toString(), QString::number(sum),
                                       cached.isNull() ? tr("nothing") : cached.toString());
        }
    }
}

void IntegrityCheck::checkOpenVials(IntegrityReport& report)
{
    // The rule worked out again here from the vials and their movements, not through the
    // schema's vial_state view: a view edited behind the app's back shows too.
    const QString drawn = QStringLiteral(
        "coalesce((SELECT -sum(m.doses) FROM stock_movement m WHERE m.vial_id = v.id AND m.kind IN ('dose_given', 'reversal')), 0)");
    const QString discarded = QStringLiteral("EXISTS (SELECT 1 FROM stock_movement w WHERE w.vial_id = v.id AND w.kind = 'wastage')");
    int reported = 0;

    // Every vial the ledger has open, and its row.
    QSqlQuery open(m_connection.database());
    open.setForwardOnly(true);
    open.exec(QStringLiteral("SELECT d.id, d.drawn, o.drawn, o.holder_id, o.lot_id, o.doses, d.holder_id, d.lot_id, d.doses FROM "
                             "(SELECT v.id, v.holder_id, v.lot_id, v.doses, %1 AS drawn FROM vial v WHERE NOT %2) d "
                             "LEFT JOIN open_vial o ON o.vial_id = d.id WHERE d.drawn < d.doses")
                  .arg(drawn, discarded));
    while (open.next() && reported < kMaxReported) {
        const QString vial = open.value(0).toString();
        const QString ledgerDrawn = open.value(1).toString();
        if (open.value(2).isNull()) {
            report.problems << tr("Vial %1 is open with %2 dose(s) drawn as its movements say, but the list of open vials lacks it.")
                                   .arg(vial, ledgerDrawn);
            ++reported;
        } else if (open.value(2).toLongLong() != open.value(1).toLongLong()) {
            report.problems << tr("Vial %1: its movements say %2 dose(s) drawn, but the list of open vials says %3.")
                                   .arg(vial, ledgerDrawn, open.value(2).toString());
            ++reported;
        } else if (open.value(3) != open.value(6) || open.value(4) != open.value(7) || open.value(5).toLongLong() != open.value(8).toLongLong()) {
            report.problems << tr("Vial %1 of %2 doses was opened at %3 from lot %4, but the list of open vials has it of %5 doses at %6 from lot %7.")
                                   .arg(vial, open.value(8).toString(), open.value(6).toString(), open.value(7).toString(),
                                       open.value(5).toString(), open.value(3).toString(), open.value(4).toString());
            ++reported;
        }
    }

    // Every row of a vial the ledger has closed, or of none.
    QSqlQuery closed(m_connection.database());
    closed.setForwardOnly(true);
    closed.exec(QStringLiteral("SELECT o.vial_id, v.id IS NULL FROM open_vial o LEFT JOIN vial v ON v.id = o.vial_id "
                               "WHERE v.id IS NULL OR %2 OR %1 >= v.doses")
                    .arg(drawn, discarded));
    while (closed.next() && reported++ < kMaxReported) {
        const QString vial = closed.value(0).toString();
        report.problems << (closed.value(1).toBool()
                ? tr("The list of open vials has vial %1, which was never opened here.").arg(vial)
                : tr("Vial %1 is in the list of open vials, but its movements say it was discarded or used up.").arg(vial));
    }
}

} // namespace vax::db

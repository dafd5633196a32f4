#pragma once

#include <QJsonObject>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

namespace vax::test {

class CentralRig;
class TestDevice;

// What one side holds of the records devices sync, read for comparing sides: by table, by
// record id, the canonical record (db::EntitySpec's form, stamp columns included, local row
// numbers left out) and, for a mutable record, the stamp of each field's last change.
struct ConvergenceRecord {
    QJsonObject data;
    QJsonObject fieldHlc;
};
using ConvergenceTable = QMap<QString, ConvergenceRecord>;
using ConvergenceSnapshot = QMap<QString, ConvergenceTable>;
using HolderLot = QPair<QString, QString>;

namespace convergence {

// person, lot, stock_movement, injection, correction, visit, screening, observation, adverse_event
const QStringList& syncedTables();

ConvergenceSnapshot readDevice(TestDevice& device);
// Central's current state (record_state) of what a device of the site may hold: the site's
// records, its teams' included, and every lot.
ConvergenceSnapshot readCentral(CentralRig& central, const QString& siteId);

enum class Scope {
    Same,    // both sides hold exactly the same records
    Within,  // every record of the first side is on the second, the same (a device that never pulls)
};
// One line per difference: a record missing on one side, or a field (value or stamp) that
// differs, naming both sides and both values. `tables` empty = every synced table.
QStringList compare(const QString& nameA, const ConvergenceSnapshot& a, const QString& nameB, const ConvergenceSnapshot& b,
    Scope scope, const QStringList& tables = {});

// Sum of stock_movement.doses per (holder, lot) in a snapshot.
QMap<HolderLot, qint64> ledgerSums(const ConvergenceSnapshot& snapshot);
// The device's cached stock_balance rows.
QMap<HolderLot, qint64> cachedBalances(TestDevice& device);

// A list of problems as a failure message: the first `max` lines and how many more.
QString report(const QString& title, const QStringList& problems, int max = 40);

} // namespace convergence

} // namespace vax::test

#pragma once

#include <QDate>
#include <QHash>
#include <QPair>
#include <QString>

namespace vax::db {
class Connection;
}

namespace vax::bench {

// The stock ledger read the plainest way, one aggregate statement over stock_movement each:
// the benchmark's baselines, and the figures the app's answers are checked against.
namespace PlainLedger {

using HolderLot = QPair<QString, QString>;

// SELECT holder_id, lot_id, sum(doses) FROM stock_movement GROUP BY holder_id, lot_id
// (the sums that are not zero).
QHash<HolderLot, qint64> balances(db::Connection& connection);
// SELECT kind, sum(doses) FROM stock_movement WHERE occurred_at BETWEEN ? AND ? GROUP BY kind,
// over whole local days as the app's period figures take them.
QHash<QString, qint64> kindsBetween(db::Connection& connection, const QDate& from, const QDate& to);

} // namespace PlainLedger
} // namespace vax::bench

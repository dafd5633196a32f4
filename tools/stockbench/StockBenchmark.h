#pragma once

#include "tools/common/Stats.h"

#include <QJsonObject>
#include <QTextStream>

#include <functional>

namespace vax {
class Clock;
namespace db {
class SqliteSiteStore;
}
}

namespace vax::bench {

struct Repetitions {
    int most = 200;          // runs of each query at the most…
    int least = 5;           // …and at least,
    double seconds = 10;     // stopping at the first of `most` runs or this many seconds
};

// Times the stock queries the app makes, as it makes them (through the same services and
// repositories, on the same connection), beside plain aggregates over the same table in the
// same run: each figure is also given as a ratio to its baseline's median.
//   baselines  SELECT holder_id, lot_id, sum(doses) … GROUP BY holder_id, lot_id (the whole
//              ledger), and SELECT kind, sum(doses) … WHERE occurred_at BETWEEN … GROUP BY
//              kind (30 days, one year);
//   the app    the stock screen's on hand, its shipments, its ledger (all lots, one lot), the
//              injection station's lot choices and open vials, wastage and the daily chart
//              figures for 30 days and a year.
// One untimed run of each first: the figures are with SQLite's and the OS's caches warm, as on
// a laptop that has been in use.
class StockBenchmark
{
public:
    StockBenchmark(db::SqliteSiteStore& store, const Clock& clock, QTextStream& out, Repetitions repetitions);

    QJsonObject run();

private:
    struct Measured {
        QString key;
        QString label;
        QString baseline;    // key of the baseline it is compared with; empty for a baseline
        Stats stats;
    };

    Measured measure(const QString& key, const QString& label, const QString& baseline, const std::function<void()>& query);
    void print(const QList<Measured>& all);

    db::SqliteSiteStore& m_store;
    const Clock& m_clock;
    QTextStream& m_out;
    Repetitions m_repetitions;
};

} // namespace vax::bench

#pragma once

#include <QJsonObject>
#include <QStringList>

namespace vax {
class Clock;
namespace db {
class SqliteSiteStore;
}
}

namespace vax::bench {

// What a benchmark ledger holds, and whether the app's stock figures agree with plain SQL over
// it. This is the correctness half of the benchmark (the smoke test relies on it); it times
// nothing.
class LedgerCheck
{
public:
    LedgerCheck(db::SqliteSiteStore& store, const Clock& clock);

    // Movements by kind, wastage by reason, vials, lots, holders, what is open or in transit now.
    QJsonObject shape();
    // What disagrees, one line each; empty when the app's on hand (every holder and lot),
    // period flows and wastage, daily figures, open vials, lot choices and lot ledger equal
    // what plain aggregates over the same table give. With `integrity`, also everything
    // `vaxctl check` verifies (audit chain, digests, cached balances).
    QStringList verify(bool integrity);
    // What verify() saw that is true of the app but worth knowing, one line each.
    const QStringList& notes() const { return m_notes; }

private:
    void checkOnHand(QStringList& problems);
    void checkPeriod(int days, QStringList& problems);
    void checkVials(QStringList& problems);
    void checkLotLedger(QStringList& problems);

    db::SqliteSiteStore& m_store;
    const Clock& m_clock;
    QStringList m_notes;
};

} // namespace vax::bench

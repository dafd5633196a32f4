#pragma once

#include "app/common/Result.h"
#include "tools/stockbench/HolderLedger.h"
#include "tools/stockbench/LedgerPlan.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <functional>
#include <memory>
#include <vector>

namespace vax {
class VaccineCatalogue;
namespace db {
class SqliteSiteStore;
}
namespace test {
class ManualClock;
}
}

namespace vax::bench {

class HolderDevice;

struct GeneratorOptions {
    qint64 movements = 1000000;  // the target; the run ends within a few hundred of it
    int teams = 3;
    int days = 730;
    quint32 seed = 2024;
    QDateTime end;               // where the simulation stops: mid-morning, vials open
    QString teamDir;             // the teams' throwaway laptop files
};

struct GeneratedLedger {
    qint64 movements = 0;        // in the site's file: its own and its teams'
    qint64 doses = 0;
    qint64 vials = 0;
    int lots = 0;
    qint64 relayed = 0;          // team changes the site applied as pulled
};

// Plays a vaccination site and its mobile teams through their period, day by day, into the
// site's database: receipts from the district store as stock runs low, sealed vials sent to
// each team on its session days and confirmed (now and then short or damaged), the teams'
// returns, doses drawn from opened vials and their leftovers wasted at the end of the session
// or at their discard time, voided doses given back, expired lots, broken, lost and VVM
// wastage, quarantines released or wasted, Friday counts. Each team works on its own laptop
// file; its work reaches the site's file as pulled changes in the evening, as through central.
class LedgerGenerator
{
public:
    LedgerGenerator(db::SqliteSiteStore& site, test::ManualClock& clock, const VaccineCatalogue& catalogue, GeneratorOptions options);
    ~LedgerGenerator();
    Q_DISABLE_COPY_MOVE(LedgerGenerator)

    Result<GeneratedLedger> run(const std::function<void(const QString&)>& progress);

private:
    struct Hold {
        int holder = 0;
        QString lotId;
        QDate decideFrom;
    };

    Result<void> setUp();
    Result<void> runDay(const QDate& day);
    Result<void> expireLots(const QDate& day);
    Result<void> order(const QDate& day);
    Result<void> supplyTeams(const QDate& day, const QList<int>& doses);
    Result<void> confirmShipments(const QDate& day);
    Result<void> decideHolds(const QDate& day);
    Result<void> session(int holder, const QDate& day, int doses);
    Result<void> returnStock(int team, const QDate& day);
    Result<void> mishaps(int holder, const QDate& day);
    Result<void> countStock(const QDate& day);
    Result<void> evening(const QDateTime& at);

    bool beforeEnd(const QDateTime& at) const { return at < m_options.end; }
    double random01() { return m_random.generateDouble(); }
    int pickProduct(const QDate& day);
    // The holder's lots of `product` with sealed stock usable until `usableOn`, first expiry first.
    QList<const LotInfo*> sealedLots(const HolderLedger& holder, int product, const QDate& usableOn) const;
    qint64 movements() const;
    qint64 doses() const;

    db::SqliteSiteStore& m_site;
    test::ManualClock& m_clock;
    const VaccineCatalogue& m_catalogue;
    GeneratorOptions m_options;
    LedgerPlan m_plan;
    QRandomGenerator m_random;
    std::vector<std::unique_ptr<db::SqliteSiteStore>> m_teamStores;
    std::vector<std::unique_ptr<HolderDevice>> m_devices;
    std::vector<std::unique_ptr<HolderLedger>> m_holders;  // 0 = the site, then its teams
    QHash<QString, LotInfo> m_lots;
    QList<PendingShipment> m_shipments;
    QList<Hold> m_holds;
    qint64 m_globalSeq = 0;
    qint64 m_relayed = 0;
};

} // namespace vax::bench

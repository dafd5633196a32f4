#pragma once

#include "app/common/Result.h"
#include "app/stock/StockFigures.h"
#include "app/store/OwnStock.h"
#include "app/store/StockRepository.h"

#include <QCoreApplication>
#include <QIODevice>

namespace vax {

class SiteStore;

// A ledger movement with the names people read: what the stock screen lists and the CSV holds.
struct LedgerRow {
    StockMovement movement;
    QString holderCode;
    QString counterpartCode;
    QString productCode;
    QString lotNumber;
    QDate expiry;
};

// One product's figures over a period for the holders asked about.
struct WastageLine {
    StockFlow flow;
    WastageFigures figures;
    int ceilingPercent = 0;              // the reference's indicative ceiling for the vial size
    std::optional<double> daysOfStock;   // at the period's rate of use
    bool overCeiling() const { return figures.wastageRate && *figures.wastageRate > ceilingPercent; }
};

// The site manager's figures: the ledger with names, its CSV export, and usage and wastage by
// product and period — the same for the stock screen and for vaxctl.
class StockReport
{
    Q_DECLARE_TR_FUNCTIONS(StockReport)

public:
    explicit StockReport(SiteStore& store);

    // The site and its teams from a site laptop; the team alone from a team laptop.
    QStringList holderIds();
    QString holderCode(const QString& holderId);

    QList<LedgerRow> ledger(const LedgerFilter& filter);
    // RFC 4180 CSV with a header row; UTF-8 with a byte-order mark so spreadsheets show
    // Vietnamese names right.
    Result<void> writeCsv(const QList<LedgerRow>& rows, QIODevice& out);
    // Per product over [from, to] for the holders taken together (transfers between them
    // cancel out); empty = every holder of holderIds().
    QList<WastageLine> wastage(const QDate& from, const QDate& to, const QStringList& holderIds = {});

private:
    SiteStore& m_store;
    OwnStock m_own;
};

} // namespace vax

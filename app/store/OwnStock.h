#pragma once

#include "app/store/StockRepository.h"

#include <QCoreApplication>

namespace vax {

class SiteStore;

// The stock this device answers for, and which of it is below zero: one place for the stock
// screen, the main window's Stock badge and `vaxctl check`. A site laptop answers for its
// site and the site's mobile teams, a team laptop for its team. Movements of other holders
// pulled with ours (the store that shipped to us, another site's laptop) are theirs to watch:
// here their sums are partial and often below zero.
class OwnStock
{
    Q_DECLARE_TR_FUNCTIONS(OwnStock)

public:
    explicit OwnStock(SiteStore& store);

    // The site and its teams from a site laptop; the team alone from a team laptop.
    QStringList holderIds() const;
    // The code of the site, one of its teams, or another holder (a store that shipped here);
    // the id for a holder this database lacks.
    QString holderCode(const QString& holderId) const;
    // Lots below zero at those holders (DESIGN.md rule 3: flagged for the manager, not hidden).
    QList<HolderBalance> belowZero();
    // "Lot ABX4521 (Vaxzevria) at HN-BD-01-T1 is below zero (-10 doses): count it."
    static QString belowZeroText(const HolderBalance& balance);

private:
    SiteStore& m_store;
    QList<Site> m_holders;
};

} // namespace vax

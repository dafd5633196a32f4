#include "OwnStock.h"

#include "app/store/SiteStore.h"

namespace vax {

OwnStock::OwnStock(SiteStore& store)
    : m_store(store)
    , m_holders(store.stock().holdersOf(store.identity().siteId))
{
}

QStringList OwnStock::holderIds() const
{
    if (!m_store.identity().teamId.isEmpty())
        return {m_store.identity().teamId};
    QStringList ids;
    for (const Site& s : m_holders)
        ids << s.stamp.id;
    return ids.isEmpty() ? QStringList{m_store.identity().holderId()} : ids;
}

QString OwnStock::holderCode(const QString& holderId) const
{
    for (const Site& s : m_holders) {
        if (s.stamp.id == holderId)
            return s.code;
    }
    const auto other = m_store.stock().holder(holderId);  // a store that shipped here
    return other ? other->code : holderId;
}

QList<HolderBalance> OwnStock::belowZero()
{
    return m_store.stock().belowZero(holderIds());
}

QString OwnStock::belowZeroText(const HolderBalance& b)
{
    return tr("Lot %1 (%2) at %3 is below zero (%4 doses): count it.")
        .arg(b.balance.lot.lotNumber, b.balance.productName, b.holderCode)
        .arg(b.balance.doses);
}

} // namespace vax

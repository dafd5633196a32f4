#include "QueueFilter.h"

#include "ui/screening/QueueModel.h"

namespace vax {

QueueFilter::QueueFilter(QObject* parent)
    : QSortFilterProxyModel(parent)
{
}

void QueueFilter::setStages(const QList<QueueStage>& stages)
{
    m_stages = stages;
    invalidateFilter();
}

void QueueFilter::setShowAll(bool all)
{
    if (m_showAll == all)
        return;
    m_showAll = all;
    invalidateFilter();
}

bool QueueFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_showAll)
        return true;
    const auto* queue = qobject_cast<const QueueModel*>(sourceModel());
    if (!queue || sourceParent.isValid() || sourceRow < 0 || sourceRow >= queue->rowCount())
        return false;
    return m_stages.contains(queueStage(queue->entry(sourceRow)));
}

} // namespace vax

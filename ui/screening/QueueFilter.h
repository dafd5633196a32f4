#pragma once

#include "app/clinical/QueueStage.h"

#include <QList>
#include <QSortFilterProxyModel>

namespace vax {

// Today's queue narrowed to the stages a screen works on (screening: those waiting for it;
// injection: those screened to inject). The rule is the domain's queueStage(); this only asks it.
class QueueFilter final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueFilter)

public:
    explicit QueueFilter(QObject* parent = nullptr);

    void setStages(const QList<QueueStage>& stages);
    const QList<QueueStage>& stages() const { return m_stages; }
    // Every visit of the day, whatever its stage.
    void setShowAll(bool all);
    bool showAll() const { return m_showAll; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QList<QueueStage> m_stages;
    bool m_showAll = false;
};

} // namespace vax

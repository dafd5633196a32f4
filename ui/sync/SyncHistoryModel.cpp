#include "SyncHistoryModel.h"

#include "app/common/TimeText.h"
#include "ui/common/Format.h"

#include <QBrush>

namespace vax {

SyncHistoryModel::SyncHistoryModel(QObject* parent)
    : ListModel(ColumnCount, parent)
{
}

QVariant SyncHistoryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SyncRun& r = m_items.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == ResultColumn)
        return QBrush(r.ok() ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28));
    if (role == Qt::ToolTipRole && index.column() == ResultColumn && !r.ok())
        return r.error;
    if (role == Qt::TextAlignmentRole && index.column() != StartedColumn && index.column() != ResultColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case StartedColumn:
        return Format::dateTime(fromIsoWithOffset(r.startedAt).toLocalTime());
    case PushedColumn:
        return r.pushed;
    case RefusedColumn:
        return r.rejected;
    case RelayedColumn:
        return r.relayed;
    case PulledColumn:
        return r.pulled;
    case ConflictsColumn:
        return r.conflicts;
    case ResultColumn:
        return r.ok() ? tr("Done") : tr("Stopped: %1").arg(r.error);
    default:
        return {};
    }
}

QVariant SyncHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StartedColumn: return tr("Started");
    case PushedColumn: return tr("Sent");
    case RefusedColumn: return tr("Refused");
    case RelayedColumn: return tr("Bundles carried");
    case PulledColumn: return tr("Received");
    case ConflictsColumn: return tr("Conflicts");
    case ResultColumn: return tr("Result");
    default: return {};
    }
}

} // namespace vax

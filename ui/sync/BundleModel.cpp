#include "BundleModel.h"

#include "app/common/TimeText.h"
#include "ui/common/Format.h"

namespace vax {

BundleModel::BundleModel(QObject* parent)
    : ListModel(ColumnCount, parent)
{
}

QVariant BundleModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RelayBundle& b = m_items.at(index.row());
    if (role == Qt::ToolTipRole)
        return tr("Bundle %1: changes #%2–#%3 of device %4").arg(b.bundleId).arg(b.fromSeq).arg(b.toSeq).arg(b.deviceId);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case ImportedColumn:
        return Format::dateTime(fromIsoWithOffset(b.importedAt).toLocalTime());
    case DeviceColumn:
        return QString(b.deviceId.left(8) + QStringLiteral("…"));
    case ChangesColumn:
        return b.changes;
    case RelayedColumn:
        return b.relayedAt.isEmpty() ? tr("waiting") : Format::dateTime(fromIsoWithOffset(b.relayedAt).toLocalTime());
    case OutcomeColumn:
        return b.outcome;
    default:
        return {};
    }
}

QVariant BundleModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ImportedColumn: return tr("Imported");
    case DeviceColumn: return tr("From device");
    case ChangesColumn: return tr("Changes");
    case RelayedColumn: return tr("Sent to central");
    case OutcomeColumn: return tr("Central's answer");
    default: return {};
    }
}

} // namespace vax

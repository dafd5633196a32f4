#include "InjectionHistoryModel.h"

#include "ui/common/Format.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace vax {

InjectionHistoryModel::InjectionHistoryModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void InjectionHistoryModel::setHistory(QList<InjectionView> history)
{
    beginResetModel();
    m_history = std::move(history);
    endResetModel();
}

const InjectionView* InjectionHistoryModel::injectionAt(int row) const
{
    return row >= 0 && row < m_history.size() ? &m_history.at(row) : nullptr;
}

int InjectionHistoryModel::rowOf(const QString& injectionId) const
{
    for (int row = 0; row < m_history.size(); ++row) {
        if (m_history.at(row).injection.stamp.id == injectionId)
            return row;
    }
    return -1;
}

int InjectionHistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_history.size());
}

int InjectionHistoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString InjectionHistoryModel::bodySiteText(BodySite site)
{
    switch (site) {
    case BodySite::LeftArm:
        return tr("Left arm");
    case BodySite::RightArm:
        return tr("Right arm");
    case BodySite::LeftThigh:
        return tr("Left thigh");
    case BodySite::RightThigh:
        return tr("Right thigh");
    }
    return {};
}

QVariant InjectionHistoryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const InjectionView& view = m_history.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(view, index.column());
    case Qt::ToolTipRole:
        return toolTip(view, index.column());
    case Qt::ForegroundRole:
        if (view.voided)
            return QBrush(QColor(0x75, 0x75, 0x75));
        return {};
    case Qt::FontRole:
        if (view.voided) {
            QFont struck;
            struck.setStrikeOut(true);
            return struck;
        }
        if (index.column() == DoseColumn) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == DoseColumn)
            return QVariant::fromValue(Qt::AlignCenter);
        return {};
    case IdRole:
        return view.injection.stamp.id;
    case VoidedRole:
        return view.voided;
    case InjectedAtRole:
        return view.injection.injectedAt;
    default:
        return {};
    }
}

QVariant InjectionHistoryModel::display(const InjectionView& view, int column) const
{
    switch (column) {
    case DoseColumn:
        return view.injection.doseNumber;
    case DateTimeColumn:
        return Format::dateTime(view.injection.injectedAt);
    case VaccineColumn:
        return view.productName.isEmpty() ? view.productCode : view.productName;
    case LotColumn:
        return view.lotNumber;
    case BodySiteColumn:
        return bodySiteText(view.injection.bodySite);
    case NurseColumn:
        return view.nurseName;
    case StatusColumn:
        return view.voided ? tr("Void: %1").arg(view.voidReason) : tr("Valid");
    default:
        return {};
    }
}

QVariant InjectionHistoryModel::toolTip(const InjectionView& view, int column) const
{
    switch (column) {
    case VaccineColumn:
        return view.productCode;
    case StatusColumn:
        return view.voided ? tr("Voided: %1\nThis dose does not count; it went back to stock.").arg(view.voidReason)
                           : tr("A valid dose.");
    default:
        return view.injection.note.isEmpty() ? QVariant() : QVariant(tr("Note: %1").arg(view.injection.note));
    }
}

QVariant InjectionHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case DoseColumn:
        return tr("Dose");
    case DateTimeColumn:
        return tr("Date and time");
    case VaccineColumn:
        return tr("Vaccine");
    case LotColumn:
        return tr("Lot");
    case BodySiteColumn:
        return tr("Site");
    case NurseColumn:
        return tr("Nurse");
    case StatusColumn:
        return tr("Status");
    default:
        return {};
    }
}

} // namespace vax

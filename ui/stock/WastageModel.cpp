#include "WastageModel.h"

#include <QBrush>
#include <QColor>

namespace vax {

namespace {

const QColor kOverCeilingText(0xc6, 0x28, 0x28);

QString percent(const std::optional<double>& value)
{
    return value ? QStringLiteral("%1 %").arg(*value, 0, 'f', 1) : QStringLiteral("—");
}

} // namespace

WastageModel::WastageModel(QObject* parent)
    : ListModel(ColumnCount, parent)
{
}

QVariant WastageModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WastageLine& w = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ProductColumn:
            return w.flow.productName;
        case IssuedColumn:
            return w.figures.issued;
        case GivenColumn:
            return w.figures.administered;
        case WastedClosedColumn:
            return w.flow.wastedClosed;
        case WastedOpenColumn:
            return w.flow.wastedOpen;
        case RateColumn:
            return percent(w.figures.wastageRate);
        case FactorColumn:
            return w.figures.wastageFactor ? QString::number(*w.figures.wastageFactor, 'f', 2) : QStringLiteral("—");
        case CeilingColumn:
            return QStringLiteral("%1 %").arg(w.ceilingPercent);
        case DaysOfStockColumn:
            if (!w.daysOfStock)
                return QStringLiteral("—");
            // Beyond a year the figure only says "hardly used": expiry comes first.
            return *w.daysOfStock > 365 ? tr("> 1 year") : QString::number(*w.daysOfStock, 'f', 0);
        }
        return {};
    case Qt::ForegroundRole:
        return w.overCeiling() ? QVariant(QBrush(kOverCeilingText)) : QVariant();
    case Qt::ToolTipRole:
        if (w.overCeiling())
            return tr("Wastage above the %1 % ceiling for %n-dose vials: look at session sizes and cold chain.", nullptr,
                w.flow.dosesPerVial).arg(w.ceilingPercent);
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == ProductColumn ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    case OverCeilingRole:
        return w.overCeiling();
    }
    return {};
}

QVariant WastageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case IssuedColumn: return tr("Doses that left the shelf to be used: opening + received − closing − sent on.");
        case RateColumn: return tr("100 − given ÷ issued × 100");
        case FactorColumn: return tr("100 ÷ (100 − wastage rate): doses to order per dose to give.");
        case DaysOfStockColumn: return tr("How long the stock on hand lasts at this period's rate of use.");
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ProductColumn: return tr("Vaccine");
    case IssuedColumn: return tr("Issued");
    case GivenColumn: return tr("Given");
    case WastedClosedColumn: return tr("Wasted (closed vials)");
    case WastedOpenColumn: return tr("Wasted (open vials)");
    case RateColumn: return tr("Wastage rate");
    case FactorColumn: return tr("Wastage factor");
    case CeilingColumn: return tr("Ceiling");
    case DaysOfStockColumn: return tr("Days of stock");
    }
    return {};
}

} // namespace vax

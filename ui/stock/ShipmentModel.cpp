#include "ShipmentModel.h"

#include "app/stock/StockReasons.h"
#include "ui/common/Format.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace vax {

ShipmentModel::ShipmentModel(QObject* parent)
    : ListModel(ColumnCount, parent)
{
}

QVariant ShipmentModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ShipmentRow& r = m_items.at(index.row());
    const Shipment& s = r.shipment;
    const bool pending = !s.received.has_value();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SentColumn:
            return Format::dateTime(s.sent.occurredAt.toLocalTime());
        case DirectionColumn:
            return r.incoming ? tr("incoming") : tr("outgoing");
        case FromColumn:
            return r.fromCode;
        case ToColumn:
            return r.toCode;
        case ProductColumn:
            return s.productCode;
        case LotColumn:
            return s.lotNumber;
        case DosesColumn:
            return s.dosesSent();
        case StatusColumn:
            return pending ? tr("in transit") : tr("confirmed %1").arg(Format::dateTime(s.received->occurredAt.toLocalTime()));
        case DifferenceColumn:
            if (pending || s.difference() == 0)
                return QString();
            return tr("%n dose(s) fewer: %1", nullptr, s.difference()).arg(StockReasonText::label(s.received->reason));
        }
        return {};
    case Qt::FontRole:
        if (pending && r.incoming) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ForegroundRole:
        return index.column() == DifferenceColumn ? QVariant(QBrush(QColor(0xc6, 0x28, 0x28))) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == DosesColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case ShipmentIdRole:
        return s.sent.stamp.id;
    case PendingIncomingRole:
        return pending && r.incoming;
    }
    return {};
}

QVariant ShipmentModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SentColumn: return tr("Sent");
    case DirectionColumn: return tr("Direction");
    case FromColumn: return tr("From");
    case ToColumn: return tr("To");
    case ProductColumn: return tr("Vaccine");
    case LotColumn: return tr("Lot");
    case DosesColumn: return tr("Doses sent");
    case StatusColumn: return tr("Status");
    case DifferenceColumn: return tr("Difference");
    }
    return {};
}

} // namespace vax

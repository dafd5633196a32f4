#include "OnHandModel.h"

#include "ui/common/Format.h"

#include <QBrush>
#include <QColor>

namespace vax {

namespace {

const QColor kQuarantineBackground(0xff, 0xcd, 0xd2);  // red 100
const QColor kExpiredText(0xc6, 0x28, 0x28);

} // namespace

OnHandModel::OnHandModel(QObject* parent)
    : ListModel(ColumnCount, parent)
{
}

QVariant OnHandModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OnHandRow& r = m_items.at(index.row());
    const LotBalance& b = r.balance;
    const int perVial = qMax(1, b.dosesPerVial);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case HolderColumn:
            return r.holderCode;
        case ProductColumn:
            return b.productName;
        case LotColumn:
            return b.lot.lotNumber;
        case ExpiryColumn:
            return Format::date(b.lot.expiry);
        case DaysLeftColumn:
            return r.daysLeft;
        case DosesColumn:
            return b.doses;
        case VialsColumn:
            return Format::vials(b.doses, b.dosesPerVial);
        case QuarantineColumn: {
            QStringList status;
            if (r.quarantined)
                status << tr("quarantined");
            if (b.doses < 0)
                status << tr("below zero after merging offline work: count it (Ctrl+K)");
            if (r.daysLeft < 0)
                status << tr("expired: discard it (Ctrl+D)");
            return status.join(QStringLiteral(", "));
        }
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == VialsColumn)
            return tr("%n dose(s) per vial", nullptr, perVial);
        if (b.doses < 0)
            return tr("More doses left this holder than reached it: two laptops used the same stock offline, or a receipt was "
                      "not recorded. Count the lot; the count records the difference.");
        if (r.quarantined)
            return tr("Quarantined: not to be used or sent until released.");
        return {};
    case Qt::BackgroundRole:
        return r.quarantined ? QVariant(QBrush(kQuarantineBackground)) : QVariant();
    case Qt::ForegroundRole:
        return r.daysLeft < 0 || b.doses < 0 ? QVariant(QBrush(kExpiredText)) : QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == DaysLeftColumn || index.column() == DosesColumn || index.column() == VialsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case LotIdRole:
        return b.lot.stamp.id;
    case QuarantinedRole:
        return r.quarantined;
    }
    return {};
}

QVariant OnHandModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case HolderColumn: return tr("Holder");
    case ProductColumn: return tr("Vaccine");
    case LotColumn: return tr("Lot");
    case ExpiryColumn: return tr("Expiry");
    case DaysLeftColumn: return tr("Days left");
    case DosesColumn: return tr("Doses");
    case VialsColumn: return tr("Vials");
    case QuarantineColumn: return tr("Status");
    }
    return {};
}

} // namespace vax

#include "LedgerModel.h"

#include "app/stock/StockReasons.h"
#include "ui/common/Format.h"

namespace vax {

LedgerModel::LedgerModel(QObject* parent)
    : ListModel(ColumnCount, parent)
{
}

QString LedgerModel::kindText(MovementKind kind)
{
    switch (kind) {
    case MovementKind::Receipt: return tr("received");
    case MovementKind::DoseGiven: return tr("dose given");
    case MovementKind::Reversal: return tr("given back");
    case MovementKind::Issue: return tr("issued");
    case MovementKind::TransferOut: return tr("sent");
    case MovementKind::TransferIn: return tr("arrived");
    case MovementKind::Wastage: return tr("discarded");
    case MovementKind::Adjustment: return tr("count");
    case MovementKind::Quarantine: return tr("quarantined");
    case MovementKind::Release: return tr("released");
    }
    return {};
}

QVariant LedgerModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LedgerRow& r = m_items.at(index.row());
    const StockMovement& m = r.movement;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case WhenColumn:
            return Format::dateTime(m.occurredAt.toLocalTime());
        case HolderColumn:
            return r.holderCode;
        case KindColumn:
            return kindText(m.kind);
        case ProductColumn:
            return r.productCode;
        case LotColumn:
            return r.lotNumber;
        case DosesColumn:
            return m.doses > 0 ? QStringLiteral("+%1").arg(m.doses) : QString::number(m.doses);
        case CounterpartColumn:
            return r.counterpartCode;
        case ReasonColumn:
            return m.reason.isEmpty() ? QString() : StockReasonText::label(m.reason);
        case NoteColumn:
            return m.note;
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == DosesColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case LotIdRole:
        return m.lotId;
    case KindKeyRole:
        return movementKindKey(m.kind);
    }
    return {};
}

QVariant LedgerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case WhenColumn: return tr("When");
    case HolderColumn: return tr("Holder");
    case KindColumn: return tr("Movement");
    case ProductColumn: return tr("Vaccine");
    case LotColumn: return tr("Lot");
    case DosesColumn: return tr("Doses");
    case CounterpartColumn: return tr("From / to");
    case ReasonColumn: return tr("Reason");
    case NoteColumn: return tr("Note");
    }
    return {};
}

} // namespace vax

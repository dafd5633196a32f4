#include "LotChoiceModel.h"

#include "ui/common/Format.h"

#include <QBrush>
#include <QColor>

namespace vax {

namespace {

const QColor kNearExpiryBackground(0xff, 0xe0, 0xb2);  // amber 100

} // namespace

LotChoiceModel::LotChoiceModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void LotChoiceModel::setChoices(const QList<LotChoice>& choices)
{
    bool sameRows = choices.size() == m_choices.size();
    for (qsizetype i = 0; sameRows && i < choices.size(); ++i)
        sameRows = choices.at(i).balance.lot.stamp.id == m_choices.at(i).balance.lot.stamp.id;
    if (sameRows) {
        m_choices = choices;
        if (!m_choices.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_choices = choices;
    endResetModel();
}

int LotChoiceModel::rowOf(const QString& lotId) const
{
    for (qsizetype i = 0; i < m_choices.size(); ++i) {
        if (m_choices.at(i).balance.lot.stamp.id == lotId)
            return int(i);
    }
    return -1;
}

int LotChoiceModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_choices.size());
}

int LotChoiceModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LotChoiceModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LotChoice& c = m_choices.at(index.row());
    const LotBalance& b = c.balance;
    const int perVial = qMax(1, b.dosesPerVial);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ProductColumn:
            return b.productName;
        case LotColumn:
            return b.lot.lotNumber;
        case ExpiryColumn:
            return Format::date(b.lot.expiry);
        case DaysLeftColumn:
            return c.daysToExpiry;
        case DosesColumn:
            return b.doses;
        case VialsColumn:
            return Format::vials(b.doses, b.dosesPerVial);
        }
        return {};
    case Qt::ToolTipRole:
        if (c.nearExpiry)
            return tr("Expires in %n day(s): use this lot first and tell the manager.", nullptr, c.daysToExpiry);
        if (index.column() == VialsColumn)
            return tr("%n dose(s) per vial", nullptr, perVial);
        return {};
    case Qt::BackgroundRole:
        return c.nearExpiry ? QVariant(QBrush(kNearExpiryBackground)) : QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == DaysLeftColumn || index.column() == DosesColumn || index.column() == VialsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case IdRole:
        return b.lot.stamp.id;
    case ProductCodeRole:
        return b.productCode;
    case NearExpiryRole:
        return c.nearExpiry;
    }
    return {};
}

QVariant LotChoiceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ProductColumn:
        return tr("Vaccine");
    case LotColumn:
        return tr("Lot");
    case ExpiryColumn:
        return tr("Expiry");
    case DaysLeftColumn:
        return tr("Days left");
    case DosesColumn:
        return tr("Doses left");
    case VialsColumn:
        return tr("Vials");
    }
    return {};
}

} // namespace vax

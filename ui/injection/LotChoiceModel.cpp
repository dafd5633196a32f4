#include "LotChoiceModel.h"

#include "app/services/VialService.h"
#include "ui/common/Format.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace vax {

namespace {

const QColor kNearExpiryBackground(0xff, 0xe0, 0xb2);  // amber 100
const QColor kDiscardSoonBackground(0xff, 0xb3, 0x00);  // amber 600: the page's warning banner too

} // namespace

LotChoiceModel::LotChoiceModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void LotChoiceModel::setChoices(const QList<LotChoice>& choices, const QDateTime& now)
{
    m_now = now;
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

void LotChoiceModel::tick(const QDateTime& now)
{
    m_now = now;
    for (int row = 0; row < m_choices.size(); ++row) {
        if (m_choices.at(row).openVial) {
            const QModelIndex cell = index(row, OpenVialColumn);
            emit dataChanged(cell, cell, {Qt::DisplayRole, Qt::ToolTipRole, Qt::BackgroundRole, Qt::FontRole, DiscardSoonRole});
        }
    }
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
        case OpenVialColumn:
            return openVialData(c, role);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == OpenVialColumn && c.openVial)
            return openVialData(c, role);
        if (c.nearExpiry)
            return tr("Expires in %n day(s): use this lot first and tell the manager.", nullptr, c.daysToExpiry);
        if (index.column() == VialsColumn)
            return tr("%n dose(s) per vial", nullptr, perVial);
        return {};
    case Qt::BackgroundRole:
        if (index.column() == OpenVialColumn && c.openVial && VialService::discardSoon(*c.openVial, m_now))
            return QBrush(kDiscardSoonBackground);
        return c.nearExpiry ? QVariant(QBrush(kNearExpiryBackground)) : QVariant();
    case Qt::FontRole:
        return index.column() == OpenVialColumn ? openVialData(c, role) : QVariant();
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
    case OpenVialDosesRole:
        return c.openVial ? c.openVial->left() : 0;
    case DiscardAtRole:
        return c.openVial ? c.openVial->vial.discardAt : QDateTime();
    case DiscardSoonRole:
        return c.openVial && VialService::discardSoon(*c.openVial, m_now);
    }
    return {};
}

QVariant LotChoiceModel::openVialData(const LotChoice& c, int role) const
{
    if (!c.openVial)
        return {};
    const OpenVial& v = *c.openVial;
    switch (role) {
    case Qt::DisplayRole: {
        // The sign too: the amber does not show through the selection, nor to every eye.
        const QString text = tr("%n dose(s) left", nullptr, v.left()) + QStringLiteral(" · ")
            + tr("discard in %1").arg(Format::duration(m_now.secsTo(v.vial.discardAt)));
        return VialService::discardSoon(v, m_now) ? QString(QStringLiteral("⚠ ") + text) : text;
    }
    case Qt::ToolTipRole:
        return tr("Opened at %1; discard by %2 (or when the session closes): what is left then is open-vial wastage. "
                  "The next dose of this lot comes from this vial.")
            .arg(Format::time(v.vial.openedAt), Format::time(v.vial.discardAt));
    case Qt::FontRole:
        if (VialService::discardSoon(v, m_now)) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
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
    case OpenVialColumn:
        return tr("Open vial");
    }
    return {};
}

} // namespace vax

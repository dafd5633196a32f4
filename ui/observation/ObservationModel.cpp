#include "ObservationModel.h"

#include "app/people/Person.h"
#include "ui/common/Format.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include <algorithm>

namespace vax {

namespace {

const QColor kOverdueBackground(0xef, 0x9a, 0x9a);  // red 200: black text stays readable
const QColor kSeriousForeground(0xb7, 0x1c, 0x1c);  // red 900

QFont boldFont()
{
    QFont f;
    f.setBold(true);
    return f;
}

} // namespace

ObservationModel::ObservationModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ObservationModel::setBoard(QList<ObservationItem> items, const QDateTime& now, const QHash<QString, QStringList>& reactions)
{
    std::stable_sort(items.begin(), items.end(), [](const ObservationItem& a, const ObservationItem& b) { return a.dueAt < b.dueAt; });
    for (ObservationItem& i : items)
        i.secondsLeft = now.secsTo(i.dueAt);
    bool sameRows = items.size() == m_items.size();
    for (qsizetype i = 0; sameRows && i < items.size(); ++i)
        sameRows = items.at(i).entry.injection.stamp.id == m_items.at(i).entry.injection.stamp.id;
    if (sameRows) {
        m_items = items;
        m_reactions = reactions;
        m_today = now.date();
        if (!m_items.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_items = items;
    m_reactions = reactions;
    m_today = now.date();
    endResetModel();
}

void ObservationModel::tick(const QDateTime& now)
{
    if (m_items.isEmpty())
        return;
    QList<int> becameDue;
    for (int row = 0; row < m_items.size(); ++row) {
        ObservationItem& i = m_items[row];
        const bool was = i.overdue();
        i.secondsLeft = now.secsTo(i.dueAt);
        if (was != i.overdue())
            becameDue << row;
    }
    m_today = now.date();
    emit dataChanged(index(0, TimeLeftColumn), index(rowCount() - 1, TimeLeftColumn),
        {Qt::DisplayRole, Qt::ToolTipRole, Qt::FontRole, Qt::BackgroundRole, SecondsLeftRole, OverdueRole});
    for (int row : std::as_const(becameDue))
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1), {Qt::BackgroundRole, Qt::FontRole, OverdueRole});
}

int ObservationModel::rowOf(const QString& injectionId) const
{
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).entry.injection.stamp.id == injectionId)
            return int(i);
    }
    return -1;
}

int ObservationModel::overdueCount() const
{
    return int(std::count_if(m_items.begin(), m_items.end(), [](const ObservationItem& i) { return i.overdue(); }));
}

int ObservationModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int ObservationModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ObservationModel::reactionsText(const ObservationItem& item) const
{
    const ObservationEntry& e = item.entry;
    if (e.adverseEvents == 0)
        return {};
    const QStringList symptoms = m_reactions.value(e.injection.stamp.id);
    const QString what = symptoms.isEmpty() ? tr("%n reaction(s)", nullptr, e.adverseEvents) : symptoms.join(QStringLiteral(", "));
    return e.seriousEvent ? tr("⚠ SERIOUS: %1").arg(what) : tr("⚠ %1").arg(what);
}

QVariant ObservationModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ObservationItem& i = m_items.at(index.row());
    const ObservationEntry& e = i.entry;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return e.personName;
        case AgeColumn: {
            Person p;
            p.birthDate = e.birthDate;
            return Format::age(p, m_today);
        }
        case VaccineColumn:
            return tr("%1 · %2").arg(e.productName, e.lotNumber);
        case InjectedAtColumn:
            return Format::time(e.injection.injectedAt);
        case DueAtColumn:
            return Format::time(i.dueAt);
        case TimeLeftColumn:
            return i.overdue() ? tr("Ready to release (+%1)").arg(Format::countdown(-i.secondsLeft)) : Format::countdown(i.secondsLeft);
        case ReactionsColumn:
            return reactionsText(i);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == TimeLeftColumn) {
            return i.overdue() ? tr("Observed for the full time since %1: may go home if well.").arg(Format::time(i.dueAt))
                               : tr("Stays on site until %1.").arg(Format::time(i.dueAt));
        }
        if (index.column() == ReactionsColumn && e.adverseEvents > 0)
            return tr("%n reaction(s) reported", nullptr, e.adverseEvents);
        if (index.column() == VaccineColumn)
            return tr("Dose %1 · %2 · lot %3").arg(e.injection.doseNumber).arg(e.productName, e.lotNumber);
        return {};
    case Qt::BackgroundRole:
        return i.overdue() ? QVariant(QBrush(kOverdueBackground)) : QVariant();
    case Qt::ForegroundRole:
        if (index.column() == ReactionsColumn && e.adverseEvents > 0)
            return QBrush(kSeriousForeground);
        return {};
    case Qt::FontRole:
        if ((index.column() == TimeLeftColumn && i.overdue()) || (index.column() == ReactionsColumn && e.adverseEvents > 0))
            return boldFont();
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == TimeLeftColumn && !i.overdue())
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case IdRole:
        return e.injection.stamp.id;
    case PersonIdRole:
        return e.injection.personId;
    case SecondsLeftRole:
        return i.secondsLeft;
    case OverdueRole:
        return i.overdue();
    case ReactionCountRole:
        return e.adverseEvents;
    case SeriousReactionRole:
        return e.seriousEvent;
    }
    return {};
}

QVariant ObservationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case AgeColumn:
        return tr("Age");
    case VaccineColumn:
        return tr("Vaccine · lot");
    case InjectedAtColumn:
        return tr("Injected");
    case DueAtColumn:
        return tr("Due");
    case TimeLeftColumn:
        return tr("Time left");
    case ReactionsColumn:
        return tr("Reactions");
    }
    return {};
}

} // namespace vax

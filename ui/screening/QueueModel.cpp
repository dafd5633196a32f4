#include "QueueModel.h"

#include "app/clinical/QueueStage.h"
#include "ui/common/Format.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace vax {

namespace {

const QColor kCautionBackground(0xff, 0xe0, 0xb2);   // amber 100
const QColor kStoppedBackground(0xff, 0xcd, 0xd2);   // red 100
const QColor kDoneForeground(0x75, 0x75, 0x75);      // grey 600

} // namespace

QueueModel::QueueModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void QueueModel::setEntries(const QList<QueueEntry>& entries, const QDate& today)
{
    bool sameRows = entries.size() == m_entries.size();
    for (qsizetype i = 0; sameRows && i < entries.size(); ++i)
        sameRows = entries.at(i).visit.stamp.id == m_entries.at(i).visit.stamp.id;
    if (sameRows) {
        m_entries = entries;
        m_today = today;
        if (!m_entries.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_entries = entries;
    m_today = today;
    endResetModel();
}

int QueueModel::rowOf(const QString& visitId) const
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).visit.stamp.id == visitId)
            return int(i);
    }
    return -1;
}

int QueueModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int QueueModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString QueueModel::statusText(const QueueEntry& e) const
{
    switch (queueStage(e)) {
    case QueueStage::AwaitingScreening:
        return tr("Waiting for screening");
    case QueueStage::AwaitingInjection:
        return e.screening->conclusion == ScreeningConclusion::Caution ? tr("⚠ Caution: a doctor must agree")
                                                                       : tr("Eligible: waiting for injection");
    case QueueStage::NotToday:
        return e.screening->conclusion == ScreeningConclusion::Defer ? tr("Deferred: no dose today")
                                                                     : tr("Contraindicated: no dose");
    case QueueStage::Injected:
        return tr("Injected at %1").arg(Format::time(e.injection->injectedAt));
    case QueueStage::Cancelled:
        return tr("Left the queue");
    }
    return {};
}

QVariant QueueModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QueueEntry& e = m_entries.at(index.row());
    const QueueStage stage = queueStage(e);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NumberColumn:
            return index.row() + 1;
        case ArrivedColumn:
            return Format::time(e.visit.arrivedAt);
        case NameColumn:
            return e.person.fullName;
        case AgeColumn:
            return Format::age(e.person, m_today);
        case SexColumn:
            return Format::sex(e.person);
        case IdentityColumn:
            return Format::identity(e.person);
        case StatusColumn:
            return statusText(e);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == NameColumn) {
            return tr("%1, born %2, %3").arg(e.person.fullName, Format::date(e.person.birthDate), Format::sex(e.person));
        }
        if (index.column() == StatusColumn && e.screening) {
            return tr("Screened at %1").arg(Format::time(e.screening->screenedAt));
        }
        return {};
    case Qt::BackgroundRole:
        if (stage == QueueStage::AwaitingInjection && e.screening->conclusion == ScreeningConclusion::Caution)
            return QBrush(kCautionBackground);
        if (stage == QueueStage::NotToday)
            return QBrush(kStoppedBackground);
        return {};
    case Qt::ForegroundRole:
        if (stage == QueueStage::Injected || stage == QueueStage::Cancelled)
            return QBrush(kDoneForeground);
        return {};
    case Qt::FontRole:
        if (index.column() == StatusColumn && stage == QueueStage::AwaitingInjection
            && e.screening->conclusion == ScreeningConclusion::Caution) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == NumberColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case IdRole:
        return e.visit.stamp.id;
    case PersonIdRole:
        return e.person.stamp.id;
    case StageRole:
        return int(stage);
    case ConclusionRole:
        return e.screening ? conclusionKey(e.screening->conclusion) : QString();
    }
    return {};
}

QVariant QueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NumberColumn:
        return tr("No.");
    case ArrivedColumn:
        return tr("Arrived");
    case NameColumn:
        return tr("Name");
    case AgeColumn:
        return tr("Age");
    case SexColumn:
        return tr("Sex");
    case IdentityColumn:
        return tr("ID");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

} // namespace vax

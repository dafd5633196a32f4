#include "PersonTableModel.h"

#include "app/people/AddressText.h"
#include "app/people/AdminUnits.h"
#include "ui/common/Format.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace vax {

PersonTableModel::PersonTableModel(const AdminUnits& units, QObject* parent)
    : QAbstractTableModel(parent)
    , m_units(units)
{
}

void PersonTableModel::setPeople(QList<Person> people)
{
    beginResetModel();
    m_people = std::move(people);
    endResetModel();
}

void PersonTableModel::setToday(const QDate& today)
{
    if (today == m_today)
        return;
    m_today = today;
    if (!m_people.isEmpty())
        emit dataChanged(index(0, AgeColumn), index(rowCount() - 1, AgeColumn));
}

void PersonTableModel::setTodayStates(QHash<QString, TodayState> states)
{
    m_states = std::move(states);
    if (!m_people.isEmpty())
        emit dataChanged(index(0, TodayColumn), index(rowCount() - 1, TodayColumn));
}

void PersonTableModel::setQueue(const QList<QueueEntry>& queue)
{
    auto rank = [](TodayState s) {
        return s == TodayState::InQueue ? 3 : s == TodayState::Vaccinated ? 2 : s == TodayState::Left ? 1 : 0;
    };
    QHash<QString, TodayState> states;
    for (const QueueEntry& entry : queue) {
        const TodayState state = entry.injection ? TodayState::Vaccinated
            : entry.cancelled                    ? TodayState::Left
                                                 : TodayState::InQueue;
        if (rank(state) > rank(states.value(entry.visit.personId, TodayState::None)))
            states.insert(entry.visit.personId, state);
    }
    setTodayStates(std::move(states));
}

const Person* PersonTableModel::personAt(int row) const
{
    return row >= 0 && row < m_people.size() ? &m_people.at(row) : nullptr;
}

int PersonTableModel::rowOf(const QString& personId) const
{
    for (int row = 0; row < m_people.size(); ++row) {
        if (m_people.at(row).stamp.id == personId)
            return row;
    }
    return -1;
}

int PersonTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_people.size());
}

int PersonTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PersonTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Person& person = m_people.at(index.row());
    const TodayState state = todayState(person.stamp.id);
    switch (role) {
    case Qt::DisplayRole:
        return display(person, index.column());
    case Qt::ToolTipRole:
        return toolTip(person, index.column());
    case Qt::ForegroundRole:
        if (index.column() == TodayColumn && state == TodayState::InQueue)
            return QBrush(QColor(0x0d, 0x47, 0xa1));
        if (index.column() == TodayColumn && state == TodayState::Vaccinated)
            return QBrush(QColor(0x2e, 0x7d, 0x32));
        return {};
    case Qt::FontRole:
        if (index.column() == NameColumn || (index.column() == TodayColumn && state != TodayState::None)) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == AgeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case IdRole:
        return person.stamp.id;
    case BirthDateRole:
        return person.birthDate;
    case TodayStateRole:
        return int(state);
    default:
        return {};
    }
}

QVariant PersonTableModel::display(const Person& person, int column) const
{
    switch (column) {
    case NameColumn:
        return person.fullName;
    case BirthDateColumn:
        return Format::date(person.birthDate);
    case AgeColumn:
        return Format::age(person, m_today);
    case SexColumn:
        return Format::sex(person);
    case IdentityColumn:
        return Format::identity(person);
    case PhoneColumn:
        return Format::phone(person);
    case TodayColumn:
        return todayText(todayState(person.stamp.id));
    case AddressColumn:
        return describeAddress(person, m_units);
    default:
        return {};
    }
}

QVariant PersonTableModel::toolTip(const Person& person, int column) const
{
    switch (column) {
    case IdentityColumn: {
        QStringList ids;
        if (!person.cccd.isEmpty())
            ids << tr("CCCD %1").arg(person.cccd);
        if (!person.cmnd.isEmpty())
            ids << tr("CMND %1").arg(person.cmnd);
        if (!person.passport.isEmpty())
            ids << tr("Passport %1").arg(person.passport);
        return ids.join(QLatin1Char('\n'));
    }
    case TodayColumn:
        switch (todayState(person.stamp.id)) {
        case TodayState::InQueue:
            return tr("Checked in today and waiting: do not check in again.");
        case TodayState::Vaccinated:
            return tr("Already vaccinated today.");
        case TodayState::Left:
            return tr("Checked in today and left without a dose.");
        case TodayState::None:
            return {};
        }
        return {};
    case AddressColumn:
    case NameColumn:
        return QStringLiteral("%1\n%2").arg(person.fullName, describeAddress(person, m_units));
    default:
        return {};
    }
}

QString PersonTableModel::todayText(TodayState state) const
{
    switch (state) {
    case TodayState::InQueue:
        return tr("In queue");
    case TodayState::Vaccinated:
        return tr("Vaccinated");
    case TodayState::Left:
        return tr("Left");
    case TodayState::None:
        return {};
    }
    return {};
}

QVariant PersonTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Full name");
    case BirthDateColumn:
        return tr("Born");
    case AgeColumn:
        return tr("Age");
    case SexColumn:
        return tr("Sex");
    case IdentityColumn:
        return tr("ID number");
    case PhoneColumn:
        return tr("Phone");
    case TodayColumn:
        return tr("Today");
    case AddressColumn:
        return tr("Address");
    default:
        return {};
    }
}

} // namespace vax

#pragma once

#include "app/people/Person.h"
#include "app/store/ClinicalRepository.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QHash>
#include <QList>

namespace vax {

class AdminUnits;

// The people a search at the registration desk found, in the order the service ranked them,
// with where each one is today (already in the queue, vaccinated) so nobody is checked in twice.
class PersonTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PersonTableModel)

public:
    enum Column { NameColumn, BirthDateColumn, AgeColumn, SexColumn, IdentityColumn, PhoneColumn, TodayColumn,
        AddressColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, BirthDateRole, TodayStateRole };
    enum class TodayState { None, InQueue, Vaccinated, Left };

    explicit PersonTableModel(const AdminUnits& units, QObject* parent = nullptr);

    void setPeople(QList<Person> people);
    // The day ages are counted on.
    void setToday(const QDate& today);
    // Person id → where they are in today's flow; people not listed are not here today.
    void setTodayStates(QHash<QString, TodayState> states);
    // The same from today's visits: waiting beats vaccinated beats left, for someone who came twice.
    void setQueue(const QList<QueueEntry>& queue);

    const QList<Person>& people() const { return m_people; }
    const Person* personAt(int row) const;
    int rowOf(const QString& personId) const;  // -1 if not listed
    TodayState todayState(const QString& personId) const { return m_states.value(personId, TodayState::None); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const Person& person, int column) const;
    QVariant toolTip(const Person& person, int column) const;
    QString todayText(TodayState state) const;

    const AdminUnits& m_units;
    QList<Person> m_people;
    QDate m_today = QDate::currentDate();
    QHash<QString, TodayState> m_states;
};

} // namespace vax

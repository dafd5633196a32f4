#pragma once

#include "app/services/ObservationService.h"

#include <QAbstractTableModel>
#include <QHash>

namespace vax {

// The observation board: everyone injected and not yet released, by due time, with a live
// countdown. tick() moves the countdown with a dataChanged on that column only, so the
// nurse's selection stays; a row that just became due also repaints its background.
class ObservationModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ObservationModel)

public:
    enum Column { NameColumn, AgeColumn, VaccineColumn, InjectedAtColumn, DueAtColumn, TimeLeftColumn, ReactionsColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1,  // the injection id
        PersonIdRole,
        SecondsLeftRole,            // negative once overdue
        OverdueRole,
        ReactionCountRole,
        SeriousReactionRole,
    };

    explicit ObservationModel(QObject* parent = nullptr);

    // `reactions`: injection id → the symptoms reported (texts for people), for the
    // reactions column. Same people in the same order: updated in place; otherwise a reset.
    void setBoard(QList<ObservationItem> items, const QDateTime& now, const QHash<QString, QStringList>& reactions = {});
    void tick(const QDateTime& now);

    const ObservationItem& item(int row) const { return m_items.at(row); }
    int rowOf(const QString& injectionId) const;
    int overdueCount() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString reactionsText(const ObservationItem& item) const;

    QList<ObservationItem> m_items;
    QHash<QString, QStringList> m_reactions;
    QDate m_today;
};

} // namespace vax

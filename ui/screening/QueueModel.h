#pragma once

#include "app/store/ClinicalRepository.h"

#include <QAbstractTableModel>
#include <QDate>

namespace vax {

// Today's visits in arrival order, each with where the person stands (waiting for
// screening, eligible, caution, deferred, injected, left). QueueFilter narrows it per screen.
class QueueModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueModel)

public:
    enum Column { NumberColumn, ArrivedColumn, NameColumn, AgeColumn, SexColumn, IdentityColumn, StatusColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1,  // the visit id
        PersonIdRole,
        StageRole,                  // int(QueueStage)
        ConclusionRole,             // the screening conclusion key, or empty
    };

    explicit QueueModel(QObject* parent = nullptr);

    // Replaces the list. When the same visits come back in the same order the rows are
    // updated in place (selection kept); otherwise the model is reset.
    void setEntries(const QList<QueueEntry>& entries, const QDate& today);
    const QueueEntry& entry(int row) const { return m_entries.at(row); }
    int rowOf(const QString& visitId) const;
    // Where the person stands, as the status column says it.
    QString statusText(const QueueEntry& e) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<QueueEntry> m_entries;
    QDate m_today;
};

} // namespace vax

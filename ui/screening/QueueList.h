#pragma once

#include "app/clinical/QueueStage.h"
#include "app/store/ClinicalRepository.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace vax {

class QueueFilter;
class QueueModel;

// Today's queue as a station shows it: a title with the count of those waiting, and the list
// narrowed to the stages the station works on. The row of the person being worked on stays
// marked while the list refreshes under it; only the nurse picking a row emits visitPicked.
class QueueList final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueList)

public:
    // `emptyText` shows in the list while nobody is in it (what brings people here).
    QueueList(const QString& title, const QString& emptyText, QWidget* parent = nullptr);
    ~QueueList() override;

    // The stages listed, and counted as waiting.
    void setStages(const QList<QueueStage>& stages);
    // Lists every visit of the day as well; the count stays those waiting.
    void setShowAll(bool all);
    // Replaces the entries. The row of `keepSelected`, the visit being worked on, stays marked
    // when rows come and go (someone new arrived); with none, no row stays marked.
    void setEntries(const QList<QueueEntry>& entries, const QDate& today, const QString& keepSelected);
    // Marks the visit's row and scrolls to it; false, and nothing marked, when it is not listed.
    bool select(const QString& visitId);
    // No row marked: ↓ in the list picks the next person.
    void clearSelection();

    // The visit in today's list (shown or not), or nullptr; valid until the next setEntries().
    const QueueEntry* entry(const QString& visitId) const;
    const QueueModel& model() const { return *m_model; }
    QTableView* table() const { return m_table; }
    QLabel* countLabel() const { return m_count; }

signals:
    void visitPicked(const QString& visitId);

private:
    QModelIndex indexOf(const QString& visitId) const;
    void selectionChanged();

    QueueModel* m_model = nullptr;
    QueueFilter* m_filter = nullptr;
    QLabel* m_count = nullptr;
    QTableView* m_table = nullptr;
    bool m_refreshing = false;
};

} // namespace vax

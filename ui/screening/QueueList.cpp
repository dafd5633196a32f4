#include "QueueList.h"

#include "ui/common/EmptyHint.h"
#include "ui/common/ListTable.h"
#include "ui/screening/QueueFilter.h"
#include "ui/screening/QueueModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScopedValueRollback>
#include <QTableView>
#include <QVBoxLayout>

namespace vax {

QueueList::QueueList(const QString& title, const QString& emptyText, QWidget* parent)
    : QWidget(parent)
{
    m_model = new QueueModel(this);
    m_filter = new QueueFilter(this);
    m_filter->setSourceModel(m_model);

    // Created in the order Tab should visit them.
    auto* titleLabel = new QLabel(title, this);
    titleLabel->setStyleSheet(QStringLiteral("font-weight: bold; font-size: 13pt;"));
    m_count = new QLabel(this);
    m_table = newListTable(this, QString(), m_filter);
    m_table->horizontalHeader()->setSectionResizeMode(QueueModel::NameColumn, QHeaderView::Stretch);
    m_table->setColumnHidden(QueueModel::SexColumn, true);
    m_table->setColumnHidden(QueueModel::IdentityColumn, true);
    showWhenEmpty(m_table, emptyText);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* titleRow = new QHBoxLayout;
    titleRow->addWidget(titleLabel);
    titleRow->addStretch(1);
    titleRow->addWidget(m_count);
    layout->addLayout(titleRow);
    layout->addWidget(m_table, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &QueueList::selectionChanged);
}

QueueList::~QueueList() = default;

void QueueList::setStages(const QList<QueueStage>& stages)
{
    m_filter->setStages(stages);
}

void QueueList::setShowAll(bool all)
{
    m_filter->setShowAll(all);
}

void QueueList::setEntries(const QList<QueueEntry>& entries, const QDate& today, const QString& keepSelected)
{
    // Rows come and go under the selection while the list refreshes: that is not the nurse
    // picking someone, so nobody is picked; with nobody kept, nothing stays highlighted.
    const QScopedValueRollback<bool> refreshing(m_refreshing, true);
    m_model->setEntries(entries, today);
    if (keepSelected.isEmpty()) {
        m_table->selectionModel()->clear();
    } else if (m_table->selectionModel()->selectedRows().isEmpty()) {
        // The list was rebuilt (someone new arrived): keep the person being worked on marked.
        const QModelIndex index = indexOf(keepSelected);
        if (index.isValid())
            m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    int waiting = 0;
    for (const QueueEntry& e : entries)
        waiting += m_filter->stages().contains(queueStage(e)) ? 1 : 0;
    m_count->setText(tr("%n waiting", nullptr, waiting));
}

bool QueueList::select(const QString& visitId)
{
    const QModelIndex index = indexOf(visitId);
    if (!index.isValid())
        return false;
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

void QueueList::clearSelection()
{
    m_table->selectionModel()->clear();
}

const QueueEntry* QueueList::entry(const QString& visitId) const
{
    const int row = m_model->rowOf(visitId);
    return row < 0 ? nullptr : &m_model->entry(row);
}

QModelIndex QueueList::indexOf(const QString& visitId) const
{
    return m_filter->mapFromSource(m_model->index(m_model->rowOf(visitId), QueueModel::NameColumn));
}

void QueueList::selectionChanged()
{
    if (m_refreshing)
        return;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (!rows.isEmpty())
        emit visitPicked(rows.first().data(QueueModel::IdRole).toString());
}

} // namespace vax

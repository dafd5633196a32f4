#pragma once

#include <QHeaderView>
#include <QTableView>

namespace vax {

// A read-only list the keyboard drives: whole rows, one at a time, ↑/↓ inside and Tab out,
// striped rows, columns as wide as their contents. The caller stretches the column that takes
// the rest of the width.
inline QTableView* newListTable(QWidget* parent, const QString& objectName, QAbstractItemModel* model)
{
    auto* table = new QTableView(parent);
    table->setObjectName(objectName);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setTabKeyNavigation(false);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return table;
}

} // namespace vax

#pragma once

#include <QAbstractTableModel>
#include <QList>

namespace vax {

// The rows of a read-only list: a QList of values the screen hands over whole. A list's own
// model derives from it and says what its columns show.
template <typename T>
class ListModel : public QAbstractTableModel
{
public:
    void setItems(QList<T> items)
    {
        beginResetModel();
        m_items = std::move(items);
        endResetModel();
    }
    const QList<T>& items() const { return m_items; }
    const T* itemAt(int row) const { return row >= 0 && row < m_items.size() ? &m_items.at(row) : nullptr; }

    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : int(m_items.size()); }
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : m_columns; }

protected:
    ListModel(int columns, QObject* parent)
        : QAbstractTableModel(parent)
        , m_columns(columns)
    {
    }

    QList<T> m_items;

private:
    int m_columns;
};

} // namespace vax

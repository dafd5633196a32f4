#pragma once

#include "app/store/ClinicalRepository.h"

#include <QAbstractTableModel>
#include <QList>

namespace vax {

// A person's doses, oldest first as the store lists them; voided ones stay in the list, greyed
// and struck through with the reason, because a correction never erases what happened.
class InjectionHistoryModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InjectionHistoryModel)

public:
    enum Column { DoseColumn, DateTimeColumn, VaccineColumn, LotColumn, BodySiteColumn, NurseColumn, StatusColumn,
        ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, VoidedRole, InjectedAtRole };

    explicit InjectionHistoryModel(QObject* parent = nullptr);

    void setHistory(QList<InjectionView> history);
    const QList<InjectionView>& history() const { return m_history; }
    const InjectionView* injectionAt(int row) const;
    int rowOf(const QString& injectionId) const;  // -1 if not listed

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString bodySiteText(BodySite site);

private:
    QVariant display(const InjectionView& view, int column) const;
    QVariant toolTip(const InjectionView& view, int column) const;

    QList<InjectionView> m_history;
};

} // namespace vax

#pragma once

#include "app/services/InjectionService.h"

#include <QAbstractTableModel>

namespace vax {

// The lots a nurse may take a vial from, in the service's order (by product, first expiry
// first); lots that expire within InjectionService::kNearExpiryDays are amber.
class LotChoiceModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LotChoiceModel)

public:
    enum Column { ProductColumn, LotColumn, ExpiryColumn, DaysLeftColumn, DosesColumn, VialsColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1,  // the lot id
        ProductCodeRole,
        NearExpiryRole,
    };

    explicit LotChoiceModel(QObject* parent = nullptr);

    // Same lots in the same order: updated in place (selection kept); otherwise a reset.
    void setChoices(const QList<LotChoice>& choices);
    const LotChoice& choice(int row) const { return m_choices.at(row); }
    int rowOf(const QString& lotId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<LotChoice> m_choices;
};

} // namespace vax

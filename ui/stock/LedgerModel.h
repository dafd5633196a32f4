#pragma once

#include "app/services/StockReport.h"
#include "ui/common/ListModel.h"

namespace vax {

// The stock ledger with names, newest first: every receipt, dose, transfer, discard and count.
class LedgerModel final : public ListModel<LedgerRow>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LedgerModel)

public:
    enum Column { WhenColumn, HolderColumn, KindColumn, ProductColumn, LotColumn, DosesColumn, CounterpartColumn,
        ReasonColumn, NoteColumn, ColumnCount };
    enum Role { LotIdRole = Qt::UserRole + 1, KindKeyRole };

    explicit LedgerModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString kindText(MovementKind kind);
};

} // namespace vax

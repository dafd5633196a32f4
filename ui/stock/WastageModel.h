#pragma once

#include "app/services/StockReport.h"
#include "ui/common/ListModel.h"

namespace vax {

// Usage and wastage per product over a period (WHO's formulas); a rate above the vial size's
// indicative ceiling is shown in red.
class WastageModel final : public ListModel<WastageLine>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WastageModel)

public:
    enum Column { ProductColumn, IssuedColumn, GivenColumn, WastedClosedColumn, WastedOpenColumn, RateColumn, FactorColumn,
        CeilingColumn, DaysOfStockColumn, ColumnCount };
    enum Role { OverCeilingRole = Qt::UserRole + 1 };

    explicit WastageModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace vax

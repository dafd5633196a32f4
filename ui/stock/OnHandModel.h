#pragma once

#include "app/store/StockRepository.h"
#include "ui/common/ListModel.h"

namespace vax {

// One lot at one holder as the stock screen lists it.
struct OnHandRow {
    LotBalance balance;
    QString holderId;
    QString holderCode;
    int daysLeft = 0;
    bool quarantined = false;
};

// What a holder (or every holder) has, lot by lot: doses and the vials they make up, a partial
// vial shown as "+ n doses", expiry and quarantine.
class OnHandModel final : public ListModel<OnHandRow>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OnHandModel)

public:
    enum Column { HolderColumn, ProductColumn, LotColumn, ExpiryColumn, DaysLeftColumn, DosesColumn, VialsColumn,
        QuarantineColumn, ColumnCount };
    enum Role { LotIdRole = Qt::UserRole + 1, QuarantinedRole };

    explicit OnHandModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace vax

#pragma once

#include "app/store/StockRepository.h"
#include "ui/common/ListModel.h"

namespace vax {

// A shipment to or from this device's holder, with the names people read.
struct ShipmentRow {
    Shipment shipment;
    bool incoming = false;   // sent to this holder: it may confirm it
    QString fromCode;
    QString toCode;
};

// Shipments in transit and confirmed, to this holder and from it, with any difference found.
class ShipmentModel final : public ListModel<ShipmentRow>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShipmentModel)

public:
    enum Column { SentColumn, DirectionColumn, FromColumn, ToColumn, ProductColumn, LotColumn, DosesColumn, StatusColumn,
        DifferenceColumn, ColumnCount };
    enum Role { ShipmentIdRole = Qt::UserRole + 1, PendingIncomingRole };

    explicit ShipmentModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace vax

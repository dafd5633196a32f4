#pragma once

#include "app/store/SyncRepository.h"
#include "ui/common/ListModel.h"

namespace vax {

// Bundles of other devices (a mobile team's) imported here, and whether central has them yet.
class BundleModel final : public ListModel<RelayBundle>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BundleModel)

public:
    enum Column { ImportedColumn, DeviceColumn, ChangesColumn, RelayedColumn, OutcomeColumn, ColumnCount };

    explicit BundleModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace vax

#pragma once

#include "app/store/SyncRepository.h"
#include "ui/common/ListModel.h"

namespace vax {

// Changes central refused, with its reason: they stay on this device, and a person decides.
class RejectionModel final : public ListModel<PushRejection>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RejectionModel)

public:
    enum Column { WhenColumn, ChangeColumn, RecordColumn, ReasonColumn, ColumnCount };

    explicit RejectionModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "a person record", "an injection", … for the kinds a device records.
    static QString recordKind(const QString& entity);
};

} // namespace vax

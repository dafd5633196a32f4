#pragma once

#include "app/store/SyncRepository.h"
#include "ui/common/ListModel.h"

namespace vax {

// Past sync runs, newest first: what each sent, carried and fetched, or why it stopped.
class SyncHistoryModel final : public ListModel<SyncRun>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncHistoryModel)

public:
    enum Column { StartedColumn, PushedColumn, RefusedColumn, RelayedColumn, PulledColumn, ConflictsColumn, ResultColumn,
        ColumnCount };

    explicit SyncHistoryModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace vax

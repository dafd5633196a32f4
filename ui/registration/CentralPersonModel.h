#pragma once

#include "sync/CentralLookup.h"
#include "ui/common/ListModel.h"

namespace vax {

// People central found at any site, for the desk to bring one here.
class CentralPersonModel final : public ListModel<sync::CentralPerson>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CentralPersonModel)

public:
    enum Column { NameColumn, BornColumn, IdColumn, PhoneColumn, DosesColumn, ColumnCount };

    explicit CentralPersonModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace vax

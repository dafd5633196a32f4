#pragma once

#include "app/store/SyncRepository.h"
#include "ui/common/ListModel.h"

namespace vax {

// What a person must look at after a merge: a field both sides changed (the value that lost is
// kept here, never silently dropped) or a suspected duplicate.
class ReviewModel final : public ListModel<ReviewItem>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewModel)

public:
    enum Column { WhenColumn, KindColumn, RecordColumn, FieldColumn, KeptColumn, OtherColumn, ColumnCount };

    explicit ReviewModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString kindText(const QString& kind);
    static QString valueText(const QJsonValue& value);
};

} // namespace vax

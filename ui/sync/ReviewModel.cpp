#include "ReviewModel.h"

#include "app/common/TimeText.h"
#include "ui/common/Format.h"
#include "ui/sync/RejectionModel.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace vax {

ReviewModel::ReviewModel(QObject* parent)
    : ListModel(ColumnCount, parent)
{
}

QString ReviewModel::kindText(const QString& kind)
{
    if (kind == QLatin1String("field_conflict"))
        return tr("Changed on two devices");
    if (kind == QLatin1String("duplicate_person"))
        return tr("Same ID registered twice");
    if (kind == QLatin1String("duplicate_dose"))
        return tr("Same dose recorded twice");
    if (kind == QLatin1String("duplicate_void"))
        return tr("Dose voided twice");
    return kind;
}

QString ReviewModel::valueText(const QJsonValue& value)
{
    if (value.isNull() || value.isUndefined())
        return tr("(empty)");
    if (value.isString())
        return value.toString();
    if (value.isBool())
        return value.toBool() ? tr("yes") : tr("no");
    if (value.isDouble())
        return QString::number(value.toDouble());
    return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
}

QVariant ReviewModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReviewItem& i = m_items.at(index.row());
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case WhenColumn:
        return Format::dateTime(fromIsoWithOffset(i.createdAt).toLocalTime());
    case KindColumn:
        return kindText(i.kind);
    case RecordColumn:
        return RejectionModel::recordKind(i.entity);
    case FieldColumn:
        return i.field;
    case KeptColumn:
        return valueText(i.keptValue);
    case OtherColumn:
        return valueText(i.lostValue);
    default:
        return {};
    }
}

QVariant ReviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case WhenColumn: return tr("Found");
    case KindColumn: return tr("What");
    case RecordColumn: return tr("Record");
    case FieldColumn: return tr("Field");
    case KeptColumn: return tr("Value kept");
    case OtherColumn: return tr("Other value");
    default: return {};
    }
}

} // namespace vax

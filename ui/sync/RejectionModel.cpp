#include "RejectionModel.h"

#include "app/common/TimeText.h"
#include "ui/common/Format.h"

namespace vax {

RejectionModel::RejectionModel(QObject* parent)
    : ListModel(ColumnCount, parent)
{
}

QString RejectionModel::recordKind(const QString& entity)
{
    static const QHash<QString, const char*> names{{QStringLiteral("person"), QT_TR_NOOP("Person")},
        {QStringLiteral("app_user"), QT_TR_NOOP("User")}, {QStringLiteral("site"), QT_TR_NOOP("Site")},
        {QStringLiteral("device"), QT_TR_NOOP("Device")}, {QStringLiteral("vaccine_product"), QT_TR_NOOP("Vaccine")},
        {QStringLiteral("lot"), QT_TR_NOOP("Lot")}, {QStringLiteral("stock_movement"), QT_TR_NOOP("Stock movement")},
        {QStringLiteral("visit"), QT_TR_NOOP("Check-in")}, {QStringLiteral("screening"), QT_TR_NOOP("Screening")},
        {QStringLiteral("injection"), QT_TR_NOOP("Dose")}, {QStringLiteral("observation"), QT_TR_NOOP("Observation")},
        {QStringLiteral("adverse_event"), QT_TR_NOOP("Reaction")}, {QStringLiteral("correction"), QT_TR_NOOP("Correction")}};
    const char* name = names.value(entity);
    return name ? tr(name) : entity;
}

QVariant RejectionModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PushRejection& r = m_items.at(index.row());
    if (role == Qt::ToolTipRole)
        return tr("%1 %2, change #%3 (%4): %5").arg(recordKind(r.entity), r.recordId).arg(r.seq).arg(r.code, r.reason);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case WhenColumn:
        return Format::dateTime(fromIsoWithOffset(r.rejectedAt).toLocalTime());
    case ChangeColumn:
        return QStringLiteral("#%1").arg(r.seq);
    case RecordColumn:
        return recordKind(r.entity);
    case ReasonColumn:
        return r.reason;
    default:
        return {};
    }
}

QVariant RejectionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case WhenColumn: return tr("Refused");
    case ChangeColumn: return tr("Change");
    case RecordColumn: return tr("Record");
    case ReasonColumn: return tr("Central's reason");
    default: return {};
    }
}

} // namespace vax

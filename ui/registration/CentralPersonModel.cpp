#include "CentralPersonModel.h"

#include "ui/common/Format.h"

namespace vax {

CentralPersonModel::CentralPersonModel(QObject* parent)
    : ListModel(ColumnCount, parent)
{
}

QVariant CentralPersonModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || role != Qt::DisplayRole)
        return {};
    const sync::CentralPerson& p = m_items.at(index.row());
    switch (index.column()) {
    case NameColumn:
        return p.fullName;
    case BornColumn:
        return Format::date(QDate::fromString(p.birthDate, Qt::ISODate));
    case IdColumn:
        return !p.cccd.isEmpty() ? p.cccd : !p.cmnd.isEmpty() ? p.cmnd : p.passport;
    case PhoneColumn:
        return p.phone;
    case DosesColumn:
        return p.doses;
    default:
        return {};
    }
}

QVariant CentralPersonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Full name");
    case BornColumn: return tr("Born");
    case IdColumn: return tr("ID number");
    case PhoneColumn: return tr("Phone");
    case DosesColumn: return tr("Doses");
    default: return {};
    }
}

} // namespace vax

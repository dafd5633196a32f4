#include "AddressText.h"

#include "app/people/AdminUnits.h"
#include "app/people/Person.h"

#include <QStringList>

namespace vax {

QString describeAddress(const Person& person, const AdminUnits& units)
{
    const QDate latest(9999, 12, 31);
    QStringList parts;
    if (!person.address.isEmpty())
        parts << person.address;
    const std::pair<QString, AdminUnits::Level> codes[] = {
        {person.wardCode, AdminUnits::Level::Ward},
        {person.districtCode, AdminUnits::Level::District},
        {person.provinceCode, AdminUnits::Level::Province},
    };
    for (const auto& [code, level] : codes) {
        if (code.isEmpty())
            continue;
        const AdminUnits::Unit* unit = units.findLatest(code, level, latest);
        parts << (unit ? unit->fullName() : code);
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace vax

#pragma once

#include "app/people/Person.h"

#include <QString>

namespace vax::test {

// A valid person as a nurse types them, from a name and a CCCD: the CCCD carries the century
// and sex (4th digit) and the year of birth (5th–6th).
inline PersonDraft draftFromCccd(const QString& name, const QString& cccd)
{
    PersonDraft d;
    d.fullName = name;
    d.birthDate = QStringLiteral("19%1-03-12").arg(cccd.mid(4, 2));
    d.sex = cccd.at(3) == QLatin1Char('0') ? QStringLiteral("M") : QStringLiteral("F");
    d.cccd = cccd;
    return d;
}

} // namespace vax::test

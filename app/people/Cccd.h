#pragma once

#include "app/common/Result.h"
#include "app/people/AdminUnits.h"
#include "app/people/Person.h"

#include <QDate>
#include <QList>
#include <QString>

namespace vax {

// What the 12 digits of a citizen ID (Căn cước công dân) say about its holder.
struct CccdInfo {
    QString provinceCode; // 3 digits: "0" + GSO code of the province of birth registration
    Sex sex = Sex::Male;
    int birthYear = 0;
};

namespace Cccd {

// Reads a CCCD as typed: spaces, dots and dashes are ignored; it must then be exactly 12 digits
// with a known province code (AdminUnits::isCccdProvinceCode) in digits 1–3. Digit 4 gives sex and
// century (0/1 male/female born 1900s, 2/3 2000s, 4/5 2100s, 6/7 2200s, 8/9 1800s), digits 5–6 the
// last two digits of the birth year. Errors are on the field "cccd".
Result<CccdInfo> parse(const QString& text, const AdminUnits& units);

// The digits only ("001 099 012 345" → "001099012345"); no check.
QString digitsOf(const QString& text);

// Errors on "cccd" when the card's birth year or sex disagree with the form, naming both values.
// An invalid birthDate is not compared.
QList<FieldError> contradictions(const CccdInfo& info, const QDate& birthDate, Sex sex);

// A well-formed number for demo and test data: province (3 digits, or 2 and "0" is prepended),
// sex-and-century digit, two year digits, six serial digits (serial 0..999999). Empty if the
// birth year is outside 1800–2299 or the serial out of range.
QString make(const QString& provinceCode3, const QDate& birthDate, Sex sex, int serial);

} // namespace Cccd

} // namespace vax

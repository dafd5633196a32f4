#pragma once

#include "app/common/Result.h"

#include <QString>

// Phone numbers as typed at the desk, checked and stored as E.164. libphonenumber (Debian's
// libphonenumber-dev) does the real work; this adds Vietnam's 2018 remapping of 11-digit mobiles.
namespace vax::PhoneNumber {

struct Normalized {
    QString e164;   // "+84912345678"
    QString note;   // translated, e.g. the old 11-digit number that was changed; empty if none
};

// Field "phone". Default region VN: accepts 0xxxxxxxxx, +84xxxxxxxxx, 84xxxxxxxxx, with spaces,
// dots, dashes and parentheses. Old 11-digit mobiles (016x→03x, 012x→07x/08x, 0186/0188→056/058,
// 0199→059) are remapped with a note. Numbers that are not in use are rejected, saying why.
// Foreign numbers only with their country code (+44…, or 0044…).
Result<Normalized> normalize(const QString& raw);

// "0912 345 678" for Vietnamese mobiles, "024 3825 1234" for landlines, international format
// ("+44 7911 123456") for other countries; the input unchanged if it is not a number.
QString formatNational(const QString& e164);

// E.164 if the typed text is a complete valid phone number (for search), else empty.
QString lookupKey(const QString& typed);

} // namespace vax::PhoneNumber

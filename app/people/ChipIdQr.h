#pragma once

#include "app/people/Person.h"

#include <QDate>
#include <QString>

#include <optional>

namespace vax {

// What the QR code on the back of a chip ID card (CCCD gắn chip) holds.
struct ChipIdCard {
    QString cccd;        // 12 digits
    QString cmnd;        // the old 9-digit ID (or, on re-issued cards, the old 12-digit one); may be empty
    QString fullName;    // NameText::normalize()d
    QDate birthDate;
    Sex sex = Sex::Male;
    QString address;     // permanent address as printed, one line
    QDate issueDate;

    // A registration draft with what the card says (name, birth date, sex, CCCD, CMND if it is a
    // 9-digit one, address); the province and ward must still be chosen.
    PersonDraft toDraft() const;
};

namespace ChipIdQr {

// Cheap test for the search box: 12 digits then "|".
bool looksLike(const QString& text);

// "CCCD|CMND|Full name|ddMMyyyy|Nam/Nữ|Permanent address|ddMMyyyy". Tolerates surrounding
// whitespace and CR/LF, decomposed (NFD) text, upper-case names, "Nu" for "Nữ". nullopt if the text
// is not in this format or a date is not a real date.
std::optional<ChipIdCard> parse(const QString& text);

} // namespace ChipIdQr

} // namespace vax

#include "PersonValidator.h"

#include <QLocale>

#include "app/people/Cccd.h"
#include "app/people/NameText.h"
#include "app/people/PhoneNumber.h"

#include <algorithm>

namespace vax {

namespace {

using Level = AdminUnits::Level;

bool isAsciiDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

bool isAsciiLetter(QChar c)
{
    return (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('a') && c <= QLatin1Char('z'));
}

bool allDigits(QStringView text)
{
    return !text.isEmpty() && std::all_of(text.cbegin(), text.cend(), isAsciiDigit);
}

QString withoutSpaces(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (!c.isSpace())
            out.append(c);
    }
    return out;
}

bool isNameChar(QChar c)
{
    return c.isLetter() || c.isMark() || c == QLatin1Char(' ') || c == QLatin1Char('-') || c == QLatin1Char('\'')
        || c == QChar(0x2019) || c == QLatin1Char('.');
}

QString dayText(const QDate& day)
{
    return day.toString(QStringLiteral("dd/MM/yyyy"));
}

} // namespace

PersonValidator::PersonValidator(const AdminUnits& units)
    : m_units(&units)
{
}

namespace {

// The day, month and year of a date typed in one of the accepted shapes; nullopt for another shape.
struct DateParts {
    int year;
    int month;
    int day;
};

std::optional<DateParts> dateParts(const QString& text)
{
    const QStringView v(text);
    if (v.size() == 10 && v.at(4) == QLatin1Char('-') && v.at(7) == QLatin1Char('-')
        && allDigits(v.left(4)) && allDigits(v.mid(5, 2)) && allDigits(v.mid(8, 2))) {
        return DateParts{v.left(4).toInt(), v.mid(5, 2).toInt(), v.mid(8, 2).toInt()};
    }
    if (v.size() == 8 && allDigits(v))
        return DateParts{v.mid(4, 4).toInt(), v.mid(2, 2).toInt(), v.left(2).toInt()};
    const qsizetype slash1 = v.indexOf(QLatin1Char('/'));
    const qsizetype slash2 = slash1 < 0 ? -1 : v.indexOf(QLatin1Char('/'), slash1 + 1);
    if (slash2 < 0)
        return std::nullopt;
    const QStringView dd = v.left(slash1);
    const QStringView mm = v.mid(slash1 + 1, slash2 - slash1 - 1);
    const QStringView yyyy = v.mid(slash2 + 1);
    if (dd.size() < 1 || dd.size() > 2 || mm.size() < 1 || mm.size() > 2 || yyyy.size() != 4
        || !allDigits(dd) || !allDigits(mm) || !allDigits(yyyy))
        return std::nullopt;
    return DateParts{yyyy.toInt(), mm.toInt(), dd.toInt()};
}

} // namespace

QDate PersonValidator::parseDate(const QString& text)
{
    const std::optional<DateParts> parts = dateParts(text.trimmed());
    return parts ? QDate(parts->year, parts->month, parts->day) : QDate();
}

std::optional<Sex> PersonValidator::parseSex(const QString& text)
{
    const QString folded = NameText::fold(text);
    if (folded == QLatin1String("m") || folded == QLatin1String("male") || folded == QLatin1String("nam"))
        return Sex::Male;
    if (folded == QLatin1String("f") || folded == QLatin1String("female") || folded == QLatin1String("nu"))
        return Sex::Female;
    return std::nullopt;
}

Result<Person> PersonValidator::validate(const PersonDraft& draft, const QDate& today) const
{
    QList<FieldError> errors;
    Person person;
    checkName(draft, person, errors);
    const bool birthOk = checkBirthDate(draft, today, person, errors);
    const bool sexOk = checkSex(draft, person, errors);
    checkIds(draft, today, birthOk, sexOk, person, errors);
    checkContact(draft, today, person, errors);
    checkOther(draft, person, errors);
    if (!errors.isEmpty())
        return Error::invalid(errors);
    return person;
}

void PersonValidator::checkName(const PersonDraft& draft, Person& person, QList<FieldError>& errors) const
{
    const QLatin1String field("full_name");
    const QString name = NameText::normalize(draft.fullName);
    if (name.isEmpty()) {
        errors.append({field, tr("Full name is required: type the name as written on the ID card.")});
        return;
    }
    const auto bad = std::find_if_not(name.cbegin(), name.cend(), isNameChar);
    if (bad != name.cend()) {
        errors.append({field, tr("Full name contains \"%1\", which is not part of a name: use letters only "
                                 "(spaces, hyphens, apostrophes and dots are fine).")
                                  .arg(*bad)});
        return;
    }
    const auto letters = std::count_if(name.cbegin(), name.cend(), [](QChar c) { return c.isLetter(); });
    if (letters < 2) {
        errors.append({field, tr("Full name is too short: type the whole name as written on the ID card.")});
        return;
    }
    if (name.size() > kMaxNameLength) {
        errors.append({field, tr("Full name is too long (%1 characters, at most %2): type the name as written on the ID card.")
                                  .arg(name.size())
                                  .arg(kMaxNameLength)});
        return;
    }
    person.fullName = name;
}

bool PersonValidator::checkBirthDate(const PersonDraft& draft, const QDate& today, Person& person,
                                     QList<FieldError>& errors) const
{
    const QLatin1String field("birth_date");
    const QString raw = draft.birthDate.trimmed();
    if (raw.isEmpty()) {
        errors.append({field, tr("Date of birth is required: type it as dd/mm/yyyy, e.g. 25/12/1990.")});
        return false;
    }
    const QDate date = parseDate(raw);
    if (!date.isValid()) {
        // Tell a wrong shape from an impossible day: "31/02/1990" has the shape but no such day.
        if (dateParts(raw)) {
            errors.append({field, tr("Date of birth \"%1\" is not a real date: check the day and the month.").arg(raw)});
        } else {
            errors.append({field, tr("Date of birth \"%1\" is not in a known format: type it as dd/mm/yyyy, e.g. 25/12/1990.")
                                      .arg(raw)});
        }
        return false;
    }
    if (date > today) {
        errors.append({field, tr("Date of birth %1 is in the future: check the year.").arg(dayText(date))});
        return false;
    }
    person.birthDate = date;
    const int age = person.ageOn(today);
    if (age > kMaxAge) {
        errors.append({field, tr("Date of birth %1 gives an age of %2 years: check the year (at most %3 years).")
                                  .arg(dayText(date))
                                  .arg(age)
                                  .arg(kMaxAge)});
        person.birthDate = QDate();
        return false;
    }
    return true;
}

bool PersonValidator::checkSex(const PersonDraft& draft, Person& person, QList<FieldError>& errors) const
{
    const QLatin1String field("sex");
    if (draft.sex.trimmed().isEmpty()) {
        errors.append({field, tr("Sex is required: choose Nam (male) or Nữ (female).")});
        return false;
    }
    const std::optional<Sex> sex = parseSex(draft.sex);
    if (!sex) {
        errors.append({field, tr("Sex \"%1\" is not recognised: choose Nam (male) or Nữ (female).").arg(draft.sex.trimmed())});
        return false;
    }
    person.sex = *sex;
    return true;
}

void PersonValidator::checkIds(const PersonDraft& draft, const QDate& today, bool birthOk, bool sexOk, Person& person,
                               QList<FieldError>& errors) const
{
    const QString cccdRaw = draft.cccd.trimmed();
    if (!cccdRaw.isEmpty()) {
        const Result<CccdInfo> info = Cccd::parse(cccdRaw, *m_units);
        if (!info) {
            errors.append(info.error().fields());
        } else {
            const QList<FieldError> contradictions = Cccd::contradictions(
                *info, birthOk ? person.birthDate : QDate(), sexOk ? person.sex : info->sex);
            errors.append(contradictions);
            if (contradictions.isEmpty())
                person.cccd = Cccd::digitsOf(cccdRaw);
        }
    }

    const QString cmndRaw = draft.cmnd.trimmed();
    if (!cmndRaw.isEmpty()) {
        const QString digits = Cccd::digitsOf(cmndRaw);
        const QLatin1String field("cmnd");
        if (!allDigits(digits)) {
            errors.append({field, tr("CMND may contain only digits: type the 9 digits of the old ID card.")});
        } else if (digits.size() != 9) {
            QString message = tr("CMND must have 9 digits (found %1): check the old ID card.").arg(digits.size());
            if (digits.size() == 12)
                message += QLatin1Char(' ') + tr("A 12-digit number is a CCCD: enter it in the CCCD field.");
            errors.append({field, message});
        } else {
            person.cmnd = digits;
        }
    }

    const QString passportRaw = draft.passport.trimmed();
    if (!passportRaw.isEmpty()) {
        const QString passport = withoutSpaces(passportRaw).toUpper();
        const QLatin1String field("passport");
        const bool alnum = std::all_of(passport.cbegin(), passport.cend(),
                                       [](QChar c) { return isAsciiLetter(c) || isAsciiDigit(c); });
        if (!alnum) {
            errors.append({field, tr("Passport number may contain only letters A–Z and digits: type it as printed in the passport.")});
        } else if (passport.size() < 5 || passport.size() > 20) {
            errors.append({field, tr("Passport number must have 5 to 20 letters and digits (found %1): type it as printed in the passport.")
                                      .arg(passport.size())});
        } else {
            person.passport = passport;
        }
    }

    if (birthOk && cccdRaw.isEmpty() && cmndRaw.isEmpty() && passportRaw.isEmpty()
        && person.ageOn(today) >= kIdRequiredFromAge) {
        errors.append({QStringLiteral("cccd"),
                       tr("CCCD, CMND or passport number is required from age %1: enter at least one of them.")
                           .arg(kIdRequiredFromAge)});
    }
}

void PersonValidator::checkContact(const PersonDraft& draft, const QDate& today, Person& person,
                                   QList<FieldError>& errors) const
{
    const QString phoneRaw = draft.phone.trimmed();
    if (!phoneRaw.isEmpty()) {
        const Result<PhoneNumber::Normalized> phone = PhoneNumber::normalize(phoneRaw);
        if (phone)
            person.phone = phone->e164;
        else
            errors.append(phone.error().fields());
    }

    const QString address = draft.address.normalized(QString::NormalizationForm_C).simplified();
    if (address.size() > kMaxAddressLength) {
        errors.append({QStringLiteral("address"),
                       tr("Address is too long (%1 characters, at most %2): keep the house number and street; "
                          "the ward and province have their own fields.")
                           .arg(address.size())
                           .arg(kMaxAddressLength)});
    } else {
        person.address = address;
    }

    const QString provinceCode = draft.provinceCode.trimmed();
    const QString districtCode = draft.districtCode.trimmed();
    const QString wardCode = draft.wardCode.trimmed();
    const QString provinceField = QStringLiteral("province_code");
    const QString districtField = QStringLiteral("district_code");
    const QString wardField = QStringLiteral("ward_code");

    // An address with a district is an address from before 1 July 2025: read it on the last day
    // its district existed.
    QDate era = today;
    if (!districtCode.isEmpty() && !m_units->find(districtCode, Level::District, today)) {
        if (const AdminUnits::Unit* old = m_units->findLatest(districtCode, Level::District, today); old && old->validTo.isValid())
            era = old->validTo;
    }

    const AdminUnits::Unit* province = nullptr;
    if (!provinceCode.isEmpty()) {
        province = m_units->find(provinceCode, Level::Province, era);
        if (!province) {
            const AdminUnits::Unit* old = m_units->findLatest(provinceCode, Level::Province, era);
            if (old && old->validTo.isValid()) {
                errors.append({provinceField, tr("Province %1 (%2) no longer exists since %3: choose the province it now belongs to.")
                                                  .arg(provinceCode, old->fullName(), dayText(old->validTo.addDays(1)))});
            } else {
                errors.append({provinceField, tr("Province code \"%1\" is not a province of Vietnam: choose the province from the list.")
                                                  .arg(provinceCode)});
            }
        }
    }

    const AdminUnits::Unit* district = nullptr;
    if (!districtCode.isEmpty()) {
        district = m_units->find(districtCode, Level::District, era);
        if (!district) {
            errors.append({districtField, tr("District code \"%1\" is not a district: choose the district from the list "
                                             "(since 1 July 2025 there are no districts; leave it empty).")
                                              .arg(districtCode)});
        } else if (provinceCode.isEmpty()) {
            errors.append({districtField, tr("District %1 (%2) needs its province: choose the province first.")
                                              .arg(districtCode, district->fullName())});
        } else if (province && district->parentCode != province->code) {
            errors.append({districtField, tr("District %1 (%2) is not in %3: choose a district of that province.")
                                              .arg(districtCode, district->fullName(), province->fullName())});
        }
    }

    if (!wardCode.isEmpty()) {
        const AdminUnits::Unit* ward = m_units->find(wardCode, Level::Ward, era);
        if (!ward) {
            const AdminUnits::Unit* old = m_units->findLatest(wardCode, Level::Ward, era);
            if (old && old->validTo.isValid() && old->validTo < era) {
                errors.append({wardField, tr("Ward or commune %1 (%2) no longer exists since %3: choose the current ward or commune.")
                                              .arg(wardCode, old->fullName(), dayText(old->validTo.addDays(1)))});
            } else {
                errors.append({wardField, tr("Ward or commune code \"%1\" is not known: choose the ward or commune from the list.")
                                              .arg(wardCode)});
            }
        } else if (provinceCode.isEmpty()) {
            errors.append({wardField, tr("Ward or commune %1 (%2) needs its province: choose the province first.")
                                          .arg(wardCode, ward->fullName())});
        } else if (const AdminUnits::Unit* parentDistrict = m_units->find(ward->parentCode, Level::District, era)) {
            if (districtCode.isEmpty()) {
                errors.append({wardField, tr("Ward or commune %1 (%2) lies in the district %3: choose that district too.")
                                              .arg(wardCode, ward->fullName(), parentDistrict->fullName())});
            } else if (district && ward->parentCode != district->code) {
                errors.append({wardField, tr("Ward or commune %1 (%2) is not in %3: choose a ward or commune of that district.")
                                              .arg(wardCode, ward->fullName(), district->fullName())});
            }
        } else if (province && ward->parentCode != province->code) {
            errors.append({wardField, tr("Ward or commune %1 (%2) is not in %3: choose a ward or commune of that province.")
                                          .arg(wardCode, ward->fullName(), province->fullName())});
        }
    }

    person.provinceCode = provinceCode;
    person.districtCode = districtCode;
    person.wardCode = wardCode;
}

void PersonValidator::checkOther(const PersonDraft& draft, Person& person, QList<FieldError>& errors) const
{
    const QString group = draft.priorityGroup.trimmed();
    if (!group.isEmpty()) {
        bool ok = false;
        const int value = group.toInt(&ok);
        if (!ok || value < 1 || value > 11) {
            errors.append({QStringLiteral("priority_group"),
                           tr("Priority group must be a number from 1 to 11 (found \"%1\"): choose one of the 11 priority groups.")
                               .arg(group)});
        } else {
            person.priorityGroup = value;
        }
    }

    auto shortText = [&errors](const QString& raw, const QString& field, const QString& label, QString& target) {
        const QString text = raw.normalized(QString::NormalizationForm_C).simplified();
        if (text.size() > kMaxShortTextLength) {
            errors.append({field, tr("%1 is too long (%2 characters, at most %3): shorten it.")
                                      .arg(label)
                                      .arg(text.size())
                                      .arg(kMaxShortTextLength)});
            return;
        }
        target = text;
    };
    shortText(draft.occupation, QStringLiteral("occupation"), tr("Occupation"), person.occupation);
    shortText(draft.ethnicity, QStringLiteral("ethnicity"), tr("Ethnicity"), person.ethnicity);

    const QString nationality = draft.nationality.trimmed().toUpper();
    if (nationality.isEmpty()) {
        person.nationality = QStringLiteral("VN");
    } else if (nationality.size() != 2 || !isAsciiLetter(nationality.at(0)) || !isAsciiLetter(nationality.at(1))
               || QLocale::codeToTerritory(nationality) == QLocale::AnyTerritory) {
        errors.append({QStringLiteral("nationality"),
                       tr("Nationality \"%1\" is not a country code: use the two-letter ISO code, e.g. VN for Viet Nam.")
                           .arg(draft.nationality.trimmed())});
    } else {
        person.nationality = nationality;
    }

    const QString insurance = withoutSpaces(draft.insuranceNumber).toUpper();
    if (!insurance.isEmpty()) {
        const bool oldCard = insurance.size() == 15 && isAsciiLetter(insurance.at(0)) && isAsciiLetter(insurance.at(1))
            && allDigits(QStringView(insurance).mid(2));
        const bool socialNumber = insurance.size() == 10 && allDigits(insurance);
        if (!oldCard && !socialNumber) {
            errors.append({QStringLiteral("insurance_no"),
                           tr("Health insurance number must be 2 letters and 13 digits (e.g. DN4791234567890) or the "
                              "10-digit social insurance number: copy it from the insurance card.")});
        } else {
            person.insuranceNumber = insurance;
        }
    }

    const QString note = draft.note.normalized(QString::NormalizationForm_C).trimmed();
    if (note.size() > kMaxNoteLength) {
        errors.append({QStringLiteral("note"), tr("Note is too long (%1 characters, at most %2): shorten it.")
                                                   .arg(note.size())
                                                   .arg(kMaxNoteLength)});
    } else {
        person.note = note;
    }
}

} // namespace vax

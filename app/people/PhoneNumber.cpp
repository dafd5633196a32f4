#include "PhoneNumber.h"

#include <QCoreApplication>
#include <QLocale>

#include <phonenumbers/phonenumberutil.h>

#include <string>

namespace vax::PhoneNumber {

namespace {

using i18n::phonenumbers::PhoneNumberUtil;
using PhoneProto = i18n::phonenumbers::PhoneNumber;

const QString kField = QStringLiteral("phone");

bool isDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

bool isSeparator(QChar c)
{
    return c.isSpace() || c == QLatin1Char('.') || c == QLatin1Char('-') || c == QLatin1Char('(')
        || c == QLatin1Char(')') || c == QLatin1Char('/');
}

// The 2018–2019 remapping of Vietnam's 11-digit mobile numbers: old national prefix (4 digits,
// with the 0) → new prefix (3 digits). The 7 digits after the prefix stay.
struct Remap {
    const char* from;
    const char* to;
};
constexpr Remap kRemaps[] = {
    {"0120", "070"}, {"0121", "079"}, {"0122", "077"}, {"0126", "076"}, {"0128", "078"}, // MobiFone
    {"0123", "083"}, {"0124", "084"}, {"0125", "085"}, {"0127", "081"}, {"0129", "082"}, // VinaPhone
    {"0162", "032"}, {"0163", "033"}, {"0164", "034"}, {"0165", "035"}, {"0166", "036"}, // Viettel
    {"0167", "037"}, {"0168", "038"}, {"0169", "039"},
    {"0186", "056"}, {"0188", "058"}, // Vietnamobile
    {"0199", "059"},                  // Gmobile
};

const Remap* remapFor(const QString& national)
{
    if (national.size() != 11 || !national.startsWith(QLatin1String("01")))
        return nullptr;
    for (const Remap& r : kRemaps) {
        if (national.startsWith(QLatin1String(r.from)))
            return &r;
    }
    return nullptr;
}

// "0912 345 678", and "0166 123 4567" for old 11-digit numbers.
QString groupMobile(const QString& national)
{
    return national.left(4) + QLatin1Char(' ') + national.mid(4, 3) + QLatin1Char(' ') + national.mid(7);
}

QString regionName(const std::string& regionCode)
{
    const QLocale::Territory territory = QLocale::codeToTerritory(QString::fromStdString(regionCode));
    if (territory == QLocale::AnyTerritory)
        return QString::fromStdString(regionCode);
    return QLocale::territoryToString(territory);
}

Error invalid(const QString& message)
{
    return Error::invalid(kField, message);
}

} // namespace

Result<Normalized> normalize(const QString& raw)
{
    const QString text = raw.trimmed();
    if (text.isEmpty()) {
        return invalid(QCoreApplication::translate("PhoneNumber",
            "Phone number is empty: type the 10 digits of a mobile number, e.g. 0912 345 678."));
    }

    // Keep digits and one leading "+"; anything else than separators is a typing mistake.
    QString digits;
    bool plus = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (isDigit(c)) {
            digits.append(c);
        } else if (c == QLatin1Char('+') && digits.isEmpty() && !plus) {
            plus = true;
        } else if (!isSeparator(c)) {
            return invalid(QCoreApplication::translate("PhoneNumber",
                "Phone number contains \"%1\": use only digits, spaces, dots or dashes and a leading +.").arg(c));
        }
    }
    if (digits.isEmpty()) {
        return invalid(QCoreApplication::translate("PhoneNumber",
            "Phone number has no digits: type the 10 digits of a mobile number, e.g. 0912 345 678."));
    }

    // The Vietnamese national form, if the number is Vietnamese: "0" + significant digits.
    QString national;
    if (plus || digits.startsWith(QLatin1String("00"))) {
        const QString international = plus ? digits : digits.mid(2);
        if (international.startsWith(QLatin1String("84")))
            national = QLatin1Char('0') + international.mid(2);
    } else if (digits.startsWith(QLatin1Char('0'))) {
        national = digits;
    } else if (digits.startsWith(QLatin1String("84")) && (digits.size() == 11 || digits.size() == 12)) {
        national = QLatin1Char('0') + digits.mid(2); // 84 912 345 678 typed without the +
    } else if (digits.size() == 9 || digits.size() == 10) {
        national = QLatin1Char('0') + digits;        // the leading 0 forgotten
    } else {
        national = digits;
    }

    Normalized result;
    if (const Remap* remap = remapFor(national)) {
        const QString renewed = QLatin1String(remap->to) + national.mid(4);
        result.note = QCoreApplication::translate("PhoneNumber",
            "Old number %1 was changed to %2 in 2018: the new number is saved.")
                          .arg(groupMobile(national), groupMobile(renewed));
        national = renewed;
    }

    const bool vietnamese = !national.isEmpty();
    const std::string toParse = vietnamese ? national.toStdString()
                                           : QString(QLatin1Char('+') + (plus ? digits : digits.mid(2))).toStdString();
    PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
    PhoneProto number;
    const PhoneNumberUtil::ErrorType parseError = util->Parse(toParse, "VN", &number);
    if (parseError == PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR) {
        return invalid(QCoreApplication::translate("PhoneNumber",
            "Phone number %1 starts with no known country code: check the digits after the +.").arg(text));
    }
    if (parseError != PhoneNumberUtil::NO_PARSING_ERROR) {
        return invalid(QCoreApplication::translate("PhoneNumber",
            "Phone number %1 cannot be read as a phone number: type the 10 digits of a mobile number, e.g. 0912 345 678.")
                           .arg(text));
    }

    if (!util->IsValidNumber(number)) {
        if (number.country_code() != 84) {
            std::string region;
            util->GetRegionCodeForCountryCode(number.country_code(), &region);
            return invalid(QCoreApplication::translate("PhoneNumber",
                "Phone number %1 is not a valid number in %2: check the digits after the country code.")
                               .arg(text, regionName(region)));
        }
        const QString vn = national.isEmpty() ? QLatin1Char('0') + QString::number(number.national_number()) : national;
        if (vn.size() < 10) {
            return invalid(QCoreApplication::translate("PhoneNumber",
                "Phone number is too short (%1 digits): a Vietnamese mobile number has 10 digits starting with 0, e.g. 0912 345 678.")
                               .arg(vn.size()));
        }
        if (vn.size() > 11) {
            return invalid(QCoreApplication::translate("PhoneNumber",
                "Phone number is too long (%1 digits): a Vietnamese mobile number has 10 digits starting with 0, e.g. 0912 345 678.")
                               .arg(vn.size()));
        }
        if (vn.size() == 11 && vn.startsWith(QLatin1String("01"))) {
            return invalid(QCoreApplication::translate("PhoneNumber",
                "Phone number %1 is an old 11-digit number that has no new number: ask for the current number.")
                               .arg(groupMobile(vn)));
        }
        return invalid(QCoreApplication::translate("PhoneNumber",
            "Phone number %1 is not in use in Vietnam (no network or area code %2): check the digits.")
                           .arg(text, vn.left(3)));
    }

    std::string e164;
    util->Format(number, PhoneNumberUtil::E164, &e164);
    result.e164 = QString::fromStdString(e164);
    return result;
}

QString formatNational(const QString& e164)
{
    PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
    PhoneProto number;
    if (util->Parse(e164.toStdString(), "VN", &number) != PhoneNumberUtil::NO_PARSING_ERROR)
        return e164;
    std::string formatted;
    if (number.country_code() == 84) {
        const QString significant = QString::number(number.national_number());
        const PhoneNumberUtil::PhoneNumberType type = util->GetNumberType(number);
        if (significant.size() == 9
            && (type == PhoneNumberUtil::MOBILE || type == PhoneNumberUtil::FIXED_LINE_OR_MOBILE)) {
            return groupMobile(QLatin1Char('0') + significant);
        }
        util->Format(number, PhoneNumberUtil::NATIONAL, &formatted);
    } else {
        util->Format(number, PhoneNumberUtil::INTERNATIONAL, &formatted);
    }
    return QString::fromStdString(formatted);
}

QString lookupKey(const QString& typed)
{
    int digitCount = 0;
    for (const QChar c : typed) {
        if (isDigit(c))
            ++digitCount;
        else if (c != QLatin1Char('+') && !isSeparator(c))
            return {};
    }
    if (digitCount < 8)
        return {};
    const Result<Normalized> normalized = normalize(typed);
    return normalized ? normalized->e164 : QString();
}

} // namespace vax::PhoneNumber

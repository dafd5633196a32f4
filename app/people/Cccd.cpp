#include "Cccd.h"

#include <QCoreApplication>

namespace vax::Cccd {

namespace {

bool isDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

bool isIgnored(QChar c)
{
    return c.isSpace() || c == QLatin1Char('.') || c == QLatin1Char('-');
}

QString sexWord(Sex sex)
{
    return sex == Sex::Male ? QCoreApplication::translate("Cccd", "male") : QCoreApplication::translate("Cccd", "female");
}

} // namespace

QString digitsOf(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (!isIgnored(c))
            out.append(c);
    }
    return out;
}

Result<CccdInfo> parse(const QString& text, const AdminUnits& units)
{
    const QString digits = digitsOf(text);
    const QLatin1String field("cccd");
    if (digits.isEmpty())
        return Error::invalid(field, QCoreApplication::translate("Cccd", "CCCD number is empty: type the 12 digits printed on the citizen ID card."));

    for (const QChar c : digits) {
        if (!isDigit(c)) {
            return Error::invalid(field, QCoreApplication::translate("Cccd", "CCCD may contain only digits (found \"%1\"): type the 12 digits printed on the card.")
                                             .arg(c));
        }
    }
    if (digits.size() != 12) {
        QString message = QCoreApplication::translate("Cccd", "CCCD must have 12 digits (found %1): check the number on the card.").arg(digits.size());
        if (digits.size() == 9)
            message += QLatin1Char(' ') + QCoreApplication::translate("Cccd", "A 9-digit number is an old ID (CMND): enter it in the CMND field.");
        return Error::invalid(field, message);
    }

    const QString province = digits.left(3);
    if (!units.isCccdProvinceCode(province)) {
        return Error::invalid(field, QCoreApplication::translate("Cccd", "CCCD starts with %1, which is not a province code: check the first three digits on the card.")
                                         .arg(province));
    }

    const int centuryDigit = digits.at(3).digitValue();
    static constexpr int kCenturyBase[] = {1900, 1900, 2000, 2000, 2100, 2100, 2200, 2200, 1800, 1800};
    CccdInfo info;
    info.provinceCode = province;
    info.sex = centuryDigit % 2 == 0 ? Sex::Male : Sex::Female;
    info.birthYear = kCenturyBase[centuryDigit] + digits.mid(4, 2).toInt();
    return info;
}

QList<FieldError> contradictions(const CccdInfo& info, const QDate& birthDate, Sex sex)
{
    QList<FieldError> errors;
    const QString field = QStringLiteral("cccd");
    if (birthDate.isValid() && birthDate.year() != info.birthYear) {
        errors.append({field, QCoreApplication::translate("Cccd", "CCCD says born in %1, but the date of birth is in %2: check the CCCD number or the date of birth.")
                                  .arg(info.birthYear)
                                  .arg(birthDate.year())});
    }
    if (sex != info.sex) {
        errors.append({field, QCoreApplication::translate("Cccd", "CCCD is the number of a %1 person (4th digit), but the sex is %2: check the sex or the CCCD number.")
                                  .arg(sexWord(info.sex), sexWord(sex))});
    }
    return errors;
}

QString make(const QString& provinceCode3, const QDate& birthDate, Sex sex, int serial)
{
    const int year = birthDate.year();
    if (!birthDate.isValid() || year < 1800 || year > 2299 || serial < 0 || serial > 999999)
        return {};
    const int century = year / 100;
    const int base = century == 18 ? 8 : (century - 19) * 2;
    const int sexDigit = base + (sex == Sex::Female ? 1 : 0);
    const int yy = year % 100;

    QString out;
    out.reserve(12);
    if (provinceCode3.size() == 2)
        out.append(QLatin1Char('0'));
    out.append(provinceCode3);
    out.append(QLatin1Char(static_cast<char>('0' + sexDigit)));
    out.append(QLatin1Char(static_cast<char>('0' + yy / 10)));
    out.append(QLatin1Char(static_cast<char>('0' + yy % 10)));
    int divisor = 100000;
    for (int i = 0; i < 6; ++i) {
        out.append(QLatin1Char(static_cast<char>('0' + (serial / divisor) % 10)));
        divisor /= 10;
    }
    return out;
}

} // namespace vax::Cccd

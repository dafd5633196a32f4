#include "Gs1Scan.h"

#include <QHash>
#include <QList>
#include <QRegularExpression>
#include <QStringList>

#include "app/vaccines/VaccineCatalogue.h"

#include <algorithm>

namespace vax {

namespace {

const QChar kGs(0x1D);
constexpr qsizetype kMaxVariable = 20; // X..20 of (10) and (21)

bool isDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

bool allDigits(QStringView text)
{
    return std::all_of(text.begin(), text.end(), isDigit);
}

// How AIs starting with two given digits are laid out (GS1 General Specifications: all AIs
// with the same first two digits have the same length, and only the "predefined length"
// prefixes carry fixed-length data that needs no separator after it).
struct AiRule {
    int aiLength = 0;     // digits of the AI itself; 0: no AI starts with these digits
    int dataLength = 0;   // fixed data length in digits; 0: variable, ends at a separator
};

AiRule ruleFor(QStringView ai)
{
    if (ai.size() < 2 || !allDigits(ai.left(2)))
        return {};
    const int p = ai.left(2).toInt();
    if (p == 0)
        return {2, 18};
    if (p == 1 || p == 2)
        return {2, 14};
    if ((p >= 11 && p <= 13) || (p >= 15 && p <= 17))
        return {2, 6};
    if (p == 20)
        return {2, 2};
    if (p >= 31 && p <= 36)
        return {4, 6};
    if (p == 41)
        return {3, 13};
    if (p == 10 || p == 21 || p == 22 || p == 30 || p == 37 || p >= 90)
        return {2, 0};
    if ((p >= 23 && p <= 25) || p == 40 || p == 42 || p == 71)
        return {3, 0};
    if (p == 39 || p == 43 || p == 70 || p == 72 || (p >= 80 && p <= 82))
        return {4, 0};
    return {};
}

// GS1 AI encodable character set 82: what (10) and (21) may hold.
bool isSet82(QChar c)
{
    return isDigit(c) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
        || (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
        || QStringView(u"!\"%&'()*+,-./:;<=>?_").contains(c);
}

struct Element {
    QString ai;
    QString value;
};

struct Field {
    QString key;     // FieldError::field
    QString label;   // for people: "lot (10)"
};

Field fieldOf(const QString& ai)
{
    if (ai == QLatin1String("01"))
        return {QStringLiteral("gtin"), Gs1Scan::tr("product code (01)")};
    if (ai == QLatin1String("17"))
        return {QStringLiteral("expiry"), Gs1Scan::tr("expiry date (17)")};
    if (ai == QLatin1String("11"))
        return {QStringLiteral("produced"), Gs1Scan::tr("production date (11)")};
    if (ai == QLatin1String("10"))
        return {QStringLiteral("lot"), Gs1Scan::tr("lot (10)")};
    if (ai == QLatin1String("21"))
        return {QStringLiteral("serial"), Gs1Scan::tr("serial number (21)")};
    return {QStringLiteral("scan"), Gs1Scan::tr("field (%1)").arg(ai)};
}

// Numbers for multi-arg QString::arg(), which substitutes in one pass, so a "%1" inside a
// scanned value is never taken for a placeholder.
QString n(qsizetype number)
{
    return QString::number(number);
}

Error scanError(const QString& message)
{
    return Error::invalid(QStringLiteral("scan"), message);
}

// The year of a two-digit YY by the GS1 rule: within 49 years before and 50 after today.
int gs1Year(QStringView yy, const QDate& today)
{
    const int year = today.year() - today.year() % 100 + yy.toInt();
    return year - today.year() > 50 ? year - 100 : year - today.year() < -49 ? year + 100 : year;
}

// YYMMDD; day 00 is the last day of the month. Null when the month or the day does not exist.
QDate gs1Date(QStringView yymmdd, const QDate& today)
{
    const int year = gs1Year(yymmdd.left(2), today);
    const int month = yymmdd.mid(2, 2).toInt();
    const int day = yymmdd.mid(4, 2).toInt();
    if (month < 1 || month > 12)
        return {};
    return QDate(year, month, day == 0 ? QDate(year, month, 1).daysInMonth() : day);
}

// "01" + 14 digits: the AI, its length, and a separator or the end after the variable ones.
Result<QList<Element>> splitRaw(const QString& text)
{
    QList<Element> elements;
    qsizetype i = 0;
    while (i < text.size()) {
        if (text.at(i) == kGs) {
            ++i;
            continue;
        }
        const QStringView rest = QStringView(text).mid(i);
        const AiRule rule = ruleFor(rest);
        if (allDigits(rest) && rest.size() < std::max(2, rule.aiLength)) {
            return scanError(Gs1Scan::tr("The scan ends inside a field code (\"%1\"), so it is cut short: rescan "
                                         "the pack, or type the fields from the label.").arg(rest));
        }
        if (rule.aiLength == 0 || !allDigits(rest.left(rule.aiLength))) {
            return scanError(Gs1Scan::tr("The scan has \"%1\" where a GS1 field code should start, so it cannot be "
                                         "read: rescan the 2D code on the pack, or type the fields from the label.")
                                 .arg(rest.left(8)));
        }
        Element e{text.mid(i, rule.aiLength), {}};
        i += rule.aiLength;
        qsizetype end = text.indexOf(kGs, i);
        if (end < 0)
            end = text.size();
        if (rule.dataLength > 0)
            end = std::min(end, i + rule.dataLength);
        e.value = text.mid(i, end - i);
        i = end;
        elements << e;
    }
    return elements;
}

// "(01)…(17)…": a value runs to the next "(" + 2 to 4 digits + ")", so a lot that itself
// holds such text cannot be told apart in this form (it is for typed and pasted text).
Result<QList<Element>> splitBracketed(const QString& text)
{
    static const QRegularExpression kAi(QStringLiteral("\\((\\d{2,4})\\)"));
    QList<QRegularExpressionMatch> matches;
    for (auto it = kAi.globalMatch(text); it.hasNext();)
        matches << it.next();
    if (matches.isEmpty() || matches.first().capturedStart() != 0) {
        return scanError(Gs1Scan::tr("The text starts with \"%1\", not a GS1 field code in brackets such as (01): "
                                     "type it as (01)GTIN(17)YYMMDD(10)LOT, or scan the pack.").arg(text.left(8)));
    }
    QList<Element> elements;
    for (qsizetype m = 0; m < matches.size(); ++m) {
        const QString ai = matches.at(m).captured(1);
        if (ruleFor(ai).aiLength != ai.size()) {
            return scanError(Gs1Scan::tr("(%1) is not a GS1 field code: check the brackets against the label and "
                                         "type it again, or scan the pack.").arg(ai));
        }
        const qsizetype from = matches.at(m).capturedEnd();
        const qsizetype to = m + 1 < matches.size() ? matches.at(m + 1).capturedStart() : text.size();
        elements << Element{ai, text.mid(from, to - from).remove(kGs).trimmed()};
    }
    return elements;
}

// What is wrong with the data of a field we read, for people; empty when nothing is.
QString fault(const Element& e, const Field& f, const QDate& today)
{
    const QString fix = Gs1Scan::tr("rescan the pack, or type it from the label");
    const QString& v = e.value;
    if (const int length = ruleFor(e.ai).dataLength; length > 0) {
        if (!allDigits(v))
            return Gs1Scan::tr("The %1 must be %2 digits but reads \"%3\": %4.").arg(f.label, n(length), v, fix);
        if (v.size() < length)
            return Gs1Scan::tr("The %1 is cut short: only %2 of its %3 digits came through; %4.")
                .arg(f.label, n(v.size()), n(length), fix);
        if (v.size() > length)
            return Gs1Scan::tr("The %1 has %2 digits where GS1 has %3: %4.").arg(f.label, n(v.size()), n(length), fix);
        if (e.ai == QLatin1String("01") && !VaccineCatalogue::isValidGtin14(v))
            return Gs1Scan::tr("The %1 %2 has a wrong check digit, so the scanner misread it: %3.").arg(f.label, v, fix);
        if ((e.ai == QLatin1String("17") || e.ai == QLatin1String("11")) && !gs1Date(v, today).isValid()) {
            const int month = QStringView(v).mid(2, 2).toInt();
            if (month < 1 || month > 12)
                return Gs1Scan::tr("The %1 %2 has month %3, which does not exist: %4.").arg(f.label, v, v.mid(2, 2), fix);
            return Gs1Scan::tr("The %1 %2 is not a real date: %3-%4 has no day %5; %6.")
                .arg(f.label, v, n(gs1Year(QStringView(v).left(2), today)), v.mid(2, 2), v.mid(4, 2), fix);
        }
        return {};
    }
    if (e.ai != QLatin1String("10") && e.ai != QLatin1String("21"))
        return {}; // skipped: its content is not our business
    const auto bad = std::find_if_not(v.begin(), v.end(), isSet82);
    if (v.isEmpty())
        return Gs1Scan::tr("The %1 is empty, so the scan is cut short: %2.").arg(f.label, fix);
    if (v.size() > kMaxVariable)
        return Gs1Scan::tr("The %1 \"%2\" is longer than %3 characters: the scanner probably left out the "
                           "separator after it; %4.").arg(f.label, v, n(kMaxVariable), fix);
    if (bad != v.end()) {
        const QString code = QString::number(bad->unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0'));
        return Gs1Scan::tr("The %1 \"%2\" holds \"%3\" (U+%4), which a GS1 code cannot: %5.")
            .arg(f.label, v, QString(*bad), code, fix);
    }
    return {};
}

// A separator left out after a variable field joins the next fields to it, and nothing in the
// string says where the value ended: "10ABC12317271231" may be lot ABC123 expiring 2027-12-31,
// or lot ABC12317271231. We never split (a wrong guess would store a wrong lot). We refuse the
// scan, and name the cause, when a field every pack carries is missing and the text of a
// variable field holds it: "17" + a real date in the lot or serial when there is no (17), "01"
// + a GTIN with a good check digit in any variable field when there is no (01). A swallowed
// serial or unknown AI is only caught when the value grows over 20 characters (fault()).
QList<FieldError> swallowed(const QList<Element>& elements, const QHash<QString, QString>& seen, const QDate& today)
{
    QList<FieldError> errors;
    for (const Element& e : elements) {
        if (ruleFor(e.ai).dataLength > 0)
            continue;
        const Field f = fieldOf(e.ai);
        for (qsizetype j = 1; j < e.value.size(); ++j) {
            const QStringView at = QStringView(e.value).mid(j);
            const bool expiry = !seen.contains(QStringLiteral("17")) && (e.ai == QLatin1String("10") || e.ai == QLatin1String("21"))
                && at.startsWith(u"17") && at.size() >= 8 && allDigits(at.mid(2, 6)) && gs1Date(at.mid(2, 6), today).isValid();
            const bool gtin = !seen.contains(QStringLiteral("01")) && at.startsWith(u"01") && at.size() >= 16
                && VaccineCatalogue::isValidGtin14(at.mid(2, 14).toString());
            if (!expiry && !gtin)
                continue;
            const Field hidden = fieldOf(gtin ? QStringLiteral("01") : QStringLiteral("17"));
            errors << FieldError{gtin ? hidden.key : f.key,
                Gs1Scan::tr("The %1 \"%2\" runs on into what looks like the %3: the scanner left out the separator "
                            "after the %1, so where it ends cannot be known. Rescan the pack (set the scanner to "
                            "send GS), or type the fields from the label.").arg(f.label, e.value, hidden.label)};
            break;
        }
    }
    return errors;
}

} // namespace

Result<Gs1Scan> Gs1Scan::parse(const QString& scanned, const QDate& today)
{
    QString text = scanned.trimmed();
    if (text.startsWith(QLatin1Char(']'))) {
        static const QStringList kGs1Symbologies{QStringLiteral("]d2"), QStringLiteral("]Q3"), QStringLiteral("]C1"),
                                                 QStringLiteral("]e0")};
        const QString id = text.left(3);
        if (!kGs1Symbologies.contains(id)) {
            return scanError(tr("The scanner reports a %1 code, which is not a GS1 DataMatrix, GS1 QR or GS1-128: scan "
                                "the 2D code on the pack, or type the fields from the label.").arg(id));
        }
        text.remove(0, 3);
    }
    static const QStringList kSeparatorForms{QStringLiteral("<GS>"), QStringLiteral("{GS}"), QStringLiteral("\\x1D"),
                                             QStringLiteral("~"), QString(QChar(0x241D))};
    for (const QString& form : kSeparatorForms)
        text.replace(form, QString(kGs), Qt::CaseInsensitive);
    text = text.trimmed();
    if (std::all_of(text.begin(), text.end(), [](QChar c) { return c == kGs; }))
        return scanError(tr("The scan is empty: rescan the 2D code on the pack, or type the fields from the label."));

    const bool bracketed = text.startsWith(QLatin1Char('('));
    const Result<QList<Element>> split = bracketed ? splitBracketed(text) : splitRaw(text);
    if (!split.ok())
        return split.error();

    Gs1Scan scan;
    QList<FieldError> errors;
    QHash<QString, QString> seen;
    for (const Element& e : *split) {
        const Field f = fieldOf(e.ai);
        if (const auto known = seen.constFind(e.ai); known != seen.cend()) {
            if (*known != e.value) {
                errors << FieldError{f.key, tr("The scan holds two different values for the %1 (\"%2\" and \"%3\"): "
                                               "type it from the label.").arg(f.label, *known, e.value)};
            }
            continue;
        }
        seen.insert(e.ai, e.value);
        if (const QString problem = fault(e, f, today); !problem.isEmpty())
            errors << FieldError{f.key, problem};
        else if (e.ai == QLatin1String("01"))
            scan.gtin = e.value;
        else if (e.ai == QLatin1String("17"))
            scan.expiry = gs1Date(e.value, today);
        else if (e.ai == QLatin1String("11"))
            scan.produced = gs1Date(e.value, today);
        else if (e.ai == QLatin1String("10"))
            scan.lot = e.value;
        else if (e.ai == QLatin1String("21"))
            scan.serial = e.value;
    }
    const auto named = [&errors](const QString& field) {
        return std::any_of(errors.cbegin(), errors.cend(), [&](const FieldError& fe) { return fe.field == field; });
    };
    if (!bracketed) {
        for (const FieldError& fe : swallowed(*split, seen, today)) {
            if (!named(fe.field))
                errors << fe;
        }
    }
    if (!seen.contains(QStringLiteral("01")) && !named(QStringLiteral("gtin"))) {
        errors << FieldError{QStringLiteral("gtin"),
            tr("The scan has no product code (01): scan the 2D code on the pack rather than a shipping label or "
               "the shop barcode, or type the GTIN from the label.")};
    }
    if (!errors.isEmpty())
        return Error::invalid(errors);
    return scan;
}

} // namespace vax

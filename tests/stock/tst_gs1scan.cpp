#include "app/stock/Gs1Scan.h"
#include "app/vaccines/VaccineCatalogue.h"

#include <QTest>

#include <utility>

using namespace vax;

namespace {

const QDate kToday(2026, 3, 1);
const QString kGtin = QStringLiteral("09506000134352");

QString gs()
{
    return QString(QChar(0x1D));
}

QString s(const char* latin1)
{
    return QString::fromLatin1(latin1);
}

Result<Gs1Scan> parse(const QString& text)
{
    return Gs1Scan::parse(text, kToday);
}

// "gtin|lot|expiry|produced|serial", for one readable comparison.
QString describe(const Gs1Scan& g)
{
    return QStringList{g.gtin, g.lot, g.expiry.toString(Qt::ISODate), g.produced.toString(Qt::ISODate), g.serial}
        .join(QLatin1Char('|'));
}

QString why(const Result<Gs1Scan>& r)
{
    return r.ok() ? QString() : r.error().message();
}

// Empty when `r` was refused on `field` with a message that names the AI in brackets (unless
// `ai` is empty), holds `fragment` and says how to fix it; otherwise what is wrong.
QString refusal(const Result<Gs1Scan>& r, const QString& field, const QString& ai, const QString& fragment)
{
    if (r.ok())
        return QStringLiteral("accepted: ") + describe(*r);
    const QString m = r.error().messageFor(field);
    if (m.isEmpty())
        return QStringLiteral("no error on '%1': %2").arg(field, r.error().message());
    if (!ai.isEmpty() && !m.contains(QString(QLatin1Char('(') + ai + QLatin1Char(')'))))
        return QStringLiteral("does not name (%1): %2").arg(ai, m);
    if (!m.contains(fragment, Qt::CaseInsensitive))
        return QStringLiteral("does not say '%1': %2").arg(fragment, m);
    if (!m.contains(QLatin1String("rescan"), Qt::CaseInsensitive) && !m.contains(QLatin1String("type")))
        return QStringLiteral("says no fix: ") + m;
    if (m.contains(QLatin1String("invalid"), Qt::CaseInsensitive))
        return QStringLiteral("says a bare 'invalid': ") + m;
    return {};
}

} // namespace

class TestGs1Scan : public QObject
{
    Q_OBJECT

private slots:
    void referenceExample();
    void checkDigit_data();
    void checkDigit();
    void dates_data();
    void dates();
    void reads_data();
    void reads();
    void refusals_data();
    void refusals();
};

void TestGs1Scan::referenceExample()
{
    // Body 1231231231233 from the right, weights 3,1,3,…: 9+3+6+1+9+2+3+3+6+1+9+2+3 = 57, and
    // 57 + 3 = 60, so the check digit 3 is right and the example is a valid GTIN.
    QVERIFY(VaccineCatalogue::isValidGtin14(QStringLiteral("12312312312333")));
    const auto r = parse(s("]d2011231231231233310ABC123") + gs() + s("99TESTING"));
    QVERIFY2(r.ok(), qPrintable(why(r)));
    QCOMPARE(describe(*r), s("12312312312333|ABC123|||"));
}

void TestGs1Scan::checkDigit_data()
{
    QTest::addColumn<QString>("gtin");
    QTest::addColumn<bool>("valid");
    QTest::newRow("GS1 example") << s("09506000134352") << true;
    QTest::newRow("REFERENCE example") << s("12312312312333") << true;
    QTest::newRow("check digit 0") << s("05012345678900") << true;
    QTest::newRow("all zeros") << s("00000000000000") << true;
    QTest::newRow("EAN-13 in GTIN-14") << s("04006381333931") << true;
    QTest::newRow("last digit +1") << s("09506000134353") << false;
    QTest::newRow("REFERENCE +1") << s("12312312312334") << false;
    QTest::newRow("first digit changed") << s("90506000134352") << false;
    QTest::newRow("last two swapped") << s("09506000134325") << false;
}

void TestGs1Scan::checkDigit()
{
    QFETCH(QString, gtin);
    QFETCH(bool, valid);
    const auto r = parse(s("]d201") + gtin + s("17271231"));
    if (valid) {
        QVERIFY2(r.ok(), qPrintable(why(r)));
        QCOMPARE(r->gtin, gtin);
    } else {
        const QString problem = refusal(r, s("gtin"), s("01"), s("check digit"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
}

void TestGs1Scan::dates_data()
{
    QTest::addColumn<QString>("ai");
    QTest::addColumn<QString>("yymmdd");
    QTest::addColumn<QDate>("today");
    QTest::addColumn<QDate>("expected"); // null: refused, saying `reason`
    QTest::addColumn<QString>("reason");
    const QString ok;
    QTest::newRow("plain") << s("17") << s("271231") << kToday << QDate(2027, 12, 31) << ok;
    QTest::newRow("day 00 February, leap year") << s("17") << s("280200") << kToday << QDate(2028, 2, 29) << ok;
    QTest::newRow("day 00 February, common year") << s("17") << s("270200") << kToday << QDate(2027, 2, 28) << ok;
    QTest::newRow("day 00 February 2000") << s("17") << s("000200") << kToday << QDate(2000, 2, 29) << ok;
    QTest::newRow("day 00 April") << s("17") << s("270400") << kToday << QDate(2027, 4, 30) << ok;
    QTest::newRow("day 00 December") << s("17") << s("271200") << kToday << QDate(2027, 12, 31) << ok;
    QTest::newRow("29 February, leap year") << s("17") << s("280229") << kToday << QDate(2028, 2, 29) << ok;
    QTest::newRow("29 February, common year") << s("17") << s("270229") << kToday << QDate() << s("2027-02 has no day 29");
    QTest::newRow("31 April") << s("17") << s("270431") << kToday << QDate() << s("2027-04 has no day 31");
    QTest::newRow("day 32") << s("17") << s("270132") << kToday << QDate() << s("no day 32");
    QTest::newRow("month 00") << s("17") << s("270015") << kToday << QDate() << s("month 00");
    QTest::newRow("month 00, day 00") << s("17") << s("270000") << kToday << QDate() << s("month 00");
    QTest::newRow("month 13") << s("17") << s("271301") << kToday << QDate() << s("month 13");
    QTest::newRow("50 years ahead") << s("17") << s("760101") << kToday << QDate(2076, 1, 1) << ok;
    QTest::newRow("51 years ahead is last century") << s("17") << s("770101") << kToday << QDate(1977, 1, 1) << ok;
    QTest::newRow("a year later 77 is ahead") << s("17") << s("770101") << QDate(2027, 6, 1) << QDate(2077, 1, 1) << ok;
    QTest::newRow("99 is 1999") << s("17") << s("991231") << kToday << QDate(1999, 12, 31) << ok;
    QTest::newRow("production, day 00") << s("11") << s("250100") << kToday << QDate(2025, 1, 31) << ok;
    QTest::newRow("production, month 13") << s("11") << s("251301") << kToday << QDate() << s("month 13");
    QTest::newRow("production, 31 April") << s("11") << s("250431") << kToday << QDate() << s("2025-04 has no day 31");
}

void TestGs1Scan::dates()
{
    QFETCH(QString, ai);
    QFETCH(QString, yymmdd);
    QFETCH(QDate, today);
    QFETCH(QDate, expected);
    QFETCH(QString, reason);
    const auto r = Gs1Scan::parse(s("]d201") + kGtin + ai + yymmdd + s("10A1"), today);
    const bool expiry = ai == s("17");
    if (expected.isValid()) {
        QVERIFY2(r.ok(), qPrintable(why(r)));
        QCOMPARE(expiry ? r->expiry : r->produced, expected);
        QCOMPARE(expiry ? r->produced : r->expiry, QDate());
    } else {
        const QString problem = refusal(r, expiry ? s("expiry") : s("produced"), ai, yymmdd);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY2(why(r).contains(reason), qPrintable(why(r)));
    }
}

void TestGs1Scan::reads_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // describe()
    const QString head = s("01") + kGtin;
    const QString body = head + s("1727123110ABC123");
    const QString all = kGtin + s("|ABC123|2027-12-31||");
    const QList<std::pair<const char*, QString>> separators{{"GS", gs()}, {"<GS>", s("<GS>")}, {"<gs>", s("<gs>")},
        {"{GS}", s("{GS}")}, {"\\x1D", s("\\x1D")}, {"\\x1d", s("\\x1d")}, {"~", s("~")}, {"U+241D", QString(QChar(0x241D))}};
    for (const auto& [tag, sep] : separators) {
        QTest::addRow("separator %s", tag) << s("]d2") + head + s("10ABC123") + sep + s("21SER9") + sep + s("17271231")
                                           << all + s("SER9");
    }
    for (const char* prefix : {"", "]d2", "]Q3", "]C1", "]e0"})
        QTest::addRow("prefix '%s'", prefix) << s(prefix) + body << all;
    QTest::newRow("bracketed") << s("(01)09506000134352(17)271231(10)ABC123(21)X1") << all + s("X1");
    QTest::newRow("bracketed with spaces, () in lot") << s(" (01) 09506000134352 (99)TEST (10)AB(C)1 (11)250100\n")
                                                      << kGtin + s("|AB(C)1||2025-01-31|");
    QTest::newRow("order 17 01 21 10") << s("1727123101") + kGtin + s("21X1") + gs() + s("10ABC123") << all + s("X1");
    QTest::newRow("order 10 01 17 21") << s("10ABC123") + gs() + head + s("1727123121X1") << all + s("X1");
    QTest::newRow("order 21 10 17 01") << s("21X1") + gs() + s("10ABC123") + gs() + s("17271231") + head << all + s("X1");
    QTest::newRow("order bracketed 21 10 17 01") << s("(21)X1(10)ABC123(17)271231(01)") + kGtin << all + s("X1");
    QTest::newRow("skips SSCC (00)") << s("00095060001343521234") + body << all;
    QTest::newRow("skips (02), (20)") << head + s("02") + kGtin + s("2001") + s("1727123110ABC123") << all;
    QTest::newRow("skips weight (3103)") << head + s("3103000150") + s("1727123110ABC123") << all;
    QTest::newRow("skips GLN (410)") << s("4109506000134352") + body << all;
    QTest::newRow("skips (240) in the middle") << head + s("240ADD-1") + gs() + s("1727123110ABC123") << all;
    QTest::newRow("skips count (30) first") << s("3012") + gs() + body << all;
    QTest::newRow("skips (7003)") << head + s("70032712312359") + gs() + s("1727123110ABC123") << all;
    QTest::newRow("skips (91), (99) last") << body + gs() + s("91XYZ") + gs() + s("99TESTING") << all;
    QTest::newRow("lot last") << head + s("1727123121X1") + gs() + s("10ABC123") << all + s("X1");
    QTest::newRow("lot in the middle") << head + s("10ABC123") + gs() + s("1727123121X1") << all + s("X1");
    QTest::newRow("serial last") << head + s("10ABC123") + gs() + s("21SN-0001/A") << kGtin + s("|ABC123|||SN-0001/A");
    QTest::newRow("serial in the middle") << head + s("21SN42") + gs() + s("10ABC123") << kGtin + s("|ABC123|||SN42");
    QTest::newRow("lot of 1") << head + s("10A") << kGtin + s("|A|||");
    QTest::newRow("lot of 20") << head + s("10ABCDEFGHIJ0123456789") << kGtin + s("|ABCDEFGHIJ0123456789|||");
    QTest::newRow("serial of set-82 punctuation") << head + s("21!\"%&'()*+,-./:;<=>?_")
                                                  << kGtin + s("||||!\"%&'()*+,-./:;<=>?_");
    QTest::newRow("spaces and CR LF") << s("  ]d2") + body + s("\r\n") << all;
    QTest::newRow("leading and trailing GS") << gs() + body + gs() << all;
    QTest::newRow("double GS") << head + gs() + gs() + s("1727123110ABC123") << all;
    QTest::newRow("same field twice") << body + gs() + s("17271231") << all;
    // A GS dropped between lot and serial: nothing says where the lot ends, so it is not guessed.
    QTest::newRow("lot runs into a short serial") << head + s("1727123110ABC12321X1") << kGtin + s("|ABC12321X1|2027-12-31||");
    // "17" + a date inside a lot is only suspect when the scan has no (17), and only if a date.
    QTest::newRow("lot with 17+date, (17) present") << body + s("17250101") << kGtin + s("|ABC12317250101|2027-12-31||");
    QTest::newRow("lot with 17+no date") << head + s("10LOT17251301") << kGtin + s("|LOT17251301|||");
}

void TestGs1Scan::reads()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const auto r = parse(text);
    QVERIFY2(r.ok(), qPrintable(why(r)));
    QCOMPARE(describe(*r), expected);
}

void TestGs1Scan::refusals_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("ai"); // named in the message as "(ai)"
    QTest::addColumn<QString>("fragment");
    const QString head = s("]d201") + kGtin;
    for (const char* prefix : {"]d1", "]E0", "]Q1"})
        QTest::addRow("prefix %s", prefix) << s(prefix) + head.mid(3) + s("17271231") << s("scan") << QString() << s(prefix);
    QTest::newRow("empty") << QString() << s("scan") << QString() << s("empty");
    QTest::newRow("blank line") << s(" \r\n") << s("scan") << QString() << s("empty");
    QTest::newRow("prefix only") << s("]d2") << s("scan") << QString() << s("empty");
    QTest::newRow("no (01)") << s("]d21727123110ABC123") << s("gtin") << s("01") << s("no product code");
    QTest::newRow("GTIN of 11 digits") << s("0109506000134") << s("gtin") << s("01") << s("cut short");
    QTest::newRow("GTIN cut by GS") << s("01095060001") + gs() + s("10A") << s("gtin") << s("01") << s("cut short");
    QTest::newRow("expiry of 4 digits") << head + s("172712") << s("expiry") << s("17") << s("cut short");
    QTest::newRow("letter in expiry") << head + s("1727I231") << s("expiry") << s("17") << s("27I231");
    QTest::newRow("one digit of a code") << head + s("1") << s("scan") << QString() << s("cut short");
    QTest::newRow("three of 4 code digits") << head + s("310") << s("scan") << QString() << s("cut short");
    QTest::newRow("lot code, no lot") << head + s("10") << s("lot") << s("10") << s("cut short");
    QTest::newRow("empty lot") << head + s("10") + gs() + s("17271231") << s("lot") << s("10") << s("empty");
    QTest::newRow("lot of 21") << head + s("10ABCDEFGHIJ0123456789X") << s("lot") << s("10") << s("20 characters");
    QTest::newRow("serial of 21") << head + s("21ABCDEFGHIJ0123456789X") << s("serial") << s("21") << s("20 characters");
    QTest::newRow("long lot with %3%4") << head + s("10AB%3%4CDEFGHIJ01234567") << s("lot") << s("10") << s("\"AB%3%4CD");
    QTest::newRow("space in lot") << head + s("10ABC 123") << s("lot") << s("10") << s("U+0020");
    QTest::newRow("# in serial") << head + s("21AB#1") << s("serial") << s("21") << s("U+0023");
    QTest::newRow("unknown AI 05") << head + s("05ABC") << s("scan") << QString() << s("05ABC");
    QTest::newRow("plain text") << s("HELLO") << s("scan") << QString() << s("HELLO");
    QTest::newRow("EAN-13") << s("8936012345678") << s("scan") << QString() << s("89360123");
    QTest::newRow("Digital Link URL") << s("https://id.gs1.org/01/") + kGtin << s("scan") << QString() << s("https:/");
    QTest::newRow("two expiry dates") << head + s("1727123117281231") << s("expiry") << s("17") << s("281231");
    QTest::newRow("bracketed GTIN short") << s("(01)0950600013435") << s("gtin") << s("01") << s("cut short");
    QTest::newRow("bracketed GTIN long") << s("(01)095060001343521") << s("gtin") << s("01") << s("15 digits");
    QTest::newRow("bracketed (310)") << s("(01)") + kGtin + s("(310)000150") << s("scan") << s("310") << s("not a GS1");
    QTest::newRow("bracketed, (A) first") << s("(A)(01)") + kGtin << s("scan") << QString() << s("(A)(01)");
    QTest::newRow("bracketed empty lot") << s("(01)") + kGtin + s("(10)") << s("lot") << s("10") << s("empty");
    // The scanner dropped the GS after a variable field (see swallowed() in Gs1Scan.cpp).
    QTest::newRow("lot runs into expiry") << head + s("10ABC12317271231") << s("lot") << s("10") << s("expiry date (17)");
    QTest::newRow("lot runs into expiry, serial") << head + s("10ABC1231727123121X1") << s("lot") << s("10") << s("separator");
    QTest::newRow("serial runs into expiry") << head + s("21X117271231") << s("serial") << s("21") << s("(17)");
    QTest::newRow("lot runs into GTIN") << s("10ABC12301") + kGtin + s("17271231") << s("gtin") << s("10") << s("(01)");
    QTest::newRow("lot runs into long serial") << head + s("1727123110ABC12321SN12345678901") << s("lot") << s("10")
                                               << s("separator");
}

void TestGs1Scan::refusals()
{
    QFETCH(QString, text);
    QFETCH(QString, field);
    QFETCH(QString, ai);
    QFETCH(QString, fragment);
    const QString problem = refusal(parse(text), field, ai, fragment);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

QTEST_GUILESS_MAIN(TestGs1Scan)
#include "tst_gs1scan.moc"

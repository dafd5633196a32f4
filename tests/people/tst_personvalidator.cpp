#include "app/people/PersonValidator.h"

#include <QTest>

#include <functional>

using namespace vax;

Q_DECLARE_METATYPE(std::function<void(vax::PersonDraft&)>)

namespace {

using Change = std::function<void(PersonDraft&)>;

const QDate kToday(2026, 3, 1);

// A complete, valid registration as a clerk would type it.
PersonDraft goodDraft()
{
    PersonDraft d;
    d.fullName = QStringLiteral("  nguyễn   văn   đức ");
    d.birthDate = QStringLiteral("25/12/1990");
    d.sex = QStringLiteral("Nam");
    d.cccd = QStringLiteral("001 090 012345");
    d.phone = QStringLiteral("0912 345 678");
    d.address = QStringLiteral("  số 12   ngõ 34 phố Hàng Bạc ");
    d.provinceCode = QStringLiteral("01");
    d.wardCode = QStringLiteral("00070");
    d.priorityGroup = QStringLiteral("7");
    d.occupation = QStringLiteral(" Giáo viên ");
    d.ethnicity = QStringLiteral("Kinh");
    d.insuranceNumber = QStringLiteral("gd 4 01 0123456789");
    d.note = QStringLiteral("  dị ứng penicillin  ");
    return d;
}

} // namespace

class TestPersonValidator : public QObject
{
    Q_OBJECT

private slots:
    void goodInputIsNormalised();
    void eachBadInputIsReportedOnItsField_data();
    void eachBadInputIsReportedOnItsField();
    void allErrorsAtOnce();
    void acceptedSpellings_data();
    void acceptedSpellings();
    void childrenNeedNoId();
    void oldAddressesWithADistrict();
    void optionalFieldsMayBeEmpty();

private:
    PersonValidator validator() const { return PersonValidator(AdminUnits::builtin()); }
};

void TestPersonValidator::goodInputIsNormalised()
{
    const Result<Person> result = validator().validate(goodDraft(), kToday);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message()));
    const Person& p = result.value();
    QCOMPARE(p.fullName, QStringLiteral("Nguyễn Văn Đức"));
    QCOMPARE(p.birthDate, QDate(1990, 12, 25));
    QCOMPARE(p.sex, Sex::Male);
    QCOMPARE(p.cccd, QStringLiteral("001090012345"));
    QCOMPARE(p.phone, QStringLiteral("+84912345678"));
    QCOMPARE(p.address, QStringLiteral("số 12 ngõ 34 phố Hàng Bạc"));
    QCOMPARE(p.provinceCode, QStringLiteral("01"));
    QCOMPARE(p.wardCode, QStringLiteral("00070"));
    QCOMPARE(p.priorityGroup, 7);
    QCOMPARE(p.occupation, QStringLiteral("Giáo viên"));
    QCOMPARE(p.nationality, QStringLiteral("VN"));
    QCOMPARE(p.insuranceNumber, QStringLiteral("GD4010123456789"));
    QCOMPARE(p.note, QStringLiteral("dị ứng penicillin"));
}

void TestPersonValidator::eachBadInputIsReportedOnItsField_data()
{
    QTest::addColumn<Change>("change");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("names"); // the human name of the field, in the message

    auto row = [](const char* name, Change change, const char* field, const char* words) {
        QTest::newRow(name) << change << QString::fromLatin1(field) << QString::fromLatin1(words);
    };
    row("name missing", [](PersonDraft& d) { d.fullName = QStringLiteral("  "); }, "full_name", "Full name");
    row("name with a digit", [](PersonDraft& d) { d.fullName = QStringLiteral("Nguyễn Văn 3"); }, "full_name", "Full name");
    row("name with a symbol", [](PersonDraft& d) { d.fullName = QStringLiteral("Nguyễn Văn @n"); }, "full_name", "Full name");
    row("name of one letter", [](PersonDraft& d) { d.fullName = QStringLiteral("A"); }, "full_name", "Full name");
    row("name too long", [](PersonDraft& d) { d.fullName = QString(101, QLatin1Char('a')); }, "full_name", "Full name");
    row("birth date missing", [](PersonDraft& d) { d.birthDate.clear(); }, "birth_date", "Date of birth");
    row("30 February", [](PersonDraft& d) { d.birthDate = QStringLiteral("30/02/1990"); }, "birth_date", "not a real date");
    row("year first with slashes", [](PersonDraft& d) { d.birthDate = QStringLiteral("1990/12/25"); }, "birth_date", "format");
    row("words", [](PersonDraft& d) { d.birthDate = QStringLiteral("hôm qua"); }, "birth_date", "Date of birth");
    row("born tomorrow", [](PersonDraft& d) { d.birthDate = QStringLiteral("2026-03-02"); }, "birth_date", "future");
    row("older than 120", [](PersonDraft& d) { d.birthDate = QStringLiteral("1900-01-01"); d.cccd.clear(); d.cmnd = QStringLiteral("012345678"); }, "birth_date", "Date of birth");
    row("sex missing", [](PersonDraft& d) { d.sex.clear(); }, "sex", "Sex");
    row("sex unknown", [](PersonDraft& d) { d.sex = QStringLiteral("X"); }, "sex", "Sex");
    row("CCCD 11 digits", [](PersonDraft& d) { d.cccd = QStringLiteral("00109001234"); }, "cccd", "CCCD");
    row("CCCD of another year", [](PersonDraft& d) { d.cccd = QStringLiteral("001091012345"); }, "cccd", "CCCD");
    row("CCCD of a woman", [](PersonDraft& d) { d.cccd = QStringLiteral("001190012345"); }, "cccd", "CCCD");
    row("CMND 8 digits", [](PersonDraft& d) { d.cmnd = QStringLiteral("01234567"); }, "cmnd", "CMND");
    row("CMND with letters", [](PersonDraft& d) { d.cmnd = QStringLiteral("01234567X"); }, "cmnd", "CMND");
    row("passport too short", [](PersonDraft& d) { d.passport = QStringLiteral("C12"); }, "passport", "Passport");
    row("passport with a symbol", [](PersonDraft& d) { d.passport = QStringLiteral("C123-4567"); }, "passport", "Passport");
    row("no ID at 35", [](PersonDraft& d) { d.cccd.clear(); }, "cccd", "CCCD, CMND or passport");
    row("phone not in use", [](PersonDraft& d) { d.phone = QStringLiteral("0112345678"); }, "phone", "Phone");
    row("unknown province", [](PersonDraft& d) { d.provinceCode = QStringLiteral("99"); d.wardCode.clear(); }, "province_code", "Province");
    row("merged province", [](PersonDraft& d) { d.provinceCode = QStringLiteral("02"); d.wardCode.clear(); }, "province_code", "no longer exists");
    row("unknown district", [](PersonDraft& d) { d.districtCode = QStringLiteral("999"); d.wardCode.clear(); }, "district_code", "District");
    row("district of another province", [](PersonDraft& d) { d.provinceCode = QStringLiteral("79"); d.districtCode = QStringLiteral("001"); d.wardCode.clear(); }, "district_code", "District");
    row("district without province", [](PersonDraft& d) { d.provinceCode.clear(); d.districtCode = QStringLiteral("001"); d.wardCode.clear(); }, "district_code", "province");
    row("ward without province", [](PersonDraft& d) { d.provinceCode.clear(); }, "ward_code", "Ward");
    row("ward of another province", [](PersonDraft& d) { d.provinceCode = QStringLiteral("79"); }, "ward_code", "Ward");
    row("unknown ward", [](PersonDraft& d) { d.wardCode = QStringLiteral("99999"); }, "ward_code", "Ward");
    row("ward gone since 2025", [](PersonDraft& d) { d.wardCode = QStringLiteral("00001"); }, "ward_code", "no longer exists");
    row("old ward of another district", [](PersonDraft& d) { d.districtCode = QStringLiteral("002"); d.wardCode = QStringLiteral("00001"); }, "ward_code", "Ward");
    row("old ward without its district", [](PersonDraft& d) { d.districtCode.clear(); d.wardCode = QStringLiteral("00001"); }, "ward_code", "Ward");
    row("priority group 12", [](PersonDraft& d) { d.priorityGroup = QStringLiteral("12"); }, "priority_group", "Priority group");
    row("priority group in words", [](PersonDraft& d) { d.priorityGroup = QStringLiteral("một"); }, "priority_group", "Priority group");
    row("nationality unknown", [](PersonDraft& d) { d.nationality = QStringLiteral("XX"); }, "nationality", "Nationality");
    row("nationality three letters", [](PersonDraft& d) { d.nationality = QStringLiteral("VNM"); }, "nationality", "Nationality");
    row("insurance number short", [](PersonDraft& d) { d.insuranceNumber = QStringLiteral("123"); }, "insurance_no", "Health insurance");
    row("address too long", [](PersonDraft& d) { d.address = QString(251, QLatin1Char('x')); }, "address", "Address");
    row("occupation too long", [](PersonDraft& d) { d.occupation = QString(101, QLatin1Char('x')); }, "occupation", "Occupation");
    row("ethnicity too long", [](PersonDraft& d) { d.ethnicity = QString(101, QLatin1Char('x')); }, "ethnicity", "Ethnicity");
    row("note too long", [](PersonDraft& d) { d.note = QString(501, QLatin1Char('x')); }, "note", "Note");
}

void TestPersonValidator::eachBadInputIsReportedOnItsField()
{
    QFETCH(Change, change);
    QFETCH(QString, field);
    QFETCH(QString, names);
    PersonDraft draft = goodDraft();
    change(draft);
    const Result<Person> result = validator().validate(draft, kToday);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code(), ErrorCode::Invalid);
    QVERIFY2(result.error().hasField(field), qPrintable(result.error().message()));
    const QString message = result.error().messageFor(field);
    QVERIFY2(message.contains(names, Qt::CaseInsensitive), qPrintable(message));
    QVERIFY2(message.contains(QLatin1Char(':')), qPrintable(message)); // "<what is wrong>: <how to fix it>"
    QCOMPARE(result.error().fields().size(), 1); // only that field is blamed
}

void TestPersonValidator::allErrorsAtOnce()
{
    PersonDraft draft = goodDraft();
    draft.fullName = QStringLiteral("Nguyễn 123");
    draft.birthDate = QStringLiteral("31/04/1990");
    draft.sex = QStringLiteral("?");
    draft.phone = QStringLiteral("0912");
    draft.provinceCode = QStringLiteral("99");
    draft.wardCode.clear();
    draft.priorityGroup = QStringLiteral("0");
    const Result<Person> result = validator().validate(draft, kToday);
    QVERIFY(!result.ok());
    const QStringList expected{QStringLiteral("full_name"), QStringLiteral("birth_date"), QStringLiteral("sex"),
                               QStringLiteral("phone"), QStringLiteral("province_code"), QStringLiteral("priority_group")};
    for (const QString& field : expected)
        QVERIFY2(result.error().hasField(field), qPrintable(field));
    QCOMPARE(result.error().fields().size(), expected.size());
    QCOMPARE(result.error().message().count(QLatin1Char('\n')), expected.size() - 1);
}

void TestPersonValidator::acceptedSpellings_data()
{
    QTest::addColumn<Change>("change");
    QTest::addColumn<QDate>("birth");
    QTest::addColumn<bool>("male");
    const QDate christmas(1990, 12, 25);
    QTest::newRow("ISO date") << Change([](PersonDraft& d) { d.birthDate = QStringLiteral("1990-12-25"); }) << christmas << true;
    QTest::newRow("no separators") << Change([](PersonDraft& d) { d.birthDate = QStringLiteral("25121990"); }) << christmas << true;
    QTest::newRow("d/M/yyyy") << Change([](PersonDraft& d) {
        d.birthDate = QStringLiteral("5/1/1990");
        d.cccd = QStringLiteral("001090012345");
    }) << QDate(1990, 1, 5) << true;
    QTest::newRow("M") << Change([](PersonDraft& d) { d.sex = QStringLiteral("m"); }) << christmas << true;
    QTest::newRow("male") << Change([](PersonDraft& d) { d.sex = QStringLiteral("Male"); }) << christmas << true;
    QTest::newRow("NAM") << Change([](PersonDraft& d) { d.sex = QStringLiteral("NAM"); }) << christmas << true;
    auto woman = [](const QString& sex) {
        return Change([sex](PersonDraft& d) {
            d.sex = sex;
            d.cccd = QStringLiteral("001190012345");
        });
    };
    QTest::newRow("Nữ") << woman(QStringLiteral("Nữ")) << christmas << false;
    QTest::newRow("Nữ decomposed") << woman(QStringLiteral("NỮ").normalized(QString::NormalizationForm_D)) << christmas << false;
    QTest::newRow("Nu") << woman(QStringLiteral("nu")) << christmas << false;
    QTest::newRow("F") << woman(QStringLiteral("F")) << christmas << false;
    QTest::newRow("female") << woman(QStringLiteral("female")) << christmas << false;
}

void TestPersonValidator::acceptedSpellings()
{
    QFETCH(Change, change);
    QFETCH(QDate, birth);
    QFETCH(bool, male);
    PersonDraft draft = goodDraft();
    change(draft);
    const Result<Person> result = validator().validate(draft, kToday);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message()));
    QCOMPARE(result->birthDate, birth);
    QCOMPARE(result->sex, male ? Sex::Male : Sex::Female);
}

void TestPersonValidator::childrenNeedNoId()
{
    PersonDraft draft = goodDraft();
    draft.cccd.clear();
    draft.birthDate = QStringLiteral("02/03/2012"); // 13 on kToday
    QVERIFY(validator().validate(draft, kToday).ok());
    draft.birthDate = QStringLiteral("01/03/2012"); // 14 today
    const Result<Person> fourteen = validator().validate(draft, kToday);
    QVERIFY(!fourteen.ok());
    QVERIFY(fourteen.error().hasField(QStringLiteral("cccd")));
    draft.passport = QStringLiteral("c 1234567");
    const Result<Person> withPassport = validator().validate(draft, kToday);
    QVERIFY(withPassport.ok());
    QCOMPARE(withPassport->passport, QStringLiteral("C1234567"));
}

void TestPersonValidator::oldAddressesWithADistrict()
{
    // An address written before 1 July 2025: province, district and ward of that era.
    PersonDraft draft = goodDraft();
    draft.districtCode = QStringLiteral("001");
    draft.wardCode = QStringLiteral("00001"); // Phúc Xá, Ba Đình
    const Result<Person> hanoi = validator().validate(draft, kToday);
    QVERIFY2(hanoi.ok(), qPrintable(hanoi.ok() ? QString() : hanoi.error().message()));
    QCOMPARE(hanoi->districtCode, QStringLiteral("001"));

    draft.provinceCode = QStringLiteral("79");
    draft.districtCode = QStringLiteral("760"); // Quận 1
    draft.wardCode.clear();
    QVERIFY(validator().validate(draft, kToday).ok());

    // A province that no longer exists is fine with one of its districts.
    draft.provinceCode = QStringLiteral("02");
    draft.districtCode = QStringLiteral("024");
    QVERIFY(validator().validate(draft, kToday).ok());

    // Before July 2025 the district era is simply today's.
    draft.provinceCode = QStringLiteral("01");
    draft.districtCode = QStringLiteral("002");
    draft.wardCode = QStringLiteral("00061"); // Hàng Bạc
    QVERIFY(validator().validate(draft, QDate(2024, 5, 1)).ok());
    // Then code 00070 was Hàng Trống, a ward of district Hoàn Kiếm: without the district it is an error.
    draft.districtCode.clear();
    draft.wardCode = QStringLiteral("00070");
    const Result<Person> tooEarly = validator().validate(draft, QDate(2024, 5, 1));
    QVERIFY(!tooEarly.ok());
    QVERIFY(tooEarly.error().hasField(QStringLiteral("ward_code")));
}

void TestPersonValidator::optionalFieldsMayBeEmpty()
{
    PersonDraft draft;
    draft.fullName = QStringLiteral("Lê Thị Hoa");
    draft.birthDate = QStringLiteral("1960-01-31");
    draft.sex = QStringLiteral("F");
    draft.cmnd = QStringLiteral("012.345.678");
    draft.nationality = QStringLiteral("vn");
    const Result<Person> result = validator().validate(draft, kToday);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message()));
    QCOMPARE(result->cmnd, QStringLiteral("012345678"));
    QCOMPARE(result->nationality, QStringLiteral("VN"));
    QVERIFY(result->phone.isEmpty());
    QCOMPARE(result->priorityGroup, 0);

    draft.nationality = QStringLiteral("us");
    draft.insuranceNumber = QStringLiteral("0123456789");
    const Result<Person> american = validator().validate(draft, kToday);
    QVERIFY(american.ok());
    QCOMPARE(american->nationality, QStringLiteral("US"));
    QCOMPARE(american->insuranceNumber, QStringLiteral("0123456789"));
}

QTEST_GUILESS_MAIN(TestPersonValidator)
#include "tst_personvalidator.moc"

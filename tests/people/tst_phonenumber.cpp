#include "app/people/PhoneNumber.h"

#include <QTest>

using namespace vax;

class TestPhoneNumber : public QObject
{
    Q_OBJECT

private slots:
    void acceptsVietnameseNumbers_data();
    void acceptsVietnameseNumbers();
    void remapsOldElevenDigitMobiles_data();
    void remapsOldElevenDigitMobiles();
    void rejectsImpossibleNumbers_data();
    void rejectsImpossibleNumbers();
    void foreignNumbersNeedTheirCountryCode();
    void formatNational();
    void lookupKey();
};

void TestPhoneNumber::acceptsVietnameseNumbers_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("e164");
    const QString mobile = QStringLiteral("+84912345678");
    QTest::newRow("national") << QStringLiteral("0912345678") << mobile;
    QTest::newRow("+84") << QStringLiteral("+84912345678") << mobile;
    QTest::newRow("84 without +") << QStringLiteral("84912345678") << mobile;
    QTest::newRow("spaces") << QStringLiteral(" 0912 345 678 ") << mobile;
    QTest::newRow("dots") << QStringLiteral("0912.345.678") << mobile;
    QTest::newRow("dashes and brackets") << QStringLiteral("(091) 234-5678") << mobile;
    QTest::newRow("+84 with spaces") << QStringLiteral("+84 91 234 5678") << mobile;
    QTest::newRow("leading 0 forgotten") << QStringLiteral("912345678") << mobile;
    QTest::newRow("Viettel 03x") << QStringLiteral("0361234567") << QStringLiteral("+84361234567");
    QTest::newRow("Hà Nội landline") << QStringLiteral("024 3825 1234") << QStringLiteral("+842438251234");
}

void TestPhoneNumber::acceptsVietnameseNumbers()
{
    QFETCH(QString, typed);
    QFETCH(QString, e164);
    const Result<PhoneNumber::Normalized> result = PhoneNumber::normalize(typed);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message()));
    QCOMPARE(result->e164, e164);
    QVERIFY(result->note.isEmpty());
}

void TestPhoneNumber::remapsOldElevenDigitMobiles_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("e164");
    QTest::newRow("Viettel 0166") << QStringLiteral("01661234567") << QStringLiteral("+84361234567");
    QTest::newRow("Viettel 0169 +84") << QStringLiteral("+84 169 123 4567") << QStringLiteral("+84391234567");
    QTest::newRow("MobiFone 0120") << QStringLiteral("0120 123 4567") << QStringLiteral("+84701234567");
    QTest::newRow("MobiFone 0121") << QStringLiteral("01211234567") << QStringLiteral("+84791234567");
    QTest::newRow("VinaPhone 0127") << QStringLiteral("01271234567") << QStringLiteral("+84811234567");
    QTest::newRow("Vietnamobile 0188") << QStringLiteral("01881234567") << QStringLiteral("+84581234567");
    QTest::newRow("Gmobile 0199") << QStringLiteral("01991234567") << QStringLiteral("+84591234567");
}

void TestPhoneNumber::remapsOldElevenDigitMobiles()
{
    QFETCH(QString, typed);
    QFETCH(QString, e164);
    const Result<PhoneNumber::Normalized> result = PhoneNumber::normalize(typed);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message()));
    QCOMPARE(result->e164, e164);
    // The note tells the clerk what happened, with both numbers.
    QVERIFY2(result->note.contains(QStringLiteral("2018")), qPrintable(result->note));
    QVERIFY2(result->note.contains(PhoneNumber::formatNational(e164)), qPrintable(result->note));
}

void TestPhoneNumber::rejectsImpossibleNumbers_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("says");
    QTest::newRow("too short") << QStringLiteral("091234567") << QStringLiteral("too short");
    QTest::newRow("too long") << QStringLiteral("091234567890") << QStringLiteral("too long");
    QTest::newRow("no network 011") << QStringLiteral("0112345678") << QStringLiteral("not in use");
    QTest::newRow("old prefix without new one") << QStringLiteral("01611234567") << QStringLiteral("old");
    QTest::newRow("letters") << QStringLiteral("0912abc678") << QStringLiteral("\"a\"");
    QTest::newRow("no digits") << QStringLiteral("--") << QStringLiteral("no digits");
    QTest::newRow("foreign without +") << QStringLiteral("447911123456") << QStringLiteral("too long");
}

void TestPhoneNumber::rejectsImpossibleNumbers()
{
    QFETCH(QString, typed);
    QFETCH(QString, says);
    const Result<PhoneNumber::Normalized> result = PhoneNumber::normalize(typed);
    QVERIFY2(!result.ok(), qPrintable(typed));
    QVERIFY(result.error().hasField(QStringLiteral("phone")));
    const QString message = result.error().messageFor(QStringLiteral("phone"));
    QVERIFY2(message.startsWith(QStringLiteral("Phone number")), qPrintable(message));
    QVERIFY2(message.contains(says), qPrintable(message));
}

void TestPhoneNumber::foreignNumbersNeedTheirCountryCode()
{
    const Result<PhoneNumber::Normalized> uk = PhoneNumber::normalize(QStringLiteral("+44 7911 123456"));
    QVERIFY(uk.ok());
    QCOMPARE(uk->e164, QStringLiteral("+447911123456"));

    const Result<PhoneNumber::Normalized> viaIdd = PhoneNumber::normalize(QStringLiteral("0044 7911 123456"));
    QVERIFY(viaIdd.ok());
    QCOMPARE(viaIdd->e164, QStringLiteral("+447911123456"));

    const Result<PhoneNumber::Normalized> badUk = PhoneNumber::normalize(QStringLiteral("+44 7911 12"));
    QVERIFY(!badUk.ok());
    QVERIFY2(badUk.error().messageFor(QStringLiteral("phone")).contains(QStringLiteral("United Kingdom")),
             qPrintable(badUk.error().message()));
}

void TestPhoneNumber::formatNational()
{
    QCOMPARE(PhoneNumber::formatNational(QStringLiteral("+84912345678")), QStringLiteral("0912 345 678"));
    QCOMPARE(PhoneNumber::formatNational(QStringLiteral("+84361234567")), QStringLiteral("0361 234 567"));
    QCOMPARE(PhoneNumber::formatNational(QStringLiteral("+842438251234")), QStringLiteral("024 3825 1234"));
    QCOMPARE(PhoneNumber::formatNational(QStringLiteral("+447911123456")), QStringLiteral("+44 7911 123456"));
}

void TestPhoneNumber::lookupKey()
{
    QCOMPARE(PhoneNumber::lookupKey(QStringLiteral("0912 345 678")), QStringLiteral("+84912345678"));
    QCOMPARE(PhoneNumber::lookupKey(QStringLiteral("01661234567")), QStringLiteral("+84361234567"));
    QVERIFY(PhoneNumber::lookupKey(QStringLiteral("0912")).isEmpty());
    QVERIFY(PhoneNumber::lookupKey(QStringLiteral("Nguyễn Văn An")).isEmpty());
    QVERIFY(PhoneNumber::lookupKey(QStringLiteral("0112345678")).isEmpty());
}

QTEST_GUILESS_MAIN(TestPhoneNumber)
#include "tst_phonenumber.moc"

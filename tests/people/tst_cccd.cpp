#include "app/people/Cccd.h"

#include <QTest>

using namespace vax;

class TestCccd : public QObject
{
    Q_OBJECT

private slots:
    void readsValidNumbers_data();
    void readsValidNumbers();
    void eachCenturyDigit_data();
    void eachCenturyDigit();
    void rejectsWrongLength();
    void rejectsLetters();
    void rejectsUnknownProvince_data();
    void rejectsUnknownProvince();
    void contradictionsNameBothValues();
    void noContradictionWhenConsistent();
    void makeBuildsNumbersThatParseBack();
    void makeRefusesOutOfRange();

private:
    const AdminUnits& units() const { return AdminUnits::builtin(); }
};

void TestCccd::readsValidNumbers_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("province");
    QTest::addColumn<bool>("male");
    QTest::addColumn<int>("year");
    QTest::newRow("Hà Nội man 1999") << QStringLiteral("001099012345") << QStringLiteral("001") << true << 1999;
    QTest::newRow("HCMC woman 2001, spaces") << QStringLiteral(" 079 301 000 123 ") << QStringLiteral("079") << false << 2001;
    QTest::newRow("Đà Nẵng woman 1985, dots") << QStringLiteral("048.185.123.456") << QStringLiteral("048") << false << 1985;
    QTest::newRow("Cà Mau man 1950") << QStringLiteral("096050999999") << QStringLiteral("096") << true << 1950;
}

void TestCccd::readsValidNumbers()
{
    QFETCH(QString, typed);
    QFETCH(QString, province);
    QFETCH(bool, male);
    QFETCH(int, year);
    const Result<CccdInfo> info = Cccd::parse(typed, units());
    QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message()));
    QCOMPARE(info->provinceCode, province);
    QCOMPARE(info->sex, male ? Sex::Male : Sex::Female);
    QCOMPARE(info->birthYear, year);
}

void TestCccd::eachCenturyDigit_data()
{
    QTest::addColumn<int>("digit");
    QTest::addColumn<bool>("male");
    QTest::addColumn<int>("year");
    QTest::newRow("0") << 0 << true << 1945;
    QTest::newRow("1") << 1 << false << 1945;
    QTest::newRow("2") << 2 << true << 2045;
    QTest::newRow("3") << 3 << false << 2045;
    QTest::newRow("4") << 4 << true << 2145;
    QTest::newRow("5") << 5 << false << 2145;
    QTest::newRow("6") << 6 << true << 2245;
    QTest::newRow("7") << 7 << false << 2245;
    QTest::newRow("8") << 8 << true << 1845;
    QTest::newRow("9") << 9 << false << 1845;
}

void TestCccd::eachCenturyDigit()
{
    QFETCH(int, digit);
    QFETCH(bool, male);
    QFETCH(int, year);
    const QString number = QStringLiteral("001") + QString::number(digit) + QStringLiteral("45000001");
    const Result<CccdInfo> info = Cccd::parse(number, units());
    QVERIFY(info.ok());
    QCOMPARE(info->sex, male ? Sex::Male : Sex::Female);
    QCOMPARE(info->birthYear, year);
}

void TestCccd::rejectsWrongLength()
{
    const Result<CccdInfo> short11 = Cccd::parse(QStringLiteral("00109901234"), units());
    QVERIFY(!short11.ok());
    QVERIFY(short11.error().hasField(QStringLiteral("cccd")));
    const QString message = short11.error().messageFor(QStringLiteral("cccd"));
    QVERIFY2(message.contains(QStringLiteral("CCCD")) && message.contains(QStringLiteral("12 digits"))
                 && message.contains(QStringLiteral("found 11")),
             qPrintable(message));

    const Result<CccdInfo> long13 = Cccd::parse(QStringLiteral("0010990123456"), units());
    QVERIFY(!long13.ok());
    QVERIFY(long13.error().messageFor(QStringLiteral("cccd")).contains(QStringLiteral("found 13")));

    const Result<CccdInfo> cmnd = Cccd::parse(QStringLiteral("012345678"), units());
    QVERIFY(!cmnd.ok());
    QVERIFY2(cmnd.error().messageFor(QStringLiteral("cccd")).contains(QStringLiteral("CMND")),
             qPrintable(cmnd.error().message()));

    QVERIFY(!Cccd::parse(QString(), units()).ok());
}

void TestCccd::rejectsLetters()
{
    const Result<CccdInfo> info = Cccd::parse(QStringLiteral("00109901234A"), units());
    QVERIFY(!info.ok());
    const QString message = info.error().messageFor(QStringLiteral("cccd"));
    QVERIFY2(message.contains(QStringLiteral("digits")) && message.contains(QStringLiteral("\"A\"")), qPrintable(message));
}

void TestCccd::rejectsUnknownProvince_data()
{
    QTest::addColumn<QString>("number");
    QTest::newRow("000") << QStringLiteral("000099012345");
    QTest::newRow("099") << QStringLiteral("099099012345");
    QTest::newRow("003 (no province 03)") << QStringLiteral("003099012345");
    QTest::newRow("101 (no leading 0)") << QStringLiteral("101099012345");
}

void TestCccd::rejectsUnknownProvince()
{
    QFETCH(QString, number);
    const Result<CccdInfo> info = Cccd::parse(number, units());
    QVERIFY(!info.ok());
    const QString message = info.error().messageFor(QStringLiteral("cccd"));
    QVERIFY2(message.contains(number.left(3)) && message.contains(QStringLiteral("province")), qPrintable(message));
}

void TestCccd::contradictionsNameBothValues()
{
    const CccdInfo info{QStringLiteral("001"), Sex::Male, 1999};

    const QList<FieldError> year = Cccd::contradictions(info, QDate(1998, 5, 1), Sex::Male);
    QCOMPARE(year.size(), 1);
    QCOMPARE(year.first().field, QStringLiteral("cccd"));
    QVERIFY2(year.first().message.contains(QStringLiteral("1999")) && year.first().message.contains(QStringLiteral("1998")),
             qPrintable(year.first().message));

    const QList<FieldError> sex = Cccd::contradictions(info, QDate(1999, 5, 1), Sex::Female);
    QCOMPARE(sex.size(), 1);
    QVERIFY2(sex.first().message.contains(QStringLiteral("male")) && sex.first().message.contains(QStringLiteral("female")),
             qPrintable(sex.first().message));

    QCOMPARE(Cccd::contradictions(info, QDate(2000, 1, 1), Sex::Female).size(), 2);
    // An unknown birth date is not compared.
    QCOMPARE(Cccd::contradictions(info, QDate(), Sex::Male).size(), 0);
}

void TestCccd::noContradictionWhenConsistent()
{
    const CccdInfo info{QStringLiteral("079"), Sex::Female, 2001};
    QVERIFY(Cccd::contradictions(info, QDate(2001, 12, 31), Sex::Female).isEmpty());
}

void TestCccd::makeBuildsNumbersThatParseBack()
{
    QCOMPARE(Cccd::make(QStringLiteral("001"), QDate(1999, 5, 1), Sex::Male, 12345), QStringLiteral("001099012345"));
    QCOMPARE(Cccd::make(QStringLiteral("079"), QDate(2001, 1, 2), Sex::Female, 123), QStringLiteral("079301000123"));
    QCOMPARE(Cccd::make(QStringLiteral("48"), QDate(1985, 1, 2), Sex::Female, 999999), QStringLiteral("048185999999"));
    for (int year = 1800; year < 2300; year += 7) {
        for (const Sex sex : {Sex::Male, Sex::Female}) {
            const QString number = Cccd::make(QStringLiteral("096"), QDate(year, 6, 15), sex, year);
            const Result<CccdInfo> info = Cccd::parse(number, units());
            QVERIFY2(info.ok(), qPrintable(number));
            QCOMPARE(info->birthYear, year);
            QCOMPARE(info->sex, sex);
        }
    }
}

void TestCccd::makeRefusesOutOfRange()
{
    QVERIFY(Cccd::make(QStringLiteral("001"), QDate(1799, 1, 1), Sex::Male, 1).isEmpty());
    QVERIFY(Cccd::make(QStringLiteral("001"), QDate(2300, 1, 1), Sex::Male, 1).isEmpty());
    QVERIFY(Cccd::make(QStringLiteral("001"), QDate(1990, 1, 1), Sex::Male, 1000000).isEmpty());
    QVERIFY(Cccd::make(QStringLiteral("001"), QDate(), Sex::Male, 1).isEmpty());
}

QTEST_GUILESS_MAIN(TestCccd)
#include "tst_cccd.moc"

#include "app/people/AdminUnits.h"

#include <QTest>

using namespace vax;
using Level = AdminUnits::Level;

namespace {

const QDate kLastOldDay(2025, 6, 30);
const QDate kFirstNewDay(2025, 7, 1);

QStringList names(const QList<AdminUnits::Unit>& units)
{
    QStringList out;
    for (const AdminUnits::Unit& unit : units)
        out << unit.name;
    return out;
}

QByteArray smallEra(const QByteArray& units)
{
    return QByteArray(R"({"format": "vax-admin-units/1", "validFrom": "2025-07-01", "validTo": null, )") + units
        + QByteArray("}");
}

} // namespace

class TestAdminUnits : public QObject
{
    Q_OBJECT

private slots:
    void provinceCountsPerEra();
    void sameCodeDifferentEras();
    void mergedProvincesAreGoneAfterJuly2025();
    void hueBecameACityIn2025();
    void provincesSortedInVietnameseOrder();
    void childrenPerEra();
    void cccdProvinceCodes_data();
    void cccdProvinceCodes();
    void fullName();
    void parseRejectsBadData_data();
    void parseRejectsBadData();
    void parseReadsAGoodFile();
    void appendRejectsOverlappingCodes();

private:
    const AdminUnits& units() const { return AdminUnits::builtin(); }
};

void TestAdminUnits::provinceCountsPerEra()
{
    QCOMPARE(units().provinces(QDate(2021, 8, 1)).size(), 63);
    QCOMPARE(units().provinces(kLastOldDay).size(), 63);
    QCOMPARE(units().provinces(kFirstNewDay).size(), 34);
    QCOMPARE(units().provinces(QDate(2030, 1, 1)).size(), 34);
    QVERIFY(units().provinces(QDate()).isEmpty());
}

void TestAdminUnits::sameCodeDifferentEras()
{
    const AdminUnits::Unit* oldHanoi = units().find(QStringLiteral("01"), Level::Province, kLastOldDay);
    const AdminUnits::Unit* newHanoi = units().find(QStringLiteral("01"), Level::Province, kFirstNewDay);
    QVERIFY(oldHanoi && newHanoi);
    QVERIFY(oldHanoi != newHanoi);
    QCOMPARE(oldHanoi->name, QStringLiteral("Hà Nội"));
    QCOMPARE(newHanoi->name, QStringLiteral("Hà Nội"));
    QCOMPARE(oldHanoi->validTo, kLastOldDay);
    QCOMPARE(newHanoi->validFrom, kFirstNewDay);

    // Ward code 00004 was Trúc Bạch (district Ba Đình) and is now Ba Đình (directly under Hà Nội).
    const AdminUnits::Unit* trucBach = units().find(QStringLiteral("00004"), Level::Ward, QDate(2024, 1, 1));
    const AdminUnits::Unit* baDinh = units().find(QStringLiteral("00004"), Level::Ward, QDate(2026, 1, 1));
    QVERIFY(trucBach && baDinh);
    QCOMPARE(trucBach->name, QStringLiteral("Trúc Bạch"));
    QCOMPARE(trucBach->parentCode, QStringLiteral("001"));
    QCOMPARE(baDinh->name, QStringLiteral("Ba Đình"));
    QCOMPARE(baDinh->parentCode, QStringLiteral("01"));

    // New names of merged provinces keep one of the old codes.
    QCOMPARE(units().find(QStringLiteral("52"), Level::Province, kFirstNewDay)->name, QStringLiteral("Gia Lai"));
    QCOMPARE(units().find(QStringLiteral("52"), Level::Province, kLastOldDay)->name, QStringLiteral("Bình Định"));
    QCOMPARE(units().find(QStringLiteral("79"), Level::Province, kFirstNewDay)->name, QStringLiteral("Hồ Chí Minh"));
    QCOMPARE(units().find(QStringLiteral("80"), Level::Province, kFirstNewDay)->name, QStringLiteral("Tây Ninh"));
    QCOMPARE(units().find(QStringLiteral("80"), Level::Province, kLastOldDay)->name, QStringLiteral("Long An"));
}

void TestAdminUnits::mergedProvincesAreGoneAfterJuly2025()
{
    QVERIFY(units().find(QStringLiteral("02"), Level::Province, QDate(2024, 1, 1)));
    QVERIFY(!units().find(QStringLiteral("02"), Level::Province, kFirstNewDay));
    const AdminUnits::Unit* haGiang = units().findLatest(QStringLiteral("02"), Level::Province, QDate(2026, 1, 1));
    QVERIFY(haGiang);
    QCOMPARE(haGiang->name, QStringLiteral("Hà Giang"));
    QCOMPARE(haGiang->validTo, kLastOldDay);
    QVERIFY(!units().findLatest(QStringLiteral("99"), Level::Province, QDate(2026, 1, 1)));
    QVERIFY(!units().find(QStringLiteral("001"), Level::District, kFirstNewDay));
    QVERIFY(units().hasDistricts(kLastOldDay));
    QVERIFY(!units().hasDistricts(kFirstNewDay));
}

void TestAdminUnits::hueBecameACityIn2025()
{
    const AdminUnits::Unit* province = units().find(QStringLiteral("46"), Level::Province, QDate(2024, 12, 31));
    const AdminUnits::Unit* city = units().find(QStringLiteral("46"), Level::Province, QDate(2025, 1, 1));
    QVERIFY(province && city);
    QCOMPARE(province->fullName(), QStringLiteral("Tỉnh Thừa Thiên Huế"));
    QCOMPARE(city->fullName(), QStringLiteral("Thành phố Huế"));
}

void TestAdminUnits::provincesSortedInVietnameseOrder()
{
    const QStringList current = names(units().provinces(QDate(2026, 1, 1)));
    QCOMPARE(current.first(), QStringLiteral("An Giang"));
    // Vietnamese order: Đ comes after D (and after Cà Mau, Cần Thơ), before G.
    QVERIFY(current.indexOf(QStringLiteral("Cần Thơ")) < current.indexOf(QStringLiteral("Đà Nẵng")));
    QVERIFY(current.indexOf(QStringLiteral("Đồng Tháp")) < current.indexOf(QStringLiteral("Gia Lai")));
    QVERIFY(current.indexOf(QStringLiteral("Hà Nội")) < current.indexOf(QStringLiteral("Hà Tĩnh")));

    const QStringList hcmDistricts = names(units().children(QStringLiteral("79"), Level::District, QDate(2024, 1, 1)));
    QVERIFY(hcmDistricts.indexOf(QStringLiteral("3")) < hcmDistricts.indexOf(QStringLiteral("10")));
}

void TestAdminUnits::childrenPerEra()
{
    const QDate now(2026, 1, 1);
    QCOMPARE(units().children(QStringLiteral("01"), Level::Ward, now).size(), 126);
    QCOMPARE(units().children(QStringLiteral("79"), Level::Ward, now).size(), 168);
    QCOMPARE(units().children(QStringLiteral("48"), Level::Ward, now).size(), 94);
    QVERIFY(units().children(QStringLiteral("01"), Level::District, now).isEmpty());

    const QDate before(2024, 6, 1);
    QCOMPARE(units().children(QStringLiteral("01"), Level::District, before).size(), 30);
    QCOMPARE(units().children(QStringLiteral("79"), Level::District, before).size(), 22);
    QCOMPARE(units().children(QStringLiteral("48"), Level::District, before).size(), 8);
    QCOMPARE(units().children(QStringLiteral("001"), Level::Ward, before).size(), 13);
    QVERIFY(units().children(QStringLiteral("01"), Level::Ward, before).isEmpty()); // wards were under districts

    const QStringList hoanKiem = names(units().children(QStringLiteral("002"), Level::Ward, before));
    QVERIFY(hoanKiem.contains(QStringLiteral("Hàng Bạc")));
}

void TestAdminUnits::cccdProvinceCodes_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("valid");
    QTest::newRow("001 Hà Nội") << QStringLiteral("001") << true;
    QTest::newRow("079 Hồ Chí Minh") << QStringLiteral("079") << true;
    QTest::newRow("048 Đà Nẵng") << QStringLiteral("048") << true;
    QTest::newRow("002 Hà Giang (merged 2025)") << QStringLiteral("002") << true;
    QTest::newRow("093 Hậu Giang (merged 2025)") << QStringLiteral("093") << true;
    QTest::newRow("096 Cà Mau") << QStringLiteral("096") << true;
    QTest::newRow("000") << QStringLiteral("000") << false;
    QTest::newRow("099") << QStringLiteral("099") << false;
    QTest::newRow("003 never a province") << QStringLiteral("003") << false;
    QTest::newRow("101") << QStringLiteral("101") << false;
    QTest::newRow("two digits") << QStringLiteral("01") << false;
    QTest::newRow("letters") << QStringLiteral("0A1") << false;
}

void TestAdminUnits::cccdProvinceCodes()
{
    QFETCH(QString, code);
    QFETCH(bool, valid);
    QCOMPARE(units().isCccdProvinceCode(code), valid);
}

void TestAdminUnits::fullName()
{
    QCOMPARE(units().find(QStringLiteral("01"), Level::Province, kFirstNewDay)->fullName(), QStringLiteral("Thành phố Hà Nội"));
    QCOMPARE(units().find(QStringLiteral("04"), Level::Province, kFirstNewDay)->fullName(), QStringLiteral("Tỉnh Cao Bằng"));
    QCOMPARE(units().find(QStringLiteral("00070"), Level::Ward, kFirstNewDay)->fullName(), QStringLiteral("Phường Hoàn Kiếm"));
    QCOMPARE(units().find(QStringLiteral("26732"), Level::Ward, kFirstNewDay)->fullName(), QStringLiteral("Đặc khu Côn Đảo"));
    QCOMPARE(units().find(QStringLiteral("760"), Level::District, kLastOldDay)->fullName(), QStringLiteral("Quận 1"));
}

void TestAdminUnits::parseRejectsBadData_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not JSON") << QByteArray("{\"format\": ");
    QTest::newRow("other format") << QByteArray(R"({"format": "something-else", "provinces": []})");
    QTest::newRow("bad province code") << smallEra(R"("provinces": [{"code": "1", "name": "X"}])");
    QTest::newRow("no name") << smallEra(R"("provinces": [{"code": "01", "name": ""}])");
    QTest::newRow("ward without parent in file")
        << smallEra(R"("provinces": [{"code": "01", "name": "Hà Nội"}], "wards": [{"code": "00070", "parent": "02", "name": "X"}])");
    QTest::newRow("district without parent")
        << smallEra(R"("provinces": [{"code": "01", "name": "Hà Nội"}], "districts": [{"code": "001", "name": "X"}])");
    QTest::newRow("same code twice") << smallEra(R"("provinces": [{"code": "01", "name": "A"}, {"code": "01", "name": "B"}])");
    QTest::newRow("bad date") << smallEra(R"("provinces": [{"code": "01", "name": "A", "validTo": "30/06/2025"}])");
    QTest::newRow("ends before it starts") << smallEra(R"("provinces": [{"code": "01", "name": "A", "validTo": "2025-01-01"}])");
}

void TestAdminUnits::parseRejectsBadData()
{
    QFETCH(QByteArray, json);
    const Result<AdminUnits> parsed = AdminUnits::parse(json);
    QVERIFY(!parsed.ok());
    QVERIFY(!parsed.error().message().isEmpty());
}

void TestAdminUnits::parseReadsAGoodFile()
{
    const Result<AdminUnits> parsed = AdminUnits::parse(smallEra(
        R"("provinces": [{"code": "01", "type": "Thành phố", "name": "Hà Nội"}, {"code": "04", "type": "Tỉnh", "name": "Cao Bằng"}],
           "wards": [{"code": "00070", "parent": "01", "type": "Phường", "name": "Hoàn Kiếm"}])"));
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message()));
    QCOMPARE(parsed->size(), 3);
    QVERIFY(!parsed->find(QStringLiteral("01"), Level::Province, QDate(2025, 6, 30)));
    QCOMPARE(parsed->children(QStringLiteral("01"), Level::Ward, QDate(2025, 7, 1)).size(), 1);
    QCOMPARE(names(parsed->provinces(QDate(2025, 7, 1))), (QStringList{QStringLiteral("Cao Bằng"), QStringLiteral("Hà Nội")}));
}

void TestAdminUnits::appendRejectsOverlappingCodes()
{
    AdminUnits all = units();
    const Result<AdminUnits> again = AdminUnits::parse(smallEra(R"("provinces": [{"code": "01", "name": "Hà Nội"}])"));
    QVERIFY(again.ok());
    const Result<void> added = all.append(again.value());
    QVERIFY(!added.ok());
    QCOMPARE(all.size(), units().size()); // unchanged

    // A later unit with a code free at that time can be added.
    const Result<AdminUnits> later = AdminUnits::parse(QByteArray(
        R"({"format": "vax-admin-units/1", "validFrom": "2040-01-01", "validTo": null, "provinces": [{"code": "03", "name": "Mới"}]})"));
    QVERIFY(later.ok());
    AdminUnits merged = units();
    QVERIFY(merged.append(later.value()).ok());
    QCOMPARE(merged.provinces(QDate(2040, 1, 1)).size(), 35);
    QCOMPARE(merged.provinces(QDate(2039, 12, 31)).size(), 34);
}

QTEST_GUILESS_MAIN(TestAdminUnits)
#include "tst_adminunits.moc"

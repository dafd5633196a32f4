#include "app/common/Uuid.h"
#include "app/vaccines/VaccineCatalogue.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>

using namespace vax;

namespace {

QJsonObject builtinJson()
{
    QFile file(QStringLiteral(":/vax/vaccines/catalogue.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// Changes product `index` of a catalogue document in place.
void editProduct(QJsonObject& root, int index, const std::function<void(QJsonObject&)>& edit)
{
    QJsonArray products = root.value(QLatin1String("products")).toArray();
    QJsonObject product = products.at(index).toObject();
    edit(product);
    products.replace(index, product);
    root.insert(QLatin1String("products"), products);
}

void editSchedule(QJsonObject& product, const std::function<void(QJsonObject&)>& edit)
{
    QJsonObject schedule = product.value(QLatin1String("schedule")).toObject();
    edit(schedule);
    product.insert(QLatin1String("schedule"), schedule);
}

Result<VaccineCatalogue> parse(const QJsonObject& root)
{
    return VaccineCatalogue::parse(QJsonDocument(root).toJson());
}

} // namespace

class TestVaccineCatalogue : public QObject
{
    Q_OBJECT

private slots:
    void builtinLoadsTheNineProducts();
    void builtinHoldsTheReferenceFacts_data();
    void builtinHoldsTheReferenceFacts();
    void presentationsPutTheDefaultFirst();
    void scheduleSpecialCases();
    void unconfirmedFactsAreMarked();
    void boosterRulesCountCalendarMonths();
    void byCodeIgnoresCase();
    void byGtinFindsTheProduct();
    void recordRoundTripsExactly();
    void recordUsesTheStoredKeys();

    void rejectsBadJson();
    void rejectsMissingCode();
    void rejectsDuplicateCode();
    void rejectsZeroDosesPerVial();
    void rejectsBadGtinCheckDigit();
    void rejectsMisspelledField();
    void rejectsIntervalsOutOfOrder();
    void rejectsMultiDoseVialWithoutDiscardTime();
    void reportsEveryFaultAtOnce();
};

void TestVaccineCatalogue::builtinLoadsTheNineProducts()
{
    const Result<VaccineCatalogue> catalogue = VaccineCatalogue::builtin();
    QVERIFY2(catalogue.ok(), qPrintable(catalogue.ok() ? QString() : catalogue.error().message()));
    QStringList codes;
    for (const VaccineProduct& p : catalogue->products())
        codes << p.code;
    QCOMPARE(codes, (QStringList{QStringLiteral("VAXZEVRIA"), QStringLiteral("COVISHIELD"),
                                 QStringLiteral("COMIRNATY"), QStringLiteral("SPIKEVAX"),
                                 QStringLiteral("JCOVDEN"), QStringLiteral("VEROCELL"),
                                 QStringLiteral("HAYATVAX"), QStringLiteral("SPUTNIKV"),
                                 QStringLiteral("ABDALA")}));
    QVERIFY(!catalogue->version().isEmpty());
    for (const VaccineProduct& p : catalogue->products()) {
        QCOMPARE(p.stamp.id, Uuid::fromName(QStringLiteral("vaccine_product:") + p.code));
        QVERIFY(p.active);
        QVERIFY(p.gtins.isEmpty());
    }
}

void TestVaccineCatalogue::builtinHoldsTheReferenceFacts_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mp");
    QTest::addColumn<QString>("ma");
    QTest::addColumn<QString>("vp");
    QTest::addColumn<int>("dosesPerVial");
    QTest::addColumn<double>("doseVolumeMl");
    QTest::addColumn<int>("primaryDoses");
    QTest::addColumn<int>("minDays");   // before dose 2; -1 = no dose 2
    QTest::addColumn<int>("maxDays");
    QTest::addColumn<int>("openVialHours");
    QTest::addColumn<double>("storageMinC");
    QTest::addColumn<double>("storageMaxC");

    const QString vector = QStringLiteral("29061000087103");
    const QString mrna = QStringLiteral("1119349007");
    const QString inactivated = QStringLiteral("1157024006");
    QTest::newRow("Vaxzevria") << "VAXZEVRIA" << "EU/1/21/1529" << "ORG-100001699" << vector
                               << 10 << 0.5 << 2 << 56 << 84 << 6 << 2.0 << 8.0;
    QTest::newRow("Covishield") << "COVISHIELD" << "Covishield" << "ORG-100001981" << vector
                                << 10 << 0.5 << 2 << 56 << 84 << 6 << 2.0 << 8.0;
    QTest::newRow("Comirnaty") << "COMIRNATY" << "EU/1/20/1528" << "ORG-100030215" << mrna
                               << 6 << 0.3 << 2 << 21 << 0 << 6 << -90.0 << -60.0;
    QTest::newRow("Spikevax") << "SPIKEVAX" << "EU/1/20/1507" << "ORG-100031184" << mrna
                              << 10 << 0.5 << 2 << 28 << 0 << 6 << -25.0 << -15.0;
    QTest::newRow("Janssen") << "JCOVDEN" << "EU/1/20/1525" << "ORG-100001417" << vector
                             << 5 << 0.5 << 1 << -1 << -1 << 6 << -25.0 << -15.0;
    QTest::newRow("Vero Cell") << "VEROCELL" << "BBIBP-CorV" << "ORG-100020693" << inactivated
                               << 1 << 0.5 << 2 << 21 << 28 << 6 << 2.0 << 8.0;
    QTest::newRow("Hayat-Vax") << "HAYATVAX" << "Hayat-Vax" << "ORG-100023050" << inactivated
                               << 1 << 0.5 << 2 << 21 << 28 << 6 << 2.0 << 8.0;
    QTest::newRow("Sputnik V") << "SPUTNIKV" << "Sputnik-V" << "Gamaleya-Research-Institute"
                               << vector << 1 << 0.5 << 2 << 21 << 0 << 2 << -90.0 << -18.0;
    QTest::newRow("Abdala") << "ABDALA" << "Abdala" << "CIGB" << "28531000087107"
                            << 10 << 0.5 << 3 << 14 << 0 << 6 << 2.0 << 8.0;
}

void TestVaccineCatalogue::builtinHoldsTheReferenceFacts()
{
    QFETCH(QString, code);
    QFETCH(int, minDays);
    QFETCH(int, maxDays);
    const Result<VaccineCatalogue> catalogue = VaccineCatalogue::builtin();
    QVERIFY(catalogue.ok());
    const VaccineProduct* p = catalogue->byCode(code);
    QVERIFY(p);
    QTEST(p->mp, "mp");
    QTEST(p->ma, "ma");
    QTEST(p->vp, "vp");
    QTEST(p->dosesPerVial, "dosesPerVial");
    QCOMPARE(p->presentations.first().dosesPerVial, p->dosesPerVial);
    QTEST(p->doseVolumeMl, "doseVolumeMl");
    QTEST(p->primaryDoses, "primaryDoses");
    QTEST(p->openVialHours, "openVialHours");
    QTEST(p->storageMinC, "storageMinC");
    QTEST(p->storageMaxC, "storageMaxC");
    QCOMPARE(p->intervals.size(), p->primaryDoses - 1);
    const DoseInterval* second = p->intervalBefore(2);
    if (minDays < 0) {
        QVERIFY(!second);
    } else {
        QVERIFY(second);
        QCOMPARE(second->minDays, minDays);
        QCOMPARE(second->maxDays, maxDays);
    }
    QVERIFY(!p->intervalBefore(1));
}

void TestVaccineCatalogue::presentationsPutTheDefaultFirst()
{
    const Result<VaccineCatalogue> catalogue = VaccineCatalogue::builtin();
    QVERIFY(catalogue.ok());

    const VaccineProduct* vaxzevria = catalogue->byCode(QStringLiteral("VAXZEVRIA"));
    QVERIFY(vaxzevria);
    QCOMPARE(vaxzevria->presentations.size(), 2);
    QCOMPARE(vaxzevria->presentations.at(0).dosesPerVial, 10);
    QCOMPARE(vaxzevria->presentations.at(0).volumeMl, 6.0);
    QCOMPARE(vaxzevria->presentations.at(1).dosesPerVial, 8);
    QCOMPARE(vaxzevria->presentations.at(1).volumeMl, 5.0);

    const VaccineProduct* comirnaty = catalogue->byCode(QStringLiteral("COMIRNATY"));
    QVERIFY(comirnaty);
    QCOMPARE(comirnaty->presentations.size(), 2);
    QVERIFY(comirnaty->presentations.at(0).label.contains(QLatin1String("purple")));
    QVERIFY(comirnaty->presentations.at(0).label.contains(QLatin1String("1.8 mL")));
    QVERIFY(comirnaty->presentations.at(1).label.contains(QLatin1String("grey")));
    QCOMPARE(comirnaty->presentations.at(1).dosesPerVial, 6);

    // Vero Cell comes in single-dose and 2-dose vials; the opened 2-dose vial still has a limit.
    const VaccineProduct* veroCell = catalogue->byCode(QStringLiteral("VEROCELL"));
    QVERIFY(veroCell);
    QCOMPARE(veroCell->presentations.at(1).dosesPerVial, 2);
    QVERIFY(veroCell->openVialHours > 0);
}

void TestVaccineCatalogue::scheduleSpecialCases()
{
    const Result<VaccineCatalogue> catalogue = VaccineCatalogue::builtin();
    QVERIFY(catalogue.ok());

    // Abdala: days 0, 14 and 28.
    const VaccineProduct* abdala = catalogue->byCode(QStringLiteral("ABDALA"));
    QVERIFY(abdala);
    QCOMPARE(abdala->intervals,
             (QList<DoseInterval>{{2, 14, 0}, {3, 14, 0}}));

    // Sputnik V: two different components, rAd26 first.
    const VaccineProduct* sputnik = catalogue->byCode(QStringLiteral("SPUTNIKV"));
    QVERIFY(sputnik);
    const qsizetype rAd26 = sputnik->components.indexOf(QLatin1String("rAd26"));
    const qsizetype rAd5 = sputnik->components.indexOf(QLatin1String("rAd5"));
    QVERIFY(rAd26 >= 0);
    QVERIFY(rAd5 > rAd26);

    // Janssen: 6 h at 2-8 °C, and the room-temperature limit is told to the user.
    const VaccineProduct* janssen = catalogue->byCode(QStringLiteral("JCOVDEN"));
    QVERIFY(janssen);
    QVERIFY(janssen->notes.contains(QLatin1String("2 h at room temperature")));
}

void TestVaccineCatalogue::unconfirmedFactsAreMarked()
{
    const Result<VaccineCatalogue> catalogue = VaccineCatalogue::builtin();
    QVERIFY(catalogue.ok());
    const VaccineProduct* hayat = catalogue->byCode(QStringLiteral("HAYATVAX"));
    QVERIFY(hayat);
    QVERIFY(!hayat->isConfirmed(QStringLiteral("storage_min_c")));
    QVERIFY(!hayat->isConfirmed(QStringLiteral("open_vial_hours")));
    const VaccineProduct* sputnik = catalogue->byCode(QStringLiteral("SPUTNIKV"));
    QVERIFY(sputnik);
    QVERIFY(!sputnik->isConfirmed(QStringLiteral("open_vial_hours")));
    QVERIFY(!sputnik->isConfirmed(QStringLiteral("schedule.presentations.volume_ml")));
    QVERIFY(sputnik->isConfirmed(QStringLiteral("storage_max_c")));
    const VaccineProduct* vaxzevria = catalogue->byCode(QStringLiteral("VAXZEVRIA"));
    QVERIFY(vaxzevria);
    QVERIFY(vaxzevria->unconfirmed.isEmpty());
    QVERIFY(vaxzevria->isConfirmed(QStringLiteral("open_vial_hours")));
}

void TestVaccineCatalogue::boosterRulesCountCalendarMonths()
{
    const Result<VaccineCatalogue> catalogue = VaccineCatalogue::builtin();
    QVERIFY(catalogue.ok());
    QCOMPARE(catalogue->boosterRules().size(), 2);
    const BoosterRule* first = catalogue->boosterRule(1);
    const BoosterRule* second = catalogue->boosterRule(2);
    QVERIFY(first);
    QVERIFY(second);
    QVERIFY(!catalogue->boosterRule(3));
    QCOMPARE(first->minMonths, 3);
    QCOMPARE(second->minMonths, 4);
    // 3 months after 1 June is 1 September (92 days), not 30 August (90 days).
    QCOMPARE(first->earliest(QDate(2022, 6, 1)), QDate(2022, 9, 1));
    QCOMPARE(second->earliest(QDate(2022, 1, 31)), QDate(2022, 5, 31));
    QVERIFY(!first->earliest(QDate()).isValid());
}

void TestVaccineCatalogue::byCodeIgnoresCase()
{
    const Result<VaccineCatalogue> catalogue = VaccineCatalogue::builtin();
    QVERIFY(catalogue.ok());
    const VaccineProduct* upper = catalogue->byCode(QStringLiteral("COMIRNATY"));
    QVERIFY(upper);
    QCOMPARE(catalogue->byCode(QStringLiteral("comirnaty")), upper);
    QCOMPARE(catalogue->byCode(QStringLiteral(" Comirnaty ")), upper);
    QVERIFY(!catalogue->byCode(QStringLiteral("NOVAVAX")));
    QVERIFY(!catalogue->byCode(QString()));
}

void TestVaccineCatalogue::byGtinFindsTheProduct()
{
    QJsonObject root = builtinJson();
    editProduct(root, 2, [](QJsonObject& p) {
        p.insert(QLatin1String("gtins"), QJsonArray{QStringLiteral("12312312312333")});
    });
    const Result<VaccineCatalogue> catalogue = parse(root);
    QVERIFY2(catalogue.ok(), qPrintable(catalogue.ok() ? QString() : catalogue.error().message()));
    const VaccineProduct* p = catalogue->byGtin(QStringLiteral("12312312312333"));
    QVERIFY(p);
    QCOMPARE(p->code, QStringLiteral("COMIRNATY"));
    QVERIFY(!catalogue->byGtin(QStringLiteral("00000000000000")));
    QVERIFY(!catalogue->byGtin(QString()));

    QVERIFY(VaccineCatalogue::isValidGtin14(QStringLiteral("12312312312333")));
    QVERIFY(!VaccineCatalogue::isValidGtin14(QStringLiteral("12312312312334")));
    QVERIFY(!VaccineCatalogue::isValidGtin14(QStringLiteral("1231231231233")));
    QVERIFY(!VaccineCatalogue::isValidGtin14(QStringLiteral("1231231231233A")));
}

void TestVaccineCatalogue::recordRoundTripsExactly()
{
    const Result<VaccineCatalogue> catalogue = VaccineCatalogue::builtin();
    QVERIFY(catalogue.ok());
    QList<VaccineProduct> products = catalogue->products();
    // One product with every optional field set, so no key is left out of the test.
    VaccineProduct& full = products.first();
    full.stamp.siteId = QStringLiteral("central");
    full.stamp.createdBy = QStringLiteral("admin");
    full.stamp.createdAt = QStringLiteral("2021-08-10T08:00:00.000+07:00");
    full.stamp.hlc = QStringLiteral("0193612f4a2b.0000.8c1f3a9b2d4e5f60");
    full.gtins = {QStringLiteral("12312312312333")};
    full.components = QStringLiteral("one component");
    full.active = false;
    full.unconfirmed = {QStringLiteral("dose_volume_ml")};

    for (const VaccineProduct& p : products) {
        const QJsonObject record = p.toRecord();
        const VaccineProduct back = VaccineProduct::fromRecord(record);
        QCOMPARE(back.toRecord(), record);
        QCOMPARE(back.stamp.id, p.stamp.id);
        QCOMPARE(back.stamp.hlc, p.stamp.hlc);
        QCOMPARE(back.code, p.code);
        QCOMPARE(back.name, p.name);
        QCOMPARE(back.manufacturer, p.manufacturer);
        QCOMPARE(back.mp, p.mp);
        QCOMPARE(back.ma, p.ma);
        QCOMPARE(back.vp, p.vp);
        QCOMPARE(back.vaccineType, p.vaccineType);
        QCOMPARE(back.presentations, p.presentations);
        QCOMPARE(back.dosesPerVial, p.dosesPerVial);
        QCOMPARE(back.doseVolumeMl, p.doseVolumeMl);
        QCOMPARE(back.openVialHours, p.openVialHours);
        QCOMPARE(back.storageMinC, p.storageMinC);
        QCOMPARE(back.storageMaxC, p.storageMaxC);
        QCOMPARE(back.primaryDoses, p.primaryDoses);
        QCOMPARE(back.intervals, p.intervals);
        QCOMPARE(back.gtins, p.gtins);
        QCOMPARE(back.components, p.components);
        QCOMPARE(back.active, p.active);
        QCOMPARE(back.unconfirmed, p.unconfirmed);
        QCOMPARE(back.notes, p.notes);
    }
}

void TestVaccineCatalogue::recordUsesTheStoredKeys()
{
    const Result<VaccineCatalogue> catalogue = VaccineCatalogue::builtin();
    QVERIFY(catalogue.ok());
    const QJsonObject r = catalogue->byCode(QStringLiteral("VAXZEVRIA"))->toRecord();
    QCOMPARE(r.value(QLatin1String("id")).toString(),
             Uuid::fromName(QStringLiteral("vaccine_product:VAXZEVRIA")));
    QCOMPARE(r.value(QLatin1String("vaccine_type")).toString(), QStringLiteral("viral_vector"));
    QCOMPARE(r.value(QLatin1String("doses_per_vial")).toInt(), 10);
    QCOMPARE(r.value(QLatin1String("open_vial_hours")).toInt(), 6);
    QCOMPARE(r.value(QLatin1String("storage_max_c")).toDouble(), 8.0);
    QCOMPARE(r.value(QLatin1String("active")), QJsonValue(true));
    QVERIFY(r.value(QLatin1String("gtins")).isArray());
    const QJsonObject schedule = r.value(QLatin1String("schedule")).toObject();
    const QJsonObject interval =
        schedule.value(QLatin1String("intervals")).toArray().at(0).toObject();
    QCOMPARE(interval.value(QLatin1String("min_days")).toInt(), 56);
    QCOMPARE(interval.value(QLatin1String("max_days")).toInt(), 84);
    QCOMPARE(schedule.value(QLatin1String("presentations")).toArray().size(), 2);
}

void TestVaccineCatalogue::rejectsBadJson()
{
    const Result<VaccineCatalogue> r = VaccineCatalogue::parse("{\"format\": 1, \"products\": [");
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code(), ErrorCode::Invalid);
    QVERIFY(r.error().hasField(QStringLiteral("json")));
    QVERIFY(r.error().message().contains(QLatin1String("not valid JSON")));

    const Result<VaccineCatalogue> array = VaccineCatalogue::parse("[]");
    QVERIFY(!array.ok());
    QVERIFY(array.error().hasField(QStringLiteral("json")));
}

void TestVaccineCatalogue::rejectsMissingCode()
{
    QJsonObject root = builtinJson();
    editProduct(root, 2, [](QJsonObject& p) { p.remove(QLatin1String("code")); });
    const Result<VaccineCatalogue> r = parse(root);
    QVERIFY(!r.ok());
    const QString message = r.error().messageFor(QStringLiteral("products[2].code"));
    QVERIFY2(message.contains(QLatin1String("Product 3")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("\"code\"")), qPrintable(message));
}

void TestVaccineCatalogue::rejectsDuplicateCode()
{
    QJsonObject root = builtinJson();
    editProduct(root, 1, [](QJsonObject& p) {
        p.insert(QLatin1String("code"), QStringLiteral("VAXZEVRIA"));
    });
    const Result<VaccineCatalogue> r = parse(root);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().fields().size(), 1);
    const QString message = r.error().messageFor(QStringLiteral("products[1].code"));
    QVERIFY2(message.contains(QLatin1String("Product 2 (VAXZEVRIA)")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("product 1")), qPrintable(message));
}

void TestVaccineCatalogue::rejectsZeroDosesPerVial()
{
    QJsonObject root = builtinJson();
    editProduct(root, 0, [](QJsonObject& p) {
        editSchedule(p, [](QJsonObject& s) {
            QJsonArray presentations = s.value(QLatin1String("presentations")).toArray();
            QJsonObject first = presentations.at(0).toObject();
            first.insert(QLatin1String("doses_per_vial"), 0);
            presentations.replace(0, first);
            s.insert(QLatin1String("presentations"), presentations);
        });
    });
    const Result<VaccineCatalogue> r = parse(root);
    QVERIFY(!r.ok());
    const QString message = r.error().messageFor(
        QStringLiteral("products[0].schedule.presentations[0].doses_per_vial"));
    QVERIFY2(message.contains(QLatin1String("VAXZEVRIA")), qPrintable(r.error().message()));
    QVERIFY2(message.contains(QLatin1String("doses_per_vial")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("1 or more")), qPrintable(message));

    // The product-level count must agree with the default presentation too.
    root = builtinJson();
    editProduct(root, 0, [](QJsonObject& p) { p.insert(QLatin1String("doses_per_vial"), 8); });
    const Result<VaccineCatalogue> disagree = parse(root);
    QVERIFY(!disagree.ok());
    QVERIFY(disagree.error().hasField(QStringLiteral("products[0].doses_per_vial")));
}

void TestVaccineCatalogue::rejectsBadGtinCheckDigit()
{
    QJsonObject root = builtinJson();
    editProduct(root, 3, [](QJsonObject& p) {
        p.insert(QLatin1String("gtins"), QJsonArray{QStringLiteral("12312312312334")});
    });
    const Result<VaccineCatalogue> r = parse(root);
    QVERIFY(!r.ok());
    const QString message = r.error().messageFor(QStringLiteral("products[3].gtins[0]"));
    QVERIFY2(message.contains(QLatin1String("SPIKEVAX")), qPrintable(r.error().message()));
    QVERIFY2(message.contains(QLatin1String("check digit")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("should be 3")), qPrintable(message));

    root = builtinJson();
    editProduct(root, 3, [](QJsonObject& p) {
        p.insert(QLatin1String("gtins"), QJsonArray{QStringLiteral("0123")});
    });
    const Result<VaccineCatalogue> shortGtin = parse(root);
    QVERIFY(!shortGtin.ok());
    QVERIFY(shortGtin.error().messageFor(QStringLiteral("products[3].gtins[0]"))
                .contains(QLatin1String("14 digits")));
}

void TestVaccineCatalogue::rejectsMisspelledField()
{
    QJsonObject root = builtinJson();
    editProduct(root, 4, [](QJsonObject& p) { p.insert(QLatin1String("open_vial_hour"), 2); });
    const Result<VaccineCatalogue> r = parse(root);
    QVERIFY(!r.ok());
    const QString message = r.error().messageFor(QStringLiteral("products[4].open_vial_hour"));
    QVERIFY2(message.contains(QLatin1String("JCOVDEN")), qPrintable(r.error().message()));
    QVERIFY2(message.contains(QLatin1String("spelling")), qPrintable(message));
}

void TestVaccineCatalogue::rejectsIntervalsOutOfOrder()
{
    QJsonObject root = builtinJson();
    editProduct(root, 8, [](QJsonObject& p) {
        editSchedule(p, [](QJsonObject& s) {
            QJsonArray intervals = s.value(QLatin1String("intervals")).toArray();
            const QJsonValue first = intervals.at(0);
            intervals.replace(0, intervals.at(1));
            intervals.replace(1, first);
            s.insert(QLatin1String("intervals"), intervals);
        });
    });
    const Result<VaccineCatalogue> r = parse(root);
    QVERIFY(!r.ok());
    const QString message =
        r.error().messageFor(QStringLiteral("products[8].schedule.intervals[0].dose"));
    QVERIFY2(message.contains(QLatin1String("ABDALA")), qPrintable(r.error().message()));
    QVERIFY2(message.contains(QLatin1String("in order")), qPrintable(message));

    // A two-dose series needs its interval.
    root = builtinJson();
    editProduct(root, 0, [](QJsonObject& p) {
        editSchedule(p, [](QJsonObject& s) { s.insert(QLatin1String("intervals"), QJsonArray()); });
    });
    const Result<VaccineCatalogue> missing = parse(root);
    QVERIFY(!missing.ok());
    QVERIFY(missing.error().hasField(QStringLiteral("products[0].schedule.intervals")));
}

void TestVaccineCatalogue::rejectsMultiDoseVialWithoutDiscardTime()
{
    QJsonObject root = builtinJson();
    editProduct(root, 3, [](QJsonObject& p) { p.insert(QLatin1String("open_vial_hours"), 0); });
    const Result<VaccineCatalogue> r = parse(root);
    QVERIFY(!r.ok());
    const QString message = r.error().messageFor(QStringLiteral("products[3].open_vial_hours"));
    QVERIFY2(message.contains(QLatin1String("SPIKEVAX")), qPrintable(r.error().message()));
    QVERIFY2(message.contains(QLatin1String("multi-dose")), qPrintable(message));
}

void TestVaccineCatalogue::reportsEveryFaultAtOnce()
{
    QJsonObject root = builtinJson();
    editProduct(root, 0, [](QJsonObject& p) { p.insert(QLatin1String("storage_max_c"), -30); });
    editProduct(root, 5, [](QJsonObject& p) { p.remove(QLatin1String("vp")); });
    const Result<VaccineCatalogue> r = parse(root);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().fields().size(), 2);
    QVERIFY(r.error().messageFor(QStringLiteral("products[0].storage_max_c"))
                .contains(QLatin1String("VAXZEVRIA")));
    QVERIFY(r.error().messageFor(QStringLiteral("products[5].vp"))
                .contains(QLatin1String("VEROCELL")));
}

QTEST_GUILESS_MAIN(TestVaccineCatalogue)
#include "tst_vaccinecatalogue.moc"

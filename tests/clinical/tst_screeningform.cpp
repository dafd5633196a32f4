#include "app/clinical/ScreeningForm.h"
#include "tests/support/Screenings.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>

using namespace vax;

Q_DECLARE_METATYPE(vax::ScreeningConclusion)

namespace {

const QLocale kVietnamese(QLocale::Vietnamese, QLocale::Vietnam);
const QLocale kEnglish(QLocale::English, QLocale::UnitedKingdom);

QJsonObject builtinJson()
{
    QFile file(QStringLiteral(":/vax/screening/3802-QD-BYT-2021.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// Every item answered "no", a normal temperature and pulse.
ScreeningAnswers allNo(const ScreeningForm& form)
{
    ScreeningAnswers a = test::allNoExcept(form);
    a.pulse = 78;
    a.systolic = 120;
    a.diastolic = 80;
    a.spo2 = 98;
    return a;
}

bool hasNonAscii(const QString& text)
{
    for (const QChar c : text) {
        if (c.unicode() > 0x7F)
            return true;
    }
    return false;
}

} // namespace

class TestScreeningForm : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void builtinHasTheTenItemsInVietnamese();
    void allNoWithNormalVitalsIsEligible();
    void eachAnswerLeadsToItsConclusion_data();
    void eachAnswerLeadsToItsConclusion();
    void mostSevereConclusionWins();
    void abnormalVitalsDefer_data();
    void abnormalVitalsDefer();
    void normalRangeEdgesAreNormal();
    void implausibleVitalsAreTypos_data();
    void implausibleVitalsAreTypos();
    void missingTemperatureIsAnError();
    void swappedBloodPressureIsAnError();
    void missingAnswerNamesTheItem();
    void answerNotAnOptionIsAnError();
    void allergyNeedsTheAllergen();
    void everyFaultIsReportedAtOnce();
    void textsFollowTheLocale();
    void answersRoundTripThroughJson();
    void healthDepartmentCanChangeTheMapping();
    void rejectsMalformedForms();

private:
    std::optional<ScreeningForm> m_form;
};

void TestScreeningForm::initTestCase()
{
    const Result<ScreeningForm> form = ScreeningForm::builtin();
    QVERIFY2(form.ok(), qPrintable(form.ok() ? QString() : form.error().message()));
    m_form = form.value();
}

void TestScreeningForm::builtinHasTheTenItemsInVietnamese()
{
    QCOMPARE(m_form->code(), QStringLiteral("3802/QĐ-BYT"));
    QCOMPARE(m_form->version(), 1);
    QCOMPARE(m_form->title(kVietnamese),
             QStringLiteral("Phiếu sàng lọc trước tiêm chủng vắc xin phòng COVID-19"));
    QCOMPARE(m_form->items().size(), 10);
    const QStringList keys{
        QStringLiteral("anaphylaxis_previous_dose"), QStringLiteral("covid_within_6_months"),
        QStringLiteral("acute_illness"), QStringLiteral("pregnancy"),
        QStringLiteral("severe_anaphylaxis_any_allergen"),
        QStringLiteral("severe_immunodeficiency"),
        QStringLiteral("allergy_any_allergen"), QStringLiteral("clotting_disorder"),
        QStringLiteral("disordered_consciousness"), QStringLiteral("abnormal_vital_signs")};
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const ScreeningForm::Item& item = m_form->items().at(i);
        QCOMPARE(item.key, keys.at(i));
        QVERIFY2(hasNonAscii(item.textVi), qPrintable(item.key));   // diacritics kept
        QVERIFY(!item.textEn.isEmpty());
        QCOMPARE(item.options.first().value, QStringLiteral("no"));
        QCOMPARE(item.options.first().textVi, QStringLiteral("Không"));
    }
    QCOMPARE(m_form->items().at(0).textVi,
             QStringLiteral("Tiền sử rõ ràng phản vệ với vắc xin phòng COVID-19 lần trước hoặc "
                            "các thành phần của vắc xin phòng COVID-19"));
    QCOMPARE(m_form->items().at(0).options.at(1).textVi, QStringLiteral("Có"));
    QCOMPARE(m_form->items().at(3).options.size(), 3);
    QVERIFY(m_form->items().at(4).detailWhenNotNo);
    QVERIFY(m_form->items().at(6).detailWhenNotNo);
    QVERIFY(!m_form->items().at(2).detailWhenNotNo);
    QCOMPARE(m_form->vitals().size(), 5);
    // The item-to-conclusion mapping is the project's choice, not the source's: marked so.
    QVERIFY(!m_form->items().at(0).options.at(1).confirmed);
    QVERIFY(m_form->items().at(0).options.at(0).confirmed);
}

void TestScreeningForm::allNoWithNormalVitalsIsEligible()
{
    const Result<ScreeningOutcome> outcome = m_form->evaluate(allNo(*m_form), kEnglish);
    QVERIFY2(outcome.ok(), qPrintable(outcome.ok() ? QString() : outcome.error().message()));
    QCOMPARE(outcome->conclusion, ScreeningConclusion::Eligible);
    QVERIFY(outcome->mayInject);
    QVERIFY(!outcome->needsConfirmation);
    QVERIFY(outcome->reasons.isEmpty());
}

void TestScreeningForm::eachAnswerLeadsToItsConclusion_data()
{
    QTest::addColumn<QString>("item");
    QTest::addColumn<QString>("value");
    QTest::addColumn<ScreeningConclusion>("conclusion");
    QTest::addColumn<bool>("mayInject");
    QTest::addColumn<bool>("needsConfirmation");

    const auto c = ScreeningConclusion::Contraindicated;
    const auto d = ScreeningConclusion::Defer;
    const auto k = ScreeningConclusion::Caution;
    QTest::newRow("1 anaphylaxis to a previous dose")
        << "anaphylaxis_previous_dose" << "yes" << c << false << false;
    QTest::newRow("2 COVID-19 within 6 months") << "covid_within_6_months" << "yes" << d << false
                                                << false;
    QTest::newRow("3 acute illness") << "acute_illness" << "yes" << d << false << false;
    QTest::newRow("4 pregnant under 13 weeks") << "pregnancy" << "under_13_weeks" << d << false
                                               << false;
    QTest::newRow("4 pregnant 13 weeks or more") << "pregnancy" << "13_weeks_or_more" << k << true
                                                 << true;
    QTest::newRow("5 severe anaphylaxis") << "severe_anaphylaxis_any_allergen" << "yes" << k
                                          << true << true;
    QTest::newRow("6 severe immunodeficiency") << "severe_immunodeficiency" << "yes" << k << true
                                               << true;
    QTest::newRow("7 allergy") << "allergy_any_allergen" << "yes" << k << true << true;
    QTest::newRow("8 clotting disorder") << "clotting_disorder" << "yes" << k << true << true;
    QTest::newRow("9 disordered consciousness") << "disordered_consciousness" << "yes" << k
                                                << true << true;
    QTest::newRow("10 abnormal vital signs") << "abnormal_vital_signs" << "yes" << d << false
                                             << false;
}

void TestScreeningForm::eachAnswerLeadsToItsConclusion()
{
    QFETCH(QString, item);
    QFETCH(QString, value);
    ScreeningAnswers a = allNo(*m_form);
    a.answers.insert(item, value);
    a.details.insert(item, QStringLiteral("penicillin"));   // required by items 5 and 7
    const Result<ScreeningOutcome> outcome = m_form->evaluate(a, kEnglish);
    QVERIFY2(outcome.ok(), qPrintable(outcome.ok() ? QString() : outcome.error().message()));
    QTEST(outcome->conclusion, "conclusion");
    QTEST(outcome->mayInject, "mayInject");
    QTEST(outcome->needsConfirmation, "needsConfirmation");
    QCOMPARE(outcome->reasons.size(), 1);
    QVERIFY2(outcome->reasons.first().startsWith(m_form->item(item)->textEn),
             qPrintable(outcome->reasons.first()));
}

void TestScreeningForm::mostSevereConclusionWins()
{
    ScreeningAnswers a = allNo(*m_form);
    a.answers.insert(QStringLiteral("clotting_disorder"), QStringLiteral("yes"));   // caution
    a.answers.insert(QStringLiteral("acute_illness"), QStringLiteral("yes"));       // defer
    a.answers.insert(QStringLiteral("covid_within_6_months"), QStringLiteral("yes"));   // defer
    Result<ScreeningOutcome> outcome = m_form->evaluate(a, kEnglish);
    QVERIFY(outcome.ok());
    QCOMPARE(outcome->conclusion, ScreeningConclusion::Defer);
    QVERIFY(!outcome->mayInject);
    // The reasons are the items that raised the conclusion, in the order of the form.
    QCOMPARE(outcome->reasons,
             (QStringList{m_form->item(QStringLiteral("covid_within_6_months"))->textEn,
                          m_form->item(QStringLiteral("acute_illness"))->textEn}));

    a.answers.insert(QStringLiteral("anaphylaxis_previous_dose"), QStringLiteral("yes"));
    outcome = m_form->evaluate(a, kEnglish);
    QVERIFY(outcome.ok());
    QCOMPARE(outcome->conclusion, ScreeningConclusion::Contraindicated);
    QCOMPARE(outcome->reasons,
             QStringList{m_form->item(QStringLiteral("anaphylaxis_previous_dose"))->textEn});
}

void TestScreeningForm::abnormalVitalsDefer_data()
{
    QTest::addColumn<QString>("vital");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("shown");

    QTest::newRow("fever") << "temperature_c" << 38.5 << "Temperature 38.5 °C";
    QTest::newRow("hypothermia") << "temperature_c" << 35.0 << "Temperature 35 °C";
    QTest::newRow("fast pulse") << "pulse" << 130.0 << "Pulse 130 /min";
    QTest::newRow("high systolic") << "systolic" << 165.0 << "Systolic blood pressure 165 mmHg";
    QTest::newRow("high diastolic") << "diastolic" << 100.0 << "Diastolic blood pressure 100 mmHg";
    QTest::newRow("low SpO2") << "spo2" << 90.0 << "SpO2 90 %";
}

void TestScreeningForm::abnormalVitalsDefer()
{
    QFETCH(QString, vital);
    QFETCH(double, value);
    QFETCH(QString, shown);
    ScreeningAnswers a = allNo(*m_form);   // item 10 ticked "no"
    if (vital == QLatin1String("temperature_c"))
        a.temperatureC = value;
    else if (vital == QLatin1String("pulse"))
        a.pulse = int(value);
    else if (vital == QLatin1String("systolic"))
        a.systolic = int(value);
    else if (vital == QLatin1String("diastolic"))
        a.diastolic = int(value);
    else
        a.spo2 = int(value);
    const Result<ScreeningOutcome> outcome = m_form->evaluate(a, kEnglish);
    QVERIFY2(outcome.ok(), qPrintable(outcome.ok() ? QString() : outcome.error().message()));
    QCOMPARE(outcome->conclusion, ScreeningConclusion::Defer);
    QVERIFY(!outcome->mayInject);
    QCOMPARE(outcome->reasons.size(), 1);
    const QString reason = outcome->reasons.first();
    QVERIFY2(reason.startsWith(m_form->item(QStringLiteral("abnormal_vital_signs"))->textEn),
             qPrintable(reason));
    QVERIFY2(reason.contains(shown), qPrintable(reason));
}

void TestScreeningForm::normalRangeEdgesAreNormal()
{
    ScreeningAnswers a = allNo(*m_form);
    a.temperatureC = 37.5;
    a.pulse = 100;
    a.systolic = 140;
    a.diastolic = 90;
    a.spo2 = 94;
    Result<ScreeningOutcome> outcome = m_form->evaluate(a, kEnglish);
    QVERIFY(outcome.ok());
    QCOMPARE(outcome->conclusion, ScreeningConclusion::Eligible);

    a.temperatureC = 37.6;
    outcome = m_form->evaluate(a, kEnglish);
    QVERIFY(outcome.ok());
    QCOMPARE(outcome->conclusion, ScreeningConclusion::Defer);
}

void TestScreeningForm::implausibleVitalsAreTypos_data()
{
    QTest::addColumn<double>("temperature");
    QTest::newRow("decimal point lost") << 370.0;
    QTest::newRow("decimal point moved") << 3.7;
    QTest::newRow("Fahrenheit") << 98.6;
}

void TestScreeningForm::implausibleVitalsAreTypos()
{
    QFETCH(double, temperature);
    ScreeningAnswers a = allNo(*m_form);
    a.temperatureC = temperature;
    const Result<ScreeningOutcome> outcome = m_form->evaluate(a, kEnglish);
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.error().code(), ErrorCode::Invalid);
    QCOMPARE(outcome.error().fields().size(), 1);
    const QString message = outcome.error().messageFor(QStringLiteral("temperature_c"));
    QVERIFY2(message.startsWith(QLatin1String("Temperature of ")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("cannot be right")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("decimal point")), qPrintable(message));
}

void TestScreeningForm::missingTemperatureIsAnError()
{
    ScreeningAnswers a = allNo(*m_form);
    a.temperatureC.reset();
    Result<ScreeningOutcome> outcome = m_form->evaluate(a, kEnglish);
    QVERIFY(!outcome.ok());
    QVERIFY(outcome.error().messageFor(QStringLiteral("temperature_c"))
                .contains(QLatin1String("measure it")));

    // Blood pressure and SpO2 may be left out (not every site measures them).
    a = allNo(*m_form);
    a.systolic.reset();
    a.diastolic.reset();
    a.spo2.reset();
    a.pulse.reset();
    outcome = m_form->evaluate(a, kEnglish);
    QVERIFY(outcome.ok());
    QCOMPARE(outcome->conclusion, ScreeningConclusion::Eligible);
}

void TestScreeningForm::swappedBloodPressureIsAnError()
{
    ScreeningAnswers a = allNo(*m_form);
    a.systolic = 80;
    a.diastolic = 120;
    const Result<ScreeningOutcome> outcome = m_form->evaluate(a, kEnglish);
    QVERIFY(!outcome.ok());
    QVERIFY(outcome.error().messageFor(QStringLiteral("systolic"))
                .contains(QLatin1String("swapped")));
}

void TestScreeningForm::missingAnswerNamesTheItem()
{
    ScreeningAnswers a = allNo(*m_form);
    a.answers.remove(QStringLiteral("acute_illness"));
    const Result<ScreeningOutcome> outcome = m_form->evaluate(a, kEnglish);
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.error().fields().size(), 1);
    const QString message = outcome.error().messageFor(QStringLiteral("acute_illness"));
    QVERIFY2(message.startsWith(QLatin1String("Item 3 (Acute illness now) has no answer")),
             qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("\"No\" or \"Yes\"")), qPrintable(message));
}

void TestScreeningForm::answerNotAnOptionIsAnError()
{
    ScreeningAnswers a = allNo(*m_form);
    a.answers.insert(QStringLiteral("pregnancy"), QStringLiteral("yes"));   // weeks not given
    const Result<ScreeningOutcome> outcome = m_form->evaluate(a, kEnglish);
    QVERIFY(!outcome.ok());
    const QString message = outcome.error().messageFor(QStringLiteral("pregnancy"));
    QVERIFY2(message.contains(QLatin1String("Item 4")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("Pregnant, under 13 weeks")), qPrintable(message));
}

void TestScreeningForm::allergyNeedsTheAllergen()
{
    ScreeningAnswers a = allNo(*m_form);
    a.answers.insert(QStringLiteral("allergy_any_allergen"), QStringLiteral("yes"));
    a.details.insert(QStringLiteral("allergy_any_allergen"), QStringLiteral("   "));
    Result<ScreeningOutcome> outcome = m_form->evaluate(a, kEnglish);
    QVERIFY(!outcome.ok());
    const QString message = outcome.error().messageFor(QStringLiteral("allergy_any_allergen"));
    QVERIFY2(message.contains(QLatin1String("Item 7")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("Which allergen")), qPrintable(message));

    a.details.insert(QStringLiteral("allergy_any_allergen"), QStringLiteral("penicillin"));
    outcome = m_form->evaluate(a, kEnglish);
    QVERIFY(outcome.ok());
    QCOMPARE(outcome->conclusion, ScreeningConclusion::Caution);
    QVERIFY(outcome->mayInject);
    QVERIFY(outcome->needsConfirmation);
    QCOMPARE(outcome->reasons,
             QStringList{QStringLiteral("History of allergy to any allergen: penicillin")});

    // "No" needs no detail.
    a = allNo(*m_form);
    QVERIFY(m_form->evaluate(a, kEnglish).ok());
}

void TestScreeningForm::everyFaultIsReportedAtOnce()
{
    ScreeningAnswers a = allNo(*m_form);
    a.answers.remove(QStringLiteral("anaphylaxis_previous_dose"));
    a.answers.insert(QStringLiteral("severe_anaphylaxis_any_allergen"), QStringLiteral("yes"));
    a.temperatureC = 370;
    const Result<ScreeningOutcome> outcome = m_form->evaluate(a, kEnglish);
    QVERIFY(!outcome.ok());
    QStringList fields;
    for (const FieldError& f : outcome.error().fields())
        fields << f.field;
    QCOMPARE(fields, (QStringList{QStringLiteral("anaphylaxis_previous_dose"),
                                  QStringLiteral("severe_anaphylaxis_any_allergen"),
                                  QStringLiteral("temperature_c")}));
}

void TestScreeningForm::textsFollowTheLocale()
{
    const ScreeningForm::Item* acute = m_form->item(QStringLiteral("acute_illness"));
    QVERIFY(acute);
    QCOMPARE(acute->text(kVietnamese), QStringLiteral("Đang mắc bệnh cấp tính"));
    QCOMPARE(acute->text(kEnglish), QStringLiteral("Acute illness now"));
    QCOMPARE(acute->options.at(1).text(kVietnamese), QStringLiteral("Có"));
    QCOMPARE(acute->options.at(1).text(kEnglish), QStringLiteral("Yes"));
    QCOMPARE(m_form->vitals().first().label(kVietnamese), QStringLiteral("Nhiệt độ"));
    QCOMPARE(m_form->conclusionText(ScreeningConclusion::Defer, kVietnamese),
             QStringLiteral("Trì hoãn tiêm chủng"));
    QCOMPARE(m_form->conclusionText(ScreeningConclusion::Defer, kEnglish),
             QStringLiteral("Defer vaccination"));
    QCOMPARE(m_form->conclusionText(ScreeningConclusion::Eligible, kVietnamese),
             QStringLiteral("Đủ điều kiện tiêm chủng ngay"));

    // The reasons come in the UI language, numbers written the local way.
    ScreeningAnswers a = allNo(*m_form);
    a.temperatureC = 38.5;
    const Result<ScreeningOutcome> outcome = m_form->evaluate(a, kVietnamese);
    QVERIFY(outcome.ok());
    QCOMPARE(outcome->reasons.size(), 1);
    QVERIFY2(outcome->reasons.first().startsWith(QStringLiteral("Bất thường dấu hiệu sống")),
             qPrintable(outcome->reasons.first()));
    QVERIFY2(outcome->reasons.first().contains(QStringLiteral("Nhiệt độ 38,5 °C")),
             qPrintable(outcome->reasons.first()));
}

void TestScreeningForm::answersRoundTripThroughJson()
{
    ScreeningAnswers a = allNo(*m_form);
    a.answers.insert(QStringLiteral("allergy_any_allergen"), QStringLiteral("yes"));
    a.details.insert(QStringLiteral("allergy_any_allergen"), QStringLiteral("hải sản"));
    a.temperatureC = 37.2;
    a.spo2.reset();
    const QJsonObject json = a.toJson();
    QVERIFY(!json.contains(QLatin1String("spo2")));   // not entered: left out, not 0
    QCOMPARE(json.value(QLatin1String("temperature_c")).toDouble(), 37.2);
    QCOMPARE(ScreeningAnswers::fromJson(json), a);
    QCOMPARE(ScreeningAnswers::fromJson(json).toJson(), json);
    QCOMPARE(ScreeningAnswers::fromJson({}), ScreeningAnswers());

    QCOMPARE(conclusionKey(ScreeningConclusion::Caution), QStringLiteral("caution"));
    QCOMPARE(conclusionFromKey(QStringLiteral("contraindicated")),
             std::optional(ScreeningConclusion::Contraindicated));
    QVERIFY(!conclusionFromKey(QStringLiteral("maybe")));
}

void TestScreeningForm::healthDepartmentCanChangeTheMapping()
{
    // A department decides that allergy (item 7) defers instead of calling for caution.
    QJsonObject root = builtinJson();
    QJsonArray items = root.value(QLatin1String("items")).toArray();
    QJsonObject allergy = items.at(6).toObject();
    QJsonArray options = allergy.value(QLatin1String("options")).toArray();
    QJsonObject yes = options.at(1).toObject();
    yes.insert(QLatin1String("conclusion"), QStringLiteral("defer"));
    yes.insert(QLatin1String("confirmed"), true);
    options.replace(1, yes);
    allergy.insert(QLatin1String("options"), options);
    items.replace(6, allergy);
    root.insert(QLatin1String("items"), items);
    const Result<ScreeningForm> form = ScreeningForm::parse(QJsonDocument(root).toJson());
    QVERIFY2(form.ok(), qPrintable(form.ok() ? QString() : form.error().message()));

    ScreeningAnswers a = allNo(*form);
    a.answers.insert(QStringLiteral("allergy_any_allergen"), QStringLiteral("yes"));
    a.details.insert(QStringLiteral("allergy_any_allergen"), QStringLiteral("penicillin"));
    const Result<ScreeningOutcome> outcome = form->evaluate(a, kEnglish);
    QVERIFY(outcome.ok());
    QCOMPARE(outcome->conclusion, ScreeningConclusion::Defer);
    QVERIFY(!outcome->mayInject);
    QVERIFY(form->items().at(6).options.at(1).confirmed);
}

void TestScreeningForm::rejectsMalformedForms()
{
    const auto parseWith = [](const std::function<void(QJsonObject&)>& edit) {
        QJsonObject root = builtinJson();
        edit(root);
        return ScreeningForm::parse(QJsonDocument(root).toJson());
    };
    const auto editItem = [](QJsonObject& root, int index,
                             const std::function<void(QJsonObject&)>& edit) {
        QJsonArray items = root.value(QLatin1String("items")).toArray();
        QJsonObject item = items.at(index).toObject();
        edit(item);
        items.replace(index, item);
        root.insert(QLatin1String("items"), items);
    };

    QVERIFY(ScreeningForm::parse("{\"items\": [").error().hasField(QStringLiteral("json")));

    // An option leading to a conclusion that does not exist.
    Result<ScreeningForm> r = parseWith([&](QJsonObject& root) {
        editItem(root, 2, [](QJsonObject& item) {
            QJsonArray options = item.value(QLatin1String("options")).toArray();
            QJsonObject yes = options.at(1).toObject();
            yes.insert(QLatin1String("conclusion"), QStringLiteral("postpone"));
            options.replace(1, yes);
            item.insert(QLatin1String("options"), options);
        });
    });
    QVERIFY(!r.ok());
    QString message = r.error().messageFor(QStringLiteral("items[2].options[1].conclusion"));
    QVERIFY2(message.contains(QLatin1String("Item 3 (acute_illness)")),
             qPrintable(r.error().message()));
    QVERIFY2(message.contains(QLatin1String("postpone")), qPrintable(message));

    // Two items with one key.
    r = parseWith([&](QJsonObject& root) {
        editItem(root, 7, [](QJsonObject& item) {
            item.insert(QLatin1String("key"), QStringLiteral("allergy_any_allergen"));
        });
    });
    QVERIFY(!r.ok());
    QVERIFY(r.error().hasField(QStringLiteral("items[7].key")));

    // A text without its Vietnamese.
    r = parseWith([&](QJsonObject& root) {
        editItem(root, 0, [](QJsonObject& item) {
            item.insert(QLatin1String("text"),
                        QJsonObject{{QLatin1String("en"), QStringLiteral("x")}});
        });
    });
    QVERIFY(!r.ok());
    QVERIFY(r.error().hasField(QStringLiteral("items[0].text")));

    // Vital ranges that do not nest, and a vital the answers cannot hold.
    r = parseWith([](QJsonObject& root) {
        QJsonArray vitals = root.value(QLatin1String("vitals")).toArray();
        QJsonObject temperature = vitals.at(0).toObject();
        temperature.insert(QLatin1String("normal_max"), 50);
        vitals.replace(0, temperature);
        QJsonObject pulse = vitals.at(1).toObject();
        pulse.insert(QLatin1String("key"), QStringLiteral("respiratory_rate"));
        vitals.replace(1, pulse);
        root.insert(QLatin1String("vitals"), vitals);
    });
    QVERIFY(!r.ok());
    QVERIFY(r.error().hasField(QStringLiteral("vitals[0].normal_min")));
    QVERIFY(r.error().hasField(QStringLiteral("vitals[1].key")));

    // Conclusions out of order, or a severe one that lets the injection through.
    r = parseWith([](QJsonObject& root) {
        QJsonArray conclusions = root.value(QLatin1String("conclusions")).toArray();
        QJsonObject contraindicated = conclusions.at(3).toObject();
        contraindicated.insert(QLatin1String("may_inject"), true);
        conclusions.replace(3, contraindicated);
        root.insert(QLatin1String("conclusions"), conclusions);
    });
    QVERIFY(!r.ok());
    QVERIFY(r.error().hasField(QStringLiteral("conclusions[3].may_inject")));

    // The abnormal-vitals rule pointing at an item that is not there.
    r = parseWith([](QJsonObject& root) {
        root.insert(QLatin1String("abnormal_vitals"),
                    QJsonObject{{QLatin1String("item"), QStringLiteral("vitals")},
                                {QLatin1String("option"), QStringLiteral("yes")}});
    });
    QVERIFY(!r.ok());
    QVERIFY(r.error().hasField(QStringLiteral("abnormal_vitals.item")));
}

QTEST_GUILESS_MAIN(TestScreeningForm)
#include "tst_screeningform.moc"

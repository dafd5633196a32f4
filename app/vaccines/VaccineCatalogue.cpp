#include "VaccineCatalogue.h"

#include "app/common/JsonFields.h"
#include "app/common/Uuid.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

namespace vax {

namespace {

const QLatin1String kBuiltinPath(":/vax/vaccines/catalogue.json");

// Record fields a product may list as unconfirmed (sub-fields of the schedule included).
const QStringList& unconfirmableFields()
{
    static const QStringList fields{
        QStringLiteral("name"), QStringLiteral("manufacturer"), QStringLiteral("mp"),
        QStringLiteral("ma"), QStringLiteral("vp"), QStringLiteral("vaccine_type"),
        QStringLiteral("doses_per_vial"), QStringLiteral("dose_volume_ml"),
        QStringLiteral("open_vial_hours"), QStringLiteral("storage_min_c"),
        QStringLiteral("storage_max_c"), QStringLiteral("primary_doses"),
        QStringLiteral("schedule.presentations"),
        QStringLiteral("schedule.presentations.volume_ml"),
        QStringLiteral("schedule.intervals"), QStringLiteral("schedule.components"),
    };
    return fields;
}

bool isCode(const QString& code)
{
    if (code.isEmpty())
        return false;
    for (const QChar c : code) {
        const bool ok = (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_')
            || c == QLatin1Char('-');
        if (!ok)
            return false;
    }
    return true;
}

int gtinCheckDigit(const QString& first13)
{
    int sum = 0;
    for (int i = 0; i < first13.size(); ++i) {
        const int digit = first13.at(first13.size() - 1 - i).digitValue();
        sum += digit * (i % 2 == 0 ? 3 : 1);
    }
    return (10 - sum % 10) % 10;
}

// What the other checks of a product need to know about its presentations.
struct PresentationFacts {
    int defaultDoses = 0;       // of the first presentation; 0 when it is at fault
    bool multiDose = false;     // whether any presentation holds more than one dose
};

PresentationFacts checkPresentations(const JsonFields& schedule)
{
    PresentationFacts facts;
    const std::optional<QJsonArray> list = schedule.array("presentations");
    if (!list)
        return facts;
    if (list->isEmpty()) {
        schedule.fail(QStringLiteral("presentations"),
                      VaccineCatalogue::tr("\"%1\" is empty; list at least the default vial.")
                          .arg(schedule.field(QStringLiteral("presentations"))));
    }
    for (qsizetype i = 0; i < list->size(); ++i) {
        const QString name = JsonFields::indexed("presentations", i);
        const std::optional<QJsonObject> o = schedule.element(list->at(i), name);
        if (!o)
            continue;
        const JsonFields p = schedule.child(*o, name + QLatin1Char('.'));
        p.onlyKeys({"doses_per_vial", "volume_ml", "label"});
        const std::optional<int> doses = p.whole("doses_per_vial", 1);
        if (const std::optional<double> volume = p.number("volume_ml"); volume && *volume <= 0) {
            p.fail(QStringLiteral("volume_ml"),
                   VaccineCatalogue::tr("\"%1\" must be more than 0 mL.")
                       .arg(p.field(QStringLiteral("volume_ml"))));
        }
        (void)p.text("label");
        if (doses) {
            if (i == 0)
                facts.defaultDoses = *doses;
            facts.multiDose = facts.multiDose || *doses > 1;
        }
    }
    return facts;
}

void checkIntervals(const JsonFields& schedule, std::optional<int> primaryDoses)
{
    const std::optional<QJsonArray> list = schedule.array("intervals", JsonFields::Optional);
    if (!list)
        return;
    for (qsizetype i = 0; i < list->size(); ++i) {
        const QString name = JsonFields::indexed("intervals", i);
        const std::optional<QJsonObject> o = schedule.element(list->at(i), name);
        if (!o)
            continue;
        const JsonFields interval = schedule.child(*o, name + QLatin1Char('.'));
        interval.onlyKeys({"dose", "min_days", "max_days"});
        const std::optional<int> dose = interval.whole("dose", 2);
        const std::optional<int> minDays = interval.whole("min_days", 0);
        const std::optional<int> maxDays = interval.whole("max_days", 0, 0);
        const int expected = static_cast<int>(i) + 2;
        if (dose && *dose != expected) {
            interval.fail(QStringLiteral("dose"),
                          VaccineCatalogue::tr("\"%1\" is dose %2 where dose %3 was expected: "
                                               "list the intervals in order, one for each dose "
                                               "from 2 on.")
                              .arg(interval.field(QStringLiteral("dose")))
                              .arg(*dose)
                              .arg(expected));
        }
        if (minDays && maxDays && *maxDays != 0 && *maxDays < *minDays) {
            interval.fail(QStringLiteral("max_days"),
                          VaccineCatalogue::tr("\"%1\" (%2) is less than min_days (%3): give a "
                                               "maximum of at least %3 days, or 0 for none.")
                              .arg(interval.field(QStringLiteral("max_days")))
                              .arg(*maxDays)
                              .arg(*minDays));
        }
    }
    if (primaryDoses && list->size() != *primaryDoses - 1) {
        schedule.fail(QStringLiteral("intervals"),
                      VaccineCatalogue::tr("\"%1\" lists %2 intervals but the primary series has "
                                           "%3 doses: give one interval for each dose after the "
                                           "first.")
                          .arg(schedule.field(QStringLiteral("intervals")))
                          .arg(list->size())
                          .arg(*primaryDoses));
    }
}

void checkGtins(const JsonFields& product)
{
    const std::optional<QJsonArray> list = product.array("gtins", JsonFields::Optional);
    if (!list)
        return;
    for (qsizetype i = 0; i < list->size(); ++i) {
        const QString name = JsonFields::indexed("gtins", i);
        const QString gtin = list->at(i).toString();
        const bool digits = gtin.size() == 14
            && std::all_of(gtin.begin(), gtin.end(), [](QChar c) {
                   return c >= QLatin1Char('0') && c <= QLatin1Char('9');
               });
        if (!list->at(i).isString() || !digits) {
            product.fail(name, VaccineCatalogue::tr("\"%1\" (\"%2\") is not a GTIN-14: give "
                                                    "exactly 14 digits, as text.")
                                   .arg(product.field(name), gtin));
        } else if (!VaccineCatalogue::isValidGtin14(gtin)) {
            product.fail(name, VaccineCatalogue::tr("\"%1\" (%2) has a wrong check digit: the "
                                                    "last digit should be %3. Check the number "
                                                    "on the pack.")
                                   .arg(product.field(name), gtin)
                                   .arg(gtinCheckDigit(gtin.left(13))));
        }
    }
}

void checkUnconfirmed(const JsonFields& product)
{
    const std::optional<QJsonArray> list = product.array("unconfirmed", JsonFields::Optional);
    if (!list)
        return;
    for (qsizetype i = 0; i < list->size(); ++i) {
        const QString name = JsonFields::indexed("unconfirmed", i);
        if (!unconfirmableFields().contains(list->at(i).toString())) {
            product.fail(name, VaccineCatalogue::tr("\"%1\" (\"%2\") is not a field that can be "
                                                    "marked unconfirmed; use one of: %3.")
                                   .arg(product.field(name), list->at(i).toString(),
                                        unconfirmableFields().join(QStringLiteral(", "))));
        }
    }
}

std::optional<VaccineProduct> checkProduct(const QJsonValue& value, qsizetype index,
                                           QList<FieldError>& faults)
{
    const qsizetype before = faults.size();
    const QString root = JsonFields::indexed("products", index) + QLatin1Char('.');
    const QJsonObject object = value.toObject();
    const QString code = object.value(QLatin1String("code")).toString();
    const QString where = isCode(code)
        ? VaccineCatalogue::tr("Product %1 (%2)").arg(index + 1).arg(code)
        : VaccineCatalogue::tr("Product %1").arg(index + 1);
    const JsonFields product(object, where, root, faults);
    if (!value.isObject()) {
        faults.append({JsonFields::indexed("products", index),
                       VaccineCatalogue::tr("%1 must be an object ({…}).").arg(where)});
        return std::nullopt;
    }
    product.onlyKeys({"code", "name", "manufacturer", "mp", "ma", "vp", "vaccine_type",
                      "doses_per_vial", "dose_volume_ml", "open_vial_hours", "storage_min_c",
                      "storage_max_c", "primary_doses", "schedule", "gtins", "active",
                      "unconfirmed", "notes"});

    if (const std::optional<QString> c = product.text("code"); c && !isCode(*c)) {
        product.fail(QStringLiteral("code"),
                     VaccineCatalogue::tr("the code \"%1\" may hold only capital letters A-Z, "
                                          "digits, \"-\" and \"_\".")
                         .arg(*c));
    }
    for (const char* key : {"name", "manufacturer", "mp", "ma", "vp", "vaccine_type"})
        (void)product.text(key);

    if (const std::optional<double> v = product.number("dose_volume_ml"); v && *v <= 0) {
        product.fail(QStringLiteral("dose_volume_ml"),
                     VaccineCatalogue::tr("\"dose_volume_ml\" must be more than 0 mL."));
    }
    const std::optional<int> openHours = product.whole("open_vial_hours", 0);
    const std::optional<double> minC = product.number("storage_min_c");
    const std::optional<double> maxC = product.number("storage_max_c");
    if (minC && maxC && *minC > *maxC) {
        product.fail(QStringLiteral("storage_max_c"),
                     VaccineCatalogue::tr("\"storage_max_c\" (%1 °C) is colder than "
                                          "\"storage_min_c\" (%2 °C): swap them.")
                         .arg(*maxC)
                         .arg(*minC));
    }
    const std::optional<int> primaryDoses = product.whole("primary_doses", 1);

    PresentationFacts facts;
    const QJsonValue scheduleValue = object.value(QLatin1String("schedule"));
    if (!scheduleValue.isObject()) {
        product.fail(QStringLiteral("schedule"),
                     VaccineCatalogue::tr("\"schedule\" is missing: give an object with "
                                          "\"presentations\" and \"intervals\"."));
    } else {
        const QJsonObject scheduleObject = scheduleValue.toObject();
        const JsonFields schedule = product.child(scheduleObject, QStringLiteral("schedule."));
        schedule.onlyKeys({"presentations", "intervals", "components"});
        facts = checkPresentations(schedule);
        checkIntervals(schedule, primaryDoses);
        (void)schedule.text("components", JsonFields::Optional);
    }
    if (product.has("doses_per_vial")) {
        const std::optional<int> doses = product.whole("doses_per_vial", 1);
        if (doses && facts.defaultDoses > 0 && *doses != facts.defaultDoses) {
            product.fail(QStringLiteral("doses_per_vial"),
                         VaccineCatalogue::tr("\"doses_per_vial\" (%1) differs from the default "
                                              "(first) presentation's %2: make them agree, or "
                                              "leave \"doses_per_vial\" out.")
                             .arg(*doses)
                             .arg(facts.defaultDoses));
        }
    }
    if (openHours && *openHours == 0 && facts.multiDose) {
        product.fail(QStringLiteral("open_vial_hours"),
                     VaccineCatalogue::tr("\"open_vial_hours\" is 0 but the product comes in "
                                          "multi-dose vials: give the hours an opened vial may "
                                          "be used (WHO multi-dose vial policy: 6)."));
    }
    checkGtins(product);
    (void)product.boolean("active", true);
    checkUnconfirmed(product);
    (void)product.text("notes", JsonFields::Optional);

    if (faults.size() != before)
        return std::nullopt;
    VaccineProduct p = VaccineProduct::fromRecord(object);
    p.stamp.id = Uuid::fromName(QStringLiteral("vaccine_product:") + p.code);
    return p;
}

std::optional<BoosterRule> checkBooster(const QJsonValue& value, qsizetype index,
                                        QList<FieldError>& faults)
{
    const QString name = JsonFields::indexed("boosters", index);
    const QString where = VaccineCatalogue::tr("Booster rule %1").arg(index + 1);
    if (!value.isObject()) {
        faults.append({name, VaccineCatalogue::tr("%1 must be an object ({…}).").arg(where)});
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    const JsonFields rule(object, where, name + QLatin1Char('.'), faults);
    rule.onlyKeys({"booster", "min_months", "min_days", "notes"});
    const std::optional<int> booster = rule.whole("booster", 1);
    const std::optional<int> months = rule.whole("min_months", 0, 0);
    const std::optional<int> days = rule.whole("min_days", 0, 0);
    (void)rule.text("notes", JsonFields::Optional);
    if (booster && *booster != index + 1) {
        rule.fail(QStringLiteral("booster"),
                  VaccineCatalogue::tr("\"booster\" is %1 where %2 was expected: list the "
                                       "boosters in order, 1 first.")
                      .arg(*booster)
                      .arg(index + 1));
        return std::nullopt;
    }
    if (!booster || !months || !days)
        return std::nullopt;
    if (*months == 0 && *days == 0) {
        rule.fail(QStringLiteral("min_months"),
                  VaccineCatalogue::tr("give the least wait before the booster in "
                                       "\"min_months\" and/or \"min_days\"."));
        return std::nullopt;
    }
    return BoosterRule{*booster, *months, *days};
}

} // namespace

QDate BoosterRule::earliest(const QDate& previousDose) const
{
    if (!previousDose.isValid())
        return {};
    return previousDose.addMonths(minMonths).addDays(minDays);
}

bool VaccineCatalogue::isValidGtin14(const QString& gtin)
{
    if (gtin.size() != 14)
        return false;
    for (const QChar c : gtin) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return gtin.at(13).digitValue() == gtinCheckDigit(gtin.left(13));
}

Result<VaccineCatalogue> VaccineCatalogue::parse(const QByteArray& json)
{
    const QString what = tr("The vaccine catalogue");
    const Result<QJsonObject> parsed =
        JsonFields::parseObject(json, what, QStringLiteral("\"format\", \"version\" and \"products\""));
    if (!parsed.ok())
        return parsed.error();

    QList<FieldError> faults;
    const QJsonObject& root = *parsed;
    const JsonFields top(root, what, QString(), faults);
    top.onlyKeys({"format", "version", "source", "boosters", "products"});
    top.requireFormat(1);

    VaccineCatalogue catalogue;
    const QJsonValue version = root.value(QLatin1String("version"));
    if (version.isDouble() && version.toDouble() == std::trunc(version.toDouble()))
        catalogue.m_version = QString::number(version.toInteger());
    else if (const std::optional<QString> v = top.text("version"))
        catalogue.m_version = *v;
    catalogue.m_source = top.text("source", JsonFields::Optional).value_or(QString());

    if (const std::optional<QJsonArray> boosters = top.array("boosters", JsonFields::Optional)) {
        for (qsizetype i = 0; i < boosters->size(); ++i) {
            if (const std::optional<BoosterRule> rule = checkBooster(boosters->at(i), i, faults))
                catalogue.m_boosters.append(*rule);
        }
    }

    const std::optional<QJsonArray> products = top.array("products");
    if (products && products->isEmpty())
        top.fail(QStringLiteral("products"), tr("\"products\" is empty: list the products."));
    QHash<QString, qsizetype> codeOwner;
    QHash<QString, QString> gtinOwner;
    for (qsizetype i = 0; products && i < products->size(); ++i) {
        std::optional<VaccineProduct> product = checkProduct(products->at(i), i, faults);
        if (!product)
            continue;
        const QString where = tr("Product %1 (%2)").arg(i + 1).arg(product->code);
        if (codeOwner.contains(product->code)) {
            faults.append({JsonFields::indexed("products", i) + QStringLiteral(".code"),
                           tr("%1: the code is already used by product %2; give each product "
                              "its own code.")
                               .arg(where)
                               .arg(codeOwner.value(product->code) + 1)});
            continue;
        }
        codeOwner.insert(product->code, i);
        for (qsizetype g = 0; g < product->gtins.size(); ++g) {
            const QString& gtin = product->gtins.at(g);
            if (gtinOwner.contains(gtin)) {
                faults.append({JsonFields::indexed("products", i) + QLatin1Char('.') + JsonFields::indexed("gtins", g),
                               tr("%1: GTIN %2 is already listed for %3; a pack's GTIN belongs "
                                  "to one product only.")
                                   .arg(where, gtin, gtinOwner.value(gtin))});
            }
            gtinOwner.insert(gtin, product->code);
        }
        catalogue.m_products.append(std::move(*product));
    }

    if (!faults.isEmpty())
        return Error::invalid(std::move(faults));
    return catalogue;
}

Result<VaccineCatalogue> VaccineCatalogue::builtin()
{
    QFile file(kBuiltinPath);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error(ErrorCode::Io, tr("The built-in vaccine catalogue (%1) is missing from "
                                       "this build: rebuild VaxStation with its resources.")
                                        .arg(kBuiltinPath));
    }
    return parse(file.readAll());
}

const VaccineProduct* VaccineCatalogue::byCode(const QString& code) const
{
    const QString wanted = code.trimmed();
    for (const VaccineProduct& p : m_products) {
        if (p.code.compare(wanted, Qt::CaseInsensitive) == 0)
            return &p;
    }
    return nullptr;
}

const VaccineProduct* VaccineCatalogue::byGtin(const QString& gtin14) const
{
    const QString wanted = gtin14.trimmed();
    if (wanted.isEmpty())
        return nullptr;
    for (const VaccineProduct& p : m_products) {
        if (p.gtins.contains(wanted))
            return &p;
    }
    return nullptr;
}

const BoosterRule* VaccineCatalogue::boosterRule(int booster) const
{
    for (const BoosterRule& rule : m_boosters) {
        if (rule.booster == booster)
            return &rule;
    }
    return nullptr;
}

} // namespace vax

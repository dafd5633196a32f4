#include "ScreeningForm.h"

#include "app/common/JsonFields.h"

#include <QFile>
#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

namespace vax {

namespace {

const QLatin1String kBuiltinPath(":/vax/screening/3802-QD-BYT-2021.json");
const QLatin1String kNo("no");

constexpr std::array<std::pair<ScreeningConclusion, const char*>, 4> kConclusionKeys{{
    {ScreeningConclusion::Eligible, "eligible"},
    {ScreeningConclusion::Caution, "caution"},
    {ScreeningConclusion::Defer, "defer"},
    {ScreeningConclusion::Contraindicated, "contraindicated"},
}};

bool isVietnamese(const QLocale& locale)
{
    return locale.language() == QLocale::Vietnamese;
}

const QString& pick(const QLocale& locale, const QString& vi, const QString& en)
{
    return isVietnamese(locale) ? vi : en;
}

// The vitals ScreeningAnswers can hold, by key.
const QStringList& knownVitals()
{
    static const QStringList keys{QStringLiteral("temperature_c"), QStringLiteral("pulse"),
                                  QStringLiteral("systolic"), QStringLiteral("diastolic"),
                                  QStringLiteral("spo2")};
    return keys;
}

std::optional<double> vitalValue(const ScreeningAnswers& a, const QString& key)
{
    const auto asDouble = [](std::optional<int> v) -> std::optional<double> {
        return v ? std::optional<double>(*v) : std::nullopt;
    };
    if (key == QLatin1String("temperature_c"))
        return a.temperatureC;
    if (key == QLatin1String("pulse"))
        return asDouble(a.pulse);
    if (key == QLatin1String("systolic"))
        return asDouble(a.systolic);
    if (key == QLatin1String("diastolic"))
        return asDouble(a.diastolic);
    if (key == QLatin1String("spo2"))
        return asDouble(a.spo2);
    return std::nullopt;
}

QString number(const QLocale& locale, double value)
{
    return locale.toString(value, 'f', QLocale::FloatingPointShortest);
}

std::optional<ScreeningForm::Option> checkOption(const QJsonValue& value, const QString& where,
                                                 const QString& path, QList<FieldError>& faults)
{
    const QJsonObject object = value.toObject();
    const JsonFields check(object, where, path + QLatin1Char('.'), faults);
    const qsizetype before = faults.size();
    check.onlyKeys({"value", "text", "conclusion", "confirmed"});
    ScreeningForm::Option option;
    if (const std::optional<QString> v = check.text("value")) {
        option.value = *v;
        if (!JsonFields::isKey(*v)) {
            check.fail(QStringLiteral("value"),
                       ScreeningForm::tr("the value \"%1\" may hold only a-z, 0-9 and \"_\".")
                           .arg(*v));
        }
    }
    if (const auto text = check.bilingual("text"))
        std::tie(option.textVi, option.textEn) = *text;
    if (const std::optional<QString> key = check.text("conclusion")) {
        if (const std::optional<ScreeningConclusion> c = conclusionFromKey(*key)) {
            option.conclusion = *c;
        } else {
            check.fail(QStringLiteral("conclusion"),
                       ScreeningForm::tr("\"%1\" is not a conclusion; use eligible, caution, "
                                         "defer or contraindicated.")
                           .arg(*key));
        }
    }
    option.confirmed = check.boolean("confirmed", false).value_or(false);
    if (faults.size() != before)
        return std::nullopt;
    return option;
}

std::optional<ScreeningForm::Item> checkItem(const QJsonValue& value, qsizetype index,
                                             QList<FieldError>& faults)
{
    const QString path = JsonFields::indexed("items", index);
    const QJsonObject object = value.toObject();
    const QString key = object.value(QLatin1String("key")).toString();
    const QString where = ScreeningForm::tr("Item %1 (%2)").arg(index + 1).arg(key);
    const JsonFields check(object, where, path + QLatin1Char('.'), faults);
    const qsizetype before = faults.size();
    check.onlyKeys({"key", "text", "options", "detail_when_not_no", "detail"});

    ScreeningForm::Item item;
    if (const std::optional<QString> k = check.text("key")) {
        item.key = *k;
        if (!JsonFields::isKey(*k)) {
            check.fail(QStringLiteral("key"),
                       ScreeningForm::tr("the key \"%1\" may hold only a-z, 0-9 and \"_\".")
                           .arg(*k));
        }
    }
    if (const auto text = check.bilingual("text"))
        std::tie(item.textVi, item.textEn) = *text;
    if (const std::optional<QJsonArray> options = check.nonEmptyArray("options")) {
        QSet<QString> values;
        for (qsizetype i = 0; i < options->size(); ++i) {
            const QString optionPath = path + QStringLiteral(".") + JsonFields::indexed("options", i);
            const QString optionWhere = ScreeningForm::tr("%1, option %2").arg(where).arg(i + 1);
            const std::optional<ScreeningForm::Option> option =
                checkOption(options->at(i), optionWhere, optionPath, faults);
            if (!option)
                continue;
            if (values.contains(option->value)) {
                faults.append({optionPath + QStringLiteral(".value"),
                               ScreeningForm::tr("%1: the value \"%2\" is used twice; give each "
                                                 "option its own value.")
                                   .arg(optionWhere, option->value)});
            }
            values.insert(option->value);
            item.options.append(*option);
        }
        if (options->size() < 2) {
            check.fail(QStringLiteral("options"),
                       ScreeningForm::tr("an item needs at least two options (No and Yes)."));
        }
    }
    item.detailWhenNotNo = check.boolean("detail_when_not_no", false).value_or(false);
    if (item.detailWhenNotNo) {
        if (const auto detail = check.bilingual("detail"))
            std::tie(item.detailVi, item.detailEn) = *detail;
        if (!item.option(kNo)) {
            check.fail(QStringLiteral("detail_when_not_no"),
                       ScreeningForm::tr("the item asks for a detail unless answered \"no\", "
                                         "but has no option \"no\"; add it."));
        }
    } else if (object.contains(QLatin1String("detail"))) {
        check.fail(QStringLiteral("detail"),
                   ScreeningForm::tr("\"detail\" is given but \"detail_when_not_no\" is not "
                                     "true; set it, or remove \"detail\"."));
    }
    if (faults.size() != before)
        return std::nullopt;
    return item;
}

std::optional<ScreeningForm::Vital> checkVital(const QJsonValue& value, qsizetype index,
                                               QList<FieldError>& faults)
{
    const QJsonObject object = value.toObject();
    const QString key = object.value(QLatin1String("key")).toString();
    const QString where = ScreeningForm::tr("Vital sign %1 (%2)").arg(index + 1).arg(key);
    const JsonFields check(object, where, JsonFields::indexed("vitals", index) + QLatin1Char('.'), faults);
    const qsizetype before = faults.size();
    check.onlyKeys({"key", "label", "unit", "plausible_min", "plausible_max", "normal_min",
                    "normal_max", "required", "confirmed"});

    ScreeningForm::Vital vital;
    if (const std::optional<QString> k = check.text("key")) {
        vital.key = *k;
        if (!knownVitals().contains(*k)) {
            check.fail(QStringLiteral("key"),
                       ScreeningForm::tr("\"%1\" is not a vital sign VaxStation records; use "
                                         "one of: %2.")
                           .arg(*k, knownVitals().join(QStringLiteral(", "))));
        }
    }
    if (const auto label = check.bilingual("label"))
        std::tie(vital.labelVi, vital.labelEn) = *label;
    vital.unit = check.text("unit").value_or(QString());
    const std::optional<double> pMin = check.number("plausible_min");
    const std::optional<double> pMax = check.number("plausible_max");
    const std::optional<double> nMin = check.number("normal_min");
    const std::optional<double> nMax = check.number("normal_max");
    vital.required = check.boolean("required", false).value_or(false);
    vital.confirmed = check.boolean("confirmed", false).value_or(false);
    if (pMin && pMax && nMin && nMax) {
        vital.plausibleMin = *pMin;
        vital.plausibleMax = *pMax;
        vital.normalMin = *nMin;
        vital.normalMax = *nMax;
        if (!(*pMin <= *nMin && *nMin <= *nMax && *nMax <= *pMax && *pMin < *pMax)) {
            check.fail(QStringLiteral("normal_min"),
                       ScreeningForm::tr("the ranges must nest: plausible_min ≤ normal_min ≤ "
                                         "normal_max ≤ plausible_max."));
        }
    }
    if (faults.size() != before)
        return std::nullopt;
    return vital;
}

} // namespace

QString conclusionKey(ScreeningConclusion conclusion)
{
    for (const auto& [c, key] : kConclusionKeys) {
        if (c == conclusion)
            return QLatin1String(key);
    }
    return {};
}

std::optional<ScreeningConclusion> conclusionFromKey(const QString& key)
{
    for (const auto& [c, k] : kConclusionKeys) {
        if (key == QLatin1String(k))
            return c;
    }
    return std::nullopt;
}

QJsonObject ScreeningAnswers::toJson() const
{
    const auto toObject = [](const QMap<QString, QString>& map) {
        QJsonObject o;
        for (auto it = map.begin(); it != map.end(); ++it)
            o.insert(it.key(), it.value());
        return o;
    };
    QJsonObject json;
    if (!answers.isEmpty())
        json.insert(QLatin1String("answers"), toObject(answers));
    if (!details.isEmpty())
        json.insert(QLatin1String("details"), toObject(details));
    if (temperatureC)
        json.insert(QLatin1String("temperature_c"), *temperatureC);
    if (pulse)
        json.insert(QLatin1String("pulse"), *pulse);
    if (systolic)
        json.insert(QLatin1String("systolic"), *systolic);
    if (diastolic)
        json.insert(QLatin1String("diastolic"), *diastolic);
    if (spo2)
        json.insert(QLatin1String("spo2"), *spo2);
    return json;
}

ScreeningAnswers ScreeningAnswers::fromJson(const QJsonObject& json)
{
    const auto toMap = [](const QJsonValue& value) {
        QMap<QString, QString> map;
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            map.insert(it.key(), it.value().toString());
        return map;
    };
    const auto integer = [&json](const char* key) -> std::optional<int> {
        const QJsonValue v = json.value(QLatin1String(key));
        return v.isDouble() ? std::optional<int>(v.toInt()) : std::nullopt;
    };
    ScreeningAnswers a;
    a.answers = toMap(json.value(QLatin1String("answers")));
    a.details = toMap(json.value(QLatin1String("details")));
    if (const QJsonValue t = json.value(QLatin1String("temperature_c")); t.isDouble())
        a.temperatureC = t.toDouble();
    a.pulse = integer("pulse");
    a.systolic = integer("systolic");
    a.diastolic = integer("diastolic");
    a.spo2 = integer("spo2");
    return a;
}

QString ScreeningForm::Option::text(const QLocale& locale) const
{
    return pick(locale, textVi, textEn);
}

QString ScreeningForm::Item::text(const QLocale& locale) const
{
    return pick(locale, textVi, textEn);
}

QString ScreeningForm::Item::detailLabel(const QLocale& locale) const
{
    return pick(locale, detailVi, detailEn);
}

const ScreeningForm::Option* ScreeningForm::Item::option(const QString& value) const
{
    for (const Option& o : options) {
        if (o.value == value)
            return &o;
    }
    return nullptr;
}

QString ScreeningForm::Vital::label(const QLocale& locale) const
{
    return pick(locale, labelVi, labelEn);
}

Result<ScreeningForm> ScreeningForm::parse(const QByteArray& json)
{
    const QString what = tr("The screening form");
    const Result<QJsonObject> parsed =
        JsonFields::parseObject(json, what, QStringLiteral("\"code\", \"items\" and \"conclusions\""));
    if (!parsed.ok())
        return parsed.error();

    QList<FieldError> faults;
    const QJsonObject& root = *parsed;
    const JsonFields top(root, what, QString(), faults);
    top.onlyKeys({"format", "code", "version", "title", "source", "conclusions", "items",
                  "vitals", "abnormal_vitals"});
    ScreeningForm form;
    top.requireFormat(1);
    form.m_code = top.text("code").value_or(QString());
    const QJsonValue version = root.value(QLatin1String("version"));
    form.m_version = version.toInt();
    if (!version.isDouble() || form.m_version < 1
        || version.toDouble() != std::trunc(version.toDouble())) {
        top.fail(QStringLiteral("version"), tr("\"version\" must be a whole number of 1 or more; "
                                               "raise it whenever the form changes."));
    }
    if (const auto title = top.bilingual("title"))
        std::tie(form.m_titleVi, form.m_titleEn) = *title;
    if (root.contains(QLatin1String("source")))
        (void)top.text("source");

    // Conclusions: all four, from the least to the most severe, as the program ranks them.
    if (const std::optional<QJsonArray> list = top.nonEmptyArray("conclusions")) {
        bool blocked = false;
        for (qsizetype i = 0; i < qsizetype(kConclusionKeys.size()); ++i) {
            const QString expected = QLatin1String(kConclusionKeys[size_t(i)].second);
            const QJsonObject object = list->at(i).toObject();
            const JsonFields check(object, tr("Conclusion %1 (%2)").arg(i + 1).arg(expected),
                                  JsonFields::indexed("conclusions", i) + QLatin1Char('.'), faults);
            check.onlyKeys({"key", "text", "may_inject", "needs_confirmation"});
            if (object.value(QLatin1String("key")).toString() != expected) {
                check.fail(QStringLiteral("key"),
                           tr("list the conclusions from the least to the most severe: "
                              "eligible, caution, defer, contraindicated."));
            }
            Conclusion& c = form.m_conclusions[size_t(i)];
            if (const auto text = check.bilingual("text"))
                std::tie(c.textVi, c.textEn) = *text;
            c.mayInject = check.boolean("may_inject").value_or(false);
            c.needsConfirmation = check.boolean("needs_confirmation").value_or(false);
            if (blocked && c.mayInject) {
                check.fail(QStringLiteral("may_inject"),
                           tr("a less severe conclusion already stops the injection, so this "
                              "one must too: set \"may_inject\" to false."));
            }
            blocked = blocked || !c.mayInject;
        }
        if (list->size() != qsizetype(kConclusionKeys.size())) {
            top.fail(QStringLiteral("conclusions"),
                     tr("\"conclusions\" must list exactly four: eligible, caution, defer, "
                        "contraindicated."));
        }
    }

    if (const std::optional<QJsonArray> list = top.nonEmptyArray("items")) {
        QSet<QString> keys;
        for (qsizetype i = 0; i < list->size(); ++i) {
            std::optional<Item> item = checkItem(list->at(i), i, faults);
            if (!item)
                continue;
            if (keys.contains(item->key)) {
                faults.append({JsonFields::indexed("items", i) + QStringLiteral(".key"),
                               tr("Item %1 (%2): the key is used by an earlier item; give each "
                                  "item its own key.")
                                   .arg(i + 1)
                                   .arg(item->key)});
            }
            keys.insert(item->key);
            form.m_items.append(std::move(*item));
        }
    }

    if (const std::optional<QJsonArray> list = top.nonEmptyArray("vitals")) {
        QSet<QString> keys;
        for (qsizetype i = 0; i < list->size(); ++i) {
            std::optional<Vital> vital = checkVital(list->at(i), i, faults);
            if (!vital)
                continue;
            if (keys.contains(vital->key)) {
                faults.append({JsonFields::indexed("vitals", i) + QStringLiteral(".key"),
                               tr("Vital sign %1 (%2) is listed twice; keep one.")
                                   .arg(i + 1)
                                   .arg(vital->key)});
            }
            keys.insert(vital->key);
            form.m_vitals.append(std::move(*vital));
        }
    }

    const QJsonObject abnormal = root.value(QLatin1String("abnormal_vitals")).toObject();
    const JsonFields abnormalCheck(abnormal, tr("The abnormal-vitals rule"),
                                  QStringLiteral("abnormal_vitals."), faults);
    abnormalCheck.onlyKeys({"item", "option"});
    form.m_vitalsItem = abnormalCheck.text("item").value_or(QString());
    form.m_vitalsOption = abnormalCheck.text("option").value_or(QString());
    const Item* vitalsItem = form.item(form.m_vitalsItem);
    if (!form.m_vitalsItem.isEmpty() && !form.m_items.isEmpty()
        && (!vitalsItem || !vitalsItem->option(form.m_vitalsOption))) {
        abnormalCheck.fail(QStringLiteral("item"),
                           tr("give the key of the item and the value of its option that "
                              "abnormal vital signs answer (e.g. \"abnormal_vital_signs\", "
                              "\"yes\")."));
    }

    if (!faults.isEmpty())
        return Error::invalid(std::move(faults));
    return form;
}

Result<ScreeningForm> ScreeningForm::builtin()
{
    QFile file(kBuiltinPath);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error(ErrorCode::Io, tr("The built-in screening form (%1) is missing from this "
                                       "build: rebuild VaxStation with its resources.")
                                        .arg(kBuiltinPath));
    }
    return parse(file.readAll());
}

QString ScreeningForm::title(const QLocale& locale) const
{
    return pick(locale, m_titleVi, m_titleEn);
}

const ScreeningForm::Item* ScreeningForm::item(const QString& key) const
{
    for (const Item& i : m_items) {
        if (i.key == key)
            return &i;
    }
    return nullptr;
}

const ScreeningForm::Conclusion& ScreeningForm::conclusion(ScreeningConclusion c) const
{
    return m_conclusions[static_cast<size_t>(c)];
}

QString ScreeningForm::conclusionText(ScreeningConclusion c, const QLocale& locale) const
{
    return pick(locale, conclusion(c).textVi, conclusion(c).textEn);
}

Result<ScreeningOutcome> ScreeningForm::evaluate(const ScreeningAnswers& answers,
                                                 const QLocale& locale) const
{
    // Vital signs first, as abnormal ones answer the abnormal-vitals item; their faults are
    // reported after the items', in the order of the form.
    QList<FieldError> vitalFaults;
    QStringList abnormal;
    for (const Vital& vital : m_vitals) {
        const std::optional<double> value = vitalValue(answers, vital.key);
        const QString label = vital.label(locale);
        if (!value) {
            if (vital.required) {
                vitalFaults.append({vital.key, tr("%1 is not recorded: measure it and enter "
                                                  "it in %2.")
                                                   .arg(label, vital.unit)});
            }
            continue;
        }
        if (*value < vital.plausibleMin || *value > vital.plausibleMax) {
            vitalFaults.append({vital.key,
                                tr("%1 of %2 %3 cannot be right: expected between %4 and %5 "
                                   "%3. Check the number and the decimal point.")
                                    .arg(label, number(locale, *value), vital.unit,
                                         number(locale, vital.plausibleMin),
                                         number(locale, vital.plausibleMax))});
            continue;
        }
        if (*value < vital.normalMin || *value > vital.normalMax) {
            abnormal << tr("%1 %2 %3 (normal %4–%5 %3)")
                            .arg(label, number(locale, *value), vital.unit,
                                 number(locale, vital.normalMin),
                                 number(locale, vital.normalMax));
        }
    }
    const Vital* systolic = nullptr;
    const Vital* diastolic = nullptr;
    for (const Vital& vital : m_vitals) {
        if (vital.key == QLatin1String("systolic"))
            systolic = &vital;
        else if (vital.key == QLatin1String("diastolic"))
            diastolic = &vital;
    }
    if (systolic && diastolic && answers.systolic && answers.diastolic
        && *answers.systolic <= *answers.diastolic) {
        vitalFaults.append({systolic->key,
                            tr("%1 (%2 %3) must be higher than %4 (%5 %3): check whether the "
                               "two were swapped.")
                                .arg(systolic->label(locale), QString::number(*answers.systolic),
                                     systolic->unit, diastolic->label(locale),
                                     QString::number(*answers.diastolic))});
    }

    QList<FieldError> faults;
    struct Raised {
        ScreeningConclusion conclusion;
        QString reason;
    };
    QList<Raised> raised;
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        const Item& item = m_items.at(i);
        const QString itemName = tr("Item %1 (%2)").arg(i + 1).arg(item.text(locale));
        QStringList choices;
        for (const Option& o : item.options)
            choices << QLatin1Char('"') + o.text(locale) + QLatin1Char('"');
        const QString value = answers.answers.value(item.key).trimmed();
        const Option* option = item.option(value);
        if (value.isEmpty()) {
            faults.append({item.key, tr("%1 has no answer: choose %2.")
                                         .arg(itemName, choices.join(tr(" or ")))});
            continue;
        }
        if (!option) {
            faults.append({item.key, tr("%1: \"%2\" is not one of its answers; choose %3.")
                                         .arg(itemName, value, choices.join(tr(" or ")))});
            continue;
        }
        const QString detail = answers.details.value(item.key).trimmed();
        if (item.detailWhenNotNo && option->value != kNo && detail.isEmpty()) {
            faults.append({item.key, tr("%1 is answered \"%2\": fill in \"%3\".")
                                         .arg(itemName, option->text(locale),
                                              item.detailLabel(locale))});
            continue;
        }

        ScreeningConclusion result = option->conclusion;
        QStringList specifics;
        if (item.detailWhenNotNo && option->value != kNo)
            specifics << detail;
        if (item.key == m_vitalsItem && !abnormal.isEmpty()) {
            result = std::max(result, item.option(m_vitalsOption)->conclusion);
            specifics << abnormal;
        }
        if (result != ScreeningConclusion::Eligible) {
            const QString reason = specifics.isEmpty()
                ? item.text(locale)
                : tr("%1: %2").arg(item.text(locale), specifics.join(QStringLiteral("; ")));
            raised.append({result, reason});
        }
    }
    faults << vitalFaults;
    if (!faults.isEmpty())
        return Error::invalid(std::move(faults));

    ScreeningOutcome outcome;
    for (const Raised& r : raised)
        outcome.conclusion = std::max(outcome.conclusion, r.conclusion);
    for (const Raised& r : raised) {
        if (r.conclusion == outcome.conclusion)
            outcome.reasons << r.reason;
    }
    outcome.mayInject = conclusion(outcome.conclusion).mayInject;
    outcome.needsConfirmation = conclusion(outcome.conclusion).needsConfirmation;
    return outcome;
}

} // namespace vax

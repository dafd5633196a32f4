#pragma once

#include "app/common/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QLocale>
#include <QMap>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>

namespace vax {

// What screening concludes, from the least to the most severe; the most severe one raised wins.
enum class ScreeningConclusion { Eligible, Caution, Defer, Contraindicated };

// "eligible", "caution", "defer", "contraindicated": as stored and as written in the form file.
QString conclusionKey(ScreeningConclusion conclusion);
std::optional<ScreeningConclusion> conclusionFromKey(const QString& key);

// What the nurse entered on the screening form.
struct ScreeningAnswers {
    QMap<QString, QString> answers;   // item key → option value
    QMap<QString, QString> details;   // item key → free text (the allergen)
    std::optional<double> temperatureC;
    std::optional<int> pulse;         // per minute
    std::optional<int> systolic;      // mmHg
    std::optional<int> diastolic;     // mmHg
    std::optional<int> spo2;          // %

    // {"answers": {…}, "details": {…}, "temperature_c": 36.6, "pulse": 80, "systolic": …,
    // "diastolic": …, "spo2": …}; what was not entered is left out.
    QJsonObject toJson() const;
    static ScreeningAnswers fromJson(const QJsonObject& json);
    bool operator==(const ScreeningAnswers&) const = default;
};

struct ScreeningOutcome {
    ScreeningConclusion conclusion = ScreeningConclusion::Eligible;
    bool mayInject = true;
    bool needsConfirmation = false;   // inject only after a clinician confirms (caution)
    QStringList reasons;              // the item texts (in the UI language) that raised it
};

// The pre-vaccination screening form (Phiếu sàng lọc, Decision 3802/QĐ-BYT, 2021) as data:
// resources/screening/3802-QD-BYT-2021.json, which a health department may change.
class ScreeningForm
{
    Q_DECLARE_TR_FUNCTIONS(ScreeningForm)

public:
    struct Option {
        QString value;                // "no", "yes", "under_13_weeks", …
        QString textVi;
        QString textEn;
        ScreeningConclusion conclusion = ScreeningConclusion::Eligible;
        bool confirmed = false;       // whether the source confirms where this answer leads
        QString text(const QLocale& locale) const;
    };
    struct Item {
        QString key;
        QString textVi;
        QString textEn;
        QList<Option> options;
        bool detailWhenNotNo = false;  // any answer but "no" needs a detail (the allergen)
        QString detailVi;              // what the detail is: "Loại tác nhân dị ứng"
        QString detailEn;
        QString text(const QLocale& locale) const;
        QString detailLabel(const QLocale& locale) const;
        const Option* option(const QString& value) const;
    };
    struct Vital {
        QString key;                   // "temperature_c", "pulse", "systolic", "diastolic", "spo2"
        QString labelVi;
        QString labelEn;
        QString unit;
        double plausibleMin = 0;       // outside: a typing mistake, not a measurement
        double plausibleMax = 0;
        double normalMin = 0;          // outside: abnormal, counts as the abnormal-vitals item
        double normalMax = 0;
        bool required = false;         // must be measured at every screening
        bool confirmed = false;        // whether the source confirms the ranges
        QString label(const QLocale& locale) const;
    };

    static Result<ScreeningForm> parse(const QByteArray& json);
    // The form shipped with the app (":/vax/screening/3802-QD-BYT-2021.json").
    static Result<ScreeningForm> builtin();

    QString code() const { return m_code; }
    int version() const { return m_version; }
    QString title(const QLocale& locale) const;
    const QList<Item>& items() const { return m_items; }
    const QList<Vital>& vitals() const { return m_vitals; }
    const Item* item(const QString& key) const;
    QString conclusionText(ScreeningConclusion conclusion, const QLocale& locale) const;

    // Every item answered with one of its options, details where required, vitals plausible;
    // otherwise an error whose fields are the item or vital keys at fault, each with the fix.
    // Abnormal vitals count as the abnormal-vitals item answered "yes", whatever was ticked.
    Result<ScreeningOutcome> evaluate(const ScreeningAnswers& answers,
                                      const QLocale& locale) const;

private:
    struct Conclusion {
        QString textVi;
        QString textEn;
        bool mayInject = false;
        bool needsConfirmation = false;
    };

    ScreeningForm() = default;
    const Conclusion& conclusion(ScreeningConclusion c) const;

    QString m_code;
    int m_version = 0;
    QString m_titleVi;
    QString m_titleEn;
    QList<Item> m_items;
    QList<Vital> m_vitals;
    std::array<Conclusion, 4> m_conclusions;
    QString m_vitalsItem;              // the item abnormal vitals answer…
    QString m_vitalsOption;            // …with this option
};

} // namespace vax

#pragma once

#include "app/common/Result.h"
#include "app/vaccines/VaccineProduct.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QString>

namespace vax {

// When a booster may be given. Booster 1 follows the last dose of the primary series (dose 3
// after a two-dose series), booster 2 follows booster 1, and so on. The wait is kept in
// calendar months, as the rule is written ("at least 3 months"), plus days.
struct BoosterRule {
    int booster = 1;
    int minMonths = 0;
    int minDays = 0;

    // The first day the booster may be given after the previous dose on `previousDose`.
    QDate earliest(const QDate& previousDose) const;
    bool operator==(const BoosterRule&) const = default;
};

// The vaccine products in use and the booster rules, as reference data (DESIGN.md rule 1):
// read from resources/vaccines/catalogue.json, which a health department may change.
class VaccineCatalogue
{
    Q_DECLARE_TR_FUNCTIONS(VaccineCatalogue)

public:
    // Strict: every fault is reported with the product and the field at fault (FieldError.field
    // is the JSON path, e.g. "products[2].schedule.presentations[0].doses_per_vial").
    static Result<VaccineCatalogue> parse(const QByteArray& json);
    // The catalogue shipped with the app (":/vax/vaccines/catalogue.json").
    static Result<VaccineCatalogue> builtin();

    const QList<VaccineProduct>& products() const { return m_products; }
    const VaccineProduct* byCode(const QString& code) const;     // case-insensitive
    const VaccineProduct* byGtin(const QString& gtin14) const;
    QString version() const { return m_version; }
    QString source() const { return m_source; }

    const QList<BoosterRule>& boosterRules() const { return m_boosters; }
    // The rule for booster `booster` (1 = first), or nullptr when the catalogue has none.
    const BoosterRule* boosterRule(int booster) const;

    // GS1 GTIN-14: 14 digits whose last is the check digit (weights 3, 1, 3, … from the right).
    static bool isValidGtin14(const QString& gtin);

private:
    VaccineCatalogue() = default;

    QString m_version;
    QString m_source;
    QList<VaccineProduct> m_products;
    QList<BoosterRule> m_boosters;
};

} // namespace vax

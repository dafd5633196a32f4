#pragma once

#include "app/common/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDate>
#include <QHash>
#include <QList>
#include <QString>

namespace vax {

// Vietnam's administrative units as reference data with validity dates. Until 30 June 2025 there
// were 63 provinces (2-digit GSO codes), their districts (3 digits) and wards/communes (5 digits);
// from 1 July 2025 there are 34 provinces whose wards/communes hang directly under the province.
// The same code can name different units in different eras ("01", "00004"): the date decides.
class AdminUnits
{
    Q_DECLARE_TR_FUNCTIONS(AdminUnits)

public:
    enum class Level { Province, District, Ward };

    struct Unit {
        QString code;
        QString name;       // proper name: "Hà Nội", "Ba Đình", "Phúc Xá"
        Level level = Level::Province;
        QString parentCode; // empty for provinces; a district or (from 2025-07-01) a province for wards
        QDate validFrom;    // invalid date = open
        QDate validTo;      // invalid date = open (inclusive when set)
        QString type;       // "Thành phố", "Tỉnh", "Quận", "Phường", "Xã", "Đặc khu"… (may be empty)

        bool validOn(const QDate& day) const;
        // "Thành phố Hà Nội", "Phường Ba Đình"; just the name when the type is not known.
        QString fullName() const;
    };

    AdminUnits() = default;

    // One era file (resources/admin-units/*.json, format "vax-admin-units/1"). Checks codes,
    // levels, dates and that every parent is in the file.
    static Result<AdminUnits> parse(const QByteArray& json);
    // The embedded files (":/vax/admin-units/…"), loaded once.
    static const AdminUnits& builtin();

    // Adds the units of another era; fails if a code of the same level would name two units on
    // the same day.
    Result<void> append(const AdminUnits& other);

    // nullptr if unknown or not valid on that day.
    const Unit* find(const QString& code, Level level, const QDate& on) const;
    // The unit of that code and level that was valid last on or before the day (for old
    // addresses and for messages such as "merged on 1 July 2025"); nullptr if none.
    const Unit* findLatest(const QString& code, Level level, const QDate& notAfter) const;

    QList<Unit> provinces(const QDate& on) const;  // sorted by name, Vietnamese collation
    QList<Unit> children(const QString& parentCode, Level level, const QDate& on) const; // sorted by name
    // True for "0" + the code of one of the 63 provinces in force 2004–30 June 2025 (the first
    // three digits of a CCCD): "001" Hà Nội, "079" TP Hồ Chí Minh; false for "000", "099".
    bool isCccdProvinceCode(const QString& threeDigits) const;

    // Whether the day still had districts (before 1 July 2025 in the built-in data).
    bool hasDistricts(const QDate& on) const;

    const QList<Unit>& all() const { return m_units; }
    qsizetype size() const { return m_units.size(); }

private:
    void index();
    static QString key(const QString& code, Level level);

    QList<Unit> m_units;
    QHash<QString, QList<qsizetype>> m_byKey; // key(code, level) → indexes in m_units
};

QString levelName(AdminUnits::Level level); // "province", "district", "ward" (as in the JSON)

} // namespace vax

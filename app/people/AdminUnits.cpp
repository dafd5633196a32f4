#include "AdminUnits.h"

#include <QCollator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QLoggingCategory>

#include <algorithm>
#include <array>
#include <utility>

namespace vax {

namespace {

Q_LOGGING_CATEGORY(lcAdminUnits, "vax.people")

const QLatin1String kFormat("vax-admin-units/1");

// Inclusive ranges, invalid dates open.
bool rangesOverlap(const AdminUnits::Unit& a, const AdminUnits::Unit& b)
{
    const bool aEndsBeforeB = a.validTo.isValid() && b.validFrom.isValid() && a.validTo < b.validFrom;
    const bool bEndsBeforeA = b.validTo.isValid() && a.validFrom.isValid() && b.validTo < a.validFrom;
    return !aEndsBeforeB && !bEndsBeforeA;
}

bool allDigits(const QString& text)
{
    return !text.isEmpty()
        && std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); });
}

int codeLength(AdminUnits::Level level)
{
    switch (level) {
    case AdminUnits::Level::Province: return 2;
    case AdminUnits::Level::District: return 3;
    case AdminUnits::Level::Ward: return 5;
    }
    return 0;
}

void sortByName(QList<AdminUnits::Unit>& units)
{
    QCollator collator(QLocale(QLocale::Vietnamese, QLocale::Vietnam));
    collator.setNumericMode(true);
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    std::sort(units.begin(), units.end(), [&collator](const AdminUnits::Unit& a, const AdminUnits::Unit& b) {
        const int byName = collator.compare(a.name, b.name);
        return byName != 0 ? byName < 0 : a.code < b.code;
    });
}

} // namespace

QString levelName(AdminUnits::Level level)
{
    switch (level) {
    case AdminUnits::Level::Province: return QStringLiteral("province");
    case AdminUnits::Level::District: return QStringLiteral("district");
    case AdminUnits::Level::Ward: return QStringLiteral("ward");
    }
    return {};
}

bool AdminUnits::Unit::validOn(const QDate& day) const
{
    if (!day.isValid())
        return false;
    if (validFrom.isValid() && day < validFrom)
        return false;
    if (validTo.isValid() && day > validTo)
        return false;
    return true;
}

QString AdminUnits::Unit::fullName() const
{
    if (type.isEmpty())
        return name;
    return type + QLatin1Char(' ') + name;
}

QString AdminUnits::key(const QString& code, Level level)
{
    return QString::number(static_cast<int>(level)) + QLatin1Char(':') + code;
}

void AdminUnits::index()
{
    m_byKey.clear();
    for (qsizetype i = 0; i < m_units.size(); ++i)
        m_byKey[key(m_units.at(i).code, m_units.at(i).level)].append(i);
}

Result<AdminUnits> AdminUnits::parse(const QByteArray& json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return Error(ErrorCode::Invalid,
                     tr("The administrative-unit data is not valid JSON (%1 at byte %2): fix or replace the file.")
                         .arg(parseError.errorString())
                         .arg(parseError.offset));
    }
    const QJsonObject root = doc.object();
    if (!doc.isObject() || root.value(QLatin1String("format")).toString() != kFormat) {
        return Error(ErrorCode::Invalid,
                     tr("The administrative-unit data does not say \"format\": \"%1\": use a file made for this version.")
                         .arg(kFormat));
    }

    auto readDate = [](const QJsonValue& value, QDate* date) {
        if (value.isNull() || value.isUndefined()) {
            *date = QDate();
            return true;
        }
        *date = QDate::fromString(value.toString(), Qt::ISODate);
        return date->isValid();
    };

    QDate fileFrom;
    QDate fileTo;
    if (!readDate(root.value(QLatin1String("validFrom")), &fileFrom)
        || !readDate(root.value(QLatin1String("validTo")), &fileTo)) {
        return Error(ErrorCode::Invalid,
                     tr("The administrative-unit data has a bad validFrom/validTo date: write dates as YYYY-MM-DD or null."));
    }

    AdminUnits result;
    const std::array<std::pair<const char*, Level>, 3> sections{{
        {"provinces", Level::Province}, {"districts", Level::District}, {"wards", Level::Ward}}};
    for (const auto& [section, level] : sections) {
        const QJsonArray items = root.value(QLatin1String(section)).toArray();
        for (const QJsonValue& item : items) {
            const QJsonObject o = item.toObject();
            Unit unit;
            unit.code = o.value(QLatin1String("code")).toString();
            unit.name = o.value(QLatin1String("name")).toString().normalized(QString::NormalizationForm_C);
            unit.type = o.value(QLatin1String("type")).toString().normalized(QString::NormalizationForm_C);
            unit.parentCode = o.value(QLatin1String("parent")).toString();
            unit.level = level;
            unit.validFrom = fileFrom;
            unit.validTo = fileTo;
            const bool datesOk = (!o.contains(QLatin1String("validFrom")) || readDate(o.value(QLatin1String("validFrom")), &unit.validFrom))
                && (!o.contains(QLatin1String("validTo")) || readDate(o.value(QLatin1String("validTo")), &unit.validTo));
            if (!allDigits(unit.code) || unit.code.size() != codeLength(level) || unit.name.isEmpty()) {
                return Error(ErrorCode::Invalid,
                             tr("The %1 entry \"%2\" needs a %3-digit code and a name: fix that entry.")
                                 .arg(levelName(level), unit.code.isEmpty() ? unit.name : unit.code)
                                 .arg(codeLength(level)));
            }
            if (!datesOk || (unit.validFrom.isValid() && unit.validTo.isValid() && unit.validFrom > unit.validTo)) {
                return Error(ErrorCode::Invalid,
                             tr("The %1 %2 has bad validity dates: write YYYY-MM-DD, validFrom not after validTo.")
                                 .arg(levelName(level), unit.code));
            }
            if ((level == Level::Province) != unit.parentCode.isEmpty()) {
                return Error(ErrorCode::Invalid,
                             tr("The %1 %2 has a wrong parent: provinces have none, districts and wards must name one.")
                                 .arg(levelName(level), unit.code));
            }
            result.m_units.append(unit);
        }
    }
    result.index();

    // Every parent must be in the file and valid whenever the child is.
    for (const Unit& unit : std::as_const(result.m_units)) {
        if (unit.level == Level::Province)
            continue;
        const QList<Level> parentLevels = unit.level == Level::District
            ? QList<Level>{Level::Province}
            : QList<Level>{Level::District, Level::Province};
        const QDate probe = unit.validFrom.isValid() ? unit.validFrom : unit.validTo;
        bool found = false;
        for (const Level parentLevel : parentLevels) {
            for (const qsizetype i : result.m_byKey.value(key(unit.parentCode, parentLevel))) {
                const Unit& parent = result.m_units.at(i);
                if (!probe.isValid() ? rangesOverlap(parent, unit) : parent.validOn(probe))
                    found = true;
            }
        }
        if (!found) {
            return Error(ErrorCode::Invalid,
                         tr("The %1 %2 (%3) names the parent %4, which is not in the data: add the parent or fix the code.")
                             .arg(levelName(unit.level), unit.code, unit.name, unit.parentCode));
        }
    }

    AdminUnits checked;
    if (Result<void> added = checked.append(result); !added)
        return added.error();
    return checked;
}

Result<void> AdminUnits::append(const AdminUnits& other)
{
    QList<Unit> merged = m_units;
    QHash<QString, QList<qsizetype>> byKey = m_byKey;
    for (const Unit& unit : other.m_units) {
        const QString k = key(unit.code, unit.level);
        for (const qsizetype i : byKey.value(k)) {
            if (rangesOverlap(merged.at(i), unit)) {
                return Error(ErrorCode::Conflict,
                             tr("The %1 code %2 names both \"%3\" and \"%4\" on the same days: give one of them validity dates that do not overlap.")
                                 .arg(levelName(unit.level), unit.code, merged.at(i).fullName(), unit.fullName()));
            }
        }
        byKey[k].append(merged.size());
        merged.append(unit);
    }
    m_units = std::move(merged);
    m_byKey = std::move(byKey);
    return {};
}

const AdminUnits& AdminUnits::builtin()
{
    static const AdminUnits units = [] {
        AdminUnits all;
        const std::array<QLatin1String, 2> files{
            QLatin1String(":/vax/admin-units/vn-2008-2025.json"),
            QLatin1String(":/vax/admin-units/vn-2025.json")};
        for (const QLatin1String& path : files) {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                qCCritical(lcAdminUnits) << "cannot open built-in administrative units" << path << file.errorString();
                continue;
            }
            Result<AdminUnits> era = parse(file.readAll());
            if (!era) {
                qCCritical(lcAdminUnits) << "bad built-in administrative units" << path << era.error().message();
                continue;
            }
            if (Result<void> added = all.append(era.value()); !added)
                qCCritical(lcAdminUnits) << "conflicting built-in administrative units" << path << added.error().message();
        }
        return all;
    }();
    return units;
}

const AdminUnits::Unit* AdminUnits::find(const QString& code, Level level, const QDate& on) const
{
    const auto it = m_byKey.constFind(key(code, level));
    if (it == m_byKey.cend())
        return nullptr;
    for (const qsizetype i : it.value()) {
        if (m_units.at(i).validOn(on))
            return &m_units.at(i);
    }
    return nullptr;
}

const AdminUnits::Unit* AdminUnits::findLatest(const QString& code, Level level, const QDate& notAfter) const
{
    const auto it = m_byKey.constFind(key(code, level));
    if (it == m_byKey.cend())
        return nullptr;
    const Unit* best = nullptr;
    for (const qsizetype i : it.value()) {
        const Unit& unit = m_units.at(i);
        if (unit.validFrom.isValid() && unit.validFrom > notAfter)
            continue;
        if (!best || (unit.validFrom.isValid() && (!best->validFrom.isValid() || unit.validFrom > best->validFrom)))
            best = &unit;
    }
    return best;
}

QList<AdminUnits::Unit> AdminUnits::provinces(const QDate& on) const
{
    QList<Unit> out;
    for (const Unit& unit : m_units) {
        if (unit.level == Level::Province && unit.validOn(on))
            out.append(unit);
    }
    sortByName(out);
    return out;
}

QList<AdminUnits::Unit> AdminUnits::children(const QString& parentCode, Level level, const QDate& on) const
{
    QList<Unit> out;
    for (const Unit& unit : m_units) {
        if (unit.level == level && unit.parentCode == parentCode && unit.validOn(on))
            out.append(unit);
    }
    sortByName(out);
    return out;
}

bool AdminUnits::isCccdProvinceCode(const QString& threeDigits) const
{
    if (threeDigits.size() != 3 || threeDigits.at(0) != QLatin1Char('0') || !allDigits(threeDigits))
        return false;
    // The CCCD codes are those of the 63 provinces in force from 2004 to 30 June 2025.
    Unit window;
    window.validFrom = QDate(2004, 1, 1);
    window.validTo = QDate(2025, 6, 30);
    for (const qsizetype i : m_byKey.value(key(threeDigits.mid(1), Level::Province))) {
        if (rangesOverlap(m_units.at(i), window))
            return true;
    }
    return false;
}

bool AdminUnits::hasDistricts(const QDate& on) const
{
    return std::any_of(m_units.cbegin(), m_units.cend(), [&on](const Unit& unit) {
        return unit.level == Level::District && unit.validOn(on);
    });
}

} // namespace vax

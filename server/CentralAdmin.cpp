#include "CentralAdmin.h"

#include "app/auth/PasswordHash.h"
#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/common/Uuid.h"
#include "app/vaccines/VaccineCatalogue.h"
#include "server/CentralDatabase.h"
#include "server/DeviceRegistry.h"
#include "sync/Protocol.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace vax::server {

CentralAdmin::CentralAdmin(CentralDatabase& db, const Clock& clock)
    : m_db(db)
    , m_clock(clock)
    , m_changes(db, clock)
{
}

std::optional<Site> CentralAdmin::siteByCode(const QString& code)
{
    return m_changes.siteByCode(code);
}

Result<Site> CentralAdmin::addSite(const QString& code, const QString& name, SiteKind kind, const QString& parentCode,
    const QString& provinceCode)
{
    QList<FieldError> errors;
    static const QRegularExpression kCode(QStringLiteral("^[A-Z0-9][A-Z0-9-]{1,31}$"));
    const QString c = code.trimmed().toUpper();
    if (!kCode.match(c).hasMatch())
        errors << FieldError{QStringLiteral("code"), tr("Code must be 2–32 letters, digits or dashes (e.g. HN-BD-PX01).")};
    else if (siteByCode(c))
        errors << FieldError{QStringLiteral("code"), tr("Site code %1 is taken.").arg(c)};
    if (name.trimmed().isEmpty())
        errors << FieldError{QStringLiteral("name"), tr("Name is empty: give the site's name.")};
    std::optional<Site> parent;
    if (!parentCode.isEmpty()) {
        parent = siteByCode(parentCode);
        if (!parent)
            errors << FieldError{QStringLiteral("parent"), tr("There is no site %1 to put it under: add the parent first.").arg(parentCode)};
    }
    if (kind == SiteKind::Team && !parent)
        errors << FieldError{QStringLiteral("parent"), tr("A mobile team belongs to a site: give --parent SITE.")};
    if (!errors.isEmpty())
        return Error::invalid(errors);
    Site s;
    s.code = c;
    s.name = name.trimmed();
    s.kind = kind;
    s.parentId = parent ? parent->stamp.id : QString();
    s.provinceCode = provinceCode;
    s.stamp.id = Site::idFor(c);
    QJsonObject record = s.toRecord();
    // A site (and its teams) is in its own scope: devices of the site pull it.
    record.insert(QStringLiteral("site_id"), kind == SiteKind::Team ? s.parentId : s.stamp.id);
    auto r = m_changes.submit({{QStringLiteral("site"), record}}, QStringLiteral("insert"));
    if (!r.ok())
        return r.error();
    return *siteByCode(c);
}

Result<User> CentralAdmin::addUser(const QString& siteCode, const QString& username, const QString& fullName, Role role,
    const QString& password, int iterations)
{
    QList<FieldError> errors;
    const auto site = siteByCode(siteCode);
    if (!site)
        errors << FieldError{QStringLiteral("site"), tr("There is no site %1: add it first.").arg(siteCode)};
    const QString name = username.trimmed().toLower();
    static const QRegularExpression kUserName(QStringLiteral("^[a-z0-9][a-z0-9._-]{2,31}$"));
    if (!kUserName.match(name).hasMatch())
        errors << FieldError{QStringLiteral("username"), tr("User name must be 3–32 letters a–z, digits, dots, dashes or underscores.")};
    else if (m_db.scalar(QStringLiteral("SELECT count(*) FROM record_state WHERE entity = 'app_user' AND data LIKE ?"),
                     {QString(QStringLiteral("%\"username\":\"") + name + QStringLiteral("\"%"))})
                 .toInt()
        > 0)
        errors << FieldError{QStringLiteral("username"), tr("User name %1 is taken.").arg(name)};
    if (fullName.trimmed().isEmpty())
        errors << FieldError{QStringLiteral("name"), tr("Full name is empty.")};
    if (password.size() < 8)
        errors << FieldError{QStringLiteral("password"), tr("Password must have at least 8 characters.")};
    if (!errors.isEmpty())
        return Error::invalid(errors);
    User u;
    u.stamp.id = Uuid::v7(m_clock.now().toMSecsSinceEpoch());
    u.username = name;
    u.fullName = fullName.trimmed();
    u.role = role;
    u.passwordHash = PasswordHash::make(password, iterations);
    QJsonObject record = u.toRecord();
    record.insert(QStringLiteral("site_id"), site->stamp.id);
    auto r = m_changes.submit({{QStringLiteral("app_user"), record}}, QStringLiteral("insert"));
    if (!r.ok())
        return r.error();
    return User::fromRecord(*m_changes.state(QStringLiteral("app_user"), u.stamp.id));
}

Result<int> CentralAdmin::loadCatalogue(const VaccineCatalogue& catalogue)
{
    QList<std::pair<QString, QJsonObject>> inserts;
    QList<std::pair<QString, QJsonObject>> updates;
    for (const VaccineProduct& p : catalogue.products()) {
        QJsonObject record = p.toRecord();
        const auto current = m_changes.state(QStringLiteral("vaccine_product"), p.stamp.id);
        if (!current) {
            inserts << std::pair{QStringLiteral("vaccine_product"), record};
            continue;
        }
        QJsonObject changed{{QStringLiteral("id"), p.stamp.id}};
        for (auto it = record.begin(); it != record.end(); ++it) {
            if (it.key() != QLatin1String("id") && current->value(it.key()) != it.value())
                changed.insert(it.key(), it.value());
        }
        if (changed.size() > 1)
            updates << std::pair{QStringLiteral("vaccine_product"), changed};
    }
    if (auto r = m_changes.submit(inserts, QStringLiteral("insert")); !r.ok())
        return r.error();
    if (auto r = m_changes.submit(updates, QStringLiteral("update")); !r.ok())
        return r.error();
    return int(inserts.size() + updates.size());
}

Result<QString> CentralAdmin::issueCode(const QString& siteCode, const QString& teamCode, int hours)
{
    const auto site = siteByCode(siteCode);
    if (!site)
        return Error::invalid(QStringLiteral("site"), tr("There is no site %1.").arg(siteCode));
    QString teamId;
    if (!teamCode.isEmpty()) {
        const auto team = siteByCode(teamCode);
        if (!team || team->kind != SiteKind::Team || team->parentId != site->stamp.id)
            return Error::invalid(QStringLiteral("team"), tr("%1 is not a mobile team of site %2.").arg(teamCode, siteCode));
        teamId = team->stamp.id;
    }
    if (hours < 1 || hours > 24 * 30)
        return Error::invalid(QStringLiteral("hours"), tr("A code is valid for 1 hour to 30 days."));
    DeviceRegistry registry(m_db, m_clock);
    return registry.issueCode(site->stamp.id, teamId, hours);
}

Result<QString> CentralAdmin::issueDeviceCode(const QString& deviceId, int hours)
{
    DeviceRegistry registry(m_db, m_clock);
    const auto device = registry.record(deviceId.trimmed());
    QList<FieldError> errors;
    if (!device) {
        errors << FieldError{QStringLiteral("device"),
            tr("There is no device %1: copy its id from 'vaxcentral admin device list' (or from the refusal the device shows).").arg(deviceId)};
    } else if (device->refusal().isEmpty()) {
        errors << FieldError{QStringLiteral("device"),
            tr("Device %1 (%2) is not refused, nor was it seen on another computer: it syncs as it is and needs no code. To move it "
               "to another computer, revoke it first (vaxcentral admin device revoke %1).")
                .arg(device->id, device->name)};
    }
    if (hours < 1 || hours > 24 * 30)
        errors << FieldError{QStringLiteral("hours"), tr("A code is valid for 1 hour to 30 days.")};
    if (!errors.isEmpty())
        return Error::invalid(errors);
    return registry.issueCode(device->siteId, device->teamId, hours, device->id);
}

QJsonArray CentralAdmin::devices()
{
    QJsonArray out;
    auto q = m_db.query(QStringLiteral("SELECT id, site_id, team_id, name, enrolled_at, revoked_at, clock_ahead_at, last_seen_at, "
                                       "revoked_reason, other_install_at, reenrolled_at, last_seq FROM device ORDER BY enrolled_at"));
    if (!q.ok())
        return out;
    while (q.value()->next()) {
        QJsonObject d;
        const char* names[] = {"id", "site_id", "team_id", "name", "enrolled_at", "revoked_at", "clock_ahead_at", "last_seen_at",
            "revoked_reason", "other_install_at", "reenrolled_at"};
        for (int i = 0; i < 11; ++i) {
            if (!q.value()->value(i).isNull())
                d.insert(QLatin1String(names[i]), q.value()->value(i).toString());
        }
        d.insert(QStringLiteral("last_seq"), q.value()->value(11).toLongLong());
        DeviceRecord record;
        record.revokedAt = d.value(QStringLiteral("revoked_at")).toString();
        record.revokedReason = d.value(QStringLiteral("revoked_reason")).toString();
        record.otherInstallAt = d.value(QStringLiteral("other_install_at")).toString();
        if (const QString why = record.refusal(); !why.isEmpty())
            d.insert(QStringLiteral("refused"), why);
        out.append(d);
    }
    q.value()->finish();
    return out;
}

QJsonArray CentralAdmin::reviewItems(const QString& siteCode)
{
    QJsonArray out;
    const QString siteId = siteCode.isEmpty() ? QString() : Site::idFor(siteCode);
    auto q = m_db.query(QStringLiteral("SELECT id, kind, site_id, entity, record_id, other_id, field, kept_value, lost_value, created_at "
                                       "FROM review_item WHERE resolved_at IS NULL AND (? = '' OR site_id = ?) ORDER BY created_at"),
        {siteId, siteId});
    if (!q.ok())
        return out;
    while (q.value()->next()) {
        QJsonObject r;
        const char* names[] = {"id", "kind", "site_id", "entity", "record_id", "other_id", "field", "kept_value", "lost_value", "created_at"};
        for (int i = 0; i < 10; ++i) {
            if (!q.value()->value(i).isNull())
                r.insert(QLatin1String(names[i]), q.value()->value(i).toString());
        }
        out.append(r);
    }
    q.value()->finish();
    return out;
}

} // namespace vax::server

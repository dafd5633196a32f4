#include "DeviceRegistry.h"

#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/common/Uuid.h"
#include "server/CentralDatabase.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace vax::server {

namespace {

QString randomText(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), bytes);
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// Codes are read aloud and typed: no 0/O, 1/I/L.
QString readableCode()
{
    static const QLatin1String alphabet("ACDEFGHJKMNPQRTUVWXY34679");
    QByteArray raw(10, Qt::Uninitialized);
    RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), int(raw.size()));
    QString code;
    for (int i = 0; i < raw.size(); ++i) {
        if (i == 5)
            code += QLatin1Char('-');
        code += alphabet[quint8(raw[i]) % alphabet.size()];
    }
    return code;
}

QString normalizeCode(const QString& code)
{
    QString c = code.trimmed().toUpper();
    c.remove(QLatin1Char(' '));
    if (c.size() == 10)
        c.insert(5, QLatin1Char('-'));
    return c;
}

} // namespace

DeviceRegistry::DeviceRegistry(CentralDatabase& db, const Clock& clock)
    : m_db(db)
    , m_clock(clock)
{
}

QString DeviceRegistry::siteName(const QString& siteId)
{
    const QJsonObject site = QJsonDocument::fromJson(
        m_db.scalar(QStringLiteral("SELECT data FROM record_state WHERE entity = 'site' AND id = ?"), {siteId}).toString().toUtf8())
                                 .object();
    if (site.isEmpty())
        return tr("an unknown site (%1)").arg(siteId.isEmpty() ? tr("none") : siteId);
    return QStringLiteral("%1 %2").arg(site.value(QStringLiteral("code")).toString(), site.value(QStringLiteral("name")).toString());
}

QString DeviceRegistry::hash(const QString& secret)
{
    return QString::fromLatin1(QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256).toHex());
}

Result<QString> DeviceRegistry::issueCode(const QString& siteId, const QString& teamId, int hours)
{
    const QString code = readableCode();
    const QDateTime now = m_clock.now();
    auto q = m_db.query(QStringLiteral("INSERT INTO enrol_code (code_hash, site_id, team_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)"),
        {hash(code), siteId, teamId.isEmpty() ? QVariant() : QVariant(teamId), toIsoWithOffset(now), now.addSecs(qint64(hours) * 3600).toUTC().toString(Qt::ISODate)});
    if (!q.ok())
        return q.error();
    return code;
}

Result<Enrolment> DeviceRegistry::enrol(const QString& rawCode, const QString& deviceId, const QString& installId, const QString& name,
    const QString& publicKey, const QString& siteId, const QString& teamId)
{
    if (!Uuid::isValid(deviceId))
        return Error::invalid(QStringLiteral("device_id"), tr("The device id is not a UUID."));
    if (installId.size() < 16)
        return Error::invalid(QStringLiteral("install_id"), tr("The install id is missing."));
    const QString code = normalizeCode(rawCode);
    CentralTransaction txn(m_db);
    if (auto r = txn.begin(); !r.ok())
        return r.error();
    auto q = m_db.query(QStringLiteral("SELECT site_id, team_id, expires_at, used_at, used_by FROM enrol_code WHERE code_hash = ?"), {hash(code)});
    if (!q.ok())
        return q.error();
    if (!q.value()->next()) {
        q.value()->finish();
        return Error(ErrorCode::Forbidden, tr("Enrolment code %1 is not known: check it, or ask the district for a new one.").arg(code));
    }
    Enrolment e;
    e.siteId = q.value()->value(0).toString();
    e.teamId = q.value()->value(1).toString();
    const QDateTime expires = QDateTime::fromString(q.value()->value(2).toString(), Qt::ISODate);
    const bool used = !q.value()->value(3).isNull();
    const QString usedBy = q.value()->value(4).toString();
    q.value()->finish();
    if (used && usedBy == deviceId) {
        // The same device asking again with its code: central's answer never reached it (a cut
        // connection, a client that gave up). It gets a new secret; the old one, which nobody
        // holds, is gone. Only from the computer it enrolled from.
        auto d = m_db.query(QStringLiteral("SELECT install_id, revoked_at FROM device WHERE id = ?"), {deviceId});
        if (!d.ok())
            return d.error();
        const bool known = d.value()->next();
        const QString install = known ? d.value()->value(0).toString() : QString();
        const bool revoked = known && !d.value()->value(1).isNull();
        d.value()->finish();
        if (known && !revoked && install == installId) {
            e.deviceId = deviceId;
            e.secret = randomText(32);
            auto rotate = m_db.query(QStringLiteral("UPDATE device SET secret_hash = ?, public_key = ?, name = ? WHERE id = ?"),
                {hash(e.secret), publicKey.isEmpty() ? QVariant() : QVariant(publicKey), name.isEmpty() ? deviceId : name, deviceId});
            if (!rotate.ok())
                return rotate.error();
            if (auto r = txn.commit(); !r.ok())
                return r.error();
            return e;
        }
    }
    if (used)
        return Error(ErrorCode::Forbidden, tr("Enrolment code %1 was already used: each code enrols one device. Ask for a new one.").arg(code));
    if (expires < m_clock.now())
        return Error(ErrorCode::Forbidden, tr("Enrolment code %1 expired: ask the district for a new one.").arg(code));
    if (siteId != e.siteId || teamId != e.teamId) {
        const QString wanted = siteName(e.teamId.isEmpty() ? e.siteId : e.teamId);
        const QString have = siteName(teamId.isEmpty() ? siteId : teamId);
        return Error::invalid(QStringLiteral("code"),
            tr("Enrolment code %1 is for %2, but this database is for %3: use the code made for %3, or create the database "
               "for %2 (vaxctl init --site … [--team …]). The code was not used up.")
                .arg(code, wanted, have));
    }
    if (m_db.scalar(QStringLiteral("SELECT count(*) FROM device WHERE id = ?"), {deviceId}).toInt() > 0)
        return Error(ErrorCode::Conflict, tr("This device is already enrolled: a copied database cannot enrol again. Make a new one."));

    e.deviceId = deviceId;
    e.secret = randomText(32);
    const QString now = toIsoWithOffset(m_clock.now());
    auto insert = m_db.query(QStringLiteral("INSERT INTO device (id, site_id, team_id, name, secret_hash, install_id, public_key, enrolled_at) "
                                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        {deviceId, e.siteId, e.teamId.isEmpty() ? QVariant() : QVariant(e.teamId), name.isEmpty() ? deviceId : name, hash(e.secret),
            installId, publicKey.isEmpty() ? QVariant() : QVariant(publicKey), now});
    if (!insert.ok())
        return insert.error();
    auto use = m_db.query(QStringLiteral("UPDATE enrol_code SET used_at = ?, used_by = ? WHERE code_hash = ?"), {now, deviceId, hash(code)});
    if (!use.ok())
        return use.error();
    if (auto r = txn.commit(); !r.ok())
        return r.error();
    return e;
}

Result<DeviceContext> DeviceRegistry::authenticate(const QByteArray& authorization, const QByteArray& installId)
{
    const Error unauthorized(ErrorCode::Forbidden, tr("This device's credential is not valid: enrol it again."));
    if (!authorization.startsWith("Bearer "))
        return unauthorized;
    const QByteArray token = authorization.mid(7).trimmed();
    const qsizetype dot = token.indexOf('.');
    if (dot <= 0)
        return unauthorized;
    const QString deviceId = QString::fromLatin1(token.left(dot));
    const QString secretHash = hash(QString::fromLatin1(token.mid(dot + 1)));
    auto q = m_db.query(QStringLiteral("SELECT site_id, team_id, secret_hash, install_id, revoked_at, revoked_reason FROM device WHERE id = ?"),
        {deviceId});
    if (!q.ok())
        return q.error();
    if (!q.value()->next()) {
        q.value()->finish();
        return unauthorized;
    }
    DeviceContext d;
    d.deviceId = deviceId;
    d.siteId = q.value()->value(0).toString();
    d.teamId = q.value()->value(1).toString();
    const QByteArray stored = q.value()->value(2).toString().toLatin1();
    const QString install = q.value()->value(3).toString();
    const bool revoked = !q.value()->value(4).isNull();
    const bool cloned = q.value()->value(5).toString() == QLatin1String("cloned");
    q.value()->finish();
    const QByteArray given = secretHash.toLatin1();
    if (stored.size() != given.size() || CRYPTO_memcmp(stored.constData(), given.constData(), size_t(given.size())) != 0)
        return unauthorized;
    if (cloned) {
        return Error(ErrorCode::Conflict,
            tr("Two copies of this device's database were found in use, so central refuses both: keep the right one, "
               "and have the district enrol it again as a new device."));
    }
    if (revoked)
        return Error(ErrorCode::Forbidden, tr("This device was revoked by the district: it may not sync. Ask them to enrol it again."));
    if (QString::fromLatin1(installId) != install) {
        return Error(ErrorCode::Conflict,
            tr("This device's database is being used on another computer than the one it was enrolled on: "
               "a copied database may not sync. Enrol the copy as a new device."));
    }
    return d;
}

Result<void> DeviceRegistry::revoke(const QString& deviceId)
{
    auto q = m_db.query(QStringLiteral("UPDATE device SET revoked_at = ? WHERE id = ?"), {toIsoWithOffset(m_clock.now()), deviceId});
    if (!q.ok())
        return q.error();
    if (q.value()->numRowsAffected() == 0)
        return Error(ErrorCode::NotFound, tr("There is no device %1.").arg(deviceId));
    return {};
}

Result<void> DeviceRegistry::markCloned(const QString& deviceId)
{
    auto q = m_db.query(QStringLiteral("UPDATE device SET revoked_at = ?, revoked_reason = 'cloned' WHERE id = ?"),
        {toIsoWithOffset(m_clock.now()), deviceId});
    if (!q.ok())
        return q.error();
    return {};
}

QString DeviceRegistry::publicKey(const QString& deviceId)
{
    return m_db.scalar(QStringLiteral("SELECT public_key FROM device WHERE id = ?"), {deviceId}).toString();
}

std::optional<DeviceContext> DeviceRegistry::device(const QString& deviceId)
{
    auto q = m_db.query(QStringLiteral("SELECT site_id, team_id FROM device WHERE id = ? AND revoked_at IS NULL"), {deviceId});
    if (!q.ok() || !q.value()->next())
        return std::nullopt;
    DeviceContext d{deviceId, q.value()->value(0).toString(), q.value()->value(1).toString(), false};
    q.value()->finish();
    return d;
}

} // namespace vax::server

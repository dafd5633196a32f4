#include "DeviceRegistry.h"

#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/common/Uuid.h"
#include "server/CentralDatabase.h"

#include <QCryptographicHash>
#include <QHash>
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

QString DeviceRecord::refusal() const
{
    if (!revokedAt.isEmpty())
        return revokedReason == QLatin1String("cloned") ? QStringLiteral("cloned") : QStringLiteral("revoked");
    if (!otherInstallAt.isEmpty())
        return QStringLiteral("other_computer");
    return {};
}

Result<QString> DeviceRegistry::issueCode(const QString& siteId, const QString& teamId, int hours, const QString& deviceId)
{
    const QString code = readableCode();
    const QDateTime now = m_clock.now();
    CentralTransaction txn(m_db);
    if (auto r = txn.begin(); !r.ok())
        return r.error();
    if (!deviceId.isEmpty()) {
        // One code per device at a time: a lost one is replaced, and no other copy of the
        // database can enrol with an older one.
        if (auto r = m_db.query(QStringLiteral("DELETE FROM enrol_code WHERE device_id = ? AND used_at IS NULL"), {deviceId}); !r.ok())
            return r.error();
    }
    auto q = m_db.query(QStringLiteral("INSERT INTO enrol_code (code_hash, site_id, team_id, created_at, expires_at, device_id) VALUES (?, ?, ?, ?, ?, ?)"),
        {hash(code), siteId, teamId.isEmpty() ? QVariant() : QVariant(teamId), toIsoWithOffset(now),
            now.addSecs(qint64(hours) * 3600).toUTC().toString(Qt::ISODate), deviceId.isEmpty() ? QVariant() : QVariant(deviceId)});
    if (!q.ok())
        return q.error();
    if (auto r = txn.commit(); !r.ok())
        return r.error();
    return code;
}

Result<QString> DeviceRegistry::newSecret(const EnrolRequest& r)
{
    const QString secret = randomText(32);
    // A known device asking without a name keeps the one it has.
    auto q = m_db.query(QStringLiteral("UPDATE device SET secret_hash = ?, public_key = ?, install_id = ?, name = coalesce(?, name), "
                                       "credential_used_at = NULL WHERE id = ?"),
        {hash(secret), r.publicKey.isEmpty() ? QVariant() : QVariant(r.publicKey), r.installId,
            r.name.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(r.name), r.deviceId});
    if (!q.ok())
        return q.error();
    return secret;
}

Result<void> DeviceRegistry::resumePoint(const EnrolRequest& r, Enrolment& e)
{
    const qint64 held = std::max(m_db.scalar(QStringLiteral("SELECT last_seq FROM device WHERE id = ?"), {r.deviceId}).toLongLong(),
        m_db.scalar(QStringLiteral("SELECT coalesce(max(device_seq), 0) FROM change_feed WHERE device_id = ?"), {r.deviceId}).toLongLong());
    // What central holds of this device from `after` on, the device lacks: it gets it back.
    auto echoFrom = [&](qint64 after) -> Result<void> {
        if (auto u = m_db.query(QStringLiteral("UPDATE device SET echo_after = ?, echo_through = ? WHERE id = ?"), {after, held, r.deviceId}); !u.ok())
            return u.error();
        const QVariant first = m_db.scalar(QStringLiteral("SELECT min(gseq) FROM change_feed WHERE device_id = ? AND device_seq > ? AND device_seq <= ?"),
            {r.deviceId, after, held});
        e.pullFrom = first.isNull() ? -1 : first.toLongLong() - 1;
        return {};
    };
    if (auto u = m_db.query(QStringLiteral("UPDATE device SET echo_after = 0, echo_through = 0 WHERE id = ?"), {r.deviceId}); !u.ok())
        return u.error();
    if (held == 0)
        return {};
    if (!r.log.isEmpty() && r.log.first().first <= held) {
        auto q = m_db.query(QStringLiteral("SELECT device_seq, id FROM change_feed WHERE device_id = ? AND device_seq >= ? AND device_seq <= ?"),
            {r.deviceId, r.log.first().first, held});
        if (!q.ok())
            return q.error();
        QHash<qint64, QString> central;
        while (q.value()->next())
            central.insert(q.value()->value(0).toLongLong(), q.value()->value(1).toString());
        q.value()->finish();
        for (const auto& [seq, id] : r.log) {
            if (seq > held)
                break;
            if (const auto it = central.constFind(seq); it != central.constEnd() && *it != id) {
                e.moveFrom = seq;
                e.moveAfter = held;
                return echoFrom(seq - 1);  // another copy's changes, from the first that differs
            }
        }
    }
    if (r.lastSeq == 0 && r.log.isEmpty()) {
        // An empty log (a backup from before the device's first change): nothing to move, but
        // its first change takes the seq after central's, and it gets all of its work back.
        e.moveFrom = 1;
        e.moveAfter = held;
        return echoFrom(0);
    }
    if (r.lastSeq < held) {
        // Nothing in the log clashes, but its next change would take a seq under which central
        // holds another copy's: the last change (central has it) moves after them, and the
        // next ones follow it.
        e.moveFrom = r.lastSeq;
        e.moveAfter = held;
        return echoFrom(r.lastSeq);  // restored from a backup, or the other copy's changes
    }
    return {};
}

Result<Enrolment> DeviceRegistry::enrol(const EnrolRequest& r)
{
    if (!Uuid::isValid(r.deviceId))
        return Error::invalid(QStringLiteral("device_id"), tr("The device id is not a UUID."));
    if (r.installId.size() < 16)
        return Error::invalid(QStringLiteral("install_id"), tr("The install id is missing."));
    const QString code = normalizeCode(r.code);
    CentralTransaction txn(m_db);
    if (auto b = txn.begin(); !b.ok())
        return b.error();
    auto q = m_db.query(QStringLiteral("SELECT site_id, team_id, expires_at, used_at, used_by, device_id FROM enrol_code WHERE code_hash = ?"),
        {hash(code)});
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
    const QString boundTo = q.value()->value(5).toString();
    q.value()->finish();
    if (!boundTo.isEmpty() && boundTo != r.deviceId) {
        return Error::invalid(QStringLiteral("code"),
            tr("Enrolment code %1 is for enrolling device %2 again, but this database is device %3: use the code on that device, or ask "
               "the district for a code for this one. The code was not used up.")
                .arg(code, boundTo, r.deviceId));
    }
    auto d = m_db.query(QStringLiteral("SELECT install_id, revoked_at, credential_used_at FROM device WHERE id = ?"), {r.deviceId});
    if (!d.ok())
        return d.error();
    const bool known = d.value()->next();
    const QString install = known ? d.value()->value(0).toString() : QString();
    const bool revoked = known && !d.value()->value(1).isNull();
    const bool credentialUsed = known && !d.value()->value(2).isNull();
    d.value()->finish();
    e.deviceId = r.deviceId;
    e.again = !boundTo.isEmpty();

    if (used && usedBy == r.deviceId && known && !revoked && install == r.installId && !credentialUsed) {
        // The same device asking again with its code: central's answer never reached it (a cut
        // connection, a client that gave up). It gets a new secret; the old one, never used, is
        // gone. Only from the computer it enrolled from, and only until it uses its credential.
        auto secret = newSecret(r);
        if (!secret.ok())
            return secret.error();
        e.secret = secret.value();
        if (e.again) {
            if (auto p = resumePoint(r, e); !p.ok())
                return p.error();
        }
        if (auto c = txn.commit(); !c.ok())
            return c.error();
        return e;
    }
    if (used)
        return Error(ErrorCode::Forbidden, tr("Enrolment code %1 was already used: each code enrols one device once. Ask for a new one.").arg(code));
    if (expires < m_clock.now())
        return Error(ErrorCode::Forbidden, tr("Enrolment code %1 expired: ask the district for a new one.").arg(code));
    if (r.siteId != e.siteId || r.teamId != e.teamId) {
        const QString wanted = siteName(e.teamId.isEmpty() ? e.siteId : e.teamId);
        const QString have = siteName(r.teamId.isEmpty() ? r.siteId : r.teamId);
        return Error::invalid(QStringLiteral("code"),
            tr("Enrolment code %1 is for %2, but this database is for %3: use the code made for %3, or create the database "
               "for %2 (vaxctl init --site … [--team …]). The code was not used up.")
                .arg(code, wanted, have));
    }
    if (known && !e.again) {
        return Error(ErrorCode::Conflict,
            tr("This device (%1) is already enrolled: a site's code cannot enrol it again. If central refuses it, ask the district "
               "for a code for this device (vaxcentral admin enrol-code --device %1). The code was not used up.")
                .arg(r.deviceId));
    }
    if (!known && e.again)
        return Error(ErrorCode::Forbidden, tr("Enrolment code %1 is for device %2, which central does not know: ask for a new code.").arg(code, r.deviceId));

    const QString now = toIsoWithOffset(m_clock.now());
    if (e.again) {
        // The secret it had goes on record, so the copy still holding it is told why it is refused.
        const QString old = m_db.scalar(QStringLiteral("SELECT secret_hash FROM device WHERE id = ?"), {r.deviceId}).toString();
        if (auto k = m_db.query(QStringLiteral("INSERT INTO retired_secret (secret_hash, device_id, retired_at) VALUES (?, ?, ?)"),
                {old, r.deviceId, now});
            !k.ok())
            return k.error();
        auto secret = newSecret(r);
        if (!secret.ok())
            return secret.error();
        e.secret = secret.value();
        if (auto u = m_db.query(QStringLiteral("UPDATE device SET revoked_at = NULL, revoked_reason = NULL, other_install_at = NULL, "
                                               "reenrolled_at = ? WHERE id = ?"),
                {now, r.deviceId});
            !u.ok())
            return u.error();
        if (auto p = resumePoint(r, e); !p.ok())
            return p.error();
    } else {
        e.secret = randomText(32);
        auto insert = m_db.query(QStringLiteral("INSERT INTO device (id, site_id, team_id, name, secret_hash, install_id, public_key, enrolled_at) "
                                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
            {r.deviceId, e.siteId, e.teamId.isEmpty() ? QVariant() : QVariant(e.teamId), r.name.isEmpty() ? r.deviceId : r.name,
                hash(e.secret), r.installId, r.publicKey.isEmpty() ? QVariant() : QVariant(r.publicKey), now});
        if (!insert.ok())
            return insert.error();
    }
    auto use = m_db.query(QStringLiteral("UPDATE enrol_code SET used_at = ?, used_by = ? WHERE code_hash = ?"), {now, r.deviceId, hash(code)});
    if (!use.ok())
        return use.error();
    if (auto c = txn.commit(); !c.ok())
        return c.error();
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
    auto q = m_db.query(QStringLiteral("SELECT site_id, team_id, secret_hash, install_id, revoked_at, revoked_reason, credential_used_at, "
                                       "echo_after, echo_through, last_seq FROM device WHERE id = ?"),
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
    const bool credentialUsed = !q.value()->value(6).isNull();
    d.echoAfter = q.value()->value(7).toLongLong();
    d.echoThrough = q.value()->value(8).toLongLong();
    d.lastSeq = q.value()->value(9).toLongLong();
    q.value()->finish();
    const QByteArray given = secretHash.toLatin1();
    if (stored.size() != given.size() || CRYPTO_memcmp(stored.constData(), given.constData(), size_t(given.size())) != 0) {
        const QString retiredAt = m_db.scalar(QStringLiteral("SELECT retired_at FROM retired_secret WHERE secret_hash = ? AND device_id = ?"),
                                          {secretHash, deviceId})
                                      .toString();
        if (retiredAt.isEmpty())
            return unauthorized;
        return Error(ErrorCode::Conflict,
            tr("Another copy of this device's database was enrolled again on %1 and goes on as this device: this copy may not "
               "sync any more. Use the copy that was enrolled again; what was recorded only on this copy stays here and does not "
               "reach central.")
                .arg(dayText(fromIsoWithOffset(retiredAt).date())));
    }
    const QString enrolAgain = tr("ask the district for a code for this device (vaxcentral admin enrol-code --device %1) and enrol "
                                  "it with that code: what waits to be sent is kept")
                                   .arg(deviceId);
    if (cloned) {
        return Error(ErrorCode::Conflict,
            tr("Two copies of this device's database were found in use (or it was restored from a backup), so central refuses "
               "both. Keep the right one: %1, and the other copy stays refused. The copy enrolled again gets back what central holds "
               "of this device and it lacks.")
                .arg(enrolAgain));
    }
    if (revoked)
        return Error(ErrorCode::Forbidden, tr("This device was revoked by the district: it may not sync. To use it again, %1.").arg(enrolAgain));
    if (QString::fromLatin1(installId) != install) {
        if (auto u = m_db.query(QStringLiteral("UPDATE device SET other_install_at = ? WHERE id = ?"), {toIsoWithOffset(m_clock.now()), deviceId});
            !u.ok())
            return u.error();
        return Error(ErrorCode::Conflict,
            tr("This device's database is being used on another computer than the one it was enrolled on (a reinstalled or "
               "replaced laptop, a restored backup, or a copy): it may not sync from here. To go on from this computer, %1; "
               "the database on the other computer then stops syncing.")
                .arg(enrolAgain));
    }
    if (!credentialUsed) {
        // From now on the code that gave this credential cannot give another (see enrol()).
        if (auto u = m_db.query(QStringLiteral("UPDATE device SET credential_used_at = ? WHERE id = ?"), {toIsoWithOffset(m_clock.now()), deviceId});
            !u.ok())
            return u.error();
    }
    return d;
}

Result<void> DeviceRegistry::revoke(const QString& deviceId)
{
    auto q = m_db.query(QStringLiteral("UPDATE device SET revoked_at = ?, revoked_reason = 'revoked' WHERE id = ?"),
        {toIsoWithOffset(m_clock.now()), deviceId});
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

std::optional<DeviceRecord> DeviceRegistry::record(const QString& deviceId)
{
    auto q = m_db.query(QStringLiteral("SELECT site_id, team_id, name, revoked_at, revoked_reason, other_install_at FROM device WHERE id = ?"),
        {deviceId});
    if (!q.ok())
        return std::nullopt;
    if (!q.value()->next()) {
        q.value()->finish();
        return std::nullopt;
    }
    DeviceRecord d;
    d.id = deviceId;
    d.siteId = q.value()->value(0).toString();
    d.teamId = q.value()->value(1).toString();
    d.name = q.value()->value(2).toString();
    d.revokedAt = q.value()->value(3).toString();
    d.revokedReason = q.value()->value(4).toString();
    d.otherInstallAt = q.value()->value(5).toString();
    q.value()->finish();
    return d;
}

} // namespace vax::server

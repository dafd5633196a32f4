#include "AuditChain.h"

#include "db/Connection.h"
#include "db/Statement.h"

#include <QCoreApplication>

#include <memory>

#include <openssl/evp.h>
#include <openssl/sha.h>

namespace vax::db {

namespace {

const QString kGenesis(64, QLatin1Char('0'));

} // namespace

AuditChain::AuditChain(Connection& connection)
    : m_connection(connection)
{
}

namespace {

// OpenSSL's SHA-256 (hardware-accelerated where the CPU has it): two per record written. Its
// implementation is looked up once, and each thread keeps its context: SHA256() does both on
// every call, which costs more than hashing a record.
QString sha256Hex(const QByteArray& data)
{
    static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    unsigned char out[SHA256_DIGEST_LENGTH];
    unsigned int size = 0;
    if (!sha256 || !context || EVP_DigestInit_ex(context.get(), sha256, nullptr) != 1
        || EVP_DigestUpdate(context.get(), data.constData(), size_t(data.size())) != 1
        || EVP_DigestFinal_ex(context.get(), out, &size) != 1) {
        SHA256(reinterpret_cast<const unsigned char*>(data.constData()), size_t(data.size()), out);
    }
    return QString::fromLatin1(QByteArray::fromRawData(reinterpret_cast<const char*>(out), SHA256_DIGEST_LENGTH).toHex());
}

} // namespace

QString AuditChain::digest(const QByteArray& canonicalJson)
{
    return sha256Hex(canonicalJson);
}

QString AuditChain::chainHash(const AuditEntry& e)
{
    const QChar sep(0x1f);
    const QString text = e.prevHash + sep + QString::number(e.seq) + sep + e.at + sep + e.deviceId + sep
        + e.userId + sep + e.action + sep + e.entity + sep + e.recordId + sep + e.digest + sep + e.detail;
    return sha256Hex(text.toUtf8());
}

Result<void> AuditChain::append(AuditEntry& e)
{
    if (!m_headKnown) {
        Statement& head = m_connection.statement(QStringLiteral("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
        if (head.step()) {
            m_headSeq = head.integer(0);
            m_headHash = head.text(1);
        } else if (head.ok()) {
            m_headSeq = 0;
            m_headHash = kGenesis;
        } else {
            const Error e = m_connection.statementError(head);
            head.reset();
            return e;
        }
        head.reset();
        m_headKnown = true;
    }
    e.seq = m_headSeq + 1;
    e.prevHash = m_headHash;
    e.hash = chainHash(e);

    Statement& s = m_connection.statement(QStringLiteral(
        "INSERT INTO audit_log (seq, at, device_id, user_id, action, entity, record_id, digest, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    auto orNull = [](const QString& v) { return v.isEmpty() ? QString() : v; };
    s.bind(0, e.seq)
        .bind(1, e.at)
        .bind(2, e.deviceId)
        .bind(3, orNull(e.userId))
        .bind(4, e.action)
        .bind(5, orNull(e.entity))
        .bind(6, orNull(e.recordId))
        .bind(7, orNull(e.digest))
        .bind(8, orNull(e.detail))
        .bind(9, e.prevHash)
        .bind(10, e.hash);
    if (!s.exec()) {
        m_headKnown = false;
        return m_connection.statementError(s);
    }
    m_headSeq = e.seq;
    m_headHash = e.hash;
    return {};
}

QStringList AuditChain::verify(qint64* entries)
{
    QStringList problems;
    QSqlQuery q(m_connection.database());
    q.setForwardOnly(true);
    q.exec(QStringLiteral("SELECT seq, at, device_id, user_id, action, entity, record_id, digest, detail, prev_hash, hash "
                          "FROM audit_log ORDER BY seq"));
    QString expectedPrev = kGenesis;
    qint64 expectedSeq = 1;
    qint64 count = 0;
    while (q.next()) {
        AuditEntry e;
        e.seq = q.value(0).toLongLong();
        e.at = q.value(1).toString();
        e.deviceId = q.value(2).toString();
        e.userId = q.value(3).toString();
        e.action = q.value(4).toString();
        e.entity = q.value(5).toString();
        e.recordId = q.value(6).toString();
        e.digest = q.value(7).toString();
        e.detail = q.value(8).toString();
        e.prevHash = q.value(9).toString();
        e.hash = q.value(10).toString();
        ++count;
        if (e.seq != expectedSeq) {
            problems << QCoreApplication::translate("Database", "Audit log: entry %1 is missing (the next one is %2).")
                            .arg(expectedSeq)
                            .arg(e.seq);
        }
        if (e.prevHash != expectedPrev)
            problems << QCoreApplication::translate("Database", "Audit log: entry %1 does not follow the entry before it.").arg(e.seq);
        if (chainHash(e) != e.hash)
            problems << QCoreApplication::translate("Database", "Audit log: entry %1 was changed after it was written.").arg(e.seq);
        expectedPrev = e.hash;
        expectedSeq = e.seq + 1;
        if (problems.size() > 50)
            break;
    }
    if (entries)
        *entries = count;
    return problems;
}

} // namespace vax::db

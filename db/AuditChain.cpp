#include "AuditChain.h"

#include "db/Connection.h"

#include <QCoreApplication>
#include <QCryptographicHash>

namespace vax::db {

namespace {

const QString kGenesis(64, QLatin1Char('0'));

} // namespace

AuditChain::AuditChain(Connection& connection)
    : m_connection(connection)
{
}

QString AuditChain::digest(const QByteArray& canonicalJson)
{
    return QString::fromLatin1(QCryptographicHash::hash(canonicalJson, QCryptographicHash::Sha256).toHex());
}

QString AuditChain::chainHash(const AuditEntry& e)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    const QChar sep(0x1f);
    const QString text = e.prevHash + sep + QString::number(e.seq) + sep + e.at + sep + e.deviceId + sep
        + e.userId + sep + e.action + sep + e.entity + sep + e.recordId + sep + e.digest + sep + e.detail;
    h.addData(text.toUtf8());
    return QString::fromLatin1(h.result().toHex());
}

Result<void> AuditChain::append(AuditEntry& e)
{
    if (!m_headKnown) {
        QSqlQuery& head = m_connection.prepared(QStringLiteral("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
        if (!head.exec())
            return m_connection.storageError(head);
        if (head.next()) {
            m_headSeq = head.value(0).toLongLong();
            m_headHash = head.value(1).toString();
        } else {
            m_headSeq = 0;
            m_headHash = kGenesis;
        }
        head.finish();
        m_headKnown = true;
    }
    e.seq = m_headSeq + 1;
    e.prevHash = m_headHash;
    e.hash = chainHash(e);

    QSqlQuery& q = m_connection.prepared(QStringLiteral(
        "INSERT INTO audit_log (seq, at, device_id, user_id, action, entity, record_id, digest, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    const QVariantList values{e.seq, e.at, e.deviceId, e.userId.isEmpty() ? QVariant() : QVariant(e.userId),
        e.action, e.entity.isEmpty() ? QVariant() : QVariant(e.entity),
        e.recordId.isEmpty() ? QVariant() : QVariant(e.recordId),
        e.digest.isEmpty() ? QVariant() : QVariant(e.digest),
        e.detail.isEmpty() ? QVariant() : QVariant(e.detail), e.prevHash, e.hash};
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values[i]);
    if (auto r = m_connection.run(q); !r.ok()) {
        m_headKnown = false;
        return r;
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

#pragma once

#include "app/common/Result.h"

#include <QString>
#include <QStringList>

namespace vax::db {

class Connection;

struct AuditEntry {
    qint64 seq = 0;
    QString at;
    QString deviceId;
    QString userId;
    QString action;    // insert, update, import, login, login_failed, …
    QString entity;
    QString recordId;
    QString digest;    // SHA-256 of the record's canonical JSON as written
    QString detail;
    QString prevHash;
    QString hash;
};

// The append-only, hash-chained audit trail (DESIGN.md "Trust"): each entry's hash covers its
// own fields and the previous entry's hash, so editing, deleting or inserting an entry
// anywhere breaks every hash after it.
class AuditChain
{
public:
    explicit AuditChain(Connection& connection);

    static QString digest(const QByteArray& canonicalJson);
    static QString chainHash(const AuditEntry& entry);

    // Appends inside the caller's transaction; fills seq, prevHash and hash.
    Result<void> append(AuditEntry& entry);
    // Forget the cached chain head (after a rollback, or when another connection may have written).
    void reset() { m_headKnown = false; }

    // Walks the whole chain; one line per break found.
    QStringList verify(qint64* entries = nullptr);

private:
    Connection& m_connection;
    bool m_headKnown = false;
    qint64 m_headSeq = 0;
    QString m_headHash;
};

} // namespace vax::db

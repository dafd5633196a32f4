#pragma once

#include "app/store/RecordWriter.h"
#include "db/EntitySpec.h"
#include "db/RowWriter.h"

#include <QDateTime>

namespace vax {
class Clock;
class HlcClock;
struct SiteIdentity;
}

namespace vax::db {

class AuditChain;
class Connection;

struct WriteContext {
    Connection& connection;
    const SiteIdentity& identity;
    const Clock& clock;
    HlcClock& hlc;
    AuditChain& audit;
    QString userId;
};

// The one place records are written (inside a transaction the caller holds): the row, its
// change-log entry and its audit entry, or an error and — once the caller rolls back —
// nothing at all.
class WriteSession final : public RecordWriter
{
public:
    explicit WriteSession(WriteContext context);

    Result<QJsonObject> insert(Entity entity, QJsonObject record) override;
    Result<void> update(Entity entity, const QString& id, const QJsonObject& fields) override;

    // Reference data from central or a shipped file: inserted, or its differing fields set;
    // audited as "import", never queued for push.
    Result<void> importRecord(Entity entity, const QJsonObject& record, const QString& source);

private:
    const QString& now() const { return m_now; }
    Result<void> logChange(const EntitySpec& spec, const QString& recordId, const QString& op,
        const QByteArray& payload, const QString& hlc, const QJsonObject& base = {});
    Result<void> audit(const QString& action, const EntitySpec& spec, const QString& recordId,
        const QByteArray& payload, const QString& detail = {});

    WriteContext m_ctx;
    RowWriter m_rows;
    QDateTime m_time;  // one transaction, one moment: every record of it carries this time
    QString m_now;
};

} // namespace vax::db

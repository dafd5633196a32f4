#pragma once

#include "app/common/Hlc.h"
#include "app/store/SiteStore.h"
#include "db/RowWriter.h"

#include <QDateTime>
#include <QHash>
#include <QSet>

#include <optional>

namespace vax {
class Clock;
}

namespace vax::db {

class AuditChain;
class Connection;
class SyncTables;

struct RemoteApplyContext {
    Connection& connection;
    const SiteIdentity& identity;
    const Clock& clock;
    HlcClock& hlc;
    AuditChain& audit;
    SyncTables& sync;
    // A first pull without the person indexes (FirstPull): the page's people wait in
    // fts_pending for name search, which the pull's end builds at once.
    bool deferSearch = false;
};

// Applies a page of changes pulled from central to this site database
// (docs/sync-protocol.md "Pull" and "Merge"), inside a transaction the caller holds and
// commits or rolls back:
// - events are a set union by id: one already here is ignored;
// - a mutable record that is new here is inserted; one that is here merges per field by HLC
//   (vax::mergeField); a value that meets this device's unsent change of the same field is
//   counted as a conflict (central, which gets both, lists the loser for review);
// - every row inserted and every set of fields changed is audited as "apply"; nothing goes to
//   the change log (the changes are central's, not this device's);
// - every stamp is witnessed by the device's HLC, and the highest kept in meta "hlc_seen";
// - the pull cursor moves to the page's end.
// An invalid payload fails the whole page with an error naming the change.
class RemoteApply
{
public:
    explicit RemoteApply(RemoteApplyContext context);

    Result<ApplyReport> applyPage(const QList<RemoteChange>& changes, qint64 newCursor);

    // Whether the page held vaccine products (the caller's product cache is stale then).
    bool productsChanged() const { return m_productsChanged; }

private:
    // Which fields of one record this device changed and has not pushed yet.
    struct UnsentChange {
        bool wholeRecord = false;  // an unsent insert: every field is this device's
        QSet<QString> fields;
        bool touches(const QString& field) const { return wholeRecord || fields.contains(field); }
    };

    Result<void> applyOne(const RemoteChange& remote, ApplyReport& report);
    Result<void> insertNew(const EntitySpec& spec, const RemoteChange& remote, const QJsonObject& record, ApplyReport& report);
    Result<void> merge(const EntitySpec& spec, const RemoteChange& remote, const StoredRecord& stored,
        const QJsonObject& incoming, const QString& incomingHlc, ApplyReport& report);
    UnsentChange unsentChange(const EntitySpec& spec, const QString& recordId);
    Result<void> witness(const RemoteChange& remote, const QString& stamp);
    Result<void> audit(const EntitySpec& spec, const RemoteChange& remote, const QByteArray& payload);
    Error failure(const RemoteChange& remote, const QString& why, ErrorCode code = ErrorCode::Invalid) const;

    RemoteApplyContext m_ctx;
    RowWriter m_rows;
    QString m_now;
    qint64 m_pushedThrough = 0;
    QHash<QString, UnsentChange> m_unsent;  // by entity/record id; the change log does not move during a page
    std::optional<Hlc> m_highestSeen;
    bool m_productsChanged = false;
};

} // namespace vax::db

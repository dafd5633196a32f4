#pragma once

#include "app/store/SiteStore.h"

namespace vax {
class Clock;
}

namespace vax::db {

class Connection;

// The device's sync bookkeeping: the two cursors and the server in meta, central's
// rejections, the review list, the sync history.
class SyncTables
{
public:
    SyncTables(Connection& connection, const Clock& clock);

    SyncState state();
    Result<void> setEnrolment(const QString& serverUrl);
    Result<void> acknowledgePush(qint64 throughSeq, const QList<PushRejection>& rejected);
    Result<void> markSynced();
    QList<PushRejection> rejections();
    QList<ReviewItem> reviewItems(bool includeResolved);

    // Inside a caller's transaction.
    Result<void> setMeta(const QString& key, const QString& value);
    QString meta(const QString& key);
    Result<void> addReviewItem(const ReviewItem& item);

private:
    Connection& m_connection;
    const Clock& m_clock;
};

} // namespace vax::db

#pragma once

#include "app/common/Result.h"
#include "app/services/Session.h"
#include "app/store/SyncRepository.h"

#include <QCoreApplication>

namespace vax {

class Clock;
class RecordWriter;
class SiteStore;

// Settles central's review list for this site (DESIGN.md rules 4 and 5). Every answer is a
// correction that voids the item with the reason, written with whatever it changes in one
// transaction, and synced so every device of the site sees the item settled:
// - a field both sides changed: keep the merged value, or put the other one back (a new
//   change of the record, which wins everywhere because it is the newest);
// - one person registered twice: merge this site's record into the other (reversible: the
//   record keeps everything and only points to the one it was merged into), or say they are
//   two people;
// - a dose recorded twice: void this site's copy (it goes back to stock), or keep both;
// - a dose voided twice (its stock came back twice): take the extra dose out of stock again.
class ReviewService
{
    Q_DECLARE_TR_FUNCTIONS(ReviewService)

public:
    ReviewService(SiteStore& store, const Clock& clock);

    QList<ReviewItem> open();
    Result<void> keep(const Session& session, const QString& itemId, const QString& reason = {});
    Result<void> useOther(const Session& session, const QString& itemId);
    Result<void> mergePerson(const Session& session, const QString& itemId);
    Result<void> voidDuplicateDose(const Session& session, const QString& itemId, const QString& reason);
    // A dose voided twice gave its dose back to stock twice: takes the extra one out again.
    Result<void> undoExtraReturn(const Session& session, const QString& itemId);

    // Which record of a duplicate pair this site owns (and may merge or void), or empty.
    QString ownRecord(const ReviewItem& item);

private:
    Result<ReviewItem> openItem(const Session& session, const QString& itemId);
    Result<void> settle(RecordWriter& writer, const ReviewItem& item, const QString& reason);

    SiteStore& m_store;
    const Clock& m_clock;
};

} // namespace vax

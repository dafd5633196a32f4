#pragma once

#include "app/common/Result.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QMetaType>
#include <QString>

namespace vax {

// Central refused one of this device's changes; shown to the user with the reason.
struct PushRejection {
    QString changeId;
    qint64 seq = 0;
    QString entity;
    QString recordId;
    QString code;            // not_owner, central_owns, append_only, unknown_record, invalid, clock_ahead
    QString reason;
    QString rejectedAt;      // when this device learnt of it
};

// Central's review list, synced to the site (DESIGN.md rules 4 and 5): a value that lost a
// merge because both sides changed the field, or a suspected duplicate. A site manager settles
// it with a correction (void, with the reason), which syncs like any event.
struct ReviewItem {
    QString id;
    QString kind;            // "field_conflict", "duplicate_person", "duplicate_dose"
    QString entity;
    QString recordId;
    QString otherId;         // duplicates: the other record
    QString field;
    QJsonValue keptValue;
    QJsonValue lostValue;
    QString keptHlc;
    QString lostHlc;
    QString createdAt;
    QString resolvedAt;      // when it was settled (its correction), empty while open
    QString resolution;      // the correction's reason
};

// Where this device stands with central.
struct SyncState {
    QString serverUrl;         // empty = not enrolled
    QString enrolledAt;
    QString enrolmentId;       // the credential kept for this database's enrolment carries it too
    qint64 pushedThrough = 0;  // highest own change-log seq central acknowledged
    qint64 pullCursor = 0;     // highest central seq applied here
    qint64 bundledThrough = 0; // highest own change-log seq written to a bundle file
    qint64 loggedThrough = 0;  // highest own change-log seq (or pushedThrough, if higher)
    QString lastSyncAt;        // last successful sync (push and pull), device time with offset
    bool enrolled() const { return !serverUrl.isEmpty(); }
};

// Central enrolled this device (sync/Enrolment). Enrolled again, its change log may have to
// move: central holds other changes under its seqs from `moveFrom` on (another copy of this
// database sent them), so its changes from there go after `moveAfter`, in their order.
// Central may also hold changes of this device that this database lacks (restored from a
// backup, or sent by the other copy): it sends them back from `pullFrom` on, so the pull cursor
// goes back there.
struct DeviceEnrolment {
    QString serverUrl;
    QString enrolmentId;
    qint64 moveFrom = 0;       // 0: nothing moves
    qint64 moveAfter = 0;
    qint64 pullFrom = -1;      // -1: the cursor stays
};

// One sync attempt, for the history the app shows.
struct SyncRun {
    qint64 id = 0;
    QString startedAt;
    QString finishedAt;
    int pushed = 0;          // own changes central acknowledged
    int pulled = 0;          // changes pulled and applied (or already here)
    int rejected = 0;
    int conflicts = 0;
    int relayed = 0;         // bundles of other devices carried to central
    qint64 clockAheadMs = 0; // central found this device's clock this far ahead
    QString error;           // empty when the run finished
    bool ok() const { return error.isEmpty(); }
};

// A bundle of another device's changes, imported here to be carried to central.
struct RelayBundle {
    QString bundleId;
    QString deviceId;        // the device that made the changes
    qint64 fromSeq = 0;
    qint64 toSeq = 0;
    int changes = 0;
    QByteArray file;         // the bundle exactly as exported (its signature covers it)
    QString importedAt;
    QString appliedAt;       // empty while it waits for an earlier bundle of its device
    QString relayedAt;       // empty until central has taken it
    QString outcome;         // what central said: accepted / rejected counts
};

// The device's sync bookkeeping (docs/sync-protocol.md): cursors, rejections, the review
// list, the history of runs and the bundles waiting to be relayed.
class SyncRepository
{
public:
    virtual ~SyncRepository() = default;

    virtual SyncState state() = 0;
    // In one transaction: the server, the enrolment id, the change log moved if it must be, and
    // bundles to be written afresh (those exported before were signed with the old key).
    virtual Result<void> setEnrolment(const DeviceEnrolment& enrolment) = 0;
    // Central handled everything through `throughSeq`; these were refused. One transaction.
    virtual Result<void> acknowledgePush(qint64 throughSeq, const QList<PushRejection>& rejected) = 0;
    // Central has this device's changes only up to `seq` (restored from a backup): send again
    // from there. The only way the push cursor moves back.
    virtual Result<void> rewindPush(qint64 seq) = 0;
    virtual Result<void> setBundledThrough(qint64 seq) = 0;
    virtual QList<PushRejection> rejections() = 0;
    virtual QList<ReviewItem> reviewItems(bool includeResolved = false) = 0;

    // A finished run; a successful one also becomes the last sync time.
    virtual Result<void> recordRun(const SyncRun& run) = 0;
    virtual QList<SyncRun> history(int limit) = 0;

    // Importing a bundle twice keeps one copy (by bundle id); false when it was already here.
    virtual Result<bool> addBundle(const RelayBundle& bundle) = 0;
    virtual QList<RelayBundle> bundlesToRelay() = 0;
    virtual QList<RelayBundle> bundlesToApply() = 0;  // by device, then first seq
    virtual Result<void> markApplied(const QString& bundleId) = 0;
    // How far another device's changes have been applied here (pulled or from bundles): its
    // changes arrive in its order, so everything up to this seq is here.
    virtual qint64 appliedThrough(const QString& deviceId) = 0;
    virtual QList<RelayBundle> bundles() = 0;  // all, newest first, without their bytes
    virtual Result<void> markRelayed(const QString& bundleId, const QString& outcome) = 0;
    // Central took only part of it for now: noted, and it goes again with the next sync.
    virtual Result<void> noteBundle(const QString& bundleId, const QString& outcome) = 0;
};

} // namespace vax

Q_DECLARE_METATYPE(vax::SyncRun)

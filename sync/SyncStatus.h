#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace vax::sync {

// What the app shows of sync: whether central answers, what waits, when it last worked.
struct SyncStatus {
    enum class Link {
        NotEnrolled,  // this device was never enrolled: it works alone
        Unknown,      // enrolled, not tried yet
        Online,       // the last attempt reached central
        Offline,      // the last attempt could not reach central: it will try again
        Refused,      // central refused this device (revoked, copied database): a person must act
    };
    Link link = Link::NotEnrolled;
    bool running = false;
    qint64 waiting = 0;       // own changes central has not acknowledged
    QString server;
    QString lastSyncAt;       // last successful sync
    QString message;          // why the last attempt stopped; empty when it worked
    QDateTime nextAttempt;    // when the next automatic attempt is due
    int rejected = 0;         // changes central refused, on record
    int toReview = 0;         // open review items (merge conflicts, duplicates)
    qint64 clockAheadMs = 0;  // central found this laptop's clock this far ahead (last run)
    QString stage;            // while running: push, relay or pull
    qint64 progressDone = 0;
    qint64 progressTotal = 0;
};

} // namespace vax::sync

Q_DECLARE_METATYPE(vax::sync::SyncStatus)

#pragma once

#include "app/common/Result.h"
#include "app/store/SiteStore.h"

#include <QByteArray>
#include <QList>

namespace vax::sync {

// Central's answer to a push (docs/sync-protocol.md "Push").
struct PushResult {
    QList<std::pair<QString, qint64>> accepted;  // change id, global seq
    QList<PushRejection> rejected;
    qint64 ackedThrough = 0;                     // every device seq up to here was handled
    int conflicts = 0;                           // losing values central put on its review list
    qint64 clockAheadMs = 0;                     // the device's stamps ran this far ahead of central
    // > 0: central takes nothing from this seq on, for now; they stay on the device.
    qint64 heldFrom = 0;
    QString heldReason;                          // clock_ahead, missing_reference, gap
    QString heldMessage;                         // why, for people
    qint64 resendFrom = 0;                       // gap: central has the device's changes up to here − 1

    QByteArray encode() const;
    static Result<PushResult> decode(const QByteArray& json);
};

// A page of what a device may pull (docs/sync-protocol.md "Pull").
struct PullPage {
    QList<RemoteChange> changes;
    qint64 last = 0;
    bool more = false;

    QByteArray encode() const;
    static Result<PullPage> decode(const QByteArray& json);
};

QJsonObject remoteChangeToJson(const RemoteChange& change);

// A pull page written piece by piece (central's feed, whose payloads are stored as compact
// JSON text and go out as they are): "{\"changes\":[", then each change (comma-separated),
// then the end with the cursor.
void appendRemoteChange(QByteArray& out, const RemoteChange& change, QByteArrayView payloadJson);
void appendPullPageEnd(QByteArray& out, qint64 last, bool more);
Result<RemoteChange> remoteChangeFromJson(const QJsonObject& json);

} // namespace vax::sync

#pragma once

#include "app/common/Result.h"
#include "app/store/SiteStore.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>

namespace vax::sync {

// A batch of change-log entries as pushed to central and carried in bundles: the protocol
// version, the device that made them, and the changes in order. Encoding and decoding are pure
// functions; decode() checks everything a server must check before trusting a byte.
struct ChangeBatch {
    int protocol = 0;
    QString deviceId;
    QList<ChangeEntry> changes;

    QByteArray encode() const;
    static Result<ChangeBatch> decode(const QByteArray& json);
};

// The next batch of what this device has not had acknowledged, after `ackedSeq`: about
// `limit` changes, never cutting through the changes of one transaction.
ChangeBatch nextBatch(SiteStore& store, qint64 ackedSeq, int limit);

} // namespace vax::sync

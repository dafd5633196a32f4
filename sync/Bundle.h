#pragma once

#include "app/common/Result.h"
#include "app/store/SiteStore.h"

#include <QByteArray>
#include <QList>

namespace vax::sync {

// A device's unsent changes as a file, for when there is no internet at all
// (docs/sync-protocol.md "Bundles"). The file is JSON: a small envelope (format, bundle and
// device ids) around the compressed contents, signed with the device's Ed25519 key. Central
// holds the public key and checks the signature before it takes a single change.
struct Bundle {
    QString bundleId;
    QString deviceId;
    QString siteId;
    QString teamId;
    qint64 fromSeq = 0;
    qint64 toSeq = 0;
    QString createdAt;
    QList<ChangeEntry> changes;

    // What the signature covers (the compressed contents) and the signature, as read.
    QByteArray signedBytes;
    QByteArray signature;
};

Result<QByteArray> encodeBundle(const Bundle& bundle, const QByteArray& signingKey);
// Reads a bundle file and checks its form: envelope, compression, contents, change order,
// envelope and contents agreeing. The signature is checked by whoever has the public key.
Result<Bundle> decodeBundle(const QByteArray& file);

// The largest bundle file accepted (after compression).
constexpr qsizetype kMaxBundleBytes = 64 * 1024 * 1024;

} // namespace vax::sync

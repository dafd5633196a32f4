#pragma once

#include "app/common/Result.h"

#include <QByteArray>
#include <QString>

namespace vax::sync {

// What a device proves itself with to central (docs/sync-protocol.md "Identities"): the
// secret central gave it at enrolment, and the key it signs bundles with. Kept outside the
// database (OS keychain or a 0600 file), so a copied database file alone cannot sync.
struct DeviceCredential {
    QString deviceId;
    QString secret;
    QByteArray signingKey;  // Ed25519 private key, raw 32 bytes
    // The enrolment it came from, also in the database (SyncState::enrolmentId): a copy of the
    // database that shares this computer's keychain with the copy enrolled again does not take
    // up its credential. Empty for credentials from before.
    QString enrolmentId;

    bool isValid() const { return !deviceId.isEmpty() && !secret.isEmpty(); }
    // The Authorization header's value.
    QByteArray bearer() const;

    QByteArray toJson() const;
    static Result<DeviceCredential> fromJson(const QByteArray& json);
};

// This machine and this device together: a database copied to another computer sends a
// different one, and central refuses it (HTTP 409 cloned_device).
QString installIdFor(const QString& deviceId);

} // namespace vax::sync

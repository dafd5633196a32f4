#pragma once

#include "app/common/Result.h"

#include <QByteArray>

namespace vax::sync {

// Ed25519 (OpenSSL) for bundles: a device signs what it exports with its own key, made at
// enrolment; central, which holds the public key, checks the signature. Keys are the raw
// 32 bytes.
struct KeyPair {
    QByteArray privateKey;
    QByteArray publicKey;
};

Result<KeyPair> generateKeyPair();
Result<QByteArray> sign(const QByteArray& privateKey, const QByteArray& message);
bool verify(const QByteArray& publicKey, const QByteArray& message, const QByteArray& signature);

} // namespace vax::sync

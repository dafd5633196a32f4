#pragma once

#include <QString>

namespace vax::PasswordHash {

// PBKDF2-HMAC-SHA256 with a random 16-byte salt (OpenSSL). The stored text carries its
// parameters ("pbkdf2-sha256$600000$<salt>$<key>", base64), so users log in offline with the
// hash synced from central and the cost can rise later without breaking old hashes.
constexpr int kDefaultIterations = 600000;  // OWASP 2023 for PBKDF2-HMAC-SHA256

QString make(const QString& password, int iterations = kDefaultIterations);
bool verify(const QString& password, const QString& stored);
// True if the stored hash is weaker than the current default (rehash at next login).
bool needsRehash(const QString& stored);

} // namespace vax::PasswordHash

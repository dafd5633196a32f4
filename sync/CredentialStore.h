#pragma once

#include "sync/DeviceCredential.h"

#include <QObject>

#include <functional>

namespace vax::sync {

// Keeps a device's credential in the OS keychain (QtKeychain: libsecret or KWallet on Linux)
// where one answers, else in a file beside the database that only its owner can read (0600).
// Asynchronous like the keychain: each call answers through its callback, in this thread.
// VAX_CREDENTIAL_STORE=file skips the keychain (servers, CI, a kiosk with no desktop session).
class CredentialStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialStore)

public:
    explicit CredentialStore(const QString& databasePath, QObject* parent = nullptr);

    // Answers where it was kept ("keychain" or the file's path).
    void save(const DeviceCredential& credential, std::function<void(Result<QString>)> done);
    void load(const QString& deviceId, std::function<void(Result<DeviceCredential>)> done);
    // The credential of this database's enrolment (SyncState::enrolmentId), which is what
    // syncing takes: refused (Conflict) when the keychain holds the credential of another copy
    // of the database, enrolled again since.
    void load(const QString& deviceId, const QString& enrolmentId, std::function<void(Result<DeviceCredential>)> done);

    QString filePath() const { return m_filePath; }

private:
    static bool keychainWanted();
    Result<QString> saveToFile(const DeviceCredential& credential);
    Result<DeviceCredential> loadFromFile(const QString& deviceId);

    QString m_filePath;
};

} // namespace vax::sync

#pragma once

#include "sync/DeviceCredential.h"

#include <QObject>

#include <chrono>
#include <functional>

namespace QKeychain {
class Job;
}

namespace vax::sync {

// Keeps a device's credential in the OS keychain (QtKeychain: libsecret or KWallet on Linux)
// where one answers, else in a file beside the database that only its owner can read (0600).
// Asynchronous like the keychain: each call answers through its callback, in this thread.
// VAX_CREDENTIAL_STORE=file skips the keychain (servers, CI, a kiosk with no desktop session).
// One thread per process: QtKeychain (0.13) runs every job through one queue object that
// belongs to the thread that first used it, and jobs from another thread race with it (the
// app uses the store from the sync thread only, vaxctl from its main thread).
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
    // How long the keychain may take. It answers at once, unless it asks the user to unlock it:
    // then it waits for them without end (a prompt nobody sees on a laptop left syncing, and the
    // sync worker with it). Past this the store goes on as if there were no keychain (save()
    // writes the file, load() says the keychain is locked or did not answer); a late answer is
    // dropped.
    void setKeychainTimeout(std::chrono::milliseconds timeout) { m_keychainTimeout = timeout; }
    // The service the keychain keeps credentials under, one entry per device id (what a
    // password manager such as Seahorse lists).
    static QString keychainService();

private:
    static bool keychainWanted();
    // Starts the job; `answer` gets it when it finishes, or nullptr at the timeout: once.
    void runJob(QKeychain::Job* job, std::function<void(QKeychain::Job*)> answer);
    QString noAnswer() const;
    Result<QString> saveToFile(const DeviceCredential& credential);
    Result<DeviceCredential> loadFromFile(const QString& deviceId);
    void keychainReadFailed(const QString& deviceId, int error, const QString& errorText, std::function<void(Result<DeviceCredential>)> done);

    QString m_filePath;
    std::chrono::milliseconds m_keychainTimeout = std::chrono::minutes(2);
};

} // namespace vax::sync

#include "CredentialStore.h"

#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QTimer>

#include <memory>
#include <utility>

#include <qt6keychain/keychain.h>

#include "sync/SecretServiceProbe.h"

Q_LOGGING_CATEGORY(lcCredential, "vax.sync.credential")

namespace vax::sync {

namespace {

const QString kService = QStringLiteral("VaxStation device credential");

} // namespace

CredentialStore::CredentialStore(const QString& databasePath, QObject* parent)
    : QObject(parent)
    , m_filePath(databasePath + QStringLiteral(".credential"))
{
}

QString CredentialStore::keychainService()
{
    return kService;
}

bool CredentialStore::keychainWanted()
{
    return qEnvironmentVariable("VAX_CREDENTIAL_STORE") != QLatin1String("file");
}

void CredentialStore::runJob(QKeychain::Job* job, std::function<void(QKeychain::Job*)> answer)
{
    auto answered = std::make_shared<bool>(false);
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, this, [answered, answer](QKeychain::Job* j) {
        if (!std::exchange(*answered, true))
            answer(j);
    });
    QTimer::singleShot(m_keychainTimeout, this, [answered, answer, job] {
        if (std::exchange(*answered, true))
            return;  // answered in time (and deleted since)
        // libsecret still holds the job and may finish it later (the prompt answered at last):
        // it must not die with this store. It deletes itself when it finishes.
        job->setParent(nullptr);
        answer(nullptr);
    });
    job->start();
}

QString CredentialStore::noAnswer() const
{
    return tr("no answer in %1 s: is it asking to be unlocked?").arg(m_keychainTimeout.count() / 1000);
}

void CredentialStore::save(const DeviceCredential& credential, std::function<void(Result<QString>)> done)
{
    if (!keychainWanted()) {
        done(saveToFile(credential));
        return;
    }
    auto* job = new QKeychain::WritePasswordJob(kService, this);
    job->setKey(credential.deviceId);
    job->setBinaryData(credential.toJson());
    runJob(job, [this, credential, done = std::move(done)](QKeychain::Job* j) {
        if (j && j->error() == QKeychain::NoError) {
            // A file left by an earlier enrolment would only confuse whoever reads it.
            QFile::remove(m_filePath);
            done(QStringLiteral("keychain"));
            return;
        }
        qCInfo(lcCredential) << "no keychain (" << (j ? j->errorString() : noAnswer()) << "): the credential goes to" << m_filePath;
        done(saveToFile(credential));
    });
}

void CredentialStore::load(const QString& deviceId, std::function<void(Result<DeviceCredential>)> done)
{
    if (!keychainWanted() || QFile::exists(m_filePath)) {
        done(loadFromFile(deviceId));
        return;
    }
    auto* job = new QKeychain::ReadPasswordJob(kService, this);
    job->setKey(deviceId);
    runJob(job, [this, deviceId, done = std::move(done)](QKeychain::Job* j) {
        if (!j || j->error() != QKeychain::NoError) {
            keychainReadFailed(deviceId, j ? int(j->error()) : int(QKeychain::OtherError), j ? j->errorString() : noAnswer(), done);
            return;
        }
        auto credential = DeviceCredential::fromJson(static_cast<QKeychain::ReadPasswordJob*>(j)->binaryData());
        if (credential.ok() && credential->deviceId != deviceId)
            done(Error(ErrorCode::Forbidden, tr("The keychain holds another device's credential: enrol this device again.")));
        else
            done(credential);
    });
}

void CredentialStore::load(const QString& deviceId, const QString& enrolmentId, std::function<void(Result<DeviceCredential>)> done)
{
    load(deviceId, [this, enrolmentId, done = std::move(done)](Result<DeviceCredential> credential) {
        if (credential.ok() && credential->enrolmentId != enrolmentId) {
            done(Error(ErrorCode::Conflict,
                tr("The credential kept on this computer (%1) is that of another copy of this database, enrolled again since: "
                   "that copy goes on as this device, and this one may not sync. Use the copy that was enrolled again; what was "
                   "recorded only on this copy stays here. (If an enrolment here stopped halfway, enrol again with the same code.)")
                    .arg((QFile::exists(m_filePath) || !keychainWanted()) ? m_filePath : tr("the keychain"))));
            return;
        }
        done(std::move(credential));
    });
}

// There is no file either (load() read it otherwise). Only a keychain that answered and holds
// nothing, locked or not, means this computer has no credential for the device: one that is
// locked (QtKeychain then answers "not found") or did not answer still has it, and enrolling
// again would be the wrong fix.
void CredentialStore::keychainReadFailed(const QString& deviceId, int error, const QString& errorText,
    std::function<void(Result<DeviceCredential>)> done)
{
    qCInfo(lcCredential) << "keychain read failed:" << errorText;
    findLockedKeychainItem(kService, deviceId, this, [this, deviceId, error, errorText, done = std::move(done)](bool locked) {
        if (locked) {
            done(Error(ErrorCode::Io,
                tr("The keychain that keeps this device's credential is locked: unlock it (log in to the desktop session, or "
                   "unlock the \"Login\" keyring in Passwords and Keys) and sync again. Do not enrol the device again.")));
        } else if (error == QKeychain::EntryNotFound) {
            done(loadFromFile(deviceId));
        } else {
            done(Error(ErrorCode::Io,
                tr("The keychain could not be read (%1) and there is no credential file %2. Run this in the desktop session "
                   "the device was enrolled in (its keychain keeps the credential), with the keychain unlocked. If that keychain "
                   "is gone, ask the district for a code for this device (vaxcentral admin device revoke %3, then enrol-code "
                   "--device %3) and enrol it again with it.")
                    .arg(errorText, m_filePath, deviceId)));
        }
    });
}

Result<QString> CredentialStore::saveToFile(const DeviceCredential& credential)
{
    // Created 0600 from the first byte: the secret is never readable by others, even briefly.
    QFile::remove(m_filePath);
    QFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        return Error(ErrorCode::Io,
            tr("The device credential cannot be saved to %1 (%2): check the folder's permissions.").arg(m_filePath, file.errorString()));
    }
    const QByteArray bytes = credential.toJson();
    if (file.write(bytes) != bytes.size() || !file.flush())
        return Error(ErrorCode::Io, tr("The device credential could not be written to %1: %2").arg(m_filePath, file.errorString()));
    return m_filePath;
}

Result<DeviceCredential> CredentialStore::loadFromFile(const QString& deviceId)
{
    QFile file(m_filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error(ErrorCode::Forbidden,
            tr("This device has no credential (neither in the keychain nor in %1): ask the district for a code for this device "
               "(vaxcentral admin device revoke %2, then enrol-code --device %2) and enrol it again with it.")
                .arg(m_filePath, deviceId));
    }
    auto credential = DeviceCredential::fromJson(file.readAll());
    if (credential.ok() && credential->deviceId != deviceId) {
        return Error(ErrorCode::Forbidden,
            tr("%1 is another device's credential (the database was copied?): enrol this device with a new code.").arg(m_filePath));
    }
    return credential;
}

} // namespace vax::sync

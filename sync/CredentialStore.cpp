#include "CredentialStore.h"

#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>

#include <qt6keychain/keychain.h>

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

bool CredentialStore::keychainWanted()
{
    return qEnvironmentVariable("VAX_CREDENTIAL_STORE") != QLatin1String("file");
}

void CredentialStore::save(const DeviceCredential& credential, std::function<void(Result<QString>)> done)
{
    if (!keychainWanted()) {
        done(saveToFile(credential));
        return;
    }
    auto* job = new QKeychain::WritePasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setKey(credential.deviceId);
    job->setBinaryData(credential.toJson());
    connect(job, &QKeychain::Job::finished, this, [this, credential, done = std::move(done)](QKeychain::Job* j) {
        if (j->error() == QKeychain::NoError) {
            // A file left by an earlier enrolment would only confuse whoever reads it.
            QFile::remove(m_filePath);
            done(QStringLiteral("keychain"));
            return;
        }
        qCInfo(lcCredential) << "no keychain (" << j->errorString() << "): the credential goes to" << m_filePath;
        done(saveToFile(credential));
    });
    job->start();
}

void CredentialStore::load(const QString& deviceId, std::function<void(Result<DeviceCredential>)> done)
{
    if (!keychainWanted() || QFile::exists(m_filePath)) {
        done(loadFromFile(deviceId));
        return;
    }
    auto* job = new QKeychain::ReadPasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setKey(deviceId);
    connect(job, &QKeychain::Job::finished, this, [this, deviceId, done = std::move(done)](QKeychain::Job* j) {
        if (j->error() != QKeychain::NoError) {
            qCInfo(lcCredential) << "keychain read failed:" << j->errorString();
            done(loadFromFile(deviceId));
            return;
        }
        auto credential = DeviceCredential::fromJson(static_cast<QKeychain::ReadPasswordJob*>(j)->binaryData());
        if (credential.ok() && credential->deviceId != deviceId)
            done(Error(ErrorCode::Forbidden, tr("The keychain holds another device's credential: enrol this device again.")));
        else
            done(credential);
    });
    job->start();
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

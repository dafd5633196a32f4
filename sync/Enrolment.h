#pragma once

#include "app/common/Result.h"

#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace vax {
class SiteStore;
}

namespace vax::sync {

class CentralApi;
class CredentialStore;

struct Enrolled {
    QUrl server;
    QString credentialKeptIn;  // "keychain" or the credential file's path
    QString siteName;
    QString teamName;          // empty for a site laptop
    bool again = false;        // an enrolled device, enrolled again with a code for it
    qint64 waiting = 0;        // its changes central has not acknowledged, sent by the next sync

    // "site" or "site / team", for messages.
    QString place() const { return teamName.isEmpty() ? siteName : siteName + QStringLiteral(" / ") + teamName; }
};

// Enrols this site database's device with central using a one-time code
// (docs/sync-protocol.md "Identities"): makes the device's signing key, asks central for a
// credential, keeps it (CredentialStore), and records central's address in the database.
// Central checks the code is for this database's site (and team) before using it up.
// An enrolled device that central refuses enrols again the same way, with a code for that
// device ("Enrolling again"): it keeps its id, change log and cursors, and its new credential
// replaces the old one.
class Enrolment final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Enrolment)

public:
    using Done = std::function<void(Result<Enrolled>)>;

    Enrolment(SiteStore& store, QNetworkAccessManager& network, CredentialStore& credentials, QObject* parent = nullptr);

    void start(const QString& server, const QString& code, const QString& deviceName, Done done);

private:
    SiteStore& m_store;
    QNetworkAccessManager& m_network;
    CredentialStore& m_credentials;
    CentralApi* m_api = nullptr;
};

} // namespace vax::sync

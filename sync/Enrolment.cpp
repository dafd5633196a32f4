#include "Enrolment.h"

#include "app/common/Uuid.h"
#include "app/store/SiteStore.h"
#include "sync/CentralApi.h"
#include "sync/CredentialStore.h"
#include "sync/Signing.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace vax::sync {

namespace {

constexpr int kLogPage = 5000;

} // namespace

Enrolment::Enrolment(SiteStore& store, QNetworkAccessManager& network, CredentialStore& credentials, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_network(network)
    , m_credentials(credentials)
{
}

void Enrolment::start(const QString& serverText, const QString& code, const QString& deviceName, Done done)
{
    auto server = CentralApi::parseServer(serverText);
    if (!server.ok()) {
        done(server.error());
        return;
    }
    const QString trimmedCode = code.trimmed();
    if (trimmedCode.size() < 10) {
        done(Error::invalid(QStringLiteral("code"), tr("Enrolment code is missing or too short: type the 10 letters and digits the district gave you.")));
        return;
    }
    const SyncState state = m_store.sync().state();
    if (state.enrolled() && server->toString() != state.serverUrl) {
        done(Error::invalid(QStringLiteral("server"),
            tr("This device is enrolled with %1: it enrols again only there, with a code from that central, so that it keeps "
               "its unsent changes and what it pulled.")
                .arg(state.serverUrl)));
        return;
    }
    auto keys = generateKeyPair();
    if (!keys.ok()) {
        done(keys.error());
        return;
    }
    const SiteIdentity& id = m_store.identity();
    QJsonObject request{{QStringLiteral("code"), trimmedCode}, {QStringLiteral("device_id"), id.deviceId},
        {QStringLiteral("install_id"), installIdFor(id.deviceId)},
        // Enrolled again without a name, it keeps the one central knows it by.
        {QStringLiteral("name"), !deviceName.trimmed().isEmpty() ? deviceName.trimmed() : state.enrolled() ? QString() : id.siteCode},
        {QStringLiteral("public_key"), QString::fromLatin1(keys->publicKey.toBase64())},
        {QStringLiteral("site_id"), id.siteId}, {QStringLiteral("team_id"), id.teamId}};
    if (state.enrolled()) {
        // Enrolling again: central compares what waits here with what it holds of this device,
        // and says where the log must go on if another copy of this database sent other changes.
        QJsonArray log;
        qint64 last = state.pushedThrough;
        for (QList<ChangeEntry> page = m_store.changesAfter(last, kLogPage); !page.isEmpty(); page = m_store.changesAfter(last, kLogPage)) {
            for (const ChangeEntry& c : page)
                log.append(QJsonArray{c.seq, c.id});
            last = page.last().seq;
        }
        request.insert(QStringLiteral("last_seq"), last);
        request.insert(QStringLiteral("log"), log);
    }

    delete m_api;
    m_api = new CentralApi(m_network, server.value(), this);
    const QUrl url = server.value();
    const QByteArray signingKey = keys->privateKey;
    m_api->post(QStringLiteral("/api/v1/enroll"), QJsonDocument(request).toJson(QJsonDocument::Compact),
        [this, url, signingKey, wasEnrolled = state.enrolled(), done](Result<QByteArray> answer) {
            if (!answer.ok()) {
                done(answer.error());
                return;
            }
            const QJsonObject o = QJsonDocument::fromJson(answer.value()).object();
            DeviceCredential credential;
            credential.deviceId = o.value(QStringLiteral("device_id")).toString();
            credential.secret = o.value(QStringLiteral("secret")).toString();
            credential.signingKey = signingKey;
            credential.enrolmentId = Uuid::v7();
            if (credential.deviceId != m_store.identity().deviceId || credential.secret.isEmpty()) {
                done(Error(ErrorCode::Io, tr("Central's answer to the enrolment is not understood: is %1 a VaxStation central?").arg(url.toString())));
                return;
            }
            Enrolled enrolled;
            enrolled.server = url;
            enrolled.siteName = o.value(QStringLiteral("site")).toObject().value(QStringLiteral("name")).toString();
            enrolled.teamName = o.value(QStringLiteral("team")).toObject().value(QStringLiteral("name")).toString();
            enrolled.again = wasEnrolled;
            const QJsonObject resume = o.value(QStringLiteral("resume")).toObject();
            const DeviceEnrolment record{url.toString(), credential.enrolmentId, resume.value(QStringLiteral("from")).toInteger(),
                resume.value(QStringLiteral("after")).toInteger(), resume.value(QStringLiteral("pull_from")).toInteger(-1)};
            m_credentials.save(credential, [this, enrolled, record, done](Result<QString> kept) mutable {
                if (!kept.ok()) {
                    done(kept.error());
                    return;
                }
                enrolled.credentialKeptIn = kept.value();
                if (auto r = m_store.sync().setEnrolment(record); !r.ok()) {
                    done(r.error());
                    return;
                }
                enrolled.waiting = m_store.pendingChanges();
                done(enrolled);
            });
        });
}

} // namespace vax::sync

#include "SecretServiceProbe.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QMap>
#include <QObject>

namespace vax::sync {

namespace {

// SearchItems never prompts, so a Secret Service that takes longer than this is stuck.
constexpr int kTimeoutMs = 5000;

using Attributes = QMap<QString, QString>;

} // namespace

void findLockedKeychainItem(const QString& service, const QString& key, QObject* context, std::function<void(bool locked)> done)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        done(false);
        return;
    }
    qDBusRegisterMetaType<Attributes>();
    QDBusMessage search = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.secrets"),
        QStringLiteral("/org/freedesktop/secrets"), QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("SearchItems"));
    // The attributes QtKeychain's libsecret backend stores an item with (schema org.qt.keychain).
    search << QVariant::fromValue(Attributes{{QStringLiteral("user"), key}, {QStringLiteral("server"), service}});
    auto* watcher = new QDBusPendingCallWatcher(bus.asyncCall(search, kTimeoutMs), context);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context, [done = std::move(done)](QDBusPendingCallWatcher* w) {
        w->deleteLater();
        const QDBusPendingReply<QList<QDBusObjectPath>, QList<QDBusObjectPath>> reply = *w;
        done(!reply.isError() && !reply.argumentAt<1>().isEmpty());
    });
}

} // namespace vax::sync

#include "DeviceCredential.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSysInfo>

namespace vax::sync {

QByteArray DeviceCredential::bearer() const
{
    return "Bearer " + deviceId.toLatin1() + '.' + secret.toLatin1();
}

QByteArray DeviceCredential::toJson() const
{
    QJsonObject o{{QStringLiteral("device_id"), deviceId}, {QStringLiteral("secret"), secret},
        {QStringLiteral("signing_key"), QString::fromLatin1(signingKey.toBase64())}};
    if (!enrolmentId.isEmpty())
        o.insert(QStringLiteral("enrolment_id"), enrolmentId);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Result<DeviceCredential> DeviceCredential::fromJson(const QByteArray& json)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    DeviceCredential c;
    c.deviceId = o.value(QStringLiteral("device_id")).toString();
    c.secret = o.value(QStringLiteral("secret")).toString();
    c.signingKey = QByteArray::fromBase64(o.value(QStringLiteral("signing_key")).toString().toLatin1());
    c.enrolmentId = o.value(QStringLiteral("enrolment_id")).toString();
    if (!c.isValid()) {
        return Error(ErrorCode::Forbidden,
            QCoreApplication::translate("DeviceCredential", "The stored device credential is damaged: enrol this device again."));
    }
    return c;
}

QString installIdFor(const QString& deviceId)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(QSysInfo::machineUniqueId());
    h.addData("\n");
    h.addData(deviceId.toLatin1());
    return QString::fromLatin1(h.result().toHex());
}

} // namespace vax::sync

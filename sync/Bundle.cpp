#include "Bundle.h"

#include "app/common/Uuid.h"
#include "sync/ChangeBatch.h"
#include "sync/Gzip.h"
#include "sync/Protocol.h"
#include "sync/Signing.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace vax::sync {

namespace {

const QString kFormat = QStringLiteral("vaxstation-bundle");
constexpr int kFormatVersion = 1;

QString tr(const char* text)
{
    return QCoreApplication::translate("Bundle", text);
}

Error notABundle(const QString& why)
{
    return Error::invalid(QStringLiteral("file"), tr("This is not a VaxStation bundle that can be used: %1").arg(why));
}

} // namespace

Result<QByteArray> encodeBundle(const Bundle& bundle, const QByteArray& signingKey)
{
    ChangeBatch batch;
    batch.protocol = kProtocolVersion;
    batch.deviceId = bundle.deviceId;
    batch.changes = bundle.changes;
    const QJsonObject contents{{QStringLiteral("bundle_id"), bundle.bundleId}, {QStringLiteral("device_id"), bundle.deviceId},
        {QStringLiteral("site_id"), bundle.siteId}, {QStringLiteral("team_id"), bundle.teamId},
        {QStringLiteral("from_seq"), bundle.fromSeq}, {QStringLiteral("to_seq"), bundle.toSeq},
        {QStringLiteral("created_at"), bundle.createdAt},
        {QStringLiteral("batch"), QJsonDocument::fromJson(batch.encode()).object()}};
    const QByteArray compressed = gzip(QJsonDocument(contents).toJson(QJsonDocument::Compact), 9);
    auto signature = sign(signingKey, compressed);
    if (!signature.ok())
        return signature.error();
    const QJsonObject envelope{{QStringLiteral("format"), kFormat}, {QStringLiteral("version"), kFormatVersion},
        {QStringLiteral("bundle_id"), bundle.bundleId}, {QStringLiteral("device_id"), bundle.deviceId},
        {QStringLiteral("changes"), qint64(bundle.changes.size())},
        {QStringLiteral("contents"), QString::fromLatin1(compressed.toBase64())},
        {QStringLiteral("signature"), QString::fromLatin1(signature->toBase64())}};
    return QJsonDocument(envelope).toJson(QJsonDocument::Indented);
}

Result<Bundle> decodeBundle(const QByteArray& file)
{
    if (file.size() > kMaxBundleBytes)
        return notABundle(tr("it is larger than %1 MB.").arg(kMaxBundleBytes / (1024 * 1024)));
    const QJsonObject envelope = QJsonDocument::fromJson(file).object();
    if (envelope.value(QStringLiteral("format")).toString() != kFormat)
        return notABundle(tr("it is not a bundle file, or it was damaged or cut short."));
    if (envelope.value(QStringLiteral("version")).toInt() != kFormatVersion)
        return notABundle(tr("it is of bundle format %1; this VaxStation reads format %2: update the older side.")
                              .arg(envelope.value(QStringLiteral("version")).toInt())
                              .arg(kFormatVersion));
    Bundle b;
    b.signedBytes = QByteArray::fromBase64(envelope.value(QStringLiteral("contents")).toString().toLatin1());
    b.signature = QByteArray::fromBase64(envelope.value(QStringLiteral("signature")).toString().toLatin1());
    if (b.signedBytes.isEmpty() || b.signature.isEmpty())
        return notABundle(tr("its contents or its signature is missing."));
    const auto plain = gunzip(b.signedBytes, kMaxBundleBytes * 8);
    if (!plain)
        return notABundle(tr("its contents cannot be decompressed (damaged or cut short)."));
    const QJsonObject contents = QJsonDocument::fromJson(*plain).object();
    b.bundleId = contents.value(QStringLiteral("bundle_id")).toString();
    b.deviceId = contents.value(QStringLiteral("device_id")).toString();
    b.siteId = contents.value(QStringLiteral("site_id")).toString();
    b.teamId = contents.value(QStringLiteral("team_id")).toString();
    b.fromSeq = contents.value(QStringLiteral("from_seq")).toInteger();
    b.toSeq = contents.value(QStringLiteral("to_seq")).toInteger();
    b.createdAt = contents.value(QStringLiteral("created_at")).toString();
    if (!Uuid::isValid(b.bundleId) || b.bundleId != envelope.value(QStringLiteral("bundle_id")).toString()
        || b.deviceId != envelope.value(QStringLiteral("device_id")).toString())
        return notABundle(tr("its envelope and its contents disagree."));
    auto batch = ChangeBatch::decode(QJsonDocument(contents.value(QStringLiteral("batch")).toObject()).toJson(QJsonDocument::Compact));
    if (!batch.ok())
        return notABundle(batch.error().message());
    if (batch->deviceId != b.deviceId || batch->changes.isEmpty() || batch->changes.first().seq != b.fromSeq
        || batch->changes.last().seq != b.toSeq)
        return notABundle(tr("its changes are not those its header lists."));
    b.changes = batch->changes;
    return b;
}

} // namespace vax::sync

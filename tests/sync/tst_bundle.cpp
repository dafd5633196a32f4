#include "app/common/Uuid.h"
#include "sync/Bundle.h"
#include "sync/Gzip.h"
#include "sync/Signing.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace vax;
using namespace vax::sync;

namespace {

ChangeEntry change(qint64 seq)
{
    const QString id = Uuid::v7();
    return ChangeEntry{seq, Uuid::v7(), QStringLiteral("person"), id, QStringLiteral("insert"),
        QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("full_name"), QStringLiteral("Nguyễn Văn Đức")}},
        QStringLiteral("1764500000000.0.abcd"), QString(), QStringLiteral("2026-11-30T09:00:00.000+07:00"), {}};
}

Bundle sample(int changes = 3)
{
    Bundle b;
    b.bundleId = Uuid::v7();
    b.deviceId = Uuid::v7();
    b.siteId = Uuid::v7();
    b.createdAt = QStringLiteral("2026-11-30T09:00:00.000+07:00");
    for (int i = 0; i < changes; ++i)
        b.changes << change(41 + i);
    b.fromSeq = b.changes.first().seq;
    b.toSeq = b.changes.last().seq;
    return b;
}

QByteArray withEnvelope(const QByteArray& file, const char* key, const QJsonValue& value)
{
    QJsonObject o = QJsonDocument::fromJson(file).object();
    o.insert(QLatin1String(key), value);
    return QJsonDocument(o).toJson();
}

} // namespace

// A mobile team's work on a USB stick: it reads back exactly, central can tell it is the
// team's (Ed25519), and a damaged, cut or altered file is refused before any change is used.
class TestBundle : public QObject
{
    Q_OBJECT

    KeyPair m_keys;

private slots:
    void initTestCase()
    {
        auto keys = generateKeyPair();
        QVERIFY(keys.ok());
        m_keys = keys.value();
        QCOMPARE(m_keys.privateKey.size(), 32);
        QCOMPARE(m_keys.publicKey.size(), 32);
    }

    void aBundleReadsBackAndItsSignatureChecks()
    {
        const Bundle b = sample();
        auto file = encodeBundle(b, m_keys.privateKey);
        QVERIFY(file.ok());
        auto read = decodeBundle(file.value());
        QVERIFY(read.ok());
        QCOMPARE(read->bundleId, b.bundleId);
        QCOMPARE(read->deviceId, b.deviceId);
        QCOMPARE(read->siteId, b.siteId);
        QCOMPARE(read->fromSeq, 41);
        QCOMPARE(read->toSeq, 43);
        QCOMPARE(read->changes.size(), 3);
        QCOMPARE(read->changes.at(1).payload, b.changes.at(1).payload);
        QVERIFY(verify(m_keys.publicKey, read->signedBytes, read->signature));
    }

    void anotherDevicesKeyDoesNotVerify()
    {
        auto file = encodeBundle(sample(), m_keys.privateKey);
        auto other = generateKeyPair();
        QVERIFY(file.ok() && other.ok());
        auto read = decodeBundle(file.value());
        QVERIFY(read.ok());
        QVERIFY(!verify(other->publicKey, read->signedBytes, read->signature));
    }

    void changedContentsNoLongerMatchTheSignature()
    {
        auto file = encodeBundle(sample(), m_keys.privateKey);
        QVERIFY(file.ok());
        // Someone edits a change (a dose made to look like another person's) and re-packs it.
        auto read = decodeBundle(file.value());
        QJsonObject contents = QJsonDocument::fromJson(*gunzip(read->signedBytes, 1 << 20)).object();
        QJsonObject batch = contents.value(QStringLiteral("batch")).toObject();
        QJsonArray changes = batch.value(QStringLiteral("changes")).toArray();
        QJsonObject first = changes.first().toObject();
        QJsonObject payload = first.value(QStringLiteral("payload")).toObject();
        payload.insert(QStringLiteral("full_name"), QStringLiteral("Someone Else"));
        first.insert(QStringLiteral("payload"), payload);
        changes[0] = first;
        batch.insert(QStringLiteral("changes"), changes);
        contents.insert(QStringLiteral("batch"), batch);
        const QByteArray repacked = gzip(QJsonDocument(contents).toJson(QJsonDocument::Compact));
        auto forged = decodeBundle(withEnvelope(file.value(), "contents", QString::fromLatin1(repacked.toBase64())));
        QVERIFY(forged.ok());  // well formed…
        QVERIFY(!verify(m_keys.publicKey, forged->signedBytes, forged->signature));  // …but not the team's
    }

    void damagedOrForeignFilesAreRefusedWithAReason_data()
    {
        QTest::addColumn<QByteArray>("file");
        const QByteArray good = encodeBundle(sample(), m_keys.privateKey).value();
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not a bundle") << QByteArray("{\"hello\": 1}");
        QTest::newRow("cut in half") << good.left(good.size() / 2);
        QTest::newRow("newer format") << withEnvelope(good, "version", 2);
        QTest::newRow("no signature") << withEnvelope(good, "signature", QString());
        QTest::newRow("contents not gzip") << withEnvelope(good, "contents", QString::fromLatin1(QByteArray("plain text").toBase64()));
        QTest::newRow("envelope names another device") << withEnvelope(good, "device_id", Uuid::v7());
        QTest::newRow("too large") << QByteArray(kMaxBundleBytes + 1, ' ');
    }

    void damagedOrForeignFilesAreRefusedWithAReason()
    {
        QFETCH(QByteArray, file);
        auto read = decodeBundle(file);
        QVERIFY(!read.ok());
        QVERIFY(read.error().hasField(QStringLiteral("file")));
        QVERIFY(!read.error().message().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBundle)
#include "tst_bundle.moc"

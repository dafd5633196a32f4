#include "app/services/InjectionService.h"
#include "sync/ChangeBatch.h"
#include "sync/Protocol.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace vax;

// What sync will push: the change log in order, in a batch that survives the wire and that a
// receiver refuses when it is malformed or of another protocol.
class TestChangeBatch : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }

    void aDoseBecomesOrderedChangesThatRoundTrip()
    {
        test::TestSite site;
        const QString lot = site.receive(QStringLiteral("SPIKEVAX"), QStringLiteral("3006451"), 10);
        const QString person = site.registerPerson();
        const qint64 before = site.store().changesAfter(0, 100000).last().seq;
        InjectionService injections(site.store(), site.clock());
        DoseRequest d;
        d.personId = person;
        d.lotId = lot;
        d.requireScreening = false;
        auto dose = injections.record(site.nurse(), d);
        QVERIFY(dose.ok());

        // The first dose of a 10-dose lot opens a vial: the vial, the dose's movement from it,
        // the injection, in the order they were written.
        const sync::ChangeBatch batch = sync::nextBatch(site.store(), before, sync::kDefaultBatchSize);
        QCOMPARE(batch.changes.size(), 3);
        QCOMPARE(batch.changes[0].entity, QStringLiteral("vial"));
        QCOMPARE(batch.changes[1].entity, QStringLiteral("stock_movement"));
        // Read to be sent, a payload is the change log's text, sent as is.
        auto payload = [&batch](int i) { return QJsonDocument::fromJson(batch.changes[i].payloadJson).object(); };
        QVERIFY(batch.changes[2].payload.isEmpty());
        QCOMPARE(payload(1).value(QStringLiteral("vial_id")).toString(), batch.changes[0].recordId);
        QCOMPARE(batch.changes[2].entity, QStringLiteral("injection"));
        QCOMPARE(batch.changes[2].recordId, dose->injection.stamp.id);
        QCOMPARE(payload(2).value(QStringLiteral("person_id")).toString(), person);
        QCOMPARE(batch.changes[2].userId, site.nurse().userId());
        QVERIFY(batch.changes[0].seq < batch.changes[1].seq && batch.changes[1].seq < batch.changes[2].seq);

        auto decoded = sync::ChangeBatch::decode(batch.encode());
        QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message()));
        QCOMPARE(decoded->deviceId, site.store().identity().deviceId);
        QCOMPARE(decoded->changes.size(), 3);
        QCOMPARE(decoded->changes[2].payload, payload(2));
        QCOMPARE(decoded->changes[2].payload, site.store().changesAfter(before, 10).at(2).payload);
        QCOMPARE(decoded->changes[2].hlc, batch.changes[2].hlc);

        QCOMPARE(site.store().pendingChanges(), site.store().changesAfter(0, 100000).size());
        QVERIFY(sync::nextBatch(site.store(), batch.changes.last().seq, 10).changes.isEmpty());
    }

    void malformedBatchesAreRefusedWithAReason()
    {
        test::TestSite site;
        site.registerPerson();
        const QByteArray good = sync::nextBatch(site.store(), 0, 100).encode();
        QVERIFY(sync::ChangeBatch::decode(good).ok());

        QVERIFY(!sync::ChangeBatch::decode(good.left(good.size() / 2)).ok());  // cut on the wire
        QJsonObject o = QJsonDocument::fromJson(good).object();
        o.insert(QStringLiteral("protocol"), sync::kProtocolVersion + 1);
        auto wrongVersion = sync::ChangeBatch::decode(QJsonDocument(o).toJson());
        QCOMPARE(wrongVersion.error().code(), ErrorCode::Conflict);
        QVERIFY(wrongVersion.error().message().contains(QStringLiteral("protocol")));

        o = QJsonDocument::fromJson(good).object();
        QJsonArray changes = o.value(QStringLiteral("changes")).toArray();
        QJsonObject c = changes.last().toObject();
        // An "update" of an injection: no device may send one.
        c.insert(QStringLiteral("entity"), QStringLiteral("injection"));
        c.insert(QStringLiteral("op"), QStringLiteral("update"));
        c.insert(QStringLiteral("seq"), c.value(QStringLiteral("seq")).toInteger() + 1);
        changes.append(c);
        o.insert(QStringLiteral("changes"), changes);
        auto appendOnly = sync::ChangeBatch::decode(QJsonDocument(o).toJson());
        QVERIFY(!appendOnly.ok());
        QVERIFY(appendOnly.error().message().contains(QStringLiteral("append-only")));
    }
};

QTEST_GUILESS_MAIN(TestChangeBatch)
#include "tst_changebatch.moc"

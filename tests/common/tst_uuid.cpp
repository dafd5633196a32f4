#include "app/common/Uuid.h"

#include <QSet>
#include <QTest>

using namespace vax;

class TestUuid : public QObject
{
    Q_OBJECT

private slots:
    void v7HasVersionVariantAndTime()
    {
        const qint64 ms = 1764064992123;  // 2025-11-25
        const QString id = Uuid::v7(ms);
        QVERIFY(Uuid::isValid(id));
        QCOMPARE(id.at(14), QLatin1Char('7'));
        QVERIFY(QStringLiteral("89ab").contains(id.at(19)));
        QCOMPARE(Uuid::v7Time(id), ms);
    }

    void v7SortsInCreationOrderEvenWithinOneMillisecond()
    {
        QStringList ids;
        for (int i = 0; i < 5000; ++i)
            ids << Uuid::v7(1764064992123 + i / 1000);  // five ms, a thousand ids each
        QStringList sorted = ids;
        sorted.sort();
        QCOMPARE(sorted, ids);
        QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), ids.size());
    }

    void v7NeverGoesBackWhenTheClockDoes()
    {
        const QString later = Uuid::v7(1764064999000);
        const QString earlier = Uuid::v7(1764064000000);  // the clock jumped back a second
        QVERIFY(earlier > later);
    }

    void nameBasedIdsAreStable()
    {
        QCOMPARE(Uuid::fromName(QStringLiteral("lot:x:ABC")), Uuid::fromName(QStringLiteral("lot:x:ABC")));
        QVERIFY(Uuid::fromName(QStringLiteral("lot:x:ABC")) != Uuid::fromName(QStringLiteral("lot:x:ABD")));
        QVERIFY(Uuid::isValid(Uuid::fromName(QStringLiteral("anything"))));
        QCOMPARE(Uuid::v7Time(Uuid::fromName(QStringLiteral("anything"))), -1);
    }

    void rejectsMalformedIds()
    {
        QVERIFY(!Uuid::isValid(QString()));
        QVERIFY(!Uuid::isValid(QStringLiteral("not-a-uuid")));
        QVERIFY(!Uuid::isValid(QStringLiteral("{0193612f-4a2b-7000-8000-000000000000}")));
        QVERIFY(!Uuid::isValid(QStringLiteral("0193612F-4A2B-7000-8000-000000000000")));  // we store lower case
    }
};

QTEST_GUILESS_MAIN(TestUuid)
#include "tst_uuid.moc"

#include "app/common/Hlc.h"
#include "tests/support/ManualClock.h"

#include <QTest>

using namespace vax;
using vax::test::ManualClock;

class TestHlc : public QObject
{
    Q_OBJECT

private slots:
    void ticksIncreaseWithinOneMillisecond()
    {
        ManualClock clock;
        HlcClock hlc(QStringLiteral("aaaa"), clock);
        const Hlc a = hlc.tick();
        const Hlc b = hlc.tick();
        QVERIFY(a < b);
        QCOMPARE(a.wallMs, b.wallMs);
        QCOMPARE(b.counter, a.counter + 1);
    }

    void ticksIncreaseWhenTheClockGoesBack()
    {
        ManualClock clock;
        HlcClock hlc(QStringLiteral("aaaa"), clock);
        const Hlc a = hlc.tick();
        clock.advanceSecs(-3600);  // someone set the laptop's clock back an hour
        const Hlc b = hlc.tick();
        QVERIFY(b > a);
        clock.advanceSecs(7200);
        const Hlc c = hlc.tick();
        QVERIFY(c > b);
        QCOMPARE(c.counter, 0u);
    }

    void witnessedStampsComeBeforeTheNextTick()
    {
        ManualClock clock;
        HlcClock hlc(QStringLiteral("aaaa"), clock);
        Hlc remote;
        remote.wallMs = clock.now().toMSecsSinceEpoch() + 60 * 1000;  // a minute ahead, within tolerance
        remote.counter = 7;
        remote.node = QStringLiteral("bbbb");
        QCOMPARE(hlc.witness(remote), 60 * 1000);
        const Hlc next = hlc.tick();
        QVERIFY(next > remote);
        QCOMPARE(next.node, QStringLiteral("aaaa"));
    }

    void farFutureStampsDoNotDragTheClock()
    {
        ManualClock clock;
        HlcClock hlc(QStringLiteral("aaaa"), clock);
        Hlc poison;
        poison.wallMs = clock.now().toMSecsSinceEpoch() + 24LL * 3600 * 1000;  // a device a day ahead
        poison.node = QStringLiteral("bbbb");
        QVERIFY(hlc.witness(poison) > HlcClock::kMaxAheadMs);
        const Hlc next = hlc.tick();
        QCOMPARE(next.wallMs, clock.now().toMSecsSinceEpoch());
    }

    void textFormSortsLikeTheStamps()
    {
        const Hlc a{1764064992123, 5, QStringLiteral("0000aaaa")};
        const Hlc b{1764064992123, 17, QStringLiteral("0000aaaa")};
        const Hlc c{1764064992124, 0, QStringLiteral("00000000")};
        QVERIFY(a < b && b < c);
        QVERIFY(a.toString() < b.toString() && b.toString() < c.toString());
        QCOMPARE(Hlc::parse(b.toString()), std::optional<Hlc>(b));
        QVERIFY(!Hlc::parse(QStringLiteral("garbage")));
        QVERIFY(!Hlc::parse(QStringLiteral("12.34.x")));
    }
};

QTEST_GUILESS_MAIN(TestHlc)
#include "tst_hlc.moc"

// The reference's usage and wastage formulas, the wastage ceilings by vial size and days of
// stock, on figures worked out by hand.
#include "app/stock/StockFigures.h"

#include <QTest>

using namespace vax;

namespace {

StockFlow flow(qint64 opening, qint64 received, qint64 sentOut, qint64 administered, qint64 wasted, qint64 closing)
{
    StockFlow f;
    f.opening = opening;
    f.received = received;
    f.sentOut = sentOut;
    f.administered = administered;
    f.wastedClosed = wasted;
    f.closing = closing;
    return f;
}

} // namespace

class TestStockFigures : public QObject
{
    Q_OBJECT

private slots:
    void thirtyPercentWastageIsAFactorOfOnePointFourThree()
    {
        // 100 issued, 70 given: the reference's worked example.
        const WastageFigures w = wastageOf(flow(50, 100, 0, 70, 30, 50));
        QCOMPARE(w.issued, 100);
        QCOMPARE(w.administered, 70);
        QVERIFY(w.usageRate && qFuzzyCompare(*w.usageRate, 70.0));
        QVERIFY(w.wastageRate && qFuzzyCompare(*w.wastageRate, 30.0));
        QVERIFY(w.wastageFactor);
        QCOMPARE(qRound(*w.wastageFactor * 100), 143);
    }

    void stockSentToAnotherHolderIsNotIssuedHere()
    {
        // 200 received, 100 sent on to a team, 90 given here, 10 wasted: 100 issued here.
        const WastageFigures w = wastageOf(flow(0, 200, 100, 90, 10, 0));
        QCOMPARE(w.issued, 100);
        QVERIFY(qFuzzyCompare(*w.wastageRate, 10.0));
    }

    void nothingIssuedHasNoRates()
    {
        const WastageFigures w = wastageOf(flow(40, 0, 0, 0, 0, 40));
        QCOMPARE(w.issued, 0);
        QVERIFY(!w.usageRate);
        QVERIFY(!w.wastageRate);
        QVERIFY(!w.wastageFactor);
    }

    void everythingWastedHasNoFactor()
    {
        const WastageFigures w = wastageOf(flow(10, 0, 0, 0, 10, 0));
        QVERIFY(qFuzzyCompare(*w.wastageRate, 100.0));
        QVERIFY(!w.wastageFactor);
    }

    void aFlowBalancesOnlyWhenItsTermsAddUp()
    {
        StockFlow f = flow(10, 100, 20, 60, 5, 25);
        QVERIFY(f.balances());
        f.adjusted = -2;
        QVERIFY(!f.balances());
        f.closing = 23;
        QVERIFY(f.balances());
    }

    void wastageCeilingsFollowTheVialSize_data()
    {
        QTest::addColumn<int>("doses");
        QTest::addColumn<int>("ceiling");
        QTest::newRow("single-dose") << 1 << 5;
        QTest::newRow("2-dose") << 2 << 10;
        QTest::newRow("6-dose Comirnaty") << 6 << 10;
        QTest::newRow("8-dose Vaxzevria") << 8 << 25;
        QTest::newRow("10-dose") << 10 << 25;
        QTest::newRow("20-dose") << 20 << 25;
    }

    void wastageCeilingsFollowTheVialSize()
    {
        QFETCH(int, doses);
        QFETCH(int, ceiling);
        QCOMPARE(wastageCeilingPercent(doses), ceiling);
    }

    void daysOfStockAtTheRecentRate()
    {
        // 140 used in 7 days is 20 a day: 300 last 15 days.
        QCOMPARE(*daysOfStock(300, 140, 7), 15.0);
        QVERIFY(!daysOfStock(300, 0, 7));
        QVERIFY(!daysOfStock(300, 10, 0));
    }
};

QTEST_GUILESS_MAIN(TestStockFigures)
#include "tst_stockfigures.moc"

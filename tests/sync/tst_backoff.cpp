#include "sync/Backoff.h"

#include <QTest>

using namespace vax::sync;
using namespace std::chrono_literals;

// After a failure a device waits longer each time, up to a cap, never all laptops in step.
class TestBackoff : public QObject
{
    Q_OBJECT

private slots:
    void waitsDoubleWithinHalfToAllOfTheStepUpToTheCap()
    {
        Backoff b(5s, 60s, 1);
        const qint64 steps[] = {5000, 10000, 20000, 40000, 60000, 60000, 60000};
        for (qint64 step : steps) {
            const qint64 wait = b.next().count();
            QVERIFY2(wait >= step / 2 && wait <= step, qPrintable(QStringLiteral("%1 not in [%2, %3]").arg(wait).arg(step / 2).arg(step)));
        }
        QCOMPARE(b.failures(), 7);
    }

    void aSuccessStartsAgainFromTheFirstStep()
    {
        Backoff b(5s, 900s, 2);
        for (int i = 0; i < 10; ++i)
            (void)b.next();
        b.reset();
        QVERIFY(b.next() <= 5s);
    }

    void laptopsThatFailedTogetherDoNotRetryTogether()
    {
        QSet<qint64> waits;
        for (quint32 seed = 0; seed < 50; ++seed) {
            Backoff b(5s, 900s, seed);
            for (int i = 0; i < 5; ++i)
                (void)b.next();
            waits.insert(b.next().count());
        }
        QVERIFY2(waits.size() > 40, qPrintable(QString::number(waits.size())));
    }

    void manyFailuresNeverOverflowTheCap()
    {
        Backoff b(5s, 900s, 3);
        for (int i = 0; i < 200; ++i) {
            const auto wait = b.next();
            QVERIFY(wait <= 900s);
            QVERIFY(wait >= 2500ms);
        }
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"

// syncbench on a small push and pull: it still runs end to end on a PostgreSQL cluster of its
// own, and its own checks hold (the push went through whole, each baseline loaded every row and
// left nothing behind, the fresh laptop holds every person). Here: the rows each figure counts
// agree with one another. It checks answers, never times.
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

namespace {

constexpr int kInjections = 300;
constexpr int kPeople = 3000;

// The first number captured by `pattern` in `text`, or -1.
qint64 number(const QString& text, const QString& pattern)
{
    const QRegularExpressionMatch m = QRegularExpression(pattern, QRegularExpression::MultilineOption).match(text);
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

} // namespace

class TestSyncbench : public QObject
{
    Q_OBJECT

private slots:
    void pushAndPullFiguresCountTheSameRows()
    {
        QProcess p;
        p.setProgram(QStringLiteral(SYNCBENCH_PATH));
        p.setArguments({QStringLiteral("--injections"), QString::number(kInjections), QStringLiteral("--people"), QString::number(kPeople)});
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start();
        QVERIFY2(p.waitForFinished(240000), "syncbench did not finish");
        const QString out = QString::fromUtf8(p.readAll());
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, qPrintable(out));

        // Every dose and its stock movement (and a vial opened now and then) went to central, and
        // both baselines loaded exactly those rows.
        const qint64 recorded = number(out, QStringLiteral("recorded %1 injections on the laptop .*: (\\d+) changes to push").arg(kInjections));
        QVERIFY2(recorded >= 2 * kInjections, qPrintable(out));
        QCOMPARE(number(out, QStringLiteral("SyncSession push \\(\\d+ changes a batch\\): (\\d+) changes in")), recorded);
        QCOMPARE(number(out, QStringLiteral("Baseline: COPY of the same (\\d+) rows")), recorded);
        QCOMPARE(number(out, QStringLiteral("^  push: changes \\(injection \\+ stock movement\\)\\s+(\\d+)")), recorded);
        QVERIFY2(number(out, QStringLiteral("^  COPY into change_feed itself: rows/s\\s+(\\d+)")) > 0, qPrintable(out));

        // The fresh laptop pulled every person (and the site's users and catalogue).
        const qint64 pulled = number(out, QStringLiteral("SyncSession first pull \\(\\d+ changes a page\\): (\\d+) records"));
        QVERIFY2(pulled > kPeople, qPrintable(out));
        QCOMPARE(number(out, QStringLiteral("^  pull: records\\s+(\\d+)")), pulled);
    }
};

QTEST_GUILESS_MAIN(TestSyncbench)
#include "tst_syncbench.moc"

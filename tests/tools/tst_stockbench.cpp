// stockbench on a small ledger: it makes a realistic one (every kind of movement, vials open
// now), the app's stock figures equal plain aggregates over it, vaxctl check passes, and a
// second run measures the kept file again. It checks answers, never times.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr int kMovements = 20000;

} // namespace

class TestStockbench : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString db() const { return m_dir.filePath(QStringLiteral("bench.vaxdb")); }

    // Runs stockbench on the test's file; its JSON figures, or an empty object if it failed.
    QJsonObject run(const QStringList& extra)
    {
        const QString json = m_dir.filePath(QStringLiteral("figures.json"));
        QFile::remove(json);
        QProcess p;
        p.setProgram(QStringLiteral(STOCKBENCH_PATH));
        p.setArguments(QStringList{QStringLiteral("--db"), db(), QStringLiteral("--runs"), QStringLiteral("3"), QStringLiteral("--seconds"),
                           QStringLiteral("1"), QStringLiteral("--json"), json}
            + extra);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start();
        if (!p.waitForFinished(240000))
            qFatal("stockbench did not finish");
        const QByteArray output = p.readAll();
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            qWarning("%s", output.constData());
            return {};
        }
        QFile f(json);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(f.readAll()).object();
    }

    static void verifyChecked(const QJsonObject& figures)
    {
        QVERIFY2(!figures.isEmpty(), "stockbench failed (its output is above)");
        const QJsonObject checks = figures[QStringLiteral("checks")].toObject();
        QVERIFY2(checks[QStringLiteral("ok")].toBool(),
            QJsonDocument(checks[QStringLiteral("problems")].toArray()).toJson().constData());
        const QJsonObject queries = figures[QStringLiteral("queries")].toObject();
        QVERIFY(queries.size() >= 10);
        for (auto it = queries.begin(); it != queries.end(); ++it) {
            const QJsonObject q = it.value().toObject();
            QVERIFY2(q[QStringLiteral("n")].toInt() >= 1, qPrintable(it.key()));
            QVERIFY2(q.contains(QStringLiteral("ratio_p50")) != q.value(QStringLiteral("baseline")).toString().isEmpty(), qPrintable(it.key()));
        }
    }

private slots:
    void aNewLedgerIsRealisticAndTheAppsFiguresMatchPlainSql()
    {
        const QJsonObject figures = run({QStringLiteral("--movements"), QString::number(kMovements), QStringLiteral("--integrity")});
        verifyChecked(figures);
        const QJsonObject ledger = figures[QStringLiteral("ledger")].toObject();
        const qint64 movements = ledger[QStringLiteral("movements")].toInteger();
        QVERIFY2(movements > kMovements * 0.9 && movements < kMovements * 1.1, qPrintable(QString::number(movements)));
        QCOMPARE(figures[QStringLiteral("generated")].toObject()[QStringLiteral("movements")].toInteger(), movements);

        const QJsonObject kinds = ledger[QStringLiteral("by_kind")].toObject();
        for (const char* kind : {"receipt", "transfer_out", "transfer_in", "dose_given", "reversal", "wastage", "adjustment", "quarantine", "release"})
            QVERIFY2(kinds[QLatin1String(kind)].toInteger() > 0, kind);
        for (auto it = kinds.begin(); it != kinds.end(); ++it)
            QVERIFY2(it.key() == QLatin1String("dose_given") || it.value().toInteger() < kinds[QStringLiteral("dose_given")].toInteger(), "doses are the bulk");
        const QJsonObject reasons = ledger[QStringLiteral("wastage_by_reason")].toObject();
        for (const char* reason : {"open_vial", "expired", "broken", "lost", "vvm"})
            QVERIFY2(reasons[QLatin1String(reason)].toInteger() > 0, reason);
        QCOMPARE(ledger[QStringLiteral("holders")].toInt(), 4);  // the site and three teams
        QVERIFY(ledger[QStringLiteral("lots")].toInt() >= 10);
        QVERIFY(ledger[QStringLiteral("vials")].toInteger() > 0);
        QVERIFY(ledger[QStringLiteral("doses_with_vial")].toInteger() > 0);
        QVERIFY2(ledger[QStringLiteral("open_vials_site")].toInt() > 0, "the benchmark stands mid-session");
    }

    void aKeptLedgerIsMeasuredAgainAsItIs()
    {
        const QJsonObject figures = run({});
        verifyChecked(figures);
        QVERIFY(!figures.contains(QStringLiteral("generated")));
    }
};

QTEST_GUILESS_MAIN(TestStockbench)
#include "tst_stockbench.moc"

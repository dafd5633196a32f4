// vaxctl stock on a mobile team's laptop, as a team lead would script a day: receive by scan,
// open a vial, give doses, close the session, waste, count, quarantine, send the rest back
// to the site, export the ledger. The real binary, a real database file, exit codes, JSON on
// stdout and messages on stderr that name the field.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

// GS1's 952 prefix is reserved for demonstrations: no real product carries it.
const QString kDemoGtin = QStringLiteral("09520123456788");

} // namespace

class TestVaxctlStock : public QObject
{
    Q_OBJECT

    struct Run {
        int exitCode = -1;
        QString out;
        QString err;
        QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
        QJsonArray jsonArray() const { return QJsonDocument::fromJson(out.toUtf8()).array(); }
    };

    QTemporaryDir m_dir;
    QString m_db;

    Run team(const QStringList& args)
    {
        QProcess p;
        p.setProgram(QStringLiteral(VAXCTL_PATH));
        p.setArguments(QStringList{QStringLiteral("--db"), m_db} + args);
        p.start();
        if (!p.waitForFinished(120000))
            qFatal("vaxctl did not finish");
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

    int onHand(const QString& lot)
    {
        const Run r = team({QStringLiteral("--json"), QStringLiteral("stock"), QStringLiteral("show")});
        for (const QJsonValue& v : r.jsonArray()) {
            if (v.toObject().value(QStringLiteral("lot")).toString() == lot)
                return v.toObject().value(QStringLiteral("doses")).toInt();
        }
        return 0;
    }

    int ledgerRows()
    {
        return int(team({QStringLiteral("--json"), QStringLiteral("stock"), QStringLiteral("ledger")}).jsonArray().size());
    }

private slots:
    void initTestCase()
    {
        m_db = m_dir.filePath(QStringLiteral("team.vaxdb"));
        qputenv("VAXCTL_ADMIN_PASSWORD", "team-admin-pw");
        const Run r = team({QStringLiteral("init"), QStringLiteral("--site"), QStringLiteral("HN-BD-01"), QStringLiteral("--name"),
            QStringLiteral("Trạm Y tế phường Phúc Xá"), QStringLiteral("--team"), QStringLiteral("HN-BD-01-T1")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }

    void aScanWhoseGtinTheCatalogueLacksAsksForTheProduct()
    {
        const QString scan = QStringLiteral("]d201") + kDemoGtin + QStringLiteral("17271231") + QStringLiteral("10ABV7001");
        const Run unknown = team({QStringLiteral("stock"), QStringLiteral("receive"), QStringLiteral("--scan"), scan, QStringLiteral("--doses"), QStringLiteral("50")});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains(kDemoGtin) && unknown.err.contains(QStringLiteral("product")), qPrintable(unknown.err));
        const Run bad = team({QStringLiteral("stock"), QStringLiteral("receive"), QStringLiteral("--scan"), QStringLiteral("]d20109520123456789"),
            QStringLiteral("--product"), QStringLiteral("VAXZEVRIA"), QStringLiteral("--doses"), QStringLiteral("50")});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains(QStringLiteral("(01)")) && bad.err.contains(QStringLiteral("check digit")), qPrintable(bad.err));
        QCOMPARE(ledgerRows(), 0);

        const Run r = team({QStringLiteral("--json"), QStringLiteral("stock"), QStringLiteral("receive"), QStringLiteral("--scan"), scan,
            QStringLiteral("--product"), QStringLiteral("VAXZEVRIA"), QStringLiteral("--doses"), QStringLiteral("50")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("lot")).toString(), QStringLiteral("ABV7001"));
        QCOMPARE(r.json().value(QStringLiteral("expiry_date")).toString(), QStringLiteral("2027-12-31"));
        QCOMPARE(onHand(QStringLiteral("ABV7001")), 50);
    }

    void aDayAtTheTeamEndsWithEveryDoseAccountedFor()
    {
        const Run opened = team({QStringLiteral("--json"), QStringLiteral("stock"), QStringLiteral("open"), QStringLiteral("--lot"), QStringLiteral("abv7001")});
        QVERIFY2(opened.exitCode == 0, qPrintable(opened.err));
        QCOMPARE(opened.json().value(QStringLiteral("doses_left")).toInt(), 10);
        QVERIFY(opened.json().value(QStringLiteral("minutes_left")).toInt() > 350);

        for (const auto& [dob, cccd] : {std::pair{"1961-02-03", "001061000001"}, std::pair{"1972-04-05", "001072000002"},
                 std::pair{"1983-06-07", "001083000003"}}) {
            const Run person = team({QStringLiteral("--json"), QStringLiteral("person"), QStringLiteral("add"), QStringLiteral("--name"),
                QStringLiteral("Giàng A Sử"), QStringLiteral("--dob"), QLatin1String(dob), QStringLiteral("--sex"), QStringLiteral("M"),
                QStringLiteral("--cccd"), QLatin1String(cccd)});
            QVERIFY2(person.exitCode == 0, qPrintable(person.err));
            const Run dose = team({QStringLiteral("dose"), QStringLiteral("record"), QStringLiteral("--person"), person.json().value(QStringLiteral("id")).toString(),
                QStringLiteral("--product"), QStringLiteral("VAXZEVRIA"), QStringLiteral("--lot"), QStringLiteral("ABV7001")});
            QVERIFY2(dose.exitCode == 0, qPrintable(dose.err));
        }
        const Run vials = team({QStringLiteral("--json"), QStringLiteral("stock"), QStringLiteral("vials")});
        QCOMPARE(vials.jsonArray().size(), 1);
        QCOMPARE(vials.jsonArray().first().toObject().value(QStringLiteral("doses_left")).toInt(), 7);  // the doses came from the open vial

        const Run closed = team({QStringLiteral("--json"), QStringLiteral("stock"), QStringLiteral("close-session")});
        QVERIFY2(closed.exitCode == 0, qPrintable(closed.err));
        QCOMPARE(closed.json().value(QStringLiteral("vials_discarded")).toInt(), 1);
        QCOMPARE(onHand(QStringLiteral("ABV7001")), 40);

        const Run noReason = team({QStringLiteral("stock"), QStringLiteral("discard"), QStringLiteral("--lot"), QStringLiteral("ABV7001"),
            QStringLiteral("--doses"), QStringLiteral("10"), QStringLiteral("--reason"), QStringLiteral("dropped")});
        QCOMPARE(noReason.exitCode, 1);
        QVERIFY2(noReason.err.contains(QStringLiteral("reason")) && noReason.err.contains(QStringLiteral("broken")), qPrintable(noReason.err));
        QCOMPARE(team({QStringLiteral("stock"), QStringLiteral("discard"), QStringLiteral("--lot"), QStringLiteral("ABV7001"), QStringLiteral("--doses"),
                     QStringLiteral("10"), QStringLiteral("--reason"), QStringLiteral("broken")})
                     .exitCode,
            0);
        const Run count = team({QStringLiteral("--json"), QStringLiteral("stock"), QStringLiteral("count"), QStringLiteral("--lot"), QStringLiteral("ABV7001"),
            QStringLiteral("--counted"), QStringLiteral("30")});
        QVERIFY2(count.exitCode == 0, qPrintable(count.err));
        QCOMPARE(count.json().value(QStringLiteral("doses")).toInt(), 0);

        const Run wastage = team({QStringLiteral("--json"), QStringLiteral("stock"), QStringLiteral("wastage")});
        QVERIFY2(wastage.exitCode == 0, qPrintable(wastage.err));
        const QJsonObject line = wastage.json().value(QStringLiteral("products")).toArray().first().toObject();
        QCOMPARE(line.value(QStringLiteral("issued")).toInt(), 20);        // 50 received, 30 left
        QCOMPARE(line.value(QStringLiteral("administered")).toInt(), 3);
        QCOMPARE(line.value(QStringLiteral("wasted_open_vial")).toInt(), 7);
        QCOMPARE(line.value(QStringLiteral("wasted_closed_vial")).toInt(), 10);
        QCOMPARE(line.value(QStringLiteral("wastage_rate")).toDouble(), 85.0);
        QVERIFY(line.value(QStringLiteral("over_ceiling")).toBool());
        QCOMPARE(line.value(QStringLiteral("between_holders")).toInt(), 0);

        // --holder narrows the figures to one holder of this laptop, and names a wrong one.
        const Run mine = team({QStringLiteral("--json"), QStringLiteral("stock"), QStringLiteral("wastage"), QStringLiteral("--holder"), QStringLiteral("hn-bd-01-t1")});
        QVERIFY2(mine.exitCode == 0, qPrintable(mine.err));
        QCOMPARE(mine.json().value(QStringLiteral("products")).toArray().first().toObject().value(QStringLiteral("issued")).toInt(), 20);
        const Run site = team({QStringLiteral("stock"), QStringLiteral("wastage"), QStringLiteral("--holder"), QStringLiteral("HN-BD-01")});
        QCOMPARE(site.exitCode, 1);
        QVERIFY2(site.err.contains(QStringLiteral("holder")), qPrintable(site.err));
    }

    void aQuarantinedLotStopsDosesUntilReleased()
    {
        const QStringList lot{QStringLiteral("--lot"), QStringLiteral("ABV7001")};
        QCOMPARE(team(QStringList{QStringLiteral("stock"), QStringLiteral("quarantine")} + lot).exitCode, 2);  // no --reason
        QCOMPARE(team(QStringList{QStringLiteral("stock"), QStringLiteral("quarantine")} + lot + QStringList{QStringLiteral("--reason"), QStringLiteral("cold box at 12 °C")}).exitCode, 0);
        const Run person = team({QStringLiteral("--json"), QStringLiteral("person"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("Vàng Thị Mỷ"),
            QStringLiteral("--dob"), QStringLiteral("1990-09-09"), QStringLiteral("--sex"), QStringLiteral("F"), QStringLiteral("--cccd"),
            QStringLiteral("001190000004")});
        QVERIFY2(person.exitCode == 0, qPrintable(person.err));
        const QStringList dose{QStringLiteral("dose"), QStringLiteral("record"), QStringLiteral("--person"), person.json().value(QStringLiteral("id")).toString(),
            QStringLiteral("--product"), QStringLiteral("VAXZEVRIA"), QStringLiteral("--lot"), QStringLiteral("ABV7001")};
        const Run refused = team(dose);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("quarantine")), qPrintable(refused.err));
        QCOMPARE(onHand(QStringLiteral("ABV7001")), 30);
        QCOMPARE(team(QStringList{QStringLiteral("stock"), QStringLiteral("release")} + lot + QStringList{QStringLiteral("--reason"), QStringLiteral("log checked")}).exitCode, 0);
        QCOMPARE(team(dose).exitCode, 0);
        QCOMPARE(team({QStringLiteral("stock"), QStringLiteral("close-session")}).exitCode, 0);
        QCOMPARE(onHand(QStringLiteral("ABV7001")), 20);
    }

    void whatIsLeftGoesBackToTheSiteAndStaysInTransit()
    {
        const Run partial = team({QStringLiteral("stock"), QStringLiteral("return"), QStringLiteral("--lot"), QStringLiteral("ABV7001"), QStringLiteral("--doses"), QStringLiteral("15")});
        QCOMPARE(partial.exitCode, 1);
        QVERIFY2(partial.err.contains(QStringLiteral("vial")), qPrintable(partial.err));
        const Run sent = team({QStringLiteral("--json"), QStringLiteral("stock"), QStringLiteral("return"), QStringLiteral("--lot"), QStringLiteral("ABV7001"),
            QStringLiteral("--doses"), QStringLiteral("20"), QStringLiteral("--note"), QStringLiteral("back from Mường Tè")});
        QVERIFY2(sent.exitCode == 0, qPrintable(sent.err));
        QCOMPARE(sent.json().value(QStringLiteral("counterpart")).toString(), QStringLiteral("HN-BD-01"));
        QCOMPARE(onHand(QStringLiteral("ABV7001")), 0);
        const Run incoming = team({QStringLiteral("--json"), QStringLiteral("stock"), QStringLiteral("incoming")});
        const QJsonArray inTransit = incoming.json().value(QStringLiteral("sent")).toArray();
        QCOMPARE(inTransit.size(), 1);
        QCOMPARE(inTransit.first().toObject().value(QStringLiteral("doses_sent")).toInt(), 20);
        QVERIFY(!inTransit.first().toObject().contains(QStringLiteral("received_at")));
        // Confirming one's own shipment is the receiver's job.
        const Run own = team({QStringLiteral("stock"), QStringLiteral("confirm"), QStringLiteral("--shipment"), inTransit.first().toObject().value(QStringLiteral("shipment")).toString()});
        QCOMPARE(own.exitCode, 1);
        QVERIFY2(own.err.contains(QStringLiteral("shipment")), qPrintable(own.err));
    }

    void theLedgerExportsAsCsvAndPassesTheCheck()
    {
        const QString csv = m_dir.filePath(QStringLiteral("ledger.csv"));
        const Run r = team({QStringLiteral("stock"), QStringLiteral("ledger"), QStringLiteral("--csv"), csv});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF" "occurred_at,holder,kind,product,lot"));
        const QStringList lines = QString::fromUtf8(bytes).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size() - 1, ledgerRows());
        QCOMPARE(ledgerRows(), 12);  // receipt, 4 doses, 2 open-vial discards, 1 broken, count, quarantine, release, return
        QVERIFY(QString::fromUtf8(bytes).contains(QStringLiteral("back from Mường Tè")));
        int sum = 0;
        for (const QJsonValue& v : team({QStringLiteral("--json"), QStringLiteral("stock"), QStringLiteral("ledger")}).jsonArray())
            sum += v.toObject().value(QStringLiteral("doses")).toInt();
        QCOMPARE(sum, 0);  // everything received has been given, wasted or sent back
        const Run check = team({QStringLiteral("check")});
        QVERIFY2(check.exitCode == 0, qPrintable(check.out + check.err));
        QCOMPARE(team({QStringLiteral("stock"), QStringLiteral("ledger"), QStringLiteral("--from"), QStringLiteral("yesterday")}).exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TestVaxctlStock)
#include "tst_vaxctlstock.moc"

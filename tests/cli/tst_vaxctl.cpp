#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

// vaxctl as IT staff and scripts use it: the real binary, a real database file, exit codes,
// stdout JSON and stderr messages.
class TestVaxctl : public QObject
{
    Q_OBJECT

private:
    struct Run {
        int exitCode = -1;
        QString out;
        QString err;
        QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
        QJsonArray jsonArray() const { return QJsonDocument::fromJson(out.toUtf8()).array(); }
    };

    QTemporaryDir m_dir;
    QString m_db;

    Run vaxctl(const QStringList& args)
    {
        QProcess p;
        p.setProgram(QStringLiteral(VAXCTL_PATH));
        p.setArguments(args);
        p.start();
        if (!p.waitForFinished(120000))
            qFatal("vaxctl did not finish");
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

    Run onSite(QStringList args)
    {
        return vaxctl(QStringList{QStringLiteral("--db"), m_db} + args);
    }

    int count(const char* table)
    {
        sqlite3* db = nullptr;
        sqlite3_open_v2(m_db.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
        sqlite3_stmt* stmt = nullptr;
        const QByteArray sql = QByteArray("SELECT count(*) FROM ") + table;
        sqlite3_prepare_v2(db, sql.constData(), -1, &stmt, nullptr);
        sqlite3_step(stmt);
        const int n = sqlite3_column_int(stmt, 0);
        sqlite3_finalize(stmt);
        sqlite3_close(db);
        return n;
    }

    QString addPerson(const QStringList& extra)
    {
        const Run r = onSite(QStringList{QStringLiteral("--json"), QStringLiteral("person"), QStringLiteral("add")} + extra);
        if (r.exitCode != 0)
            qFatal("person add failed: %s", qPrintable(r.err));
        return r.json().value(QStringLiteral("id")).toString();
    }

private slots:
    void initTestCase()
    {
        m_db = m_dir.filePath(QStringLiteral("site.vaxdb"));
        const Run r = vaxctl({QStringLiteral("--db"), m_db, QStringLiteral("init"), QStringLiteral("--site"), QStringLiteral("HN-BD-01"),
            QStringLiteral("--name"), QStringLiteral("Trạm Y tế Ba Đình"), QStringLiteral("--admin-password"), QStringLiteral("secret-123"),
            QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("site_code")).toString(), QStringLiteral("HN-BD-01"));
        QCOMPARE(r.json().value(QStringLiteral("admin_user")).toString(), QStringLiteral("admin"));
        QVERIFY(!r.json().contains(QStringLiteral("admin_password")));  // given, so not printed
    }

    void usageErrorsExitWithTwo()
    {
        QCOMPARE(vaxctl({}).exitCode, 2);
        QCOMPARE(onSite({QStringLiteral("frobnicate")}).exitCode, 2);
        const Run missing = onSite({QStringLiteral("person"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("X")});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains(QStringLiteral("--dob")));
        QCOMPARE(onSite({QStringLiteral("person"), QStringLiteral("add"), QStringLiteral("--bogus"), QStringLiteral("1")}).exitCode, 2);
        const Run help = onSite({QStringLiteral("stock"), QStringLiteral("receive"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("--expiry")));
    }

    void initRefusesAnExistingFile()
    {
        const Run r = onSite({QStringLiteral("init"), QStringLiteral("--site"), QStringLiteral("X"), QStringLiteral("--name"), QStringLiteral("Y")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(QStringLiteral("already exists")));
    }

    void invalidInputNamesTheFieldAndWritesNothing()
    {
        const int before = count("person");
        const int auditBefore = count("audit_log");
        const Run r = onSite({QStringLiteral("--json"), QStringLiteral("person"), QStringLiteral("add"), QStringLiteral("--name"),
            QStringLiteral("Lê Văn Tám"), QStringLiteral("--dob"), QStringLiteral("1990-02-30"), QStringLiteral("--sex"), QStringLiteral("M"),
            QStringLiteral("--cccd"), QStringLiteral("079090123"), QStringLiteral("--phone"), QStringLiteral("0912")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(QStringLiteral("birth_date: ")));
        QVERIFY(r.err.contains(QStringLiteral("cccd: ")));
        QVERIFY(r.err.contains(QStringLiteral("phone: ")));
        QCOMPARE(r.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid"));
        QCOMPARE(r.json().value(QStringLiteral("fields")).toArray().size(), 3);
        QCOMPARE(count("person"), before);
        QCOMPARE(count("audit_log"), auditBefore);
    }

    void registersAndFindsPeople()
    {
        const QString id = addPerson({QStringLiteral("--name"), QStringLiteral("nguyễn thị đào"), QStringLiteral("--dob"), QStringLiteral("14/02/1995"),
            QStringLiteral("--sex"), QStringLiteral("Nữ"), QStringLiteral("--cccd"), QStringLiteral("001195012345"), QStringLiteral("--phone"),
            QStringLiteral("0983 123 456")});
        QVERIFY(!id.isEmpty());
        const Run byName = onSite({QStringLiteral("--json"), QStringLiteral("person"), QStringLiteral("search"), QStringLiteral("nguyen thi dao")});
        QCOMPARE(byName.exitCode, 0);
        QCOMPARE(byName.json().value(QStringLiteral("kind")).toString(), QStringLiteral("name"));
        const QJsonArray people = byName.json().value(QStringLiteral("people")).toArray();
        QCOMPARE(people.size(), 1);
        QCOMPARE(people.first().toObject().value(QStringLiteral("full_name")).toString(), QStringLiteral("Nguyễn Thị Đào"));
        QCOMPARE(people.first().toObject().value(QStringLiteral("phone")).toString(), QStringLiteral("+84983123456"));

        const Run byPhone = onSite({QStringLiteral("--json"), QStringLiteral("person"), QStringLiteral("search"), QStringLiteral("+84983123456")});
        QCOMPARE(byPhone.json().value(QStringLiteral("people")).toArray().first().toObject().value(QStringLiteral("id")).toString(), id);
        const Run text = onSite({QStringLiteral("person"), QStringLiteral("search"), QStringLiteral("001195012345")});
        QVERIFY(text.out.contains(QStringLiteral("Nguyễn Thị Đào")));
    }

    void receivesStockAndRecordsADose()
    {
        const Run bad = onSite({QStringLiteral("stock"), QStringLiteral("receive"), QStringLiteral("--product"), QStringLiteral("ASPIRIN"),
            QStringLiteral("--lot"), QStringLiteral("A1"), QStringLiteral("--expiry"), QStringLiteral("2099-01-01"), QStringLiteral("--doses"), QStringLiteral("10")});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY(bad.err.contains(QStringLiteral("product: ")));
        QVERIFY(bad.err.contains(QStringLiteral("VAXZEVRIA")));  // says what to use instead

        const Run ok = onSite({QStringLiteral("--json"), QStringLiteral("stock"), QStringLiteral("receive"), QStringLiteral("--product"),
            QStringLiteral("comirnaty"), QStringLiteral("--lot"), QStringLiteral("fn7792"), QStringLiteral("--expiry"), QStringLiteral("2099-01-31"),
            QStringLiteral("--doses"), QStringLiteral("60")});
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.err));
        QCOMPARE(ok.json().value(QStringLiteral("doses")).toInt(), 60);
        QCOMPARE(ok.json().value(QStringLiteral("lot")).toString(), QStringLiteral("FN7792"));

        const QString person = addPerson({QStringLiteral("--name"), QStringLiteral("Vũ Đình Khoa"), QStringLiteral("--dob"),
            QStringLiteral("1960-06-06"), QStringLiteral("--sex"), QStringLiteral("M"), QStringLiteral("--passport"), QStringLiteral("B9876543")});
        const Run dose = onSite({QStringLiteral("--json"), QStringLiteral("dose"), QStringLiteral("record"), QStringLiteral("--person"), person,
            QStringLiteral("--product"), QStringLiteral("COMIRNATY"), QStringLiteral("--lot"), QStringLiteral("FN7792"), QStringLiteral("--arm"), QStringLiteral("right")});
        QVERIFY2(dose.exitCode == 0, qPrintable(dose.err));
        QCOMPARE(dose.json().value(QStringLiteral("dose_number")).toInt(), 1);
        QCOMPARE(dose.json().value(QStringLiteral("body_site")).toString(), QStringLiteral("right_arm"));

        const Run stock = onSite({QStringLiteral("--json"), QStringLiteral("stock"), QStringLiteral("show")});
        QCOMPARE(stock.jsonArray().first().toObject().value(QStringLiteral("doses")).toInt(), 59);
        const Run show = onSite({QStringLiteral("--json"), QStringLiteral("person"), QStringLiteral("show"), person});
        QCOMPARE(show.json().value(QStringLiteral("injections")).toArray().size(), 1);

        const Run wrongArm = onSite({QStringLiteral("dose"), QStringLiteral("record"), QStringLiteral("--person"), person,
            QStringLiteral("--product"), QStringLiteral("COMIRNATY"), QStringLiteral("--lot"), QStringLiteral("FN7792"), QStringLiteral("--arm"), QStringLiteral("nose")});
        QCOMPARE(wrongArm.exitCode, 1);
        QVERIFY(wrongArm.err.contains(QStringLiteral("arm: ")));
        QCOMPARE(count("injection"), 1);
    }

    void checkPassesThenCatchesTampering()
    {
        Run r = onSite({QStringLiteral("check")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        QVERIFY(r.out.startsWith(QStringLiteral("OK")));
        sqlite3* db = nullptr;
        sqlite3_open(m_db.toUtf8().constData(), &db);
        QCOMPARE(sqlite3_exec(db, "DROP TRIGGER injection_no_update; UPDATE injection SET dose_number = 3;", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        r = onSite({QStringLiteral("--json"), QStringLiteral("check")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value(QStringLiteral("ok")).toBool(), false);
        QVERIFY(r.json().value(QStringLiteral("problems")).toArray().first().toString().contains(QStringLiteral("was changed")));
    }

    void demoFillsANewSiteOnly()
    {
        const QString demoDb = m_dir.filePath(QStringLiteral("demo.vaxdb"));
        const Run r = vaxctl({QStringLiteral("--db"), demoDb, QStringLiteral("--json"), QStringLiteral("demo"), QStringLiteral("--persons"), QStringLiteral("60")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("persons")).toInt(), 60);
        QCOMPARE(r.json().value(QStringLiteral("users")).toInt(), 4);
        QVERIFY(r.json().value(QStringLiteral("visits_today")).toInt() > 0);
        const Run again = vaxctl({QStringLiteral("--db"), demoDb, QStringLiteral("demo"), QStringLiteral("--persons"), QStringLiteral("10")});
        QCOMPARE(again.exitCode, 1);
        QCOMPARE(vaxctl({QStringLiteral("--db"), demoDb, QStringLiteral("check")}).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestVaxctl)
#include "tst_vaxctl.moc"

// A refused device enrolled again, end to end: the real vaxcentral (SQLite and PostgreSQL), its
// admin commands, devices on their own database files running the real enrolment and sync
// code, and the real vaxctl. Refused because the district revoked it, because its database
// came back on another computer (a reinstalled laptop and last night's backup) or on the same
// one with nothing new recorded (even a backup from before its first change), or because two copies of it were in use. Enrolled again with a code for it, the device keeps its id, log
// and cursors, sends what waited exactly once and pulls; a copy left behind stays refused and
// says why. The code is one-time, expires, enrols one device only; bad admin input changes
// nothing.
#include "app/common/Uuid.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/PersonRepository.h"
#include "app/store/StockRepository.h"
#include "db/Connection.h"
#include "sync/CentralApi.h"
#include "sync/CredentialStore.h"
#include "sync/DeviceCredential.h"
#include "tests/server/HttpProbe.h"
#include "tests/server/SyncFixture.h"
#include "tests/support/Must.h"
#include "tests/support/SyncRig.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace vax;
using namespace vax::test;

class TestReenrol : public SyncFixture
{
    Q_OBJECT

private:
    struct Run {
        int exit = -1;
        QString out;
        QString err;
        QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
    };

    // The real vaxctl on a database file, its credential in a file beside it.
    static Run vaxctl(const QString& db, const QStringList& args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("VAX_CREDENTIAL_STORE"), QStringLiteral("file"));
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("vax.*.info=false"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(VAXCTL_PATH), QStringList{QStringLiteral("--db"), db} + args);
        if (!p.waitForFinished(120000))
            p.kill();
        p.waitForFinished();
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
    }

    QString idOf(TestDevice& d) { return d.store().identity().deviceId; }

    // vaxcentral admin enrol-code --device ID …
    QString deviceCode(const QString& deviceId, const QStringList& extra = {})
    {
        if (!m_central->admin(QStringList{QStringLiteral("enrol-code"), QStringLiteral("--device"), deviceId} + extra))
            return {};
        return m_central->lastAdmin().stdOut.trimmed();
    }

    bool revoke(const QString& deviceId) { return m_central->admin({QStringLiteral("device"), QStringLiteral("revoke"), deviceId}); }

    // The device as `vaxcentral admin --json device list` shows it.
    QJsonObject listed(const QString& deviceId)
    {
        if (!m_central->admin({QStringLiteral("device"), QStringLiteral("list"), QStringLiteral("--json")}))
            return {};
        for (const QJsonValue& v : QJsonDocument::fromJson(m_central->lastAdmin().stdOut.toUtf8()).array()) {
            if (v.toObject().value(QStringLiteral("id")).toString() == deviceId)
                return v.toObject();
        }
        return {};
    }

    // The line `vaxcentral admin device list` prints for it.
    QString listLine(const QString& deviceId)
    {
        if (!m_central->admin({QStringLiteral("device"), QStringLiteral("list")}))
            return {};
        for (const QString& line : m_central->lastAdmin().stdOut.split(QLatin1Char('\n'))) {
            if (line.startsWith(deviceId))
                return line;
        }
        return {};
    }

    // How many times each change of the device's log is in central's feed: all of them once.
    QString notOnceAtCentral(TestDevice& d)
    {
        QHash<QString, int> times;
        for (const QVariantList& row : m_central->rows(QStringLiteral("SELECT id, count(*) FROM change_feed WHERE device_id = ? GROUP BY id"), {idOf(d)}))
            times.insert(row.at(0).toString(), row.at(1).toInt());
        QStringList wrong;
        for (const auto& [seq, id] : d.log()) {
            if (times.value(id) != 1)
                wrong << QStringLiteral("#%1 %2 ×%3").arg(seq).arg(id).arg(times.value(id));
        }
        return wrong.join(QStringLiteral(", "));
    }

    // Enrolled again with a code for it (kept in `usedCode`), the device sends what waited,
    // every change of it once. What went wrong, or nothing.
    QString enrolAgainAndSync(TestDevice& d, QString* usedCode = nullptr)
    {
        const qint64 waiting = d.pending();
        const QString code = deviceCode(idOf(d));
        if (usedCode)
            *usedCode = code;
        auto again = d.enrol(m_central->url(), code);
        if (!again.ok())
            return QStringLiteral("enrol: ") + again.error().message();
        if (!again->again || again->waiting != waiting)
            return QStringLiteral("enrolled again: %1, %2 waiting of %3").arg(again->again).arg(again->waiting).arg(waiting);
        const SyncRun run = d.sync();
        if (!run.ok())
            return QStringLiteral("sync: ") + run.error;
        if (run.pushed != waiting || d.pending() != 0)
            return QStringLiteral("pushed %1 of %2, %3 left").arg(run.pushed).arg(waiting).arg(d.pending());
        return notOnceAtCentral(d);
    }

    int atCentral(const QString& entity, const QString& recordId)
    {
        return m_central->scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE entity = ? AND record_id = ?"), {entity, recordId}).toInt();
    }

    int codes() { return m_central->scalar(QStringLiteral("SELECT count(*) FROM enrol_code")).toInt(); }
    QList<QVariantList> deviceRows() { return m_central->rows(QStringLiteral("SELECT * FROM device ORDER BY id")); }

private slots:
    void aRevokedDeviceEnrolledAgainSendsItsOfflineDosesOnceAndPulls()
    {
        auto a = device(QStringLiteral("a"), kSite);
        auto b = device(QStringLiteral("b"), kSite);
        QVERIFY(a && b);
        const Session nurse = *a->session(QStringLiteral("nurse"));
        const Session manager = *a->session(QStringLiteral("manager"));
        const QString lot = receive(*a, manager, QStringLiteral("VAXZEVRIA"), QStringLiteral("ABX4521"), 50);
        const QString first = registerPerson(*a, nurse, QStringLiteral("Nguyễn Văn Đức"), QStringLiteral("001085001234"));
        QVERIFY(a->sync().ok());

        // Revoked by mistake: the laptop goes on working, and its doses wait.
        QVERIFY(revoke(idOf(*a)));
        QCOMPARE(listed(idOf(*a)).value(QStringLiteral("refused")).toString(), QStringLiteral("revoked"));
        QVERIFY2(listLine(idOf(*a)).contains(QStringLiteral("revoked by an administrator")), qPrintable(listLine(idOf(*a))));
        inject(*a, nurse, first, lot);
        const QString second = registerPerson(*a, nurse, QStringLiteral("Trần Thị Hoa"), QStringLiteral("001190004567"));
        inject(*a, nurse, second, lot);
        const qint64 waiting = a->pending();
        QVERIFY(waiting >= 4);
        const SyncRun refused = a->sync();
        QVERIFY(!refused.ok());
        QCOMPARE(a->lastFailure(), std::optional<ErrorCode>(ErrorCode::Forbidden));
        QVERIFY2(refused.error.contains(QStringLiteral("enrol-code --device ") + idOf(*a)), qPrintable(refused.error));
        QCOMPARE(a->pending(), waiting);

        // Enrolled again with a code for it: the same device, log and cursors.
        const SyncState before = a->store().sync().state();
        const auto log = a->log();
        const sync::DeviceCredential old = credentialOf(*a);
        auto again = a->enrol(m_central->url(), deviceCode(idOf(*a)));
        QVERIFY2(again.ok(), qPrintable(why(again)));
        QVERIFY(again->again);
        QCOMPARE(again->waiting, waiting);
        QCOMPARE(a->log(), log);
        QCOMPARE(a->store().sync().state().pushedThrough, before.pushedThrough);
        QCOMPARE(a->store().sync().state().pullCursor, before.pullCursor);
        QVERIFY(credentialOf(*a).secret != old.secret);
        QVERIFY(!listed(idOf(*a)).contains(QStringLiteral("refused")));
        QVERIFY2(listLine(idOf(*a)).contains(QStringLiteral("enrolled again")), qPrintable(listLine(idOf(*a))));

        // Laptop B recorded a person meanwhile; A sends its doses once and pulls B's work.
        const QString third = registerPerson(*b, *b->session(QStringLiteral("nurse")), QStringLiteral("Lê Văn Tám"), QStringLiteral("001079008899"));
        QVERIFY(b->sync().ok());
        const qint64 feed = feedCount();
        const SyncRun run = a->sync();
        QVERIFY2(run.ok(), qPrintable(run.error));
        QCOMPARE(run.pushed, int(waiting));
        QCOMPARE(a->pending(), 0);
        QCOMPARE(feedCount(), feed + waiting);
        QVERIFY2(notOnceAtCentral(*a).isEmpty(), qPrintable(notOnceAtCentral(*a)));
        QVERIFY(a->store().persons().byId(third));
        QCOMPARE(a->sync().pushed, 0);
        QCOMPARE(feedCount(), feed + waiting);
        QVERIFY(b->sync().ok());
        QCOMPARE(b->store().clinical().injectionsOf(first).size(), 1);
        QCOMPARE(b->store().clinical().injectionsOf(second).size(), 1);
        QCOMPARE(atCentral(QStringLiteral("injection"), b->store().clinical().injectionsOf(second).first().injection.stamp.id), 1);

        // The credential it had is done with: a backup holding it is told why.
        const HttpAnswer stale = httpRequest(m_central->url().resolved(QUrl(QStringLiteral("/api/v1/pull?after=0&limit=1"))), "GET", {},
            deviceHeaders(old));
        QCOMPARE(stale.status, 409);
        QVERIFY2(stale.body.contains("enrolled again"), stale.body.constData());
    }

    void aDatabaseRestoredOnAReinstalledLaptopIsEnrolledAgainAndItsNewWorkGoesOnce()
    {
        auto a = device(QStringLiteral("a"), kSite);
        auto b = device(QStringLiteral("b"), kSite);
        QVERIFY(a && b);
        const Session nurse = *a->session(QStringLiteral("nurse"));
        const QString lot = receive(*a, *a->session(QStringLiteral("manager")), QStringLiteral("VAXZEVRIA"), QStringLiteral("ABX4521"), 50);
        registerPerson(*a, nurse, QStringLiteral("Phạm Văn Bình"), QStringLiteral("001070001111"));
        QVERIFY(a->sync().ok());
        // Last night's backup; the laptop then records more, syncs, and its disk dies.
        TestDevice restored(QStringLiteral("restored"), *a);
        const QString lost = registerPerson(*a, nurse, QStringLiteral("Phạm Thị Cúc"), QStringLiteral("001175002222"));
        inject(*a, nurse, lost, lot);
        QVERIFY(a->sync().ok());
        QVERIFY(!restored.store().persons().byId(lost));
        // Reinstalled, the backup restored: central sees another computer (the old one is gone).
        m_central->rows(QStringLiteral("UPDATE device SET install_id = ? WHERE id = ?"), {QString(64, QLatin1Char('e')), idOf(*a)});
        const QString fresh = registerPerson(restored, nurse, QStringLiteral("Đỗ Thị Lan"), QStringLiteral("001188003333"));
        const SyncRun refused = restored.sync();
        QVERIFY(!refused.ok());
        QCOMPARE(restored.lastFailure(), std::optional<ErrorCode>(ErrorCode::Conflict));
        QVERIFY2(refused.error.contains(QStringLiteral("another computer")), qPrintable(refused.error));
        QCOMPARE(listed(idOf(*a)).value(QStringLiteral("refused")).toString(), QStringLiteral("other_computer"));
        QVERIFY2(listLine(idOf(*a)).contains(QStringLiteral("another computer")), qPrintable(listLine(idOf(*a))));

        // Its first change since the backup took a seq under which central holds the lost one:
        // enrolled again, the restored log goes on after central's.
        const qint64 centralLast = m_central->scalar(QStringLiteral("SELECT last_seq FROM device WHERE id = ?"), {idOf(*a)}).toLongLong();
        QVERIFY(restored.log().last().first <= centralLast);
        const QString wrong = enrolAgainAndSync(restored);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        QVERIFY(restored.log().last().first > centralLast);
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT install_id FROM device WHERE id = ?"), {idOf(*a)}).toString(),
            sync::installIdFor(idOf(*a)));
        QCOMPARE(atCentral(QStringLiteral("person"), fresh), 1);
        QCOMPARE(atCentral(QStringLiteral("person"), lost), 1);
        // What it recorded after the backup comes back from central: the person and the dose,
        // once, and the lot's balance counts the dose.
        QVERIFY(restored.store().persons().byId(lost));
        QCOMPARE(restored.store().clinical().injectionsOf(lost).size(), 1);
        QCOMPARE(restored.pending(), 0);
        // It goes on: its next work syncs too, and the site sees both laptops' people.
        registerPerson(restored, nurse, QStringLiteral("Đỗ Văn Minh"), QStringLiteral("001089004444"));
        QCOMPARE(restored.sync().pushed, 1);
        QVERIFY2(notOnceAtCentral(restored).isEmpty(), qPrintable(notOnceAtCentral(restored)));
        QVERIFY(b->sync().ok());
        QVERIFY(b->store().persons().byId(fresh));
        QVERIFY(b->store().persons().byId(lost));
        const QString siteId = restored.store().identity().siteId;
        QCOMPARE(restored.store().stock().balance(siteId, lot), 49);
        QCOMPARE(b->store().stock().balance(siteId, lot), 49);
        // The old laptop's database, were it to come back, is told it was replaced.
        const SyncRun old = a->sync();
        QVERIFY(!old.ok());
        QVERIFY2(old.error.contains(QStringLiteral("enrolled again")), qPrintable(old.error));
    }

    void aBackupRestoredOnTheSameLaptopIsRefusedEvenWithNothingNewAndGetsItsWorkBack_data()
    {
        QTest::addColumn<bool>("beforeFirstChange");
        QTest::newRow("last night's backup") << false;
        QTest::newRow("the backup made at enrolment, its log empty") << true;
    }

    void aBackupRestoredOnTheSameLaptopIsRefusedEvenWithNothingNewAndGetsItsWorkBack()
    {
        QFETCH(bool, beforeFirstChange);
        auto a = device(QStringLiteral("a"), kSite);
        QVERIFY(a);
        std::unique_ptr<TestDevice> restored;
        if (beforeFirstChange)
            restored = std::make_unique<TestDevice>(QStringLiteral("restored"), *a);
        const Session nurse = *a->session(QStringLiteral("nurse"));
        const QString lot = receive(*a, *a->session(QStringLiteral("manager")), QStringLiteral("VAXZEVRIA"), QStringLiteral("ABX4522"), 50);
        registerPerson(*a, nurse, QStringLiteral("Phan Văn Tú"), QStringLiteral("001070005555"));
        QVERIFY(a->sync().ok());
        // The backup; the laptop records more and syncs; its database file is then damaged and
        // IT restores the backup on the same laptop (same computer: central cannot tell by
        // that). The nurse opens it and syncs before recording anything.
        if (!beforeFirstChange)
            restored = std::make_unique<TestDevice>(QStringLiteral("restored"), *a);
        QCOMPARE(restored->log().isEmpty(), beforeFirstChange);
        const QString lost = registerPerson(*a, nurse, QStringLiteral("Phan Thị Mai"), QStringLiteral("001175006666"));
        inject(*a, nurse, lost, lot);
        QVERIFY(a->sync().ok());
        a.reset();
        const SyncRun refused = restored->sync();
        QVERIFY2(!refused.ok(), "a database restored from a backup synced as if nothing was missing");
        QCOMPARE(restored->lastFailure(), std::optional<ErrorCode>(ErrorCode::Conflict));
        QVERIFY2(refused.error.contains(QStringLiteral("restored from a backup")), qPrintable(refused.error));
        QVERIFY2(refused.error.contains(QStringLiteral("enrol-code --device")), qPrintable(refused.error));
        QCOMPARE(listed(idOf(*restored)).value(QStringLiteral("refused")).toString(), QStringLiteral("cloned"));
        // Enrolled again, it gets back all central holds of it; its next change takes a seq
        // after central's (its last change moves there; an empty log has none to move), and
        // its next work goes once.
        auto again = restored->enrol(m_central->url(), deviceCode(idOf(*restored)));
        QVERIFY2(again.ok(), qPrintable(why(again)));
        QVERIFY(again->again);
        const SyncRun back = restored->sync();
        QVERIFY2(back.ok(), qPrintable(back.error));
        QCOMPARE(restored->pending(), 0);
        QVERIFY(restored->store().persons().byId(lost));
        QCOMPARE(restored->store().clinical().injectionsOf(lost).size(), 1);
        QCOMPARE(restored->store().stock().balance(restored->store().identity().siteId, lot), 49);
        const qint64 held = m_central->scalar(QStringLiteral("SELECT max(device_seq) FROM change_feed WHERE device_id = ?"), {idOf(*restored)}).toLongLong();
        const QString next = registerPerson(*restored, nurse, QStringLiteral("Phan Văn Lộc"), QStringLiteral("001089007777"));
        QVERIFY2(restored->log().last().first > held, "the next change took a seq central holds another change under");
        inject(*restored, nurse, next, lot);
        const qint64 waiting = restored->pending();
        const SyncRun sent = restored->sync();
        QVERIFY2(sent.ok(), qPrintable(sent.error));
        QCOMPARE(sent.pushed, waiting);
        QCOMPARE(restored->pending(), 0);
        QCOMPARE(atCentral(QStringLiteral("person"), next), 1);
        QVERIFY2(notOnceAtCentral(*restored).isEmpty(), qPrintable(notOnceAtCentral(*restored)));
        QCOMPARE(restored->store().stock().balance(restored->store().identity().siteId, lot), 48);
    }

    void aCloneEnrolledAgainGoesOnAndTheOtherCopyStaysRefused_data()
    {
        QTest::addColumn<bool>("copyGoesOn");
        QTest::newRow("the copy central took") << false;
        QTest::newRow("the copy central refused") << true;
    }

    void aCloneEnrolledAgainGoesOnAndTheOtherCopyStaysRefused()
    {
        QFETCH(bool, copyGoesOn);
        auto a = device(QStringLiteral("a"), kSite);
        auto b = device(QStringLiteral("b"), kSite);
        QVERIFY(a && b);
        const Session nurse = *a->session(QStringLiteral("nurse"));
        // Someone copies the laptop's database and credential; both copies go on working.
        TestDevice copy(QStringLiteral("copy"), *a);
        const QString byA = registerPerson(*a, nurse, QStringLiteral("Hoàng Văn Nam"), QStringLiteral("001075011111"));
        QVERIFY(a->sync().ok());
        const QString byCopy = registerPerson(copy, nurse, QStringLiteral("Vũ Thị Mai"), QStringLiteral("001192022222"));
        const SyncRun caught = copy.sync();
        QVERIFY(!caught.ok());
        QCOMPARE(copy.lastFailure(), std::optional<ErrorCode>(ErrorCode::Conflict));
        const QString laterByA = registerPerson(*a, nurse, QStringLiteral("Đặng Văn Long"), QStringLiteral("001071044444"));
        const SyncRun bothRefused = a->sync();
        QVERIFY(!bothRefused.ok());
        QVERIFY2(bothRefused.error.contains(QStringLiteral("enrol-code --device ") + idOf(*a)), qPrintable(bothRefused.error));
        QCOMPARE(listed(idOf(*a)).value(QStringLiteral("refused")).toString(), QStringLiteral("cloned"));
        QVERIFY2(listLine(idOf(*a)).contains(QStringLiteral("cloned")), qPrintable(listLine(idOf(*a))));

        // The district enrols the copy the site keeps.
        TestDevice& on = copyGoesOn ? copy : *a;
        TestDevice& off = copyGoesOn ? *a : copy;
        const QString onlyOn = copyGoesOn ? byCopy : laterByA;
        const QString onlyOff = copyGoesOn ? laterByA : byCopy;
        const qint64 offWaiting = off.pending();
        QString code;
        const QString wrong = enrolAgainAndSync(on, &code);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        QCOMPARE(atCentral(QStringLiteral("person"), onlyOn), 1);
        QCOMPARE(atCentral(QStringLiteral("person"), byA), 1);  // taken before the clone was caught: it stays
        QVERIFY(on.store().persons().byId(byA));               // and the copy enrolled again has it
        registerPerson(on, nurse, QStringLiteral("Bùi Văn Khoa"), QStringLiteral("001066055555"));
        QCOMPARE(on.sync().pushed, 1);

        // The other copy stays refused, says why, and keeps its work; its changes never arrive.
        const qint64 feed = feedCount();
        const SyncRun left = off.sync();
        QVERIFY(!left.ok());
        QCOMPARE(off.lastFailure(), std::optional<ErrorCode>(ErrorCode::Conflict));
        QVERIFY2(left.error.contains(QStringLiteral("enrolled again")), qPrintable(left.error));
        QCOMPARE(off.pending(), offWaiting);
        QCOMPARE(atCentral(QStringLiteral("person"), onlyOff), 0);
        // Nor can it take up the code again, now that the copy enrolled with it has synced.
        auto reuse = off.enrol(m_central->url(), code);
        QVERIFY(!reuse.ok());
        QCOMPARE(reuse.error().code(), ErrorCode::Forbidden);
        // A copy sharing the computer's keychain with the one enrolled again finds its
        // credential there, and refuses it before asking central.
        QFile::remove(off.path() + QStringLiteral(".credential"));
        QVERIFY(QFile::copy(on.path() + QStringLiteral(".credential"), off.path() + QStringLiteral(".credential")));
        const SyncRun shared = off.sync();
        QVERIFY(!shared.ok());
        QCOMPARE(off.lastFailure(), std::optional<ErrorCode>(ErrorCode::Conflict));
        QVERIFY2(shared.error.contains(QStringLiteral("another copy")), qPrintable(shared.error));
        QCOMPARE(feedCount(), feed);
        // The copy enrolled again is still the device, and the site has its work.
        QVERIFY(on.sync().ok());
        QVERIFY(b->sync().ok());
        QVERIFY(b->store().persons().byId(onlyOn));
        QVERIFY(!b->store().persons().byId(onlyOff));
    }

    void aDeviceCodeIsOneTimeExpiresAndEnrolsOnlyItsDevice()
    {
        auto a = device(QStringLiteral("a"), kSite);
        auto b = device(QStringLiteral("b"), kSite);
        QVERIFY(a && b);
        QVERIFY(revoke(idOf(*a)));
        QVERIFY(revoke(idOf(*b)));
        const QString forA = deviceCode(idOf(*a));
        QVERIFY(!forA.isEmpty());

        // Another device cannot use it, and does not use it up.
        auto wrong = b->enrol(m_central->url(), forA);
        QVERIFY(!wrong.ok());
        QVERIFY(wrong.error().hasField(QStringLiteral("code")));
        QVERIFY2(wrong.error().message().contains(idOf(*a)), qPrintable(why(wrong)));
        QVERIFY(!b->sync().ok());
        // Nor does a site's code enrol a known device (and it is not used up either).
        const QString siteCode = m_central->enrolCode(kSite);
        auto known = b->enrol(m_central->url(), siteCode);
        QVERIFY(!known.ok());
        QCOMPARE(known.error().code(), ErrorCode::Conflict);
        QVERIFY2(known.error().message().contains(QStringLiteral("enrol-code --device ") + idOf(*b)), qPrintable(why(known)));
        TestDevice fresh(QStringLiteral("fresh"), kSite);
        QVERIFY(fresh.enrol(m_central->url(), siteCode).ok());

        // Its own device enrols with it, once.
        QVERIFY(a->enrol(m_central->url(), forA).ok());
        QVERIFY(a->sync().ok());
        auto twice = a->enrol(m_central->url(), forA);
        QVERIFY(!twice.ok());
        QCOMPARE(twice.error().code(), ErrorCode::Forbidden);
        QVERIFY2(twice.error().message().contains(QStringLiteral("already used")), qPrintable(why(twice)));
        QVERIFY(a->sync().ok());  // the refusal changed nothing

        // A code expires (its hours pass).
        const QString forB = deviceCode(idOf(*b), {QStringLiteral("--hours"), QStringLiteral("1")});
        m_central->rows(QStringLiteral("UPDATE enrol_code SET expires_at = ? WHERE device_id = ?"),
            {QDateTime::currentDateTimeUtc().addSecs(-60).toString(Qt::ISODate), idOf(*b)});
        auto expired = b->enrol(m_central->url(), forB);
        QVERIFY(!expired.ok());
        QVERIFY2(expired.error().message().contains(QStringLiteral("expired")), qPrintable(why(expired)));
        // A new code for a device replaces the one not used yet.
        const QString lostOne = deviceCode(idOf(*b));
        const QString newOne = deviceCode(idOf(*b));
        auto replaced = b->enrol(m_central->url(), lostOne);
        QVERIFY(!replaced.ok());
        QVERIFY2(replaced.error().message().contains(QStringLiteral("not known")), qPrintable(why(replaced)));
        QVERIFY(!b->sync().ok());
        QVERIFY(b->enrol(m_central->url(), newOne).ok());
        QVERIFY(b->sync().ok());
    }

    void anAnswerLostOnTheWayCanBeAskedForAgainUntilTheCredentialIsUsed()
    {
        auto a = device(QStringLiteral("a"), kSite);
        QVERIFY(a);
        registerPerson(*a, *a->session(QStringLiteral("nurse")), QStringLiteral("Ngô Văn Hải"), QStringLiteral("001083006666"));
        QVERIFY(revoke(idOf(*a)));
        const QString code = deviceCode(idOf(*a));
        // Central enrols it again, and its answer never reaches the laptop.
        TestDevice asked(QStringLiteral("asked"), *a);
        QVERIFY(asked.enrol(m_central->url(), code).ok());
        // The laptop asks again with the same code, and gets in.
        auto again = a->enrol(m_central->url(), code);
        QVERIFY2(again.ok(), qPrintable(why(again)));
        const SyncRun run = a->sync();
        QVERIFY2(run.ok(), qPrintable(run.error));
        QCOMPARE(run.pushed, 1);
        // From then on the code is spent.
        TestDevice later(QStringLiteral("later"), asked);
        auto spent = later.enrol(m_central->url(), code);
        QVERIFY(!spent.ok());
        QVERIFY2(spent.error().message().contains(QStringLiteral("already used")), qPrintable(why(spent)));
    }

    void aDeviceEnrolsAgainOnlyWithTheCentralItIsEnrolledWith()
    {
        auto a = device(QStringLiteral("a"), kSite);
        QVERIFY(a);
        QVERIFY(revoke(idOf(*a)));
        const QString code = deviceCode(idOf(*a));
        const sync::DeviceCredential before = credentialOf(*a);
        auto elsewhere = a->enrol(QUrl(QStringLiteral("http://127.0.0.1:9")), code);
        QVERIFY(!elsewhere.ok());
        QVERIFY(elsewhere.error().hasField(QStringLiteral("server")));
        QVERIFY2(elsewhere.error().message().contains(m_central->url().toString()), qPrintable(why(elsewhere)));
        QCOMPARE(a->store().sync().state().serverUrl, m_central->url().toString());
        QCOMPARE(credentialOf(*a).secret, before.secret);
        QVERIFY(a->enrol(m_central->url(), code).ok());
        QVERIFY(a->sync().ok());
    }

    void badAdminInputNamesTheFieldAndChangesNothing()
    {
        auto a = device(QStringLiteral("a"), kSite);
        QVERIFY(a);
        const QString id = idOf(*a);
        const auto refusedWith = [this](const QStringList& args, const QString& field) {
            const int codesBefore = codes();
            const auto devicesBefore = deviceRows();
            const bool ok = m_central->admin(QStringList{QStringLiteral("enrol-code")} + args);
            const auto& r = m_central->lastAdmin();
            const bool named = r.stdErr.contains(QStringLiteral("vaxcentral: %1: ").arg(field));
            if (ok || r.exitCode != 1 || !named || codes() != codesBefore || deviceRows() != devicesBefore) {
                qWarning().noquote() << args << "→" << r.describe();
                return false;
            }
            return true;
        };
        QVERIFY(refusedWith({QStringLiteral("--device"), QStringLiteral("not-a-device")}, QStringLiteral("device")));
        QVERIFY(refusedWith({QStringLiteral("--device"), Uuid::v7()}, QStringLiteral("device")));
        // A device that syncs needs no code: moving it starts with revoking it.
        QVERIFY(refusedWith({QStringLiteral("--device"), id}, QStringLiteral("device")));
        QVERIFY(m_central->lastAdmin().stdErr.contains(QStringLiteral("device revoke ") + id));
        QVERIFY(revoke(id));
        QVERIFY(refusedWith({QStringLiteral("--device"), id, QStringLiteral("--site"), kSite}, QStringLiteral("site")));
        QVERIFY(refusedWith({QStringLiteral("--device"), id, QStringLiteral("--team"), kTeam}, QStringLiteral("site")));
        QVERIFY(refusedWith({QStringLiteral("--device"), id, QStringLiteral("--hours"), QStringLiteral("0")}, QStringLiteral("hours")));
        QVERIFY(refusedWith({QStringLiteral("--device"), id, QStringLiteral("--hours"), QStringLiteral("721")}, QStringLiteral("hours")));
        QVERIFY(refusedWith({QStringLiteral("--device"), id, QStringLiteral("--hours"), QStringLiteral("soon")}, QStringLiteral("hours")));
        // The device still needs a code, and a good one works.
        QVERIFY(!a->sync().ok());
        QVERIFY(a->enrol(m_central->url(), deviceCode(id, {QStringLiteral("--hours"), QStringLiteral("720")})).ok());
        QVERIFY(a->sync().ok());
    }

    void vaxctlEnrolsARevokedLaptopAgainAndSendsItsDosesOnce()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("site.vaxdb"));
        const auto vaxctl = [&db](const QStringList& args) { return TestReenrol::vaxctl(db, args); };
        QCOMPARE(vaxctl({QStringLiteral("init"), QStringLiteral("--site"), kSite, QStringLiteral("--name"), QStringLiteral("Trạm Y tế"),
                             QStringLiteral("--no-admin")})
                     .exit,
            0);
        const auto enrolled = vaxctl({QStringLiteral("--json"), QStringLiteral("enroll"), QStringLiteral("--server"), m_central->url().toString(),
            QStringLiteral("--code"), m_central->enrolCode(kSite), QStringLiteral("--name"), QStringLiteral("Laptop at table 2")});
        QVERIFY2(enrolled.exit == 0, qPrintable(enrolled.err));
        const QString id = enrolled.json().value(QStringLiteral("device_id")).toString();
        QCOMPARE(vaxctl({QStringLiteral("sync")}).exit, 0);
        const auto person = vaxctl({QStringLiteral("--json"), QStringLiteral("--user"), QStringLiteral("nurse"), QStringLiteral("person"),
            QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("Nguyễn Văn Đức"), QStringLiteral("--dob"), QStringLiteral("1985-03-12"),
            QStringLiteral("--sex"), QStringLiteral("M"), QStringLiteral("--cccd"), QStringLiteral("001085001234")});
        QVERIFY2(person.exit == 0, qPrintable(person.err));
        QCOMPARE(vaxctl({QStringLiteral("sync")}).exit, 0);

        // Revoked; the nurse goes on: stock in, a dose given.
        QVERIFY(revoke(id));
        const auto stock = vaxctl({QStringLiteral("--user"), QStringLiteral("manager"), QStringLiteral("stock"), QStringLiteral("receive"),
            QStringLiteral("--product"), QStringLiteral("VAXZEVRIA"), QStringLiteral("--lot"), QStringLiteral("ABX4521"), QStringLiteral("--expiry"),
            QDate::currentDate().addDays(200).toString(Qt::ISODate), QStringLiteral("--doses"), QStringLiteral("20")});
        QVERIFY2(stock.exit == 0, qPrintable(stock.err));
        const auto dose = vaxctl({QStringLiteral("--user"), QStringLiteral("nurse"), QStringLiteral("dose"), QStringLiteral("record"),
            QStringLiteral("--person"), person.json().value(QStringLiteral("id")).toString(), QStringLiteral("--product"),
            QStringLiteral("VAXZEVRIA"), QStringLiteral("--lot"), QStringLiteral("ABX4521"), QStringLiteral("--arm"), QStringLiteral("left")});
        QVERIFY2(dose.exit == 0, qPrintable(dose.err));
        const auto refused = vaxctl({QStringLiteral("sync")});
        QCOMPARE(refused.exit, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("enrol-code --device ") + id), qPrintable(refused.err));
        const qint64 waiting = vaxctl({QStringLiteral("--json"), QStringLiteral("sync"), QStringLiteral("status")}).json().value(QStringLiteral("waiting")).toInteger();
        QVERIFY(waiting >= 3);

        const auto again = vaxctl({QStringLiteral("--json"), QStringLiteral("enroll"), QStringLiteral("--server"), m_central->url().toString(),
            QStringLiteral("--code"), deviceCode(id)});
        QVERIFY2(again.exit == 0, qPrintable(again.err));
        QVERIFY(again.json().value(QStringLiteral("again")).toBool());
        QCOMPARE(again.json().value(QStringLiteral("waiting")).toInteger(), waiting);
        // Enrolled again without a name, it keeps the one the district knows it by.
        QCOMPARE(listed(id).value(QStringLiteral("name")).toString(), QStringLiteral("Laptop at table 2"));
        const qint64 feed = feedCount();
        const auto synced = vaxctl({QStringLiteral("--json"), QStringLiteral("sync")});
        QVERIFY2(synced.exit == 0, qPrintable(synced.err));
        QCOMPARE(synced.json().value(QStringLiteral("pushed")).toInteger(), waiting);
        QCOMPARE(synced.json().value(QStringLiteral("waiting")).toInteger(), 0);
        QCOMPARE(feedCount(), feed + waiting);
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE device_id = ? AND entity = 'injection'"), {id}).toInt(), 1);
        QCOMPARE(vaxctl({QStringLiteral("sync")}).exit, 0);
        QCOMPARE(feedCount(), feed + waiting);
    }
};

QTEST_GUILESS_MAIN(TestReenrol)
#include "tst_reenrol.moc"

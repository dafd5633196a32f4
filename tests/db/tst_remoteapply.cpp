#include "app/clinical/ScreeningForm.h"
#include "app/common/Hlc.h"
#include "app/services/InjectionService.h"
#include "app/services/RegistrationService.h"
#include "app/services/ScreeningService.h"
#include "app/services/StockService.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/PersonRepository.h"
#include "app/store/RecordWriter.h"
#include "app/store/StockRepository.h"
#include "db/Connection.h"
#include "tests/support/MemoryFeed.h"
#include "tests/support/SchemaShape.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"

#include <QJsonDocument>
#include <QTest>

using namespace vax;
using Central = vax::test::MemoryFeed;

namespace {

ScreeningAnswers allNo(const ScreeningForm& form)
{
    ScreeningAnswers a;
    for (const ScreeningForm::Item& item : form.items())
        a.answers.insert(item.key, QStringLiteral("no"));
    a.temperatureC = 36.6;
    return a;
}

// Checks in, screens and injects; returns the injection id.
QString vaccinate(test::TestSite& site, const QString& personId, const QString& lotId)
{
    ScreeningService screening(site.store(), site.clock(), site.form());
    auto visit = screening.checkIn(site.nurse(), personId);
    if (!visit.ok())
        qFatal("check-in: %s", qPrintable(visit.error().message()));
    if (auto s = screening.record(site.nurse(), visit->stamp.id, allNo(site.form())); !s.ok())
        qFatal("screening: %s", qPrintable(s.error().message()));
    InjectionService injections(site.store(), site.clock());
    DoseRequest d;
    d.personId = personId;
    d.visitId = visit->stamp.id;
    d.lotId = lotId;
    auto dose = injections.record(site.nurse(), d);
    if (!dose.ok())
        qFatal("injection: %s", qPrintable(dose.error().message()));
    return dose->injection.stamp.id;
}

Result<Person> editPerson(test::TestSite& site, const QString& id, const std::function<void(PersonDraft&)>& edit)
{
    RegistrationService registration(site.store(), site.clock(), site.units());
    PersonDraft d = PersonDraft::fromPerson(*site.store().persons().byId(id));
    edit(d);
    return registration.updatePerson(site.nurse(), id, d);
}

QString column(test::TestSite& site, const QString& table, const QString& column, const QString& id)
{
    return site.store()
        .connection()
        .scalar(QStringLiteral("SELECT %1 FROM %2 WHERE id = ?").arg(column, table), {id})
        .toString();
}

// Every table a page may touch, counted: a failed page must leave all of them as they were.
QMap<QString, qint64> snapshot(test::TestSite& site)
{
    QMap<QString, qint64> out;
    for (const char* table : {"person", "lot", "stock_movement", "stock_balance", "visit", "screening", "injection",
             "audit_log", "change_log", "review_item", "meta"}) {
        out.insert(QLatin1String(table), site.count(QLatin1String(table)));
    }
    out.insert(QStringLiteral("balance sum"),
        site.store().connection().scalar(QStringLiteral("SELECT coalesce(sum(doses), 0) FROM stock_balance")).toLongLong());
    return out;
}

qint64 globalSeqOf(const QList<RemoteChange>& page, const QString& recordId)
{
    for (const RemoteChange& rc : page) {
        if (rc.change.recordId == recordId)
            return rc.globalSeq;
    }
    return -1;
}

QString integrityProblems(test::TestSite& site)
{
    return site.store().checkIntegrity().problems.join(QLatin1Char('\n'));
}

} // namespace

class TestRemoteApply : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }

    void recordsOfOneDeviceAppearOnAnother()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        const QString person = a.registerPerson(QStringLiteral("Trần Thị Mai"), QStringLiteral("1990-05-01"), QStringLiteral("F"));
        const QString lot = a.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV5521"), 20);
        const QString injection = vaccinate(a, person, lot);
        central.push(a);
        const qint64 bChanges = b.count(QStringLiteral("change_log"));
        const qint64 bPending = b.store().pendingChanges();
        const qint64 bAudit = b.count(QStringLiteral("audit_log"));
        const QList<RemoteChange> page = central.pageFor(b);
        QCOMPARE(page.size(), 8);  // person, lot, receipt, visit, screening, vial opened, dose movement, injection

        auto report = b.store().applyPulled(page, central.last());
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message()));
        QCOMPARE(report->applied, page.size());
        QCOMPARE(report->ignored, 0);
        QCOMPARE(report->conflicts, 0);

        RegistrationService registration(b.store(), b.clock(), b.units());
        const PersonSearch found = registration.search(QStringLiteral("tran thi mai"));
        QCOMPARE(found.people.size(), 1);
        QCOMPARE(found.people.first().stamp.id, person);
        const QList<InjectionView> doses = b.store().clinical().injectionsOf(person);
        QCOMPARE(doses.size(), 1);
        QCOMPARE(doses.first().injection.stamp.id, injection);
        QCOMPARE(doses.first().lotNumber, QStringLiteral("ABV5521"));
        QCOMPARE(b.store().stock().balance(a.store().identity().holderId(), lot), 19);
        QVERIFY(b.store().stock().movement(doses.first().injection.movementId).has_value());

        // Central's changes, not B's: nothing to push, but every row audited as applied.
        QCOMPARE(b.count(QStringLiteral("change_log")), bChanges);
        QCOMPARE(b.store().pendingChanges(), bPending);
        QCOMPARE(b.count(QStringLiteral("audit_log")), bAudit + page.size());
        auto& c = b.store().connection();
        QCOMPARE(c.scalar(QStringLiteral("SELECT detail FROM audit_log WHERE action = 'apply' AND record_id = ?"), {injection}).toString(),
            QStringLiteral("from %1 #%2").arg(a.store().identity().deviceId).arg(globalSeqOf(page, injection)));
        QCOMPARE(b.store().sync().state().pullCursor, central.last());
        QVERIFY2(b.store().checkIntegrity().ok(), qPrintable(integrityProblems(b)));

        // B carries on with what it pulled: the person's next dose is the second.
        InjectionService injections(b.store(), b.clock());
        QCOMPARE(injections.nextDoseNumber(person), 2);
    }

    void theSamePageTwiceChangesNothing()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        const QString person = a.registerPerson();
        vaccinate(a, person, a.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV5522"), 10));
        central.push(a);
        const QList<RemoteChange> page = central.pageFor(b);
        QVERIFY(b.store().applyPulled(page, central.last()).ok());
        const auto before = snapshot(b);

        auto again = b.store().applyPulled(page, central.last());
        QVERIFY(again.ok());
        QCOMPARE(again->applied, 0);
        QCOMPARE(again->ignored, page.size());
        QCOMPARE(again->conflicts, 0);
        QCOMPARE(snapshot(b), before);
        QVERIFY2(b.store().checkIntegrity().ok(), qPrintable(integrityProblems(b)));
    }

    void aPayloadOfTheWrongTypeFailsThePageAndMovesNothing()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        a.registerPerson();
        central.push(a);
        QVERIFY(central.pull(b).ok());
        const qint64 cursor = b.store().sync().state().pullCursor;
        QCOMPARE(cursor, central.last());

        a.registerPerson(QStringLiteral("Lê Văn Tám"), QStringLiteral("1970-01-01"));
        a.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV5523"), 10);
        central.push(a);
        QList<RemoteChange> page = central.pageFor(b);
        QCOMPARE(page.size(), 3);  // person, lot, receipt
        QCOMPARE(page.at(2).change.entity, QStringLiteral("stock_movement"));
        page[2].change.payload.insert(QStringLiteral("doses"), QStringLiteral("ten"));
        const auto before = snapshot(b);
        const QString hlcBefore = b.store().connection().scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'hlc_seen'")).toString();

        auto r = b.store().applyPulled(page, central.last());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), ErrorCode::Invalid);
        QVERIFY2(r.error().message().contains(page.at(2).change.id), qPrintable(r.error().message()));
        QVERIFY(r.error().message().contains(QStringLiteral("doses")));
        QCOMPARE(b.store().sync().state().pullCursor, cursor);
        QCOMPARE(snapshot(b), before);  // the person and the lot before it are gone too
        QCOMPARE(b.store().connection().scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'hlc_seen'")).toString(), hlcBefore);

        // The chain head was forgotten with the rollback: the next write still chains correctly.
        b.registerPerson(QStringLiteral("Đỗ Thị Lan"), QStringLiteral("1999-09-09"), QStringLiteral("F"));
        QVERIFY2(b.store().checkIntegrity().ok(), qPrintable(integrityProblems(b)));
        // The untampered page applies afterwards.
        QVERIFY(central.pull(b).ok());
        QCOMPARE(b.store().sync().state().pullCursor, central.last());
        QVERIFY2(b.store().checkIntegrity().ok(), qPrintable(integrityProblems(b)));
    }

    void aRecordWhoseTargetNeverArrivesFailsAtCommit()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        const QString person = a.registerPerson();
        vaccinate(a, person, a.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV5524"), 10));
        central.push(a);
        QList<RemoteChange> page = central.pageFor(b);
        QCOMPARE(page.first().change.entity, QStringLiteral("person"));
        page.removeFirst();  // the visit, screening and injection point to a person B never gets
        const auto before = snapshot(b);

        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("SQL failed: \"COMMIT\".*FOREIGN KEY constraint failed")));
        auto r = b.store().applyPulled(page, central.last());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), ErrorCode::Storage);
        QVERIFY2(r.error().message().contains(QStringLiteral("FOREIGN KEY")), qPrintable(r.error().message()));
        QCOMPARE(b.store().sync().state().pullCursor, 0);
        QCOMPARE(snapshot(b), before);
        QVERIFY2(b.store().checkIntegrity().ok(), qPrintable(integrityProblems(b)));
    }

    void aRecordBeforeTheOneItPointsToInTheSamePageApplies()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        const QString person = a.registerPerson();
        const QString lot = a.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV5525"), 10);
        vaccinate(a, person, lot);
        central.push(a);
        QList<RemoteChange> page = central.pageFor(b);
        std::reverse(page.begin(), page.end());  // the injection first, the person last
        auto r = b.store().applyPulled(page, central.last());
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
        QCOMPARE(r->applied, page.size());
        QCOMPARE(b.store().stock().balance(a.store().identity().holderId(), lot), 9);
        QVERIFY2(b.store().checkIntegrity().ok(), qPrintable(integrityProblems(b)));
    }

    void unknownEntitiesAndUpdatesOfUnknownRecordsAreIgnored()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        const QString person = a.registerPerson();
        central.push(a);  // the insert reaches central, but B pulls only what comes after it
        QVERIFY(editPerson(a, person, [](PersonDraft& d) { d.occupation = QStringLiteral("Giáo viên"); }).ok());
        central.push(a);
        QList<RemoteChange> page = central.pageFor(b).mid(1);
        QCOMPARE(page.size(), 1);
        QCOMPARE(page.first().change.op, QStringLiteral("update"));
        RemoteChange future = page.first();
        future.globalSeq = central.last() + 1;
        future.change.entity = QStringLiteral("vaccination_campaign");  // a newer schema's
        page << future;
        const auto before = snapshot(b);

        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("unknown entity.*vaccination_campaign")));
        auto r = b.store().applyPulled(page, future.globalSeq);
        QVERIFY(r.ok());
        QCOMPARE(r->applied, 0);
        QCOMPARE(r->ignored, 2);
        QCOMPARE(b.count(QStringLiteral("person")), before.value(QStringLiteral("person")));
        QCOMPARE(b.store().sync().state().pullCursor, future.globalSeq);
    }

    void fieldsMergeByStampAndTheUnsentLoserIsCounted()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        const QString person = a.registerPerson(QStringLiteral("Phạm Văn Hùng"), QStringLiteral("1980-02-02"));
        central.push(a);
        QVERIFY(central.pull(b).ok());

        // Offline: A changes the phone and the note; later, B changes the phone and the name.
        a.clock().advanceSecs(60);
        QVERIFY(editPerson(a, person, [](PersonDraft& d) {
            d.phone = QStringLiteral("0912000001");
            d.note = QStringLiteral("dị ứng penicillin");
        }).ok());
        b.clock().advanceSecs(120);
        QVERIFY(editPerson(b, person, [](PersonDraft& d) {
            d.phone = QStringLiteral("0912000002");
            d.fullName = QStringLiteral("Phạm Văn Hưng");
        }).ok());
        const QString phoneA = column(a, QStringLiteral("person"), QStringLiteral("phone"), person);
        const QString phoneB = column(b, QStringLiteral("person"), QStringLiteral("phone"), person);
        QVERIFY(phoneA != phoneB);

        // B syncs first. A pulls while its own phone is unsent: B's later phone wins and the
        // meeting is counted; the losing value is listed by central, which gets both (one review
        // list for the site, tst_syncflow), not by each device. B's name arrives as is.
        central.push(b);
        auto onA = central.pull(a);
        QVERIFY2(onA.ok(), qPrintable(onA.ok() ? QString() : onA.error().message()));
        QCOMPARE(onA->conflicts, 1);
        QVERIFY(a.store().sync().reviewItems().isEmpty());

        // A syncs: its change (now acknowledged, no longer unsent) reaches B. B's phone is
        // later and stays; A's note, which B never touched, applies with no review.
        central.push(a);
        auto onB = central.pull(b);
        QVERIFY(onB.ok());
        QCOMPARE(onB->conflicts, 0);
        QVERIFY(b.store().sync().reviewItems().isEmpty());

        for (test::TestSite* site : {&a, &b}) {
            const auto p = site->store().persons().byId(person);
            QVERIFY(p);
            QCOMPARE(p->phone, phoneB);
            QCOMPARE(p->fullName, QStringLiteral("Phạm Văn Hưng"));
            QCOMPARE(p->note, QStringLiteral("dị ứng penicillin"));
            RegistrationService registration(site->store(), site->clock(), site->units());
            QCOMPARE(registration.search(QStringLiteral("pham van hung")).people.size(), 1);
            QVERIFY2(site->store().checkIntegrity().ok(), qPrintable(integrityProblems(*site)));
        }
        // Each field carries the stamp of the change that set it, on both devices.
        QCOMPARE(column(a, QStringLiteral("person"), QStringLiteral("json_extract(field_hlc, '$.phone')"), person),
            column(b, QStringLiteral("person"), QStringLiteral("json_extract(field_hlc, '$.phone')"), person));
        QCOMPARE(column(a, QStringLiteral("person"), QStringLiteral("json_extract(field_hlc, '$.note')"), person),
            column(b, QStringLiteral("person"), QStringLiteral("json_extract(field_hlc, '$.note')"), person));
    }

    void anUnsentLaterValueStaysAndStillGoesToCentral()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        const QString person = a.registerPerson();
        central.push(a);
        QVERIFY(central.pull(b).ok());
        a.clock().advanceSecs(60);
        QVERIFY(editPerson(a, person, [](PersonDraft& d) { d.phone = QStringLiteral("0912000001"); }).ok());
        b.clock().advanceSecs(120);
        QVERIFY(editPerson(b, person, [](PersonDraft& d) { d.phone = QStringLiteral("0912000002"); }).ok());
        const QString phoneA = column(a, QStringLiteral("person"), QStringLiteral("phone"), person);
        const QString phoneB = column(b, QStringLiteral("person"), QStringLiteral("phone"), person);
        const qint64 pending = b.store().pendingChanges();

        central.push(a);
        auto r = central.pull(b);  // B's later phone is still unsent
        QVERIFY(r.ok());
        QCOMPARE(r->applied, 0);
        QCOMPARE(r->ignored, 1);
        QCOMPARE(r->conflicts, 1);
        QCOMPARE(column(b, QStringLiteral("person"), QStringLiteral("phone"), person), phoneB);
        QVERIFY(phoneA != phoneB);
        QCOMPARE(b.store().pendingChanges(), pending);  // B's change still goes to central
    }

    void equalValuesNeverConflict()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        const QString person = a.registerPerson();
        central.push(a);
        QVERIFY(central.pull(b).ok());
        a.clock().advanceSecs(60);
        b.clock().advanceSecs(120);
        for (test::TestSite* site : {&a, &b})
            QVERIFY(editPerson(*site, person, [](PersonDraft& d) { d.phone = QStringLiteral("0912000003"); }).ok());
        central.push(a);
        auto r = central.pull(b);
        QVERIFY(r.ok());
        QCOMPARE(r->conflicts, 0);
        QCOMPARE(r->applied, 0);
        QVERIFY(b.store().sync().reviewItems().isEmpty());
    }

    void aMutableRecordBothDevicesInsertedMerges()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        // The same lot received offline on both devices: one id (from its name), two receipts.
        const QString lot = a.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV6001"), 10);
        QCOMPARE(b.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV6001"), 20), lot);
        // Another lot, its expiry read differently on each device; B's reading is the later one.
        a.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV6002"), 10, 180);
        b.clock().advanceSecs(60);
        const QString typo = b.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABV6002"), 10, 200);
        const QString expiryA = column(a, QStringLiteral("lot"), QStringLiteral("expiry_date"), typo);
        const QString expiryB = column(b, QStringLiteral("lot"), QStringLiteral("expiry_date"), typo);
        central.push(a);

        auto r = b.store().applyPulled(central.pageFor(b), central.last());
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
        QCOMPARE(r->applied, 2);  // A's two receipts
        QCOMPARE(r->ignored, 2);  // both lots were here; nothing of them newer
        QCOMPARE(r->conflicts, 1);
        QCOMPARE(b.store().stock().balance(b.store().identity().holderId(), lot), 30);
        QCOMPARE(b.count(QStringLiteral("lot")), 2);
        QCOMPARE(column(b, QStringLiteral("lot"), QStringLiteral("expiry_date"), typo), expiryB);
        QVERIFY(expiryA != expiryB);
        QVERIFY2(b.store().checkIntegrity().ok(), qPrintable(integrityProblems(b)));

        // The other way round, A's unsent-free lot takes B's later expiry.
        central.push(b);
        QVERIFY(central.pull(a).ok());
        QCOMPARE(column(a, QStringLiteral("lot"), QStringLiteral("expiry_date"), typo), expiryB);
        QVERIFY(a.store().sync().reviewItems().isEmpty());
        QVERIFY2(a.store().checkIntegrity().ok(), qPrintable(integrityProblems(a)));
    }

    void localStampsComeAfterWhatWasPulledAlsoAfterReopening()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        a.clock().advanceSecs(4 * 60);  // A's clock runs four minutes ahead: within kMaxAheadMs
        const QString person = a.registerPerson();
        central.push(a);
        const QString pulledHlc = column(a, QStringLiteral("person"), QStringLiteral("hlc"), person);
        QVERIFY(Hlc::parse(pulledHlc)->wallMs > b.clock().now().toMSecsSinceEpoch());
        QVERIFY(central.pull(b).ok());
        QCOMPARE(b.store().connection().scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'hlc_seen'")).toString(), pulledHlc);

        // A new store on B's file: only meta hlc_seen remembers A's stamp.
        {
            auto reopened = db::SqliteSiteStore::open(b.path(), b.clock());
            QVERIFY(reopened.ok());
            QJsonObject written;
            auto w = reopened.value()->write(b.nurse().userId(), [&](RecordWriter& writer) -> Result<void> {
                auto s = writer.insert(Entity::Person,
                    QJsonObject{{QStringLiteral("full_name"), QStringLiteral("Vũ Thị Hoa")},
                        {QStringLiteral("name_folded"), QStringLiteral("vu thi hoa")},
                        {QStringLiteral("birth_date"), QStringLiteral("1991-01-01")}, {QStringLiteral("sex"), QStringLiteral("F")}});
                if (!s.ok())
                    return s.error();
                written = s.value();
                return {};
            });
            QVERIFY(w.ok());
            QVERIFY(written.value(QStringLiteral("hlc")).toString() > pulledHlc);
        }
        // The store that applied the page stamps after it too.
        const QString later = b.registerPerson(QStringLiteral("Vũ Văn Nam"), QStringLiteral("1992-02-02"));
        QVERIFY(column(b, QStringLiteral("person"), QStringLiteral("hlc"), later) > pulledHlc);
    }

    void aPersonRegisteredAndRenamedInOnePageIsFoundByTheNewName()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        const QString person = a.registerPerson(QStringLiteral("Lý Thị Hoa"), QStringLiteral("1988-08-08"), QStringLiteral("F"));
        QVERIFY(editPerson(a, person, [](PersonDraft& d) { d.fullName = QStringLiteral("Lý Thị Huệ"); }).ok());
        central.push(a);
        // The rename meets a person the page has not indexed for name search yet.
        auto r = central.pull(b);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
        QCOMPARE(test::searchIndexProblem(b.store().connection()), QString());
        RegistrationService registration(b.store(), b.clock(), b.units());
        QCOMPARE(registration.search(QStringLiteral("ly thi hue")).people.value(0).stamp.id, person);
        QVERIFY(registration.search(QStringLiteral("ly thi hoa")).people.isEmpty());
    }

    void aStampTooFarAheadIsMergedButNotFollowed()
    {
        test::TestSite a;
        test::TestSite b;
        Central central;
        a.clock().advanceSecs(10 * 60);  // beyond kMaxAheadMs
        a.registerPerson();
        central.push(a);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("ms ahead of this device's clock")));
        auto r = central.pull(b);
        QVERIFY(r.ok());
        QCOMPARE(r->applied, 1);
        QVERIFY(b.store().connection().scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'hlc_seen'")).isNull());
        const QString mine = b.registerPerson(QStringLiteral("Vũ Văn Nam"), QStringLiteral("1992-02-02"));
        const auto stamp = Hlc::parse(column(b, QStringLiteral("person"), QStringLiteral("hlc"), mine));
        QCOMPARE(stamp->wallMs, b.clock().now().toMSecsSinceEpoch());
    }
};

QTEST_GUILESS_MAIN(TestRemoteApply)
#include "tst_remoteapply.moc"

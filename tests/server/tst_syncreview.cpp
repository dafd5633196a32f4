// Sync end to end, what happens when two places disagree or a clock lies: the real vaxcentral
// (SQLite and PostgreSQL) and devices with the real sync code. A value both laptops changed,
// a person or a dose recorded twice, a dose voided twice, a lot received twice, a laptop whose
// clock runs ahead, a person of another site found and brought here.
#include "app/services/ReviewService.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/StockRepository.h"
#include "db/Connection.h"
#include "sync/CentralApi.h"
#include "sync/CentralLookup.h"
#include "tests/server/SyncFixture.h"
#include "tests/support/Must.h"

#include <QNetworkAccessManager>
#include <QTest>

using namespace vax;
using namespace vax::test;

class TestSyncReview : public SyncFixture
{
    Q_OBJECT

private slots:
    void aFieldTwoLaptopsChangedGoesToTheSitesReviewListOnce()
    {
        auto a = device(QStringLiteral("a"), kSite);
        auto b = device(QStringLiteral("b"), kSite);
        QVERIFY(a && b);
        const Session manager = *a->session(QStringLiteral("manager"));
        const QString person = registerPerson(*a, manager, QStringLiteral("Ngô Văn Phúc"), QStringLiteral("001082077777"));
        QVERIFY(a->sync().ok());
        QVERIFY(b->sync().ok());
        // Offline, both laptops change the phone; B later.
        QVERIFY(setPhone(*a, manager, person, QStringLiteral("0912000001")));
        b->clock().advanceSecs(30);
        QVERIFY(setPhone(*b, *b->session(QStringLiteral("manager")), person, QStringLiteral("0912000002")));
        QVERIFY(b->sync().ok());
        const SyncRun late = a->sync();
        QVERIFY(late.ok());
        QCOMPARE(late.conflicts, 1);
        QVERIFY(b->sync().ok());
        // The later value everywhere; the other one on the site's list, once, on both laptops.
        for (TestDevice* d : {a.get(), b.get()}) {
            QCOMPARE(d->store().persons().byId(person)->phone, QStringLiteral("+84912000002"));
            const QList<ReviewItem> review = d->store().sync().reviewItems();
            QCOMPARE(review.size(), 1);
            QCOMPARE(review.first().kind, QStringLiteral("field_conflict"));
            QCOMPARE(review.first().field, QStringLiteral("phone"));
            QCOMPARE(review.first().keptValue.toString(), QStringLiteral("+84912000002"));
            QCOMPARE(review.first().lostValue.toString(), QStringLiteral("+84912000001"));
        }
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT count(*) FROM review_item WHERE resolved_at IS NULL")).toInt(), 1);
        // The manager on A puts A's value back: it wins everywhere and the item is settled on
        // both laptops and on central.
        const QString item = a->store().sync().reviewItems().first().id;
        QVERIFY(ReviewService(a->store(), a->clock()).useOther(manager, item).ok());
        QVERIFY(a->sync().ok());
        QVERIFY(b->sync().ok());
        for (TestDevice* d : {a.get(), b.get()}) {
            QCOMPARE(d->store().persons().byId(person)->phone, QStringLiteral("+84912000001"));
            QVERIFY(d->store().sync().reviewItems().isEmpty());
            QCOMPARE(d->store().sync().reviewItems(true).size(), 1);
        }
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT count(*) FROM review_item WHERE resolved_at IS NULL")).toInt(), 0);
        // A nurse may not settle review items.
        QVERIFY(!ReviewService(a->store(), a->clock()).keep(*a->session(QStringLiteral("nurse")), item).ok());
    }

    void anEditAfterSeeingAnotherIsNotAConflict()
    {
        auto a = device(QStringLiteral("a"), kSite);
        auto b = device(QStringLiteral("b"), kSite);
        QVERIFY(a && b);
        const Session manager = *a->session(QStringLiteral("manager"));
        const QString person = registerPerson(*a, manager, QStringLiteral("Lý Thị Ngọc"), QStringLiteral("001193088888"));
        QVERIFY(setPhone(*a, manager, person, QStringLiteral("0912000011")));
        QVERIFY(a->sync().ok());
        QVERIFY(b->sync().ok());
        QVERIFY(setPhone(*b, *b->session(QStringLiteral("manager")), person, QStringLiteral("0912000022")));
        const SyncRun run = b->sync();
        QVERIFY(run.ok());
        QCOMPARE(run.conflicts, 0);
        QVERIFY(a->sync().ok());
        QCOMPARE(a->store().persons().byId(person)->phone, QStringLiteral("+84912000022"));
        QVERIFY(a->store().sync().reviewItems().isEmpty());
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT count(*) FROM review_item")).toInt(), 0);
    }

    void aPersonRegisteredAtTwoSitesIsMergedByTheSiteThatRegisteredThemLater()
    {
        auto a = device(QStringLiteral("a"), kSite);
        auto other = device(QStringLiteral("other"), kOtherSite);
        QVERIFY(a && other);
        const QString first = registerPerson(*a, *a->session(QStringLiteral("nurse")), QStringLiteral("Hà Văn Sơn"), QStringLiteral("001078099999"));
        QVERIFY(a->sync().ok());
        // The same man walks into the other site, which has no internet: registered again.
        const QString second = registerPerson(*other, *other->session(QStringLiteral("nurse-b")), QStringLiteral("Hà Văn Sơn"),
            QStringLiteral("001078099999"));
        QVERIFY(other->sync().ok());
        const QList<ReviewItem> review = other->store().sync().reviewItems();
        QCOMPARE(review.size(), 1);
        QCOMPARE(review.first().kind, QStringLiteral("duplicate_person"));
        QCOMPARE(QSet<QString>({review.first().recordId, review.first().otherId}), QSet<QString>({first, second}));
        ReviewService service(other->store(), other->clock());
        QCOMPARE(service.ownRecord(review.first()), second);
        QVERIFY(!service.mergePerson(*other->session(QStringLiteral("nurse-b")), review.first().id).ok());  // a manager's job
        auto merged = service.mergePerson(*other->session(QStringLiteral("manager-b")), review.first().id);
        QVERIFY2(merged.ok(), qPrintable(why(merged)));
        QCOMPARE(other->store().persons().byId(second)->mergedInto, first);
        QVERIFY(other->sync().ok());
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT merged_into FROM person_index WHERE id = ?"), {second}).toString(), first);
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT count(*) FROM review_item WHERE resolved_at IS NULL")).toInt(), 0);
        // Registering the next change of the merged record raises no new duplicate.
        QVERIFY(setPhone(*other, *other->session(QStringLiteral("manager-b")), second, QStringLiteral("0912000033")));
        QVERIFY(other->sync().ok());
        QVERIFY(other->store().sync().reviewItems().isEmpty());
    }

    void aDoseRecordedTwiceOfflineIsVoidedOnceAndGoesBackToStock()
    {
        auto a = device(QStringLiteral("a"), kSite);
        auto b = device(QStringLiteral("b"), kSite);
        QVERIFY(a && b);
        const Session nurse = *a->session(QStringLiteral("nurse"));
        const Session manager = *a->session(QStringLiteral("manager"));
        const QString lot = receive(*a, manager, QStringLiteral("SPIKEVAX"), QStringLiteral("3006451"), 20);
        const QString person = registerPerson(*a, nurse, QStringLiteral("Tạ Thị Bình"), QStringLiteral("001194066666"));
        QVERIFY(a->sync().ok());
        QVERIFY(b->sync().ok());
        // Both laptops lose the network, and both record the same first dose.
        inject(*a, nurse, person, lot);
        inject(*b, *b->session(QStringLiteral("nurse")), person, lot);
        QVERIFY(a->sync().ok());
        QVERIFY(b->sync().ok());
        QVERIFY(a->sync().ok());
        const QList<ReviewItem> review = a->store().sync().reviewItems();
        QCOMPARE(review.size(), 1);
        QCOMPARE(review.first().kind, QStringLiteral("duplicate_dose"));
        QCOMPARE(a->store().stock().balance(a->store().identity().siteId, lot), 18);
        auto voided = ReviewService(a->store(), a->clock()).voidDuplicateDose(manager, review.first().id, QStringLiteral("ghi hai lần"));
        QVERIFY2(voided.ok(), qPrintable(why(voided)));
        QVERIFY(a->sync().ok());
        QVERIFY(b->sync().ok());
        for (TestDevice* d : {a.get(), b.get()}) {
            QCOMPARE(d->store().clinical().dosesOf(person).size(), 1);
            QCOMPARE(d->store().stock().balance(d->store().identity().siteId, lot), 19);
            QVERIFY(d->store().sync().reviewItems().isEmpty());
            QVERIFY(d->store().checkIntegrity().ok());
        }
    }

    void aDoseVoidedAndRecordedAgainIsNoDuplicate()
    {
        auto a = device(QStringLiteral("a"), kSite);
        auto other = device(QStringLiteral("other"), kOtherSite);
        QVERIFY(a && other);
        const Session nurse = *a->session(QStringLiteral("nurse"));
        const Session manager = *a->session(QStringLiteral("manager"));
        const QString lot = receive(*a, manager, QStringLiteral("SPIKEVAX"), QStringLiteral("3006452"), 20);
        InjectionService injections(a->store(), a->clock());
        auto lastDose = [&](const QString& person) { return a->store().clinical().injectionsOf(person).last().injection.stamp.id; };
        // One person's wrong entry is voided and recorded again after a sync; another's, all
        // offline, reaches central in one batch with its void and the new entry.
        const QString synced = registerPerson(*a, nurse, QStringLiteral("Lâm Văn Đức"), QStringLiteral("001081044551"));
        inject(*a, nurse, synced, lot);
        QVERIFY(a->sync().ok());
        const QString offline = registerPerson(*a, nurse, QStringLiteral("Lâm Thị Thu"), QStringLiteral("001181044552"));
        inject(*a, nurse, offline, lot);
        for (const QString& person : {synced, offline}) {
            QVERIFY(injections.voidInjection(manager, lastDose(person), QStringLiteral("nhầm lô")).ok());
            a->clock().advanceSecs(60);
            inject(*a, nurse, person, lot);
        }
        QVERIFY(a->sync().ok());
        QVERIFY(a->sync().ok());
        QVERIFY(a->store().sync().reviewItems().isEmpty());
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT count(*) FROM review_item WHERE kind = 'duplicate_dose'")).toInt(), 0);
        // Looked up from another site, each has the one dose given (a dose recorded twice on two
        // laptops is still caught: aDoseRecordedTwiceOffline…).
        QNetworkAccessManager network;
        sync::CentralApi api(network, m_central->url());
        api.setCredential(credentialOf(*other));
        sync::CentralLookup lookup(other->store(), api);
        for (const QString& cccd : {QStringLiteral("001081044551"), QStringLiteral("001181044552")}) {
            std::optional<Result<QList<sync::CentralPerson>>> found;
            lookup.find(cccd, [&](Result<QList<sync::CentralPerson>> r) { found = std::move(r); });
            QTRY_VERIFY(found.has_value());
            QVERIFY2(found->ok(), qPrintable(why(*found)));
            QCOMPARE(found->value().size(), 1);
            QCOMPARE(found->value().first().doses, 1);
        }
    }

    void aDoseVoidedOnTwoLaptopsGoesBackToStockOnceAfterReview()
    {
        auto a = device(QStringLiteral("a"), kSite);
        auto b = device(QStringLiteral("b"), kSite);
        QVERIFY(a && b);
        const Session manager = *a->session(QStringLiteral("manager"));
        const QString lot = receive(*a, manager, QStringLiteral("VAXZEVRIA"), QStringLiteral("ABX5555"), 60);
        const QString person = registerPerson(*a, *a->session(QStringLiteral("nurse")), QStringLiteral("Trịnh Văn Hải"), QStringLiteral("001070099887"));
        inject(*a, *a->session(QStringLiteral("nurse")), person, lot);
        QVERIFY(a->sync().ok());
        QVERIFY(b->sync().ok());
        const QString dose = a->store().clinical().injectionsOf(person).first().injection.stamp.id;
        // Both laptops offline; both void the same dose.
        QVERIFY(InjectionService(a->store(), a->clock()).voidInjection(manager, dose, QStringLiteral("nhầm người")).ok());
        QVERIFY(InjectionService(b->store(), b->clock()).voidInjection(*b->session(QStringLiteral("manager")), dose, QStringLiteral("ghi nhầm")).ok());
        QVERIFY(a->sync().ok());
        QVERIFY(b->sync().ok());
        QVERIFY(a->sync().ok());
        const QString site = a->store().identity().siteId;
        QCOMPARE(a->store().stock().balance(site, lot), 61);  // came back twice
        const QList<ReviewItem> review = a->store().sync().reviewItems();
        QCOMPARE(review.size(), 1);
        QCOMPARE(review.first().kind, QStringLiteral("duplicate_void"));
        auto fixed = ReviewService(a->store(), a->clock()).undoExtraReturn(manager, review.first().id);
        QVERIFY2(fixed.ok(), qPrintable(why(fixed)));
        QCOMPARE(a->store().stock().balance(site, lot), 60);
        QVERIFY(a->sync().ok());
        QVERIFY(b->sync().ok());
        QCOMPARE(b->store().stock().balance(site, lot), 60);
        QVERIFY(b->store().sync().reviewItems().isEmpty());
        QVERIFY(!ReviewService(b->store(), b->clock()).undoExtraReturn(*b->session(QStringLiteral("manager")), review.first().id).ok());
    }

    void aLotReceivedOnTwoLaptopsCarriesOneStampEverywhere()
    {
        auto a = device(QStringLiteral("a"), kSite);
        auto b = device(QStringLiteral("b"), kSite);
        QVERIFY(a && b);
        const QString lot = receive(*a, *a->session(QStringLiteral("manager")), QStringLiteral("SPIKEVAX"), QStringLiteral("3009999"), 20);
        b->clock().advanceSecs(10);
        QCOMPARE(receive(*b, *b->session(QStringLiteral("manager")), QStringLiteral("SPIKEVAX"), QStringLiteral("3009999"), 30), lot);
        QVERIFY(b->sync().ok());  // the later one reaches central first
        QVERIFY(a->sync().ok());
        QVERIFY(b->sync().ok());
        const QString stamp = QStringLiteral("SELECT hlc || '|' || created_by || '|' || created_at || '|' || field_hlc FROM lot WHERE id = '%1'").arg(lot);
        QCOMPARE(b->store().connection().scalar(stamp).toString(), a->store().connection().scalar(stamp).toString());
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT hlc FROM record_state WHERE entity = 'lot' AND id = ?"), {lot}).toString(),
            a->store().connection().scalar(QStringLiteral("SELECT hlc FROM lot WHERE id = '%1'").arg(lot)).toString());
        QCOMPARE(a->store().stock().balance(a->store().identity().siteId, lot), 50);
        QCOMPARE(b->store().stock().balance(b->store().identity().siteId, lot), 50);
    }

    void aLaptopWhoseClockRunsAheadIsHeldBackNotLost()
    {
        auto a = device(QStringLiteral("a"), kSite);
        auto b = device(QStringLiteral("b"), kSite);
        QVERIFY(a && b);
        const Session nurse = *a->session(QStringLiteral("nurse"));
        const QString before = registerPerson(*a, nurse, QStringLiteral("Quách Văn Tài"), QStringLiteral("001079011223"));
        // Someone sets the laptop's clock 5 minutes and 3 seconds ahead; the nurse goes on working.
        a->clock().set(QDateTime::currentDateTime().addSecs(5 * 60 + 3));
        const QString ahead = registerPerson(*a, nurse, QStringLiteral("Quách Thị Mơ"), QStringLiteral("001189011224"));
        const SyncRun held = a->sync();
        QVERIFY(!held.ok());
        QVERIFY2(held.error.contains(QStringLiteral("clock")), qPrintable(held.error));
        QCOMPARE(held.pushed, 1);  // what came before the clock jumped went through
        QCOMPARE(a->pending(), 1);  // the rest waits on the laptop: nothing refused, nothing lost
        QVERIFY(a->store().sync().rejections().isEmpty());
        QVERIFY(!m_central->scalar(QStringLiteral("SELECT clock_ahead_at FROM device WHERE id = ?"), {a->store().identity().deviceId}).isNull());
        QVERIFY(b->sync().ok());
        QVERIFY(b->store().persons().byId(before));
        QVERIFY(!b->store().persons().byId(ahead));
        // Once real time has caught up with the stamp, it goes through as it was.
        QTest::qWait(4000);
        a->clock().set(QDateTime::currentDateTime());
        const SyncRun later = a->sync();
        QVERIFY2(later.ok(), qPrintable(later.error));
        QCOMPARE(later.pushed, 1);
        QVERIFY(b->sync().ok());
        QVERIFY(b->store().persons().byId(ahead));
    }

    void aPersonFromAnotherSiteIsFoundOnCentralAndAttachedWithTheirDoses()
    {
        auto a = device(QStringLiteral("a"), kSite);
        auto other = device(QStringLiteral("other"), kOtherSite);
        QVERIFY(a && other);
        const Session nurse = *a->session(QStringLiteral("nurse"));
        const QString lot = receive(*a, *a->session(QStringLiteral("manager")), QStringLiteral("COMIRNATY"), QStringLiteral("FN7792"), 30);
        const QString person = registerPerson(*a, nurse, QStringLiteral("Đinh Thị Hạnh"), QStringLiteral("001187033445"));
        inject(*a, nurse, person, lot);
        QVERIFY(a->sync().ok());

        // She comes to the other site for her second dose. Not there: look her up on central.
        QVERIFY(!other->store().persons().byId(person));
        QNetworkAccessManager network;
        sync::CentralApi api(network, m_central->url());
        api.setCredential(credentialOf(*other));
        sync::CentralLookup lookup(other->store(), api);
        std::optional<Result<QList<sync::CentralPerson>>> found;
        lookup.find(QStringLiteral("001187033445"), [&](Result<QList<sync::CentralPerson>> r) { found = std::move(r); });
        QTRY_VERIFY(found.has_value());
        QVERIFY2(found->ok(), qPrintable(why(*found)));
        QCOMPARE(found->value().size(), 1);
        QCOMPARE(found->value().first().id, person);
        QCOMPARE(found->value().first().doses, 1);
        std::optional<Result<QList<sync::CentralPerson>>> byName;
        lookup.find(QStringLiteral("dinh thi hanh"), [&](Result<QList<sync::CentralPerson>> r) { byName = std::move(r); });
        QTRY_VERIFY(byName.has_value());
        QVERIFY(byName->ok() && !byName->value().isEmpty());

        std::optional<Result<ApplyReport>> attached;
        lookup.attach(person, [&](Result<ApplyReport> r) { attached = std::move(r); });
        QTRY_VERIFY(attached.has_value());
        QVERIFY2(attached->ok(), qPrintable(why(*attached)));
        QVERIFY(other->store().persons().byId(person));
        QCOMPARE(other->store().clinical().dosesOf(person).size(), 1);
        QVERIFY2(other->store().checkIntegrity().ok(), qPrintable(other->store().checkIntegrity().problems.join(QLatin1Char('\n'))));

        // What her own site records later reaches the other site with every sync.
        a->clock().advanceSecs(60);
        DoseRequest second;
        second.personId = person;
        second.lotId = lot;
        second.requireScreening = false;
        QVERIFY(InjectionService(a->store(), a->clock()).record(nurse, second).ok());
        QVERIFY(a->sync().ok());
        QVERIFY(other->sync().ok());
        QCOMPARE(other->store().clinical().dosesOf(person).size(), 2);
        QVERIFY(other->store().checkIntegrity().ok());
        // She is still her own site's record: the other site may not change it.
        QVERIFY(setPhone(*other, *other->session(QStringLiteral("manager-b")), person, QStringLiteral("0912000044")));
        const SyncRun refused = other->sync();
        QCOMPARE(refused.rejected, 1);
        QCOMPARE(other->store().sync().rejections().first().code, QStringLiteral("not_owner"));
    }
};

QTEST_GUILESS_MAIN(TestSyncReview)
#include "tst_syncreview.moc"

// Sync end to end: the real vaxcentral process (on SQLite and on PostgreSQL) and devices that
// run the real sync code on their own site databases. What a site relies on: two laptops and
// a mobile team end with the same records; a push sent twice counts once; a bundle carried by
// hand arrives exactly once; a device sees and changes only what is its site's.
#include "app/common/Uuid.h"
#include "app/services/InjectionService.h"
#include "app/services/RegistrationService.h"
#include "app/services/ReviewService.h"
#include "app/services/StockService.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/PersonRepository.h"
#include "app/store/CatalogueRepository.h"
#include "app/store/StockRepository.h"
#include "db/Connection.h"
#include "sync/BundleTransfer.h"
#include "sync/CentralApi.h"
#include "sync/CentralLookup.h"
#include "sync/ChangeBatch.h"
#include "sync/CredentialStore.h"
#include "sync/DeviceCredential.h"
#include "sync/Protocol.h"
#include "tests/server/HttpProbe.h"
#include "tests/support/Must.h"
#include "tests/support/PostgresCluster.h"
#include "tests/support/SyncRig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace vax;
using namespace vax::test;

namespace {

const QString kSite = QStringLiteral("HN-BD-PX01");
const QString kTeam = QStringLiteral("HN-BD-PX01-T1");
const QString kOtherSite = QStringLiteral("HN-HK-HB02");

QString registerPerson(TestDevice& d, const Session& nurse, const QString& name, const QString& cccd)
{
    RegistrationService registration(d.store(), d.clock(), AdminUnits::builtin());
    PersonDraft draft;
    draft.fullName = name;
    draft.birthDate = QStringLiteral("19") + cccd.mid(4, 2) + QStringLiteral("-03-12");
    draft.sex = cccd.at(3) == QLatin1Char('0') ? QStringLiteral("M") : QStringLiteral("F");
    draft.cccd = cccd;
    auto p = registration.registerPerson(nurse, draft);
    if (!p.ok())
        qFatal("register: %s", qPrintable(why(p)));
    return p->stamp.id;
}

QString receive(TestDevice& d, const Session& manager, const QString& product, const QString& lot, int doses)
{
    StockService stock(d.store(), d.clock());
    auto b = stock.receive(manager, {product, lot, d.clock().today().addDays(120).toString(Qt::ISODate), QString::number(doses), {}, {}});
    if (!b.ok())
        qFatal("receive: %s", qPrintable(why(b)));
    return b->lot.stamp.id;
}

void inject(TestDevice& d, const Session& nurse, const QString& person, const QString& lot)
{
    InjectionService injections(d.store(), d.clock());
    DoseRequest r;
    r.personId = person;
    r.lotId = lot;
    r.requireScreening = false;
    auto done = injections.record(nurse, r);
    if (!done.ok())
        qFatal("inject: %s", qPrintable(why(done)));
}

bool setPhone(TestDevice& d, const Session& session, const QString& person, const QString& phone)
{
    RegistrationService registration(d.store(), d.clock(), AdminUnits::builtin());
    PersonDraft draft = PersonDraft::fromPerson(*d.store().persons().byId(person));
    draft.phone = phone;
    auto r = registration.updatePerson(session, person, draft);
    if (!r.ok())
        qWarning() << "update:" << r.error().message();
    return r.ok();
}

sync::DeviceCredential credentialOf(TestDevice& d)
{
    sync::CredentialStore store(d.path());
    sync::DeviceCredential out;
    store.load(d.store().identity().deviceId, [&](Result<sync::DeviceCredential> c) { out = c.value(); });
    return out;
}

QList<QPair<QByteArray, QByteArray>> deviceHeaders(const sync::DeviceCredential& c)
{
    return {{"X-Vax-Protocol", QByteArray::number(sync::kProtocolVersion)}, {"Authorization", c.bearer()},
        {"X-Vax-Install", sync::installIdFor(c.deviceId).toLatin1()}};
}

} // namespace

class TestSyncFlow : public QObject
{
    Q_OBJECT

    std::unique_ptr<PostgresCluster> m_pg;
    std::unique_ptr<CentralRig> m_central;

    // A central with one site, its mobile team, another site, and a nurse and a manager each.
    void startCentral()
    {
        QFETCH_GLOBAL(bool, postgres);
        if (postgres && !m_pg) {
            m_pg = std::make_unique<PostgresCluster>();
            QVERIFY2(m_pg->ok(), qPrintable(m_pg->errorText()));
        }
        m_central = std::make_unique<CentralRig>(postgres ? m_pg.get() : nullptr);
        QVERIFY2(m_central->start(), qPrintable(m_central->log()));
        QVERIFY(m_central->addSite(kSite, QStringLiteral("Trạm Y tế phường Phúc Xá")));
        QVERIFY(m_central->addSite(kTeam, QStringLiteral("Đội lưu động 1"), kSite));
        QVERIFY(m_central->addSite(kOtherSite, QStringLiteral("Trạm Y tế phường Hàng Bông")));
        for (const auto& [site, user, role] : {std::tuple{kSite, "nurse", "nurse"}, std::tuple{kSite, "manager", "site_manager"},
                 std::tuple{kOtherSite, "nurse-b", "nurse"}, std::tuple{kOtherSite, "manager-b", "site_manager"}})
            QVERIFY(m_central->addUser(site, QLatin1String(user), QLatin1String(role)));
    }

    // Enrols a new device and pulls what it may see.
    std::unique_ptr<TestDevice> device(const QString& name, const QString& site, const QString& team = {})
    {
        auto d = std::make_unique<TestDevice>(name, site, team);
        auto enrolled = d->enrol(m_central->url(), m_central->enrolCode(site, team));
        if (!enrolled.ok())
            qWarning() << "enrol:" << enrolled.error().message();
        const SyncRun first = d->sync();
        if (!first.ok())
            qWarning() << "first sync:" << first.error;
        return enrolled.ok() && first.ok() ? std::move(d) : nullptr;
    }

    qint64 feedCount() { return m_central->scalar(QStringLiteral("SELECT count(*) FROM change_feed")).toLongLong(); }

private slots:
    void initTestCase_data()
    {
        QTest::addColumn<bool>("postgres");
        QTest::newRow("sqlite") << false;
        QTest::newRow("postgresql") << true;
    }

    void init() { startCentral(); }
    void cleanup() { m_central.reset(); }
    void cleanupTestCase() { m_pg.reset(); }

    void aNewDevicePullsItsSiteAndUsersButNotAnotherSitesUsers()
    {
        auto a = device(QStringLiteral("a"), kSite);
        QVERIFY(a);
        QVERIFY(a->session(QStringLiteral("nurse")));
        QVERIFY(a->session(QStringLiteral("manager")));
        QVERIFY(!a->session(QStringLiteral("nurse-b")));
        QCOMPARE(a->store().sync().state().serverUrl, m_central->url().toString());
        QVERIFY(a->store().sync().state().pullCursor > 0);
        QVERIFY(!a->store().sync().state().lastSyncAt.isEmpty());
        QCOMPARE(a->store().sync().history(5).size(), 1);
    }

    void aCodeForAnotherSiteIsRefusedAndNotUsedUp()
    {
        TestDevice wrong(QStringLiteral("wrong"), kOtherSite);
        const QString code = m_central->enrolCode(kSite);
        auto refused = wrong.enrol(m_central->url(), code);
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().hasField(QStringLiteral("code")));
        QVERIFY2(refused.error().message().contains(kSite), qPrintable(why(refused)));
        QVERIFY(!wrong.store().sync().state().enrolled());
        // The right device can still use it.
        TestDevice right(QStringLiteral("right"), kSite);
        QVERIFY(right.enrol(m_central->url(), code).ok());
        // Once.
        TestDevice again(QStringLiteral("again"), kSite);
        auto used = again.enrol(m_central->url(), code);
        QVERIFY(!used.ok());
        QCOMPARE(used.error().code(), ErrorCode::Forbidden);
    }

    void twoSiteLaptopsEndWithTheSameRecords()
    {
        auto a = device(QStringLiteral("a"), kSite);
        auto b = device(QStringLiteral("b"), kSite);
        QVERIFY(a && b);
        const Session nurse = *a->session(QStringLiteral("nurse"));
        const Session manager = *a->session(QStringLiteral("manager"));
        const QString lot = receive(*a, manager, QStringLiteral("VAXZEVRIA"), QStringLiteral("ABX4521"), 100);
        const QString person = registerPerson(*a, nurse, QStringLiteral("Nguyễn Văn Đức"), QStringLiteral("001085001234"));
        inject(*a, nurse, person, lot);
        QCOMPARE(a->pending(), 5);

        const SyncRun pushed = a->sync();
        QVERIFY2(pushed.ok(), qPrintable(pushed.error));
        QCOMPARE(pushed.pushed, 5);
        QCOMPARE(pushed.rejected, 0);
        QCOMPARE(a->pending(), 0);
        const SyncRun pulled = b->sync();
        QVERIFY2(pulled.ok(), qPrintable(pulled.error));
        QCOMPARE(pulled.pulled, 5);

        QVERIFY(b->store().persons().byId(person));
        QCOMPARE(b->store().clinical().dosesOf(person).size(), 1);
        QCOMPARE(b->store().stock().balance(b->store().identity().siteId, lot), 99);
        // Nothing echoes back to its origin, and a second run moves nothing.
        const SyncRun again = a->sync();
        QCOMPARE(again.pulled, 0);
        QCOMPARE(again.pushed, 0);
        QCOMPARE(b->sync().pulled, 0);
        QVERIFY(a->store().checkIntegrity().ok());
        QVERIFY(b->store().checkIntegrity().ok());
    }

    void aPushSentTwiceCountsOnce()
    {
        auto a = device(QStringLiteral("a"), kSite);
        QVERIFY(a);
        const Session nurse = *a->session(QStringLiteral("nurse"));
        registerPerson(*a, nurse, QStringLiteral("Trần Thị Hoa"), QStringLiteral("001190012345"));
        const sync::ChangeBatch batch = sync::nextBatch(a->store(), a->store().sync().state().pushedThrough, 100);
        QCOMPARE(batch.changes.size(), 1);
        const auto headers = deviceHeaders(credentialOf(*a));
        const HttpAnswer first = httpRequest(m_central->url().resolved(QUrl(QStringLiteral("/api/v1/push"))), "POST", batch.encode(), headers);
        QCOMPARE(first.status, 200);
        const qint64 feed = feedCount();
        const HttpAnswer second = httpRequest(m_central->url().resolved(QUrl(QStringLiteral("/api/v1/push"))), "POST", batch.encode(), headers);
        QCOMPARE(second.status, 200);
        QCOMPARE(feedCount(), feed);
        const QJsonArray a1 = QJsonDocument::fromJson(first.body).object().value(QStringLiteral("accepted")).toArray();
        const QJsonArray a2 = QJsonDocument::fromJson(second.body).object().value(QStringLiteral("accepted")).toArray();
        QCOMPARE(a1.size(), 1);
        QCOMPARE(a2, a1);  // the same global seq both times
        // The device, which never saw either answer, pushes it a third time in a normal run.
        const SyncRun run = a->sync();
        QVERIFY(run.ok());
        QCOMPARE(run.pushed, 1);
        QCOMPARE(feedCount(), feed);
    }

    void aTeamBundleCarriedByHandArrivesExactlyOnce()
    {
        auto a = device(QStringLiteral("a"), kSite);
        auto b = device(QStringLiteral("b"), kSite);
        auto t = device(QStringLiteral("team"), kSite, kTeam);
        QVERIFY(a && b && t);
        const Session nurse = *t->session(QStringLiteral("nurse"));
        const Session manager = *t->session(QStringLiteral("manager"));
        const QString lot = receive(*t, manager, QStringLiteral("COMIRNATY"), QStringLiteral("FN7792"), 60);
        const QString person = registerPerson(*t, nurse, QStringLiteral("Lê Văn Tám"), QStringLiteral("079070123456"));
        inject(*t, nurse, person, lot);
        const sync::DeviceCredential credential = credentialOf(*t);
        const QString file = QDir(QDir::tempPath()).filePath(QStringLiteral("vax-team-%1.vaxbundle").arg(QCoreApplication::applicationPid()));
        auto exported = sync::BundleTransfer(t->store(), t->clock()).exportTo(file, credential, false);
        QVERIFY2(exported.ok(), qPrintable(why(exported)));
        QCOMPARE(exported->changes, 5);

        // The site laptop sees the team's work as soon as the file is imported, offline.
        auto imported = sync::BundleTransfer(a->store(), a->clock()).importFrom(file);
        QVERIFY2(imported.ok(), qPrintable(why(imported)));
        QCOMPARE(imported->applied.applied, 5);
        QCOMPARE(a->store().clinical().dosesOf(person).size(), 1);
        QCOMPARE(a->store().stock().balance(t->store().identity().teamId, lot), 59);
        auto twice = sync::BundleTransfer(a->store(), a->clock()).importFrom(file);
        QVERIFY(twice.ok());
        QVERIFY(twice->alreadyHere);

        const SyncRun relayed = a->sync();
        QVERIFY2(relayed.ok(), qPrintable(relayed.error));
        QCOMPARE(relayed.relayed, 1);
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE entity = 'injection'")).toInt(), 1);
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT via FROM change_feed WHERE entity = 'injection'")).toString(),
            QStringLiteral("relay:") + a->store().identity().deviceId);
        // The other site laptop gets it from central.
        QVERIFY(b->sync().ok());
        QCOMPARE(b->store().clinical().dosesOf(person).size(), 1);
        // The team laptop comes online later and pushes the same changes: taken once.
        const SyncRun late = t->sync();
        QVERIFY2(late.ok(), qPrintable(late.error));
        QCOMPARE(late.pushed, 5);
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE entity = 'injection'")).toInt(), 1);
        // Relaying it again (another laptop imported it too) changes nothing.
        QVERIFY(sync::BundleTransfer(b->store(), b->clock()).importFrom(file).ok());
        const qint64 feed = feedCount();
        QCOMPARE(b->sync().relayed, 1);
        QCOMPARE(feedCount(), feed);
        QFile::remove(file);
    }

    void aTamperedBundleIsRefusedByCentral()
    {
        auto a = device(QStringLiteral("a"), kSite);
        auto t = device(QStringLiteral("team"), kSite, kTeam);
        QVERIFY(a && t);
        registerPerson(*t, *t->session(QStringLiteral("nurse")), QStringLiteral("Phạm Thị Lan"), QStringLiteral("001195054321"));
        const QString file = QDir(QDir::tempPath()).filePath(QStringLiteral("vax-tampered-%1.vaxbundle").arg(QCoreApplication::applicationPid()));
        QVERIFY(sync::BundleTransfer(t->store(), t->clock()).exportTo(file, credentialOf(*t), false).ok());
        // Someone swaps the signature for one made with another key.
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject envelope = QJsonDocument::fromJson(f.readAll()).object();
        f.close();
        QByteArray sig = QByteArray::fromBase64(envelope.value(QStringLiteral("signature")).toString().toLatin1());
        sig[3] = char(sig[3] ^ 0x55);
        envelope.insert(QStringLiteral("signature"), QString::fromLatin1(sig.toBase64()));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(envelope).toJson());
        f.close();
        QVERIFY(sync::BundleTransfer(a->store(), a->clock()).importFrom(file).ok());
        const qint64 feed = feedCount();
        const SyncRun run = a->sync();
        QVERIFY(run.ok());  // the rest of the sync goes on
        QCOMPARE(run.relayed, 0);
        QCOMPARE(feedCount(), feed);
        const QList<RelayBundle> bundles = a->store().sync().bundles();
        QCOMPARE(bundles.size(), 1);
        QVERIFY2(bundles.first().outcome.contains(QStringLiteral("signature")), qPrintable(bundles.first().outcome));
        QFile::remove(file);
    }

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

    void teamBundlesCarriedOutOfOrderLoseNothing()
    {
        auto a = device(QStringLiteral("a"), kSite);
        auto b = device(QStringLiteral("b"), kSite);
        auto t = device(QStringLiteral("team"), kSite, kTeam);
        QVERIFY(a && b && t);
        const Session nurse = *t->session(QStringLiteral("nurse"));
        const Session manager = *t->session(QStringLiteral("manager"));
        const QString lot = receive(*t, manager, QStringLiteral("COMIRNATY"), QStringLiteral("FN8801"), 60);
        const QString person = registerPerson(*t, nurse, QStringLiteral("Lê Thị Nhung"), QStringLiteral("001188055667"));
        inject(*t, nurse, person, lot);
        const sync::DeviceCredential credential = credentialOf(*t);
        QTemporaryDir usb;
        const QString first = usb.filePath(QStringLiteral("1.vaxbundle"));
        const QString second = usb.filePath(QStringLiteral("2.vaxbundle"));
        QVERIFY(sync::BundleTransfer(t->store(), t->clock()).exportTo(first, credential, false).ok());
        // Later the team corrects her phone and voids the dose (wrong person), then a second bundle.
        t->clock().advanceSecs(60);
        QVERIFY(setPhone(*t, manager, person, QStringLiteral("0912000055")));
        const QString dose = t->store().clinical().injectionsOf(person).first().injection.stamp.id;
        QVERIFY(InjectionService(t->store(), t->clock()).voidInjection(manager, dose, QStringLiteral("nhầm người")).ok());
        QVERIFY(sync::BundleTransfer(t->store(), t->clock()).exportTo(second, credential, false).ok());

        // The second stick reaches laptop A first: kept, shown once the first is here too.
        auto early = sync::BundleTransfer(a->store(), a->clock()).importFrom(second);
        QVERIFY2(early.ok(), qPrintable(why(early)));
        QVERIFY(early->waiting);
        QCOMPARE(early->missingFrom, 1);
        QVERIFY(!a->store().persons().byId(person));
        const SyncRun waiting = a->sync();
        QVERIFY2(waiting.ok(), qPrintable(waiting.error));
        QCOMPARE(waiting.relayed, 0);  // central waits for the first bundle too
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE device_id = ?"), {t->store().identity().deviceId}).toInt(), 0);
        QVERIFY2(a->store().sync().bundles().first().outcome.contains(QStringLiteral("waiting")), qPrintable(a->store().sync().bundles().first().outcome));
        // The first stick arrives: both apply here, both go to central, nothing lost.
        auto late = sync::BundleTransfer(a->store(), a->clock()).importFrom(first);
        QVERIFY2(late.ok(), qPrintable(why(late)));
        QVERIFY(!late->waiting);
        QCOMPARE(a->store().persons().byId(person)->phone, QStringLiteral("+84912000055"));
        QVERIFY(a->store().clinical().isVoided(dose));
        const SyncRun carried = a->sync();
        QVERIFY2(carried.ok(), qPrintable(carried.error));
        QCOMPARE(carried.relayed, 2);
        QVERIFY(b->sync().ok());
        QCOMPARE(b->store().persons().byId(person)->phone, QStringLiteral("+84912000055"));
        QVERIFY(b->store().clinical().isVoided(dose));
        QCOMPARE(b->store().stock().balance(t->store().identity().teamId, lot), 60);
        QVERIFY(b->store().sync().reviewItems().isEmpty());  // the team's own edits are no conflict
        QVERIFY(b->store().checkIntegrity().ok());
    }

    void aChangePointingToARecordCentralLacksWaitsAndNothingDangles()
    {
        auto a = device(QStringLiteral("a"), kSite);
        QVERIFY(a);
        // A dose for a person central has never heard of (the team's bundle is still in a bag).
        const QString ghost = Uuid::v7();
        const QString injection = Uuid::v7();
        const QString hlc = QStringLiteral("%1.0.%2").arg(QDateTime::currentMSecsSinceEpoch()).arg(QStringLiteral("ab12cd34ab12cd34"));
        QJsonObject payload{{QStringLiteral("id"), injection}, {QStringLiteral("person_id"), ghost},
            {QStringLiteral("product_id"), a->store().catalogue().productByCode(QStringLiteral("SPIKEVAX"))->stamp.id},
            {QStringLiteral("lot_id"), ghost}, {QStringLiteral("dose_number"), 1}, {QStringLiteral("body_site"), QStringLiteral("left_arm")},
            {QStringLiteral("injected_at"), QStringLiteral("2026-11-30T09:00:00.000+07:00")}, {QStringLiteral("injected_by"), ghost},
            {QStringLiteral("site_id"), a->store().identity().siteId}, {QStringLiteral("created_at"), QStringLiteral("2026-11-30T09:00:00.000+07:00")},
            {QStringLiteral("hlc"), hlc}};
        sync::ChangeBatch batch;
        batch.protocol = sync::kProtocolVersion;
        batch.deviceId = a->store().identity().deviceId;
        batch.changes << ChangeEntry{1, Uuid::v7(), QStringLiteral("injection"), injection, QStringLiteral("insert"), payload, hlc, {}, {}, {}};
        const qint64 feed = feedCount();
        const HttpAnswer answer = httpRequest(m_central->url().resolved(QUrl(QStringLiteral("/api/v1/push"))), "POST", batch.encode(),
            deviceHeaders(credentialOf(*a)));
        QCOMPARE(answer.status, 200);
        const QJsonObject o = QJsonDocument::fromJson(answer.body).object();
        QCOMPARE(o.value(QStringLiteral("held_from")).toInteger(), 1);
        QCOMPARE(o.value(QStringLiteral("held_reason")).toString(), QStringLiteral("missing_reference"));
        QCOMPARE(o.value(QStringLiteral("acked_through")).toInteger(), 0);
        QVERIFY(o.value(QStringLiteral("held_message")).toString().contains(ghost));
        QCOMPARE(feedCount(), feed);
    }

    void aDeviceAheadOfARestoredCentralSendsAgainFromWhereCentralIs()
    {
        auto a = device(QStringLiteral("a"), kSite);
        QVERIFY(a);
        const Session nurse = *a->session(QStringLiteral("nurse"));
        registerPerson(*a, nurse, QStringLiteral("Mai Văn Tùng"), QStringLiteral("001076022334"));
        registerPerson(*a, nurse, QStringLiteral("Mai Thị Lệ"), QStringLiteral("001178022335"));
        registerPerson(*a, nurse, QStringLiteral("Mai Văn Kiên"), QStringLiteral("001099022336"));
        // As if central had taken the first two and then been restored from an older backup.
        QVERIFY(a->store().sync().acknowledgePush(2, {}).ok());
        const SyncRun run = a->sync();
        QVERIFY2(run.ok(), qPrintable(run.error));
        QCOMPARE(run.pushed, 3);
        QCOMPARE(a->pending(), 0);
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE entity = 'person'")).toInt(), 3);
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

    void aDeviceNeitherSeesNorChangesAnotherSitesRecords()
    {
        auto a = device(QStringLiteral("a"), kSite);
        auto other = device(QStringLiteral("other"), kOtherSite);
        QVERIFY(a && other);
        const QString person = registerPerson(*a, *a->session(QStringLiteral("nurse")), QStringLiteral("Đỗ Văn Hùng"), QStringLiteral("001080098765"));
        QVERIFY(a->sync().ok());
        QVERIFY(other->sync().ok());
        QVERIFY(!other->store().persons().byId(person));

        // The other site's device forges an update of site A's person.
        QJsonObject payload{{QStringLiteral("id"), person}, {QStringLiteral("phone"), QStringLiteral("0912000111")}};
        const ChangeEntry forged{other->store().sync().state().pushedThrough + 1, Uuid::v7(), QStringLiteral("person"), person,
            QStringLiteral("update"), payload,
            a->store().persons().byId(person)->stamp.hlc, QString(), QString(), {}};
        sync::ChangeBatch batch;
        batch.protocol = sync::kProtocolVersion;
        batch.deviceId = other->store().identity().deviceId;
        batch.changes << forged;
        const HttpAnswer answer = httpRequest(m_central->url().resolved(QUrl(QStringLiteral("/api/v1/push"))), "POST", batch.encode(),
            deviceHeaders(credentialOf(*other)));
        QCOMPARE(answer.status, 200);
        const QJsonArray rejected = QJsonDocument::fromJson(answer.body).object().value(QStringLiteral("rejected")).toArray();
        QCOMPARE(rejected.size(), 1);
        QCOMPARE(rejected.first().toObject().value(QStringLiteral("code")).toString(), QStringLiteral("not_owner"));
        QVERIFY(a->sync().ok());
        QVERIFY(a->store().persons().byId(person)->phone.isEmpty());
        // Nor can it push in another device's name.
        batch.deviceId = a->store().identity().deviceId;
        QCOMPARE(httpRequest(m_central->url().resolved(QUrl(QStringLiteral("/api/v1/push"))), "POST", batch.encode(),
                     deviceHeaders(credentialOf(*other)))
                     .status,
            403);
    }

    void badRevokedAndCopiedCredentialsAreRefused()
    {
        auto a = device(QStringLiteral("a"), kSite);
        QVERIFY(a);
        const QUrl pull = m_central->url().resolved(QUrl(QStringLiteral("/api/v1/pull?after=0&limit=10")));
        sync::DeviceCredential c = credentialOf(*a);
        QCOMPARE(httpRequest(pull, "GET", {}, deviceHeaders(c)).status, 200);
        sync::DeviceCredential wrong = c;
        wrong.secret[0] = wrong.secret[0] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
        QCOMPARE(httpRequest(pull, "GET", {}, deviceHeaders(wrong)).status, 401);
        QCOMPARE(httpRequest(pull, "GET", {}, {{"X-Vax-Protocol", "1"}}).status, 401);
        // The database and its credential copied to another computer: another install id.
        auto copied = deviceHeaders(c);
        copied[2].second = QByteArray(64, 'f');
        const HttpAnswer clone = httpRequest(pull, "GET", {}, copied);
        QCOMPARE(clone.status, 409);
        QCOMPARE(QJsonDocument::fromJson(clone.body).object().value(QStringLiteral("error")).toString(), QStringLiteral("cloned_device"));
        // Revoked by the district: refused, and the device says so rather than retrying.
        QVERIFY(m_central->admin({QStringLiteral("device"), QStringLiteral("revoke"), a->store().identity().deviceId}));
        QCOMPARE(httpRequest(pull, "GET", {}, deviceHeaders(c)).status, 401);
        const SyncRun run = a->sync();
        QVERIFY(!run.ok());
        QCOMPARE(a->lastFailure(), std::optional<ErrorCode>(ErrorCode::Forbidden));
    }

    void aCopiedDatabaseThatDivergesIsCaught()
    {
        auto a = device(QStringLiteral("a"), kSite);
        QVERIFY(a);
        const Session nurse = *a->session(QStringLiteral("nurse"));
        // Someone copies the laptop's database (and credential) and both copies go on working.
        const QString copyPath = a->path() + QStringLiteral(".copy");
        QVERIFY(a->store().connection().exec(QStringLiteral("VACUUM INTO '%1'").arg(copyPath)).ok());
        QVERIFY(QFile::copy(a->path() + QStringLiteral(".credential"), copyPath + QStringLiteral(".credential")));
        auto copy = db::SqliteSiteStore::open(copyPath, a->clock());
        QVERIFY2(copy.ok(), qPrintable(why(copy)));
        registerPerson(*a, nurse, QStringLiteral("Hoàng Văn Nam"), QStringLiteral("001075011111"));
        QVERIFY(a->sync().ok());
        {
            RegistrationService registration(*copy.value(), a->clock(), AdminUnits::builtin());
            PersonDraft d;
            d.fullName = QStringLiteral("Vũ Thị Mai");
            d.birthDate = QStringLiteral("1992-01-02");
            d.sex = QStringLiteral("F");
            d.cccd = QStringLiteral("001192022222");
            QVERIFY(registration.registerPerson(nurse, d).ok());
        }
        const sync::ChangeBatch batch = sync::nextBatch(*copy.value(), copy.value()->sync().state().pushedThrough, 100);
        const qint64 feed = feedCount();
        const HttpAnswer answer = httpRequest(m_central->url().resolved(QUrl(QStringLiteral("/api/v1/push"))), "POST", batch.encode(),
            deviceHeaders(credentialOf(*a)));
        QCOMPARE(answer.status, 409);
        QCOMPARE(feedCount(), feed);
        // Which copy is the real one only a person can tell: both are refused from now on.
        registerPerson(*a, nurse, QStringLiteral("Đặng Văn Long"), QStringLiteral("001071044444"));
        const SyncRun refused = a->sync();
        QVERIFY(!refused.ok());
        QCOMPARE(a->lastFailure(), std::optional<ErrorCode>(ErrorCode::Conflict));
        QVERIFY2(refused.error.contains(QStringLiteral("copies")), qPrintable(refused.error));
        QCOMPARE(a->pending(), 1);  // kept, to be sent once the device is enrolled again
        copy.value().reset();
        QFile::remove(copyPath);
    }

    void brokenRequestsGetAClearRefusalAndChangeNothing()
    {
        auto a = device(QStringLiteral("a"), kSite);
        QVERIFY(a);
        registerPerson(*a, *a->session(QStringLiteral("nurse")), QStringLiteral("Bùi Thị Thu"), QStringLiteral("001196033333"));
        const QUrl push = m_central->url().resolved(QUrl(QStringLiteral("/api/v1/push")));
        const auto headers = deviceHeaders(credentialOf(*a));
        const QByteArray good = sync::nextBatch(a->store(), 0, 100).encode();
        const qint64 feed = feedCount();
        auto errorOf = [](const HttpAnswer& h) { return QJsonDocument::fromJson(h.body).object().value(QStringLiteral("error")).toString(); };

        const HttpAnswer notJson = httpRequest(push, "POST", "{\"protocol\": 1, \"changes\": [", headers);
        QCOMPARE(notJson.status, 400);
        QCOMPARE(errorOf(notJson), QStringLiteral("malformed"));
        const HttpAnswer truncated = httpRequest(push, "POST", good.left(good.size() / 2), headers);
        QCOMPARE(truncated.status, 400);
        auto gz = headers;
        gz << QPair<QByteArray, QByteArray>{"Content-Encoding", "gzip"};
        const HttpAnswer badGzip = httpRequest(push, "POST", QByteArray("\x1f\x8b\x08\x00garbage", 12), gz);
        QCOMPARE(badGzip.status, 400);
        auto oldVersion = headers;
        oldVersion[0].second = "0";
        const HttpAnswer version = httpRequest(push, "POST", good, oldVersion);
        QCOMPARE(version.status, 400);
        QCOMPARE(errorOf(version), QStringLiteral("protocol_version"));
        QJsonObject otherProtocol = QJsonDocument::fromJson(good).object();
        otherProtocol.insert(QStringLiteral("protocol"), 99);
        QCOMPARE(httpRequest(push, "POST", QJsonDocument(otherProtocol).toJson(), headers).status, 400);
        const HttpAnswer huge = httpRequest(push, "POST", QByteArray(65 * 1024 * 1024, ' '), headers);
        QCOMPARE(huge.status, 413);
        QCOMPARE(httpRequest(m_central->url().resolved(QUrl(QStringLiteral("/api/v1/pull?after=-1"))), "GET", {}, headers).status, 400);
        QCOMPARE(httpRequest(m_central->url().resolved(QUrl(QStringLiteral("/api/v1/nothing"))), "GET", {}, headers).status, 404);
        QCOMPARE(feedCount(), feed);
        // And the good batch still goes through afterwards.
        QCOMPARE(httpRequest(push, "POST", good, headers).status, 200);
        QCOMPARE(feedCount(), feed + 1);
    }
};

QTEST_GUILESS_MAIN(TestSyncFlow)
#include "tst_syncflow.moc"

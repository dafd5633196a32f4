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
#include "tests/server/SyncFixture.h"
#include "tests/support/Must.h"
#include "tests/support/PostgresCluster.h"
#include "tests/support/SyncRig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace vax;
using namespace vax::test;


class TestSyncFlow : public SyncFixture
{
    Q_OBJECT

private slots:
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
        QCOMPARE(a->pending(), 6);  // lot, receipt, person, vial opened, dose movement, injection

        const SyncRun pushed = a->sync();
        QVERIFY2(pushed.ok(), qPrintable(pushed.error));
        QCOMPARE(pushed.pushed, 6);
        QCOMPARE(pushed.rejected, 0);
        QCOMPARE(a->pending(), 0);
        const SyncRun pulled = b->sync();
        QVERIFY2(pulled.ok(), qPrintable(pulled.error));
        QCOMPARE(pulled.pulled, 6);

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
        QCOMPARE(exported->changes, 6);

        // The site laptop sees the team's work as soon as the file is imported, offline.
        auto imported = sync::BundleTransfer(a->store(), a->clock()).importFrom(file);
        QVERIFY2(imported.ok(), qPrintable(why(imported)));
        QCOMPARE(imported->applied.applied, 6);
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
        QCOMPARE(late.pushed, 6);
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

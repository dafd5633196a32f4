// The device credential in a real keychain, as on a nurse's desktop. Every other test keeps it
// in a file (VAX_CREDENTIAL_STORE=file), so without this one the keychain path would never run.
// ctest runs this through tests/sync/keyring-session.sh, which starts a private D-Bus session
// bus and GNOME Keyring's Secret Service on it with an unlocked "login" keyring in a throwaway
// HOME: CredentialStore then goes through QtKeychain and libsecret exactly as in the app.
// Checked: the credential is kept in the keychain, not in a file, and a fresh store reads it
// back; the enrolment-id and device-id checks refuse what is not this copy's or this device's;
// with no session bus it goes to a 0600 file; a locked keychain or one that does not answer is
// told apart from a missing credential (no advice to enrol again), also by the app's background
// sync; an unlock prompt nobody answers no longer stalls it; and the real vaxctl enrols against
// the real vaxcentral and syncs with the credential from the keychain. Cases that need another
// session (no bus, a locked keyring, a display for the prompt) or another thread run this
// binary again in a child process (VAX_KEYCHAIN_CHILD says which); its result is checked here.
#include "app/common/Clock.h"
#include "db/SqliteSiteStore.h"
#include "sync/CredentialStore.h"
#include "sync/DeviceCredential.h"
#include "sync/SyncController.h"
#include "tests/support/SyncRig.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLibrary>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include <qt6keychain/keychain.h>

#include <csignal>
#include <optional>
#include <sys/stat.h>

using namespace vax;
using namespace vax::sync;

namespace {

const QString kSite = QStringLiteral("HN-BD-PX01");
const QString kChild = QStringLiteral("VAX_KEYCHAIN_CHILD");

QString child()
{
    return qEnvironmentVariable("VAX_KEYCHAIN_CHILD");
}

DeviceCredential newCredential(const QString& enrolmentId = QStringLiteral("enrolment-1"))
{
    DeviceCredential c;
    c.deviceId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QByteArray secret(32, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(secret.data()), secret.size() / 4);
    c.secret = QString::fromLatin1(secret.toBase64());
    c.signingKey = QByteArray(32, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(c.signingKey.data()), c.signingKey.size() / 4);
    c.enrolmentId = enrolmentId;
    return c;
}

// The store's answer, or an Io error when none came in two minutes (libsecret's D-Bus calls
// time out after 25 s each): a store that never answers fails the test instead of hanging it.
template <typename T, typename Start>
Result<T> await(Start start)
{
    std::optional<Result<T>> out;
    QEventLoop loop;
    QTimer::singleShot(std::chrono::minutes(2), &loop, &QEventLoop::quit);
    start([&](Result<T> r) {
        out = std::move(r);
        loop.quit();
    });
    if (!out)
        loop.exec();
    return out ? std::move(*out) : Result<T>(Error(ErrorCode::Io, QStringLiteral("the credential store did not answer in two minutes")));
}

Result<QString> save(CredentialStore& store, const DeviceCredential& c)
{
    return await<QString>([&](auto done) { store.save(c, done); });
}

Result<DeviceCredential> load(CredentialStore& store, const QString& deviceId)
{
    return await<DeviceCredential>([&](auto done) { store.load(deviceId, done); });
}

Result<DeviceCredential> load(CredentialStore& store, const QString& deviceId, const QString& enrolmentId)
{
    return await<DeviceCredential>([&](auto done) { store.load(deviceId, enrolmentId, done); });
}

QString describe(const DeviceCredential& c)
{
    return QStringLiteral("%1 %2 %3 %4").arg(c.deviceId, c.secret, QString::fromLatin1(c.signingKey.toHex()), c.enrolmentId);
}

// The file's permission bits, as `ls -l` shows them.
int modeOf(const QString& path)
{
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

// What GNOME Keyring itself holds under the device's key, asked over D-Bus without QtKeychain:
// items in unlocked and in locked collections.
struct Held {
    int unlocked = -1;
    int locked = -1;
};

Held heldFor(const QString& deviceId)
{
    using Attributes = QMap<QString, QString>;
    qDBusRegisterMetaType<Attributes>();
    QDBusMessage search = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.secrets"),
        QStringLiteral("/org/freedesktop/secrets"), QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("SearchItems"));
    search << QVariant::fromValue(
        Attributes{{QStringLiteral("user"), deviceId}, {QStringLiteral("server"), CredentialStore::keychainService()}});
    const QDBusMessage reply = QDBusConnection::sessionBus().call(search, QDBus::Block, 10000);
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().size() != 2) {
        qWarning() << "SearchItems failed:" << reply.errorMessage();
        return {};
    }
    const auto count = [](const QVariant& v) { return int(qdbus_cast<QList<QDBusObjectPath>>(v).size()); };
    return {count(reply.arguments().at(0)), count(reply.arguments().at(1))};
}

struct Run {
    int exit = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
    QString text() const { return QStringLiteral("exit %1\n%2\n%3").arg(exit).arg(out, err); }
};

Run run(const QString& program, const QStringList& args, const QProcessEnvironment& env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(180000))
        p.kill();
    p.waitForFinished();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
        QString::fromUtf8(p.readAllStandardError())};
}

QProcessEnvironment environment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("VAX_CREDENTIAL_STORE"));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("vax.*.info=false"));
    return env;
}

// A credential saved for `db` in this session's keychain, and the child's environment that
// names both; `why` says what went wrong, empty when it was kept there.
QProcessEnvironment keptForChild(const QString& db, DeviceCredential* credential, QString* why)
{
    *credential = newCredential();
    CredentialStore store(db);
    const auto kept = save(store, *credential);
    *why = kept.ok() ? (kept.value() == QLatin1String("keychain") ? QString() : QStringLiteral("kept in: ") + kept.value())
                     : kept.error().message();
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("VAX_KEYCHAIN_DB"), db);
    env.insert(QStringLiteral("VAX_KEYCHAIN_DEVICE"), credential->deviceId);
    return env;
}

// This binary again, running one test function in another session (`how` in VAX_KEYCHAIN_CHILD).
Run runChild(const QString& function, const QString& how, QProcessEnvironment env, const QStringList& wrapper = {})
{
    env.insert(kChild, how);
    QStringList args = wrapper;
    args << QCoreApplication::applicationFilePath() << QStringLiteral("-o") << QStringLiteral("-,txt") << function;
    const QString program = args.takeFirst();
    return run(program, args, env);
}

// The app's background sync on a database file, with retries in fractions of a second.
std::unique_ptr<SyncController> backgroundSync(const QString& db, const Clock& clock)
{
    SyncSchedule schedule;
    schedule.poll = std::chrono::milliseconds(50);
    schedule.debounce = std::chrono::milliseconds(200);
    schedule.firstRetry = std::chrono::milliseconds(200);
    schedule.maxRetry = std::chrono::seconds(1);
    schedule.requestTimeout = std::chrono::seconds(5);
    return std::make_unique<SyncController>(
        [db, &clock]() -> Result<std::unique_ptr<SiteStore>> {
            auto own = db::SqliteSiteStore::open(db, clock);
            if (!own.ok())
                return own.error();
            return std::unique_ptr<SiteStore>(std::move(own).value());
        },
        db, clock, schedule);
}

Run vaxctl(const QString& db, const QStringList& args, const QStringList& wrapper = {})
{
    QStringList all = wrapper;
    all << QStringLiteral(VAXCTL_PATH) << QStringLiteral("--db") << db << args;
    const QString program = all.takeFirst();
    return run(program, all, environment());
}

} // namespace

class TestCredentialKeychain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qunsetenv("VAX_CREDENTIAL_STORE");
        // QtKeychain loads libsecret when it first needs it and, without it, finds no keychain.
        QLibrary libsecret(QStringLiteral("secret-1"), 0);
        QVERIFY2(libsecret.load(), qPrintable(QStringLiteral("libsecret is missing (%1): install libsecret-1-0 (scripts/setup.sh does).")
                                                 .arg(libsecret.errorString())));
        if (!child().isEmpty())
            return;
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") && QDBusConnection::sessionBus().isConnected(),
            "No session bus: run this test through tests/sync/keyring-session.sh (ctest does), which starts one and the keyring.");
        QVERIFY2(QDBusConnection::sessionBus().interface()->isServiceRegistered(QStringLiteral("org.freedesktop.secrets")),
            "No Secret Service on the session bus: tests/sync/keyring-session.sh starts gnome-keyring-daemon.");
    }

    // Kept in the keychain, no file beside the database (a file from an enrolment before is
    // removed, or load() would read it), and a fresh store on the same database reads it back.
    void keptInKeychain()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("site.vaxdb"));
        DeviceCredential before = newCredential(QStringLiteral("enrolment-1"));
        qputenv("VAX_CREDENTIAL_STORE", "file");
        {
            CredentialStore store(db);
            const auto kept = save(store, before);
            QCOMPARE(kept.ok() ? kept.value() : kept.error().message(), db + QStringLiteral(".credential"));
        }
        qunsetenv("VAX_CREDENTIAL_STORE");

        DeviceCredential c = newCredential(QStringLiteral("enrolment-2"));
        c.deviceId = before.deviceId;  // the same device enrolled again
        {
            CredentialStore store(db);
            const auto kept = save(store, c);
            QCOMPARE(kept.ok() ? kept.value() : kept.error().message(), QStringLiteral("keychain"));
        }
        QVERIFY2(!QFile::exists(db + QStringLiteral(".credential")), "the keychain keeps it: no file beside the database");
        const Held held = heldFor(c.deviceId);
        QCOMPARE(held.unlocked, 1);
        QCOMPARE(held.locked, 0);

        CredentialStore fresh(db);
        const auto loaded = load(fresh, c.deviceId);
        QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message()));
        QCOMPARE(describe(loaded.value()), describe(c));
        const auto forSync = load(fresh, c.deviceId, QStringLiteral("enrolment-2"));
        QVERIFY2(forSync.ok(), qPrintable(forSync.ok() ? QString() : forSync.error().message()));
        QCOMPARE(describe(forSync.value()), describe(c));
    }

    // A copy of the database enrolled again since shares this computer's keychain: the
    // credential there names the other enrolment, and this copy may not sync with it.
    void otherCopyRefused()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("copy.vaxdb"));
        const DeviceCredential c = newCredential(QStringLiteral("enrolment-of-the-other-copy"));
        CredentialStore store(db);
        const auto kept = save(store, c);
        QCOMPARE(kept.ok() ? kept.value() : kept.error().message(), QStringLiteral("keychain"));

        const auto refused = load(store, c.deviceId, QStringLiteral("enrolment-of-this-copy"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code(), ErrorCode::Conflict);
        const QString message = refused.error().message();
        QVERIFY2(message.contains(QStringLiteral("(the keychain)")) && message.contains(QStringLiteral("Use the copy that was enrolled again")),
            qPrintable(message));
        QVERIFY2(load(store, c.deviceId, c.enrolmentId).ok(), "the copy enrolled again syncs with it");
    }

    // The keychain holds another device's credential under this device's key: refused.
    void otherDeviceRefused()
    {
        const DeviceCredential mine = newCredential();
        const DeviceCredential other = newCredential();
        auto* write = new QKeychain::WritePasswordJob(CredentialStore::keychainService());
        write->setKey(mine.deviceId);
        write->setBinaryData(other.toJson());
        const auto written = await<bool>([&](auto done) {
            connect(write, &QKeychain::Job::finished, this, [done](QKeychain::Job* j) {
                done(j->error() == QKeychain::NoError ? Result<bool>(true) : Result<bool>(Error(ErrorCode::Io, j->errorString())));
            });
            write->start();
        });
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message()));

        QTemporaryDir dir;
        CredentialStore store(dir.filePath(QStringLiteral("site.vaxdb")));
        const auto refused = load(store, mine.deviceId);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code(), ErrorCode::Forbidden);
        QVERIFY2(refused.error().message().contains(QStringLiteral("another device's credential: enrol this device again")),
            qPrintable(refused.error().message()));
    }

    // No session bus (a kiosk, ssh, a service): the credential goes to a file only its owner
    // can read and write, and comes back from it. Without the file either, the answer says the
    // keychain could not be read, not that the device has no credential.
    void noBusFallsBackToFile()
    {
        if (child().isEmpty()) {
            QProcessEnvironment env = environment();
            for (const char* name : {"DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"})
                env.remove(QString::fromLatin1(name));
            const Run r = runChild(QStringLiteral("noBusFallsBackToFile"), QStringLiteral("nobus"), env);
            QVERIFY2(r.exit == 0, qPrintable(r.text()));
            QVERIFY2(r.out.contains(QStringLiteral("PASS   : TestCredentialKeychain::noBusFallsBackToFile")), qPrintable(r.text()));
            return;
        }
        QVERIFY2(qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "the child runs with no session bus");
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("kiosk.vaxdb"));
        const DeviceCredential c = newCredential();
        CredentialStore store(db);
        const auto kept = save(store, c);
        QCOMPARE(kept.ok() ? kept.value() : kept.error().message(), store.filePath());
        QCOMPARE(QString::number(modeOf(store.filePath()), 8), QStringLiteral("600"));
        CredentialStore fresh(db);
        const auto loaded = load(fresh, c.deviceId);
        QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message()));
        QCOMPARE(describe(loaded.value()), describe(c));

        QVERIFY(QFile::remove(store.filePath()));
        const auto gone = load(fresh, c.deviceId);
        QVERIFY(!gone.ok());
        QCOMPARE(gone.error().code(), ErrorCode::Io);
        QVERIFY2(gone.error().message().startsWith(QStringLiteral("The keychain could not be read (")) &&
                     gone.error().message().contains(store.filePath()),
            qPrintable(gone.error().message()));
    }

    // After a login that did not unlock the keyring (an automatic login), QtKeychain answers
    // "not found" for the credential it holds: the store says the keychain is locked, and does
    // not send the nurse to have the device enrolled again. A device the keychain has nothing
    // for is still told it has no credential; a new credential goes to the 0600 file.
    void lockedKeychainIsNotMissing()
    {
        if (child().isEmpty()) {
            QTemporaryDir dir;
            const QString db = dir.filePath(QStringLiteral("site.vaxdb"));
            DeviceCredential c;
            QString why;
            const QProcessEnvironment env = keptForChild(db, &c, &why);
            QVERIFY2(why.isEmpty(), qPrintable(why));
            CredentialStore store(db);
            const Run r = runChild(QStringLiteral("lockedKeychainIsNotMissing"), QStringLiteral("locked"), env,
                {QStringLiteral(KEYRING_SESSION), QStringLiteral("--locked")});
            QVERIFY2(r.exit == 0, qPrintable(r.text()));
            QVERIFY2(r.out.contains(QStringLiteral("PASS   : TestCredentialKeychain::lockedKeychainIsNotMissing")), qPrintable(r.text()));
            // Unlocked here, it is still there.
            const auto loaded = load(store, c.deviceId);
            QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message()));
            return;
        }
        const QString db = qEnvironmentVariable("VAX_KEYCHAIN_DB");
        const QString deviceId = qEnvironmentVariable("VAX_KEYCHAIN_DEVICE");
        const Held held = heldFor(deviceId);
        QCOMPARE(held.unlocked, 0);
        QCOMPARE(held.locked, 1);
        CredentialStore store(db);
        const auto locked = load(store, deviceId);
        QVERIFY(!locked.ok());
        QCOMPARE(locked.error().code(), ErrorCode::Io);
        QVERIFY2(locked.error().message().contains(QStringLiteral("keychain that keeps this device's credential is locked")) &&
                     !locked.error().message().contains(QStringLiteral("revoke")),
            qPrintable(locked.error().message()));

        QTemporaryDir dir;
        CredentialStore other(dir.filePath(QStringLiteral("other.vaxdb")));
        const DeviceCredential c = newCredential();
        const auto missing = load(other, c.deviceId);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code(), ErrorCode::Forbidden);
        QVERIFY2(missing.error().message().startsWith(QStringLiteral("This device has no credential")), qPrintable(missing.error().message()));

        const auto kept = save(other, c);
        QCOMPARE(kept.ok() ? kept.value() : kept.error().message(), other.filePath());
        QCOMPARE(QString::number(modeOf(other.filePath()), 8), QStringLiteral("600"));
        const auto loaded = load(other, c.deviceId);
        QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message()));
        QCOMPARE(describe(loaded.value()), describe(c));
    }

    // A locked keyring on a desktop shows an unlock prompt and QtKeychain waits for it without
    // end: on a laptop left syncing nobody answers, and the sync worker waited forever for its
    // credential. Here the prompt is up on an Xvfb display nobody looks at: the store gives up
    // at its timeout, says the keychain is locked, and a new credential goes to the file.
    void unlockPromptNobodyAnswers()
    {
        if (child().isEmpty()) {
            const QString xvfbRun = QStandardPaths::findExecutable(QStringLiteral("xvfb-run"));
            QVERIFY2(!xvfbRun.isEmpty(), "xvfb-run is missing: install xvfb and xauth (scripts/setup.sh does).");
            QTemporaryDir dir;
            const QString db = dir.filePath(QStringLiteral("site.vaxdb"));
            DeviceCredential c;
            QString why;
            const QProcessEnvironment env = keptForChild(db, &c, &why);
            QVERIFY2(why.isEmpty(), qPrintable(why));
            const Run r = runChild(QStringLiteral("unlockPromptNobodyAnswers"), QStringLiteral("prompt"), env,
                {xvfbRun, QStringLiteral("-a"), QStringLiteral("sh"), QStringLiteral("-c"),
                    QStringLiteral("VAX_KEYRING_PROMPT_DISPLAY=$DISPLAY exec \"$0\" \"$@\""), QStringLiteral(KEYRING_SESSION),
                    QStringLiteral("--locked")});
            QVERIFY2(r.exit == 0, qPrintable(r.text()));
            QVERIFY2(r.out.contains(QStringLiteral("PASS   : TestCredentialKeychain::unlockPromptNobodyAnswers")), qPrintable(r.text()));
            return;
        }
        QVERIFY2(!qEnvironmentVariableIsEmpty("DISPLAY"), "the child runs with a display for the prompt");
        CredentialStore store(qEnvironmentVariable("VAX_KEYCHAIN_DB"));
        store.setKeychainTimeout(std::chrono::seconds(3));
        QElapsedTimer waited;
        waited.start();
        const auto locked = load(store, qEnvironmentVariable("VAX_KEYCHAIN_DEVICE"));
        QVERIFY(!locked.ok());
        QCOMPARE(locked.error().code(), ErrorCode::Io);
        QVERIFY2(locked.error().message().contains(QStringLiteral("keychain that keeps this device's credential is locked")),
            qPrintable(locked.error().message()));
        // The timeout (a coarse timer may fire 5 % early), not a D-Bus call's (25 s), nor the test's two minutes.
        QVERIFY2(waited.elapsed() >= 2500 && waited.elapsed() < 20000, qPrintable(QString::number(waited.elapsed())));

        QTemporaryDir dir;
        CredentialStore other(dir.filePath(QStringLiteral("other.vaxdb")));
        other.setKeychainTimeout(std::chrono::seconds(3));
        const DeviceCredential c = newCredential();
        const auto kept = save(other, c);
        QCOMPARE(kept.ok() ? kept.value() : kept.error().message(), other.filePath());
        QCOMPARE(QString::number(modeOf(other.filePath()), 8), QStringLiteral("600"));
    }

    // The real vaxctl enrols against the real vaxcentral, keeps the credential in the keychain
    // and syncs with it; in a session whose keyring is locked it stops and says so; unlocked
    // again, it syncs, and no file was ever written.
    void vaxctlEnrollsAndSyncsFromKeychain()
    {
        test::CentralRig central;
        qunsetenv("VAX_CREDENTIAL_STORE");  // CentralRig asks for files: not here
        QVERIFY2(central.start(), qPrintable(central.log()));
        QVERIFY(central.addSite(kSite, QStringLiteral("Trạm Y tế phường Phúc Xá")));
        QVERIFY(central.addUser(kSite, QStringLiteral("nurse"), QStringLiteral("nurse")));

        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("laptop.vaxdb"));
        const QString file = db + QStringLiteral(".credential");
        Run r = vaxctl(db, {QStringLiteral("init"), QStringLiteral("--site"), kSite, QStringLiteral("--name"), QStringLiteral("Phúc Xá"),
                               QStringLiteral("--province"), QStringLiteral("01"), QStringLiteral("--no-admin")});
        QVERIFY2(r.exit == 0, qPrintable(r.text()));
        r = vaxctl(db, {QStringLiteral("--json"), QStringLiteral("enroll"), QStringLiteral("--server"), central.url().toString(),
                           QStringLiteral("--code"), central.enrolCode(kSite), QStringLiteral("--name"), QStringLiteral("Keychain laptop")});
        QVERIFY2(r.exit == 0, qPrintable(r.text()));
        QCOMPARE(r.json().value(QStringLiteral("credential")).toString(), QStringLiteral("keychain"));
        QVERIFY2(!QFile::exists(file), "the keychain keeps it: no file beside the database");
        const QString deviceId = r.json().value(QStringLiteral("device_id")).toString();
        QCOMPARE(heldFor(deviceId).unlocked, 1);

        r = vaxctl(db, {QStringLiteral("--json"), QStringLiteral("sync")});
        QVERIFY2(r.exit == 0 && r.json().value(QStringLiteral("ok")).toBool(), qPrintable(r.text()));
        QVERIFY2(r.json().value(QStringLiteral("pulled")).toInt() > 0, qPrintable(r.text()));  // the site's nurse, at least
        // The nurse pulled from central registers someone here, and the push carries it, signed
        // in with the credential from the keychain.
        r = vaxctl(db, {QStringLiteral("--user"), QStringLiteral("nurse"), QStringLiteral("person"), QStringLiteral("add"),
                           QStringLiteral("--name"), QStringLiteral("Nguyễn Văn An"), QStringLiteral("--dob"), QStringLiteral("1990-03-12"),
                           QStringLiteral("--sex"), QStringLiteral("M"), QStringLiteral("--cccd"), QStringLiteral("001090012345")});
        QVERIFY2(r.exit == 0, qPrintable(r.text()));
        r = vaxctl(db, {QStringLiteral("--json"), QStringLiteral("sync")});
        QVERIFY2(r.exit == 0 && r.json().value(QStringLiteral("pushed")).toInt() >= 1, qPrintable(r.text()));
        QVERIFY(central.scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE device_id = ? AND entity = 'person'"), {deviceId}).toInt() == 1);

        r = vaxctl(db, {QStringLiteral("sync")}, {QStringLiteral(KEYRING_SESSION), QStringLiteral("--locked")});
        QVERIFY2(r.exit != 0 && r.err.contains(QStringLiteral("is locked: unlock it")) && !r.err.contains(QStringLiteral("revoke")),
            qPrintable(r.text()));

        r = vaxctl(db, {QStringLiteral("--json"), QStringLiteral("sync")});
        QVERIFY2(r.exit == 0 && r.json().value(QStringLiteral("ok")).toBool(), qPrintable(r.text()));
        QVERIFY(!QFile::exists(file));
    }

    // The app's background sync reads the credential from the keychain and syncs. With the
    // keychain locked it does not show the device as refused by central (which offers to enrol
    // it again): it says the keychain is locked and tries again later by itself.
    void backgroundSyncWaitsForLockedKeychain()
    {
        if (child().isEmpty()) {
            test::CentralRig central;
            qunsetenv("VAX_CREDENTIAL_STORE");  // CentralRig asks for files: not here
            QVERIFY2(central.start(), qPrintable(central.log()));
            QVERIFY(central.addSite(kSite, QStringLiteral("Trạm Y tế phường Phúc Xá")));
            QVERIFY(central.addUser(kSite, QStringLiteral("nurse"), QStringLiteral("nurse")));
            test::TestDevice laptop(QStringLiteral("laptop"), kSite);
            const auto enrolled = laptop.enrol(central.url(), central.enrolCode(kSite));
            QVERIFY2(enrolled.ok(), qPrintable(enrolled.ok() ? QString() : enrolled.error().message()));
            QCOMPARE(enrolled->credentialKeptIn, QStringLiteral("keychain"));
            // Each in a process of its own: QtKeychain's job queue belongs to the first thread
            // that used it (here the test's), and the app uses it from the sync thread only.
            QProcessEnvironment env = environment();
            env.insert(QStringLiteral("VAX_KEYCHAIN_DB"), laptop.path());
            Run r = runChild(QStringLiteral("backgroundSyncWaitsForLockedKeychain"), QStringLiteral("worker"), env);
            QVERIFY2(r.exit == 0, qPrintable(r.text()));
            QVERIFY2(r.out.contains(QStringLiteral("PASS   : TestCredentialKeychain::backgroundSyncWaitsForLockedKeychain")),
                qPrintable(r.text()));
            r = runChild(QStringLiteral("backgroundSyncWaitsForLockedKeychain"), QStringLiteral("locked"), env,
                {QStringLiteral(KEYRING_SESSION), QStringLiteral("--locked")});
            QVERIFY2(r.exit == 0, qPrintable(r.text()));
            QVERIFY2(r.out.contains(QStringLiteral("PASS   : TestCredentialKeychain::backgroundSyncWaitsForLockedKeychain")),
                qPrintable(r.text()));
            return;
        }
        SystemClock clock;
        auto sync = backgroundSync(qEnvironmentVariable("VAX_KEYCHAIN_DB"), clock);
        if (child() == QLatin1String("worker")) {
            QTRY_VERIFY2_WITH_TIMEOUT(sync->status().link == SyncStatus::Link::Online && !sync->status().lastSyncAt.isEmpty(),
                qPrintable(sync->status().message), 30000);
            return;
        }
        QTRY_VERIFY_WITH_TIMEOUT(sync->status().message.contains(QStringLiteral("keychain that keeps this device's credential is locked")), 30000);
        QVERIFY(sync->status().link != SyncStatus::Link::Refused);
        QVERIFY2(sync->status().nextAttempt.isValid(), "it tries again by itself");
        // And again: still locked, still not refused.
        const QDateTime first = sync->status().nextAttempt;
        QTRY_VERIFY_WITH_TIMEOUT(sync->status().nextAttempt > first, 30000);
        QVERIFY(sync->status().link != SyncStatus::Link::Refused);
        QVERIFY(sync->status().message.contains(QStringLiteral("is locked")));
    }

    // A keychain that has stopped answering (its daemon hangs): the store answers at its
    // timeout, not after libsecret's two D-Bus timeouts (50 s), and says the keychain could not
    // be read, so the sync worker waiting for the credential goes on and the nurse is not told
    // to enrol again. Once the daemon is back, the credential is read again.
    void hungKeychainAnswers()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("site.vaxdb"));
        const DeviceCredential c = newCredential();
        CredentialStore store(db);
        store.setKeychainTimeout(std::chrono::seconds(5));
        const auto kept = save(store, c);
        QCOMPARE(kept.ok() ? kept.value() : kept.error().message(), QStringLiteral("keychain"));

        const QDBusReply<uint> pid = QDBusConnection::sessionBus().interface()->servicePid(QStringLiteral("org.freedesktop.secrets"));
        QVERIFY2(pid.isValid() && pid.value() > 1, qPrintable(pid.error().message()));
        QCOMPARE(::kill(pid_t(pid.value()), SIGSTOP), 0);
        auto resume = qScopeGuard([&] { ::kill(pid_t(pid.value()), SIGCONT); });
        QElapsedTimer waited;
        waited.start();
        const auto hung = load(store, c.deviceId);
        resume.dismiss();
        ::kill(pid_t(pid.value()), SIGCONT);
        QVERIFY(!hung.ok());
        QCOMPARE(hung.error().code(), ErrorCode::Io);
        QVERIFY2(hung.error().message().startsWith(QStringLiteral("The keychain could not be read (no answer in 5 s:")),
            qPrintable(hung.error().message()));
        // The timeout and the locked-item probe's (5 s each), not libsecret's 50 s.
        QVERIFY2(waited.elapsed() >= 4500 && waited.elapsed() < 20000, qPrintable(QString::number(waited.elapsed())));

        const auto back = load(store, c.deviceId);
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message()));
    }
};

QTEST_GUILESS_MAIN(TestCredentialKeychain)
#include "tst_credentialkeychain.moc"

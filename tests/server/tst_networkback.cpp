// A laptop that lost the network syncs as soon as the network comes back, not at its next retry
// minutes later: the real background sync (SyncController, its own thread and connection)
// against the real vaxcentral, in a network namespace of the test's own. There the network is
// what the kernel says it is: only the loopback at first (no default route, so the system has
// no network), then a link, an address and a default route added with ip(8), as a Wi-Fi or a
// cable connecting does. Central listens on 127.0.0.1 in the same namespace.
//
// Needs root (a network namespace, links and routes; scripts/test.sh runs as root) and ip(8)
// (iproute2, in scripts/setup.sh); without them it fails and says so.
#include "app/people/AdminUnits.h"
#include "app/services/RegistrationService.h"
#include "app/store/UserRepository.h"
#include "db/SqliteSiteStore.h"
#include "sync/NetworkWatch.h"
#include "sync/SyncController.h"
#include "tests/support/Must.h"
#include "tests/support/PersonDrafts.h"
#include "tests/support/SyncRig.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <sched.h>

#include <cerrno>
#include <cstring>

using namespace vax;
using namespace vax::test;
using namespace std::chrono_literals;

namespace {

const QString kSite = QStringLiteral("HN-BD-PX01");
const QString kLink = QStringLiteral("vaxnet0");

// Why the test could not get a network namespace of its own (empty: it has one). Set in main()
// before any thread exists: a namespace belongs to the thread that enters it, and the threads
// and processes it starts afterwards (sync, vaxcentral, ip) are born in it.
QString g_namespaceError;

// Runs `ip ARGS…`; its output, or what failed.
Result<QString> ip(const QStringList& arguments)
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("ip"), {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin"),
                                                                                    QStringLiteral("/usr/bin"), QStringLiteral("/bin")});
    if (program.isEmpty())
        return Error(ErrorCode::NotFound, QStringLiteral("ip(8) is not installed: install iproute2 (scripts/setup.sh lists it)"));
    QProcess p;
    p.start(program, arguments);
    if (!p.waitForFinished(10000))
        return Error(ErrorCode::Io, QStringLiteral("ip %1 did not finish").arg(arguments.join(QLatin1Char(' '))));
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return Error(ErrorCode::Io, QStringLiteral("ip %1 failed: %2").arg(arguments.join(QLatin1Char(' ')),
                                        QString::fromLocal8Bit(p.readAllStandardError()).trimmed()));
    return QString::fromLocal8Bit(p.readAllStandardOutput());
}

// Minutes, so that neither the timer nor the backoff retries while the test watches: only the
// network coming back can make the laptop sync within seconds.
sync::SyncSchedule slowSchedule()
{
    sync::SyncSchedule s;
    s.poll = 100ms;  // local changes are seen at once …
    s.debounce = 15min;  // … but pushed only after a long quiet spell
    s.period = 15min;
    s.firstRetry = 10min;  // the first retry comes after 5 to 10 minutes
    s.maxRetry = 20min;
    s.requestTimeout = 5s;
    return s;
}

std::unique_ptr<sync::SyncController> backgroundSync(TestDevice& laptop)
{
    const QString path = laptop.path();
    return std::make_unique<sync::SyncController>(
        [path, &laptop]() -> Result<std::unique_ptr<SiteStore>> {
            auto own = db::SqliteSiteStore::open(path, laptop.clock());
            if (!own.ok())
                return own.error();
            return std::unique_ptr<SiteStore>(std::move(own).value());
        },
        path, laptop.clock(), slowSchedule());
}


} // namespace

class TestNetworkBack : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(g_namespaceError.isEmpty(),
            qPrintable(QStringLiteral("this test needs a network namespace of its own, which needs root (CAP_SYS_ADMIN): "
                                      "run it as root, as scripts/test.sh does (%1)")
                           .arg(g_namespaceError)));
        const auto up = ip({QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"), QStringLiteral("up")});
        QVERIFY2(up.ok(), qPrintable(why(up)));
        const auto routes = ip({QStringLiteral("route"), QStringLiteral("show"), QStringLiteral("default")});
        QVERIFY2(routes.ok() && routes->trimmed().isEmpty(), qPrintable(why(routes) + *routes));
    }

    // The network interface that connects: a dummy one where the kernel has the driver, else one
    // end of a veth pair (both ends here). Down, no address, no route.
    void init()
    {
        if (ip({QStringLiteral("link"), QStringLiteral("add"), kLink, QStringLiteral("type"), QStringLiteral("dummy")}).ok())
            return;
        const auto veth = ip({QStringLiteral("link"), QStringLiteral("add"), kLink, QStringLiteral("type"), QStringLiteral("veth"),
            QStringLiteral("peer"), QStringLiteral("name"), kLink + QStringLiteral("p")});
        QVERIFY2(veth.ok(), qPrintable(QStringLiteral("cannot make a network interface (neither dummy nor veth): ") + why(veth)));
    }

    void cleanup()
    {
        (void)ip({QStringLiteral("link"), QStringLiteral("del"), kLink});  // its routes go with it
    }

    void aLaptopSyncsAsSoonAsTheNetworkComesBack()
    {
        CentralRig central;
        QVERIFY2(central.start(), qPrintable(central.log()));
        QVERIFY(central.addSite(kSite, QStringLiteral("Trạm Y tế phường Phúc Xá")));
        QVERIFY(central.addUser(kSite, QStringLiteral("nurse"), QStringLiteral("nurse")));
        TestDevice laptop(QStringLiteral("laptop"), kSite);
        const auto enrolled = laptop.enrol(central.url(), central.enrolCode(kSite));
        QVERIFY2(enrolled.ok(), qPrintable(why(enrolled)));
        QVERIFY(laptop.sync().ok());
        const Session nurse{*laptop.store().users().byUsername(QStringLiteral("nurse"))};

        // The network goes (central with it, as far as the laptop can tell): the app's first
        // sync fails and the next try is minutes away.
        QVERIFY(central.process().terminate());
        const auto sync = backgroundSync(laptop);
        QTRY_VERIFY_WITH_TIMEOUT(sync->status().link == sync::SyncStatus::Link::Offline && !sync->status().running, 15000);
        QVERIFY2(sync->status().nextAttempt > QDateTime::currentDateTime().addSecs(4 * 60),
            qPrintable(sync->status().nextAttempt.toString(Qt::ISODate)));

        // The nurse works on; her work waits.
        const Person lan = must(RegistrationService(laptop.store(), laptop.clock(), AdminUnits::builtin())
                                    .registerPerson(nurse, draftFromCccd(QStringLiteral("Trần Thị Lan"), QStringLiteral("001190004321"))));
        QTRY_VERIFY(sync->status().waiting > 0);
        const auto atCentral = [&] {
            return central.scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE record_id = ?"), {lan.stamp.id}).toInt();
        };

        // Central is there again, and the laptop's interface comes up with an address and a route
        // to its own subnet: still no default route, no network, so no sync.
        QVERIFY2(central.process().restart(ServerProcess::Port::Keep), qPrintable(central.log()));
        for (const QStringList& step : {QStringList{QStringLiteral("link"), QStringLiteral("set"), kLink, QStringLiteral("up")},
                 QStringList{QStringLiteral("addr"), QStringLiteral("add"), QStringLiteral("10.77.0.10/24"), QStringLiteral("dev"), kLink}}) {
            const auto r = ip(step);
            QVERIFY2(r.ok(), qPrintable(why(r)));
        }
        QTest::qWait(2500);
        QCOMPARE(sync->status().link, sync::SyncStatus::Link::Offline);
        QCOMPARE(atCentral(), 0);

        // The default route: the network is back. The laptop syncs within seconds.
        QElapsedTimer back;
        back.start();
        const auto route = ip({QStringLiteral("route"), QStringLiteral("add"), QStringLiteral("default"), QStringLiteral("via"),
            QStringLiteral("10.77.0.1"), QStringLiteral("dev"), kLink});
        QVERIFY2(route.ok(), qPrintable(why(route)));
        QTRY_VERIFY_WITH_TIMEOUT(atCentral() == 1, 10000);
        qInfo("the work reached central %lld ms after the network came back", back.elapsed());
        QTRY_COMPARE(sync->status().link, sync::SyncStatus::Link::Online);
        QTRY_COMPARE(sync->status().waiting, 0);
    }

    // Routes change in bursts (IPv4 and IPv6 defaults, metrics replaced): one burst, one sync.
    // A route to a subnet alone is not the network.
    void aBurstOfDefaultRoutesIsOneReturn()
    {
        sync::NetworkWatch watch;
        QVERIFY2(watch.source().startsWith(QStringLiteral("routes")), qPrintable(watch.source()));
        QSignalSpy returned(&watch, &sync::NetworkWatch::returned);
        for (const QStringList& step : {QStringList{QStringLiteral("link"), QStringLiteral("set"), kLink, QStringLiteral("up")},
                 QStringList{QStringLiteral("addr"), QStringLiteral("add"), QStringLiteral("10.77.0.10/24"), QStringLiteral("dev"), kLink},
                 QStringList{QStringLiteral("route"), QStringLiteral("add"), QStringLiteral("10.78.0.0/16"), QStringLiteral("via"),
                     QStringLiteral("10.77.0.1")}}) {
            const auto r = ip(step);
            QVERIFY2(r.ok(), qPrintable(why(r)));
        }
        QVERIFY(!returned.wait(2000));

        for (const QStringList& step : {QStringList{QStringLiteral("route"), QStringLiteral("add"), QStringLiteral("default"),
                                            QStringLiteral("via"), QStringLiteral("10.77.0.1")},
                 QStringList{QStringLiteral("-6"), QStringLiteral("route"), QStringLiteral("add"), QStringLiteral("default"),
                     QStringLiteral("dev"), kLink},
                 QStringList{QStringLiteral("route"), QStringLiteral("replace"), QStringLiteral("default"), QStringLiteral("via"),
                     QStringLiteral("10.77.0.1"), QStringLiteral("metric"), QStringLiteral("50")}}) {
            const auto r = ip(step);
            QVERIFY2(r.ok(), qPrintable(why(r)));
            QTest::qWait(200);  // each change read on its own, as they come from a network manager
        }
        QTRY_COMPARE_WITH_TIMEOUT(returned.count(), 1, 3000);
        QTest::qWait(2000);
        QCOMPARE(returned.count(), 1);
    }
};

int main(int argc, char** argv)
{
    if (::unshare(CLONE_NEWNET) != 0)
        g_namespaceError = QStringLiteral("unshare(CLONE_NEWNET): ") + QString::fromLocal8Bit(std::strerror(errno));
    QCoreApplication app(argc, argv);
    TestNetworkBack test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_networkback.moc"

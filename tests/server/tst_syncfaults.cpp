// Sync under faults, against the real vaxcentral on SQLite and on PostgreSQL: the connection cut
// at seeded random bytes of pushes and pulls (in request and answer heads, in gzip bodies),
// central SIGKILLed in the middle of a batch, and the real vaxctl SIGKILLed while it applies a
// pull. After recovery nothing is lost and nothing is doubled. And an enrolment whose answer is
// cut must be possible to complete (it is not today: that check fails, see its comment).
//
// VAX_FAULT_SEED=N repeats a run (every run prints its seed); VAX_FAULT_ROUNDS sets how many
// cuts the push test makes (60 by default), VAX_FAULT_FEED how many people the feed that vaxctl
// pulls holds (20000).
#include "FaultTap.h"
#include "FaultWorkload.h"

#include "db/Connection.h"
#include "tests/server/SyncFixture.h"
#include "tests/support/Must.h"
#include "tests/support/PostgresCluster.h"
#include "tests/support/SchemaShape.h"
#include "tests/support/SyncRig.h"
#include "tests/support/TcpCutProxy.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <array>

using namespace vax;
using namespace vax::test;
using namespace std::chrono_literals;

namespace {

const QString kLocalHost = QStringLiteral("127.0.0.1");
// A cut link is given up on after this long without a byte (a reset kept-alive connection
// can otherwise hang); a clean run may take its time.
constexpr std::chrono::milliseconds kCutTimeout = 2s;
constexpr std::chrono::milliseconds kCleanTimeout = 60s;
// What a pulling device holds of its site's data, table by table (and entity by entity).
const QStringList kSiteTables{QStringLiteral("person"), QStringLiteral("lot"), QStringLiteral("stock_movement"), QStringLiteral("injection")};

quint32 baseSeed()
{
    static const quint32 seed = [] {
        bool ok = false;
        const quint32 fromEnv = qEnvironmentVariable("VAX_FAULT_SEED").toUInt(&ok);
        return ok ? fromEnv : QRandomGenerator::system()->generate();
    }();
    return seed;
}

int envInt(const char* name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

QString describe(const QMap<QString, qint64>& counts)
{
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts << QStringLiteral("%1=%2").arg(it.key()).arg(it.value());
    return parts.join(QLatin1Char(' '));
}

// Where to aim a cut in a message of a calibrated stream.
enum class Aim { FirstLine, Head, Body, Anywhere };

// A byte to cut at in message `index` of `layout`: in its first line (the request or status
// line), in the rest of its head, in its body, or anywhere from its first byte on.
qint64 aim(const HttpLayout& layout, int index, Aim where, QRandomGenerator& random)
{
    const HttpLayout::Message& m = layout.messages.at(index);
    const qint64 lineEnd = m.from + m.firstLine.size() + 2;
    switch (where) {
    case Aim::FirstLine: return m.from + random.bounded(lineEnd - m.from);
    case Aim::Head: return lineEnd + random.bounded(m.bodyFrom - lineEnd);
    case Aim::Body: return m.bodyFrom + random.bounded(std::max<qint64>(1, (m.end - m.bodyFrom) * 9 / 10));
    case Aim::Anywhere: break;
    }
    return m.from + random.bounded(layout.size() - m.from);
}

struct CutTally
{
    int cuts = 0;     // runs with a cut planned there
    int failed = 0;   // the run stopped (Io) and the next one recovered
    int finished = 0; // the run still finished (a resend, or the cut came after the last byte)
};

void report(const char* title, const QMap<QString, CutTally>& tally)
{
    qInfo().noquote() << title;
    for (auto it = tally.cbegin(); it != tally.cend(); ++it)
        qInfo().noquote() << QStringLiteral("  %1: %2 run(s), %3 failed, %4 finished anyway")
                                 .arg(it.key(), -26)
                                 .arg(it->cuts)
                                 .arg(it->failed)
                                 .arg(it->finished);
}

// The first cut the proxy makes after this is made: on which connection, at which byte.
class CutWatch
{
public:
    explicit CutWatch(TcpCutProxy& proxy)
        : m_firstConnection(proxy.connections())
    {
        QObject::connect(&proxy, &TcpCutProxy::cut, &m_context, [this](int connection, TcpCutProxy::Direction, qint64 offset) {
            if (!m_seen) {
                m_seen = true;
                m_connection = connection;
                m_offset = offset;
            }
        });
    }
    bool seen() const { return m_seen; }
    int connection() const { return m_connection - m_firstConnection; } // counted from this watch's start
    qint64 offset() const { return m_offset; }

private:
    QObject m_context;
    int m_firstConnection;
    bool m_seen = false;
    int m_connection = -1;
    qint64 m_offset = -1;
};

} // namespace

class TestSyncFaults : public SyncFixture
{
    Q_OBJECT

public:
    TestSyncFaults()
        : SyncFixture(false)
    {
    }

private:
    // A device of the site; `firstSync` pulls its users straight from central.
    std::unique_ptr<TestDevice> device(const QString& name, bool firstSync = true) { return SyncFixture::device(name, kSite, {}, firstSync); }

    quint32 seedFor(int test)
    {
        const quint32 seed = baseSeed() + quint32(test);
        qInfo().noquote() << QStringLiteral("seed %1 (VAX_FAULT_SEED=%2)").arg(seed).arg(baseSeed());
        return seed;
    }

    qint64 committedSeq() { return m_central->scalar(QStringLiteral("SELECT value FROM seq_counter WHERE name = 'change'")).toLongLong(); }

    static qint64 pullCursorOf(TestDevice& d)
    {
        return d.count(QStringLiteral("SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'pull_cursor'), 0)"));
    }

    // What central lets this device pull, up to a global seq, by entity (the device has
    // pushed nothing and attached nobody).
    QMap<QString, qint64> visibleUpTo(TestDevice& d, qint64 gseq)
    {
        return countsByEntity(m_central->rows(QStringLiteral("SELECT entity, count(*) FROM change_feed WHERE gseq <= ? AND device_id <> ? AND "
                                                             "(site_id = ? OR entity IN ('vaccine_product', 'lot')) GROUP BY entity"),
            {gseq, d.store().identity().deviceId, d.store().identity().siteId}));
    }

    // The device applied whole pages only: what central's feed holds up to the device's
    // cursor is a whole number of pages (or all of it), and the device holds exactly those
    // records. Returns the number of whole pages.
    qint64 verifyWholePages(TestDevice& d, int pageSize)
    {
        const qint64 cursor = pullCursorOf(d);
        const QMap<QString, qint64> visible = visibleUpTo(d, cursor);
        qint64 total = 0;
        for (const qint64 n : visible)
            total += n;
        const bool atEnd = cursor == committedSeq();
        if (total % pageSize != 0 && !atEnd) {
            QTest::qFail(qPrintable(QStringLiteral("pull cursor %1 is %2 changes in: not a whole number of %3-change pages")
                                        .arg(cursor)
                                        .arg(total)
                                        .arg(pageSize)),
                __FILE__, __LINE__);
            return -1;
        }
        for (const QString& table : kSiteTables) {
            const qint64 here = d.count(QStringLiteral("SELECT count(*) FROM %1").arg(table));
            if (here != visible.value(table)) {
                QTest::qFail(qPrintable(QStringLiteral("%1 holds %2 %3 rows; central's feed up to its cursor %4 has %5 (half a page applied, or "
                                                       "one applied twice)")
                                            .arg(d.name())
                                            .arg(here)
                                            .arg(table)
                                            .arg(cursor)
                                            .arg(visible.value(table))),
                    __FILE__, __LINE__);
                return -1;
            }
        }
        return atEnd && total % pageSize != 0 ? total / pageSize + 1 : total / pageSize;
    }

    // Central has this device's changes 1…K, each once, with no gap, and the device believes
    // no more than K arrived.
    void verifyCentralHasAPrefix(TestDevice& d)
    {
        const auto r = m_central->rows(QStringLiteral("SELECT count(*), count(DISTINCT device_seq), coalesce(max(device_seq), 0) FROM change_feed "
                                                      "WHERE device_id = ?"),
            {d.store().identity().deviceId});
        QCOMPARE(r.size(), 1);
        const qint64 count = r[0][0].toLongLong();
        QCOMPARE(r[0][1].toLongLong(), count);
        QCOMPARE(r[0][2].toLongLong(), count);
        QVERIFY2(d.store().sync().state().pushedThrough <= count,
            qPrintable(QStringLiteral("the device counts %1 changes as pushed; central has %2")
                           .arg(d.store().sync().state().pushedThrough)
                           .arg(count)));
        const IntegrityReport integrity = d.store().checkIntegrity();
        QVERIFY2(integrity.ok(), qPrintable(integrity.problems.join(QStringLiteral("; "))));
    }

    // Central holds every change of this device exactly once, and the device knows it.
    void verifyPushedExactlyOnce(TestDevice& d)
    {
        const QString id = d.store().identity().deviceId;
        const QMap<QString, qint64> central = countsByEntity(
            m_central->rows(QStringLiteral("SELECT entity, count(*) FROM change_feed WHERE device_id = ? GROUP BY entity"), {id}));
        QCOMPARE(describe(central), describe(deviceChangeCounts(d)));
        const qint64 lastSeq = d.count(QStringLiteral("SELECT coalesce(max(seq), 0) FROM change_log"));
        QCOMPARE(d.count(QStringLiteral("SELECT count(*) FROM change_log")), lastSeq);
        verifyCentralHasAPrefix(d);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE device_id = ?"), {id}).toLongLong(), lastSeq);
        // Every change id once, the same on both sides.
        QStringList here;
        QSqlQuery q(d.store().connection().database());
        QVERIFY(q.exec(QStringLiteral("SELECT id FROM change_log ORDER BY id")));
        while (q.next())
            here << q.value(0).toString();
        QStringList there;
        for (const QVariantList& row : m_central->rows(QStringLiteral("SELECT id FROM change_feed WHERE device_id = ? ORDER BY id"), {id}))
            there << row.value(0).toString();
        QCOMPARE(there.size(), here.size());
        QVERIFY(there == here);
        // Each dose once: one insert in the feed, and no duplicate-dose review.
        const qint64 doses = d.count(QStringLiteral("SELECT count(*) FROM injection"));
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT count(DISTINCT record_id) FROM change_feed WHERE entity = 'injection' AND op = 'insert' "
                                                  "AND site_id = ?"),
                              {d.store().identity().siteId})
                     .toLongLong(),
            doses);
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE entity = 'injection' AND site_id = ?"),
                              {d.store().identity().siteId})
                     .toLongLong(),
            doses);
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT count(*) FROM review_item WHERE kind = 'duplicate_dose'")).toLongLong(), 0);
        QCOMPARE(d.store().sync().state().pushedThrough, lastSeq);
        QCOMPARE(d.pending(), 0);
        QVERIFY(d.store().sync().rejections().isEmpty());
    }

    // The device holds exactly what the origin holds, and is where central is.
    void verifyPulledExactly(TestDevice& d, TestDevice& origin)
    {
        QCOMPARE(pullCursorOf(d), committedSeq());
        for (const QString& table : kSiteTables) {
            const QString diff = firstDifference(tableRows(origin, table), tableRows(d, table));
            QVERIFY2(diff.isEmpty(), qPrintable(table + QStringLiteral(": ") + diff));
        }
        const IntegrityReport integrity = d.store().checkIntegrity();
        QVERIFY2(integrity.ok(), qPrintable(integrity.problems.join(QStringLiteral("; "))));
        // A first pull, however often cut or killed, leaves the indexes and name search whole.
        QCOMPARE(schemaShape(d.store().connection()), freshSchemaShape());
        QCOMPARE(searchIndexProblem(d.store().connection()), QString());
    }

    // A fingerprint of everything a push writes on central.
    QString centralState()
    {
        QStringList parts;
        for (const char* sql : {"SELECT value FROM seq_counter WHERE name = 'change'", "SELECT count(*) FROM change_feed",
                 "SELECT count(*) FROM record_state", "SELECT count(*) FROM person_index", "SELECT count(*) FROM void_index",
                 "SELECT count(*) FROM review_item", "SELECT coalesce(sum(last_seq), 0) FROM device"})
            parts << m_central->scalar(QLatin1String(sql)).toString();
        return parts.join(QLatin1Char('/'));
    }

    // Whether a write transaction is open on central's database now: SQLite's write lock is
    // held, or a PostgreSQL session has a transaction id.
    bool centralWriting()
    {
        QFETCH_GLOBAL(bool, postgres);
        if (postgres) {
            return m_central->scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                                                    "pid <> pg_backend_pid() AND backend_xid IS NOT NULL"))
                       .toInt()
                > 0;
        }
        const QString name = QStringLiteral("faults-lock-probe");
        if (!QSqlDatabase::contains(name)) {
            QSqlDatabase probe = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            probe.setDatabaseName(m_central->storageArguments().value(1));
            probe.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=0"));
        }
        QSqlDatabase probe = QSqlDatabase::database(name);
        QSqlQuery q(probe);
        if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return true; // locked by central's writer
        q.exec(QStringLiteral("ROLLBACK"));
        return false;
    }

    void dropProbe()
    {
        const QString name = QStringLiteral("faults-lock-probe");
        if (QSqlDatabase::contains(name)) {
            QSqlDatabase::database(name).close();
            QSqlDatabase::removeDatabase(name);
        }
    }

    // The milliseconds central's log gives for the last push it answered.
    double lastPushMs()
    {
        static const QRegularExpression line(QStringLiteral("post /api/v1/push 200 \\d+B ([\\d.]+)ms"), QRegularExpression::CaseInsensitiveOption);
        double ms = -1;
        for (auto it = line.globalMatch(m_central->process().stdErr()); it.hasNext();)
            ms = it.next().captured(1).toDouble();
        return ms;
    }

    struct Vaxctl
    {
        int exitCode = -1;
        bool crashed = false;
        QByteArray out;
        QString describe() const
        {
            return QStringLiteral("exit %1%2: %3").arg(exitCode).arg(crashed ? QStringLiteral(" (crashed)") : QString(), QString::fromUtf8(out));
        }
    };

    static QProcessEnvironment vaxctlEnvironment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("VAX_CREDENTIAL_STORE"), QStringLiteral("file"));
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("vax.*.info=false"));
        return env;
    }

    static Vaxctl vaxctl(const QStringList& arguments)
    {
        QProcess p;
        p.setProcessEnvironment(vaxctlEnvironment());
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral(VAXCTL_PATH), arguments);
        Vaxctl r;
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished();
        }
        r.crashed = p.exitStatus() == QProcess::CrashExit;
        r.exitCode = p.exitCode();
        r.out = p.readAll();
        return r;
    }

private slots:

    void initTestCase() { qInfo().noquote() << QStringLiteral("VAX_FAULT_SEED=%1").arg(baseSeed()); }
    void cleanup()
    {
        dropProbe();
        m_central.reset();
    }

    void aPushCutAtAnyByteIsSentAgainAndCountedOnce();
    void aPullCutAtAnyByteKeepsWholePagesAndEndsEqual();
    void centralKilledInTheMiddleOfABatchKeepsNoneOfIt();
    void vaxctlKilledWhileApplyingAPullKeepsWholePages();
    void anEnrolmentWhoseAnswerIsLostCanBeCompleted();
};

// A device with a few hundred changes (people, shipments, doses) pushes through a proxy that
// cuts the connection at a random byte of the requests or of the answers; the run fails (or
// finishes, when Qt sent the request again), and the next run without faults must leave
// central with every change exactly once.
void TestSyncFaults::aPushCutAtAnyByteIsSentAgainAndCountedOnce()
{
    QRandomGenerator random(seedFor(1));
    auto a = device(QStringLiteral("a"));
    QVERIFY(a);
    FaultWorkload work(*a, random.generate());
    FaultTap tap(kLocalHost, m_central->process().port());
    QVERIFY(tap.listen());
    TcpCutProxy proxy(kLocalHost, tap.port());
    QVERIFY2(proxy.listen(), qPrintable(proxy.errorText()));
    // 38 changes a round: a gzip batch of 25 (its answer gzip too), one of 13, then a pull.
    const sync::SyncSession::Limits limits{25, 1000};
    constexpr int kPeople = 12;

    // One clean round through the proxy shows where every head and body lies.
    work.clinicRound(kPeople);
    tap.clear();
    const FaultSyncRun clean = syncThrough(*a, proxy.url(), limits, kCleanTimeout);
    QVERIFY2(clean.run.ok(), qPrintable(clean.run.error));
    QCOMPARE(tap.exchanges().size(), 1);
    const HttpLayout up = HttpLayout::parse(tap.exchanges()[0].up);
    const HttpLayout down = HttpLayout::parse(tap.exchanges()[0].down);
    QCOMPARE(up.messages.size(), 3);
    QCOMPARE(down.messages.size(), 3);
    QVERIFY(up.messages[0].gzip && up.messages[1].gzip && down.messages[0].gzip);
    verifyPushedExactlyOnce(*a);
    if (QTest::currentTestFailed())
        return;

    QMap<QString, CutTally> tally;
    const int rounds = envInt("VAX_FAULT_ROUNDS", 60);
    for (int round = 0; round < rounds; ++round) {
        work.clinicRound(kPeople);
        const bool upload = round % 2 == 0;
        const Aim where = std::array{Aim::Body, Aim::Head, Aim::Anywhere, Aim::FirstLine}[(round / 2) % 4];
        const qint64 offset = aim(upload ? up : down, where == Aim::Anywhere ? 1 : 0, where, random);
        proxy.planNext(upload ? FaultPlan::cutClientToServerAfter(offset) : FaultPlan::cutServerToClientAfter(offset));
        tap.clear();
        CutWatch watch(proxy);
        const FaultSyncRun faulty = syncThrough(*a, proxy.url(), limits, kCutTimeout);
        proxy.clearPlans();

        // Where it landed, by what central was sent and answered on that connection.
        QString place = QStringLiteral("no cut");
        if (watch.seen()) {
            const FaultTap::Exchange ex = tap.exchanges().value(watch.connection());
            place = HttpLayout::parse(upload ? ex.up : ex.down).place(watch.offset());
        }
        const QString landed = (upload ? QStringLiteral("request ") : QStringLiteral("answer ")) + place;
        CutTally& t = tally[(upload ? QStringLiteral("request ") : QStringLiteral("answer ")) + HttpLayout::kindOf(place)];
        ++t.cuts;
        ++(faulty.run.ok() ? t.finished : t.failed);
        const QString context = QStringLiteral("round %1, cut at byte %2 (%3): %4").arg(round).arg(offset).arg(landed, faulty.run.error);
        if (!faulty.run.ok())
            QVERIFY2(faulty.failure == ErrorCode::Io, qPrintable(QStringLiteral("a cut must read as 'offline, try again': ") + context));
        verifyCentralHasAPrefix(*a);
        if (QTest::currentTestFailed()) {
            qWarning().noquote() << context;
            return;
        }

        const FaultSyncRun recovery = syncThrough(*a, m_central->url(), limits, kCleanTimeout);
        QVERIFY2(recovery.run.ok(), qPrintable(recovery.run.error + QStringLiteral(" after ") + context));
        verifyPushedExactlyOnce(*a);
        if (QTest::currentTestFailed()) {
            qWarning().noquote() << context;
            return;
        }
    }
    report("push cuts by where they landed:", tally);
    qInfo().noquote() << QStringLiteral("  %1 changes pushed in all").arg(a->store().sync().state().pushedThrough);
    for (const char* kind : {"request first line", "request head", "request gzip body", "answer first line", "answer head", "answer gzip body"})
        QVERIFY2(tally.value(QLatin1String(kind)).cuts > 0, kind);
}

// A fresh device pulls a few thousand changes of another device through a proxy that cuts the
// answers at random bytes: between attempts it holds whole pages only, each once, its audit
// chain intact; in the end exactly what the origin holds.
void TestSyncFaults::aPullCutAtAnyByteKeepsWholePagesAndEndsEqual()
{
    QRandomGenerator random(seedFor(2));
    auto origin = device(QStringLiteral("origin"));
    QVERIFY(origin);
    FaultWorkload work(*origin, random.generate());
    work.registerMany(2000, 1000);
    work.doseSome(200);
    work.doseSome(200);
    const FaultSyncRun pushed = syncThrough(*origin, m_central->url(), {1000, 1000}, kCleanTimeout);
    QVERIFY2(pushed.run.ok(), qPrintable(pushed.run.error));
    QVERIFY(pushed.run.pushed > 2800);

    FaultTap tap(kLocalHost, m_central->process().port());
    QVERIFY(tap.listen());
    TcpCutProxy proxy(kLocalHost, tap.port());
    QVERIFY2(proxy.listen(), qPrintable(proxy.errorText()));
    constexpr int kPage = 250;
    const sync::SyncSession::Limits limits{500, kPage};

    // A clean pull shows every page's answer, byte for byte: the same for every fresh device.
    auto calibration = device(QStringLiteral("calibration"), false);
    QVERIFY(calibration);
    tap.clear();
    const FaultSyncRun clean = syncThrough(*calibration, proxy.url(), limits, kCleanTimeout);
    QVERIFY2(clean.run.ok(), qPrintable(clean.run.error));
    QCOMPARE(tap.exchanges().size(), 1);
    const HttpLayout pages = HttpLayout::parse(tap.exchanges()[0].down);
    const int pageCount = int(pages.messages.size());
    QVERIFY2(pageCount >= 10, qPrintable(QString::number(pageCount)));
    QVERIFY(pages.messages[0].gzip);
    verifyPulledExactly(*calibration, *origin);
    if (QTest::currentTestFailed())
        return;

    QMap<QString, CutTally> tally;
    int attempt = 0;
    const std::array kinds{"first line", "head", "gzip body"};
    auto everyKindCut = [&tally, &kinds] {
        return std::all_of(kinds.begin(), kinds.end(), [&tally](const char* kind) { return tally.value(QLatin1String(kind)).cuts > 0; });
    };
    // Five fresh devices, and more (up to twelve) until a cut has landed in each part of an
    // answer: an aim is made on the calibration's one connection, and a cut run's pages may be
    // spread over two, so where a cut lands depends on the seed.
    for (int n = 0; n < 12 && (n < 5 || !everyKindCut()); ++n) {
        auto d = device(QStringLiteral("puller%1").arg(n), false);
        QVERIFY(d);
        for (int tries = 0; tries < 8; ++tries) {
            const qint64 applied = verifyWholePages(*d, kPage);
            if (QTest::currentTestFailed())
                return;
            if (applied >= pageCount)
                break;
            // Aim at a page still to come: its gzip body, anywhere from it on, its head or its
            // status line (Qt sends a GET cut there again: the run then goes to the end).
            const int target = int(applied + random.bounded(qint64(pageCount) - applied));
            const qint64 base = pages.messages[int(applied)].from;
            const Aim where = std::array{Aim::Body, Aim::Anywhere, Aim::Head, Aim::FirstLine}[attempt++ % 4];
            const qint64 offset = aim(pages, target, where, random) - base;
            proxy.planNext(FaultPlan::cutServerToClientAfter(offset));
            tap.clear();
            CutWatch watch(proxy);
            const FaultSyncRun run = syncThrough(*d, proxy.url(), limits, kCutTimeout);
            proxy.clearPlans();
            QString place = QStringLiteral("no cut");
            if (watch.seen())
                place = HttpLayout::parse(tap.exchanges().value(watch.connection()).down).place(watch.offset());
            CutTally& t = tally[HttpLayout::kindOf(place)];
            ++t.cuts;
            ++(run.run.ok() ? t.finished : t.failed);
            const QString context = QStringLiteral("%1 attempt %2 from page %3, cut at byte %4 (answer %5): %6")
                                        .arg(d->name())
                                        .arg(tries)
                                        .arg(applied)
                                        .arg(offset)
                                        .arg(place, run.run.error);
            if (!run.run.ok())
                QVERIFY2(run.failure == ErrorCode::Io, qPrintable(QStringLiteral("a cut must read as 'offline, try again': ") + context));
            const IntegrityReport integrity = d->store().checkIntegrity();
            QVERIFY2(integrity.ok(), qPrintable(integrity.problems.join(QStringLiteral("; ")) + QStringLiteral(" after ") + context));
            const qint64 now = verifyWholePages(*d, kPage);
            if (QTest::currentTestFailed()) {
                qWarning().noquote() << context;
                return;
            }
            // A cut inside answer #k (after its status line) keeps exactly the pages before it.
            const QString kind = HttpLayout::kindOf(place);
            if (!run.run.ok() && (kind == QLatin1String("head") || kind.endsWith(QLatin1String("body")))) {
                const qint64 k = place.mid(place.indexOf(QLatin1Char('#')) + 1).toLongLong();
                QVERIFY2(now == applied + k - 1, qPrintable(QStringLiteral("%1 whole pages, %2 expected: ").arg(now).arg(applied + k - 1) + context));
            }
            QVERIFY2(now >= applied, qPrintable(context));
            if (run.run.ok())
                break;
        }
        const FaultSyncRun rest = syncThrough(*d, m_central->url(), limits, kCleanTimeout);
        QVERIFY2(rest.run.ok(), qPrintable(rest.run.error));
        verifyPulledExactly(*d, *origin);
        if (QTest::currentTestFailed())
            return;
    }
    report("pull cuts by where they landed in the answers:", tally);
    qInfo().noquote() << QStringLiteral("  %1 pages of %2 changes, %3 changes on central").arg(pageCount).arg(kPage).arg(committedSeq());
    for (const char* kind : kinds)
        QVERIFY2(tally.value(QLatin1String(kind)).cuts > 0, kind);
}

// Central is SIGKILLed while it ingests one large batch, three times at random moments; each
// time its database holds none of the batch; after a restart on the same port the device's
// next run puts every change there exactly once.
void TestSyncFaults::centralKilledInTheMiddleOfABatchKeepsNoneOfIt()
{
    QFETCH_GLOBAL(bool, postgres);
    QRandomGenerator random(seedFor(3));
    // How long central takes over a batch here: a smaller one, timed by its own log.
    auto calibration = device(QStringLiteral("calibration"));
    QVERIFY(calibration);
    FaultWorkload(*calibration, random.generate()).registerMany(1000);
    QVERIFY(syncThrough(*calibration, m_central->url(), {5000, 1000}, kCleanTimeout).run.ok());
    const double msPerChange = lastPushMs() / 1000.0;
    QVERIFY2(msPerChange > 0, qPrintable(m_central->process().stdErr().right(600)));

    auto a = device(QStringLiteral("a"));
    QVERIFY(a);
    constexpr int kBatch = 4000;
    FaultWorkload(*a, random.generate()).registerMany(kBatch);
    QCOMPARE(a->pending(), kBatch);
    TcpCutProxy proxy(kLocalHost, m_central->process().port());
    QVERIFY2(proxy.listen(), qPrintable(proxy.errorText()));
    const sync::SyncSession::Limits oneBatch{kBatch, 1000};
    const QString before = centralState();
    // Kill within the first quarter of the time the batch should take.
    const int window = std::max(1, int(msPerChange * kBatch / 4));
    // Polls central's database every 2 ms during a run: how long its write transaction stays
    // open, and, with killAfter set, SIGKILLs central that long after it was seen open twice
    // in a row (a credential check writes briefly too).
    struct Watch
    {
        int killAfter = -1;
        int seenOpen = 0;
        bool killed = false;
        QElapsedTimer open;
        qint64 heldMs = 0;
    };
    auto runWatched = [&](Watch& w) {
        QTimer probe;
        connect(&probe, &QTimer::timeout, &probe, [&] {
            if (w.killed)
                return;
            if (!centralWriting()) {
                w.seenOpen = 0;
                return;
            }
            if (++w.seenOpen == 2)
                w.open.start();
            if (w.seenOpen >= 2) {
                w.heldMs = w.open.elapsed();
                if (w.killAfter >= 0 && w.heldMs >= w.killAfter) {
                    m_central->process().kill();
                    w.killed = true;
                }
            }
        });
        probe.start(2);
        FaultSyncRun run = syncThrough(*a, proxy.url(), oneBatch, kCleanTimeout);
        probe.stop();
        return run;
    };

    QStringList killedAt;
    for (int kill = 0; kill < 3; ++kill) {
        Watch w;
        w.killAfter = random.bounded(window);
        proxy.resetCounters();
        const FaultSyncRun run = runWatched(w);
        const QString context = QStringLiteral("kill %1, %2 ms into the transaction (window %3 ms)").arg(kill).arg(w.killAfter).arg(window);
        QVERIFY2(w.killed,
            qPrintable(QStringLiteral("central's transaction was never seen open; ") + context + QStringLiteral(": ") + run.run.error));
        QVERIFY2(!run.run.ok(), qPrintable(QStringLiteral("the push finished although central was killed: ") + context));
        QCOMPARE(run.failure, std::optional<ErrorCode>(ErrorCode::Io));
        QVERIFY2(proxy.bytesServerToClient() == 0, qPrintable(QStringLiteral("central answered before it was killed: ") + context));
        // The half-done batch left nothing: one transaction.
        QCOMPARE(centralState(), before);
        QCOMPARE(m_central->scalar(QStringLiteral("SELECT count(*) FROM change_feed WHERE device_id = ?"), {a->store().identity().deviceId})
                     .toInt(),
            0);
        QCOMPARE(a->store().sync().state().pushedThrough, 0);
        QCOMPARE(a->pending(), kBatch);
        killedAt << QString::number(w.heldMs);
        QVERIFY2(m_central->process().restart(), qPrintable(m_central->log()));
    }

    Watch timing;
    const FaultSyncRun recovery = runWatched(timing);
    QVERIFY2(recovery.run.ok(), qPrintable(recovery.run.error));
    QCOMPARE(recovery.run.pushed, kBatch);
    qInfo().noquote() << QStringLiteral("  %1: central killed %2 ms into its transaction, nothing of the batch kept each time; "
                                        "then the batch of %3 took %4 ms, its transaction open about %5 ms")
                             .arg(postgres ? QStringLiteral("postgresql") : QStringLiteral("sqlite"), killedAt.join(QStringLiteral(", ")))
                             .arg(kBatch)
                             .arg(lastPushMs())
                             .arg(timing.heldMs);
    verifyPushedExactlyOnce(*a);
}

// The real vaxctl pulls a feed of tens of thousands of changes and is SIGKILLed at random
// moments; after each kill its database opens, passes `vaxctl check` and holds whole pages;
// a last run brings it to exactly what the origin holds.
void TestSyncFaults::vaxctlKilledWhileApplyingAPullKeepsWholePages()
{
    QRandomGenerator random(seedFor(4));
    auto origin = device(QStringLiteral("origin"));
    QVERIFY(origin);
    FaultWorkload work(*origin, random.generate());
    work.registerMany(envInt("VAX_FAULT_FEED", 20000), 5000);
    work.doseSome(500);
    const FaultSyncRun pushed = syncThrough(*origin, m_central->url(), {1000, 1000}, kCleanTimeout);
    QVERIFY2(pushed.run.ok(), qPrintable(pushed.run.error));
    qInfo().noquote() << QStringLiteral("  origin pushed %1 changes in %2 ms").arg(pushed.run.pushed).arg(pushed.elapsedMs);
    constexpr int kPage = sync::SyncSession::Limits{}.pullPage;

    auto victim = device(QStringLiteral("victim"), false);
    QVERIFY(victim);
    const QString db = victim->path();
    int kills = 0;
    QList<qint64> pagesAfterKill;
    for (int tries = 0; tries < 20 && kills < 6; ++tries) {
        QProcess child;
        child.setProcessEnvironment(vaxctlEnvironment());
        child.setProcessChannelMode(QProcess::MergedChannels);
        child.start(QStringLiteral(VAXCTL_PATH),
            {QStringLiteral("--db"), db, QStringLiteral("sync"), QStringLiteral("--timeout"), QStringLiteral("10")});
        QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));
        // A whole pull of the feed takes about a second here: each kill lands a few pages in.
        const int delay = random.bounded(100, 400);
        if (child.waitForFinished(delay)) {
            QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, child.readAll().constData());
            qInfo().noquote() << QStringLiteral("  vaxctl finished the pull before the kill at %1 ms").arg(delay);
            break;
        }
        child.kill();
        child.waitForFinished();
        ++kills;
        const Vaxctl check = vaxctl({QStringLiteral("--db"), db, QStringLiteral("check")});
        QVERIFY2(!check.crashed && check.exitCode == 0, qPrintable(QStringLiteral("after a kill at %1 ms: ").arg(delay) + check.describe()));
        const qint64 pages = verifyWholePages(*victim, kPage);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(pagesAfterKill.isEmpty() || pages >= pagesAfterKill.last());
        pagesAfterKill << pages;
        qInfo().noquote() << QStringLiteral("  killed vaxctl at %1 ms: %2 whole pages applied").arg(delay).arg(pages);
    }
    QVERIFY2(kills >= 3, qPrintable(QStringLiteral("only %1 kill(s) landed during the pull").arg(kills)));

    const Vaxctl last = vaxctl({QStringLiteral("--db"), db, QStringLiteral("sync")});
    QVERIFY2(!last.crashed && last.exitCode == 0, qPrintable(last.describe()));
    const Vaxctl check = vaxctl({QStringLiteral("--db"), db, QStringLiteral("check")});
    QVERIFY2(!check.crashed && check.exitCode == 0, qPrintable(check.describe()));
    const Vaxctl status = vaxctl({QStringLiteral("--db"), db, QStringLiteral("sync"), QStringLiteral("status"), QStringLiteral("--json")});
    QVERIFY2(!status.crashed && status.exitCode == 0, qPrintable(status.describe()));
    const QJsonObject o = QJsonDocument::fromJson(status.out).object();
    QCOMPARE(o.value(QStringLiteral("waiting")).toInteger(-1), 0);
    QCOMPARE(o.value(QStringLiteral("pull_cursor")).toInteger(), committedSeq());
    verifyWholePages(*victim, kPage);
    verifyPulledExactly(*victim, *origin);
}

// Central registers the device and the answer with its one-time secret is lost on the way (a
// cut in its body: Qt does not send the request again). The device still has its code and
// nothing else; asking again must enrol it, or one lost answer shuts this database out of sync
// for good. Fails today: see the message.
void TestSyncFaults::anEnrolmentWhoseAnswerIsLostCanBeCompleted()
{
    TestDevice d(QStringLiteral("unlucky"), kSite);
    const QString code = m_central->enrolCode(kSite);
    FaultTap tap(kLocalHost, m_central->process().port());
    QVERIFY(tap.listen());
    TcpCutProxy proxy(kLocalHost, tap.port());
    QVERIFY2(proxy.listen(), qPrintable(proxy.errorText()));
    CutWatch watch(proxy);
    proxy.planNext(FaultPlan::cutServerToClientAfter(300));
    auto lost = d.enrol(proxy.url(), code);
    QVERIFY(!lost.ok());
    QVERIFY(watch.seen());
    const QString place = HttpLayout::parse(tap.exchanges().value(watch.connection()).down).place(watch.offset());
    QVERIFY2(HttpLayout::kindOf(place).endsWith(QLatin1String("body")), qPrintable(place));
    QVERIFY(!d.store().sync().state().enrolled());
    QCOMPARE(m_central->scalar(QStringLiteral("SELECT count(*) FROM device WHERE id = ?"), {d.store().identity().deviceId}).toInt(), 1);

    auto again = d.enrol(m_central->url(), code);
    QString fresh;
    if (!again.ok()) {
        auto other = d.enrol(m_central->url(), m_central->enrolCode(kSite));
        fresh = other.ok() ? QStringLiteral("enrolled with a new code") : why(other);
    }
    QVERIFY2(again.ok(), qPrintable(QStringLiteral("the same code again: \"%1\"; a new code: \"%2\"").arg(why(again), fresh)));
    const SyncRun run = d.sync();
    QVERIFY2(run.ok(), qPrintable(run.error));
}

QTEST_GUILESS_MAIN(TestSyncFaults)
#include "tst_syncfaults.moc"

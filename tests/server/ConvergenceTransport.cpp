#include "ConvergenceWorld.h"

#include "db/Connection.h"
#include "sync/Bundle.h"
#include "sync/BundleTransfer.h"
#include "sync/ChangeBatch.h"
#include "sync/Messages.h"
#include "sync/Protocol.h"
#include "tests/server/HttpProbe.h"

#include <QFile>
#include <QTimer>

// The network side of the convergence run: syncs, central's restarts and crashes, the team's
// bundle files, requests sent again or out of order, and everyone coming back online.
namespace vax::test {

namespace {

QList<QPair<QByteArray, QByteArray>> headersOf(const sync::DeviceCredential& c)
{
    return {{"X-Vax-Protocol", QByteArray::number(sync::kProtocolVersion)}, {"Authorization", c.bearer()},
        {"X-Vax-Install", sync::installIdFor(c.deviceId).toLatin1()}};
}

} // namespace

bool ConvergenceWorld::sync(ConvergenceNode& n, bool crashServerMidway)
{
    const sync::ChangeBatch pending = sync::nextBatch(n.store(), n.store().sync().state().pushedThrough, 500);
    QTimer killer;
    killer.setSingleShot(true);
    bool crashed = false;
    if (crashServerMidway && m_serverUp) {
        // Drawn now, so that the random sequence does not depend on when the request was cut.
        const int downFor = 1 + below(6);
        QObject::connect(&killer, &QTimer::timeout, &killer, [this, &crashed, downFor] {
            m_central->process().kill();
            m_serverUp = false;
            m_downFor = downFor;
            crashed = true;
        });
        killer.start(below(25));
    }
    const bool wasUp = m_serverUp;
    QElapsedTimer timer;
    timer.start();
    const SyncRun run = n.device->sync();
    killer.stop();
    m_opMs[run.ok() ? QStringLiteral("(syncs that finished)") : QStringLiteral("(syncs cut short)")] += timer.elapsed();
    if (crashServerMidway)
        count(crashed ? QStringLiteral("central crashes mid-sync") : QStringLiteral("crashes planned mid-sync that came too late"));
    if (run.ok()) {
        count(QStringLiteral("syncs"));
        if (!pending.changes.isEmpty()) {
            n.sentBatches << pending.encode();
            if (n.sentBatches.size() > 16)
                n.sentBatches.removeFirst();
        }
    } else {
        count(QStringLiteral("syncs cut short"));
        const bool expected = (!wasUp || crashed) && n.device->lastFailure() == ErrorCode::Io;
        if (!expected) {
            // The same failure again (a pull that cannot apply until something else arrives) is
            // counted on its first report rather than listed again.
            const QString why = run.error.contains(QLatin1String("FOREIGN KEY")) && m_serverUp ? whyPullFails(n) : QString();
            const QString key = n.name + why;
            QStringList& list = m_incidents[QStringLiteral("sync")];
            if (!why.isEmpty() && m_repeatedFailure.contains(key)) {
                auto& [index, times] = m_repeatedFailure[key];
                ++times;
                list[index] = list[index].section(QLatin1Char('\n'), 0, 1)
                    + QStringLiteral("\n    (the same %1 times, the last at operation %2)").arg(times).arg(m_step);
            } else {
                incident(QStringLiteral("sync"), QStringLiteral("%1's sync failed (central %2): %3%4")
                                                     .arg(n.name, wasUp && !crashed ? QStringLiteral("up") : QStringLiteral("down"), run.error,
                                                         why.isEmpty() ? QString() : QStringLiteral("\n    ") + why));
                if (!why.isEmpty())
                    m_repeatedFailure.insert(key, {int(list.size() - 1), 1});
            }
        }
    }
    const QList<PushRejection> rejections = n.store().sync().rejections();
    for (qsizetype i = n.rejectionsSeen; i < rejections.size(); ++i) {
        const PushRejection& r = rejections[i];
        incident(QStringLiteral("rejection"),
            QStringLiteral("central refused %1's change #%2 (%3 %4): %5 %6").arg(n.name).arg(r.seq).arg(r.entity, r.recordId, r.code, r.reason));
    }
    n.rejectionsSeen = int(rejections.size());
    return run.ok();
}

bool ConvergenceWorld::restartServer(bool crash)
{
    if (crash) {
        m_central->process().kill();
        m_serverUp = false;
        m_downFor = 1 + below(12);
        count(QStringLiteral("central crashes"));
        return true;
    }
    m_serverUp = m_central->process().restart();
    if (!m_serverUp)
        incident(QStringLiteral("server"), QStringLiteral("vaxcentral does not start again:\n") + m_central->log().right(4000));
    count(QStringLiteral("central (re)starts"));
    return m_serverUp;
}

void ConvergenceWorld::exportBundle(bool everythingUnsent)
{
    ConvergenceNode& t = node(QStringLiteral("T"));
    const QString path = m_dir.filePath(QStringLiteral("team-%1.vaxbundle").arg(m_bundles.size() + 1, 3, 10, QLatin1Char('0')));
    auto exported = sync::BundleTransfer(t.store(), t.device->clock()).exportTo(path, t.credential, everythingUnsent);
    if (!exported.ok()) {
        if (exported.error().code() != ErrorCode::NotFound)
            incident(QStringLiteral("operation"), QStringLiteral("T: exporting a bundle failed: %1").arg(exported.error().message()));
        return;
    }
    m_bundles << BundleFile{path, exported->bundleId, exported->changes, everythingUnsent};
    for (const ChangeEntry& c : t.store().changesAfter(exported->fromSeq - 1, exported->changes)) {
        if (c.op == QLatin1String("insert") && !m_insertedInBundle.contains(c.recordId))
            m_insertedInBundle.insert(c.recordId, int(m_bundles.size() - 1));
    }
    count(everythingUnsent ? QStringLiteral("bundles of everything unsent") : QStringLiteral("bundles"));
}

void ConvergenceWorld::importBundle(ConvergenceNode& n, int index)
{
    int newest = -1;
    for (int i : n.imported)
        newest = std::max(newest, i);
    if (n.imported.contains(index))
        count(QStringLiteral("bundles imported again"));
    else if (index < newest)
        count(QStringLiteral("bundles imported after a newer one"));
    auto imported = sync::BundleTransfer(n.store(), n.device->clock()).importFrom(m_bundles[index].path);
    n.imported.insert(index);
    if (!imported.ok()) {
        // The file is kept to relay even so (its changes may need an older bundle first).
        count(QStringLiteral("bundle imports that could not apply here"));
        QFile file(m_bundles[index].path);
        QList<RemoteChange> changes;
        if (file.open(QIODevice::ReadOnly)) {
            if (auto b = sync::decodeBundle(file.readAll()); b.ok()) {
                for (const ChangeEntry& c : b->changes)
                    changes << RemoteChange{0, b->deviceId, c};
            }
        }
        m_incidents[QStringLiteral("bundle import")] << QStringLiteral("%1 importing team bundle %2 (of %3 so far): %4\n    %5")
                                                            .arg(n.name)
                                                            .arg(index + 1)
                                                            .arg(m_bundles.size())
                                                            .arg(imported.error().message(), danglingReference(n, changes));
        return;
    }
    count(QStringLiteral("bundle imports"));
}

void ConvergenceWorld::importSomeBundle()
{
    if (m_bundles.isEmpty())
        return;
    ConvergenceNode& n = node(chance(0.5) ? QStringLiteral("A1") : QStringLiteral("A2"));
    const int roll = below(100);
    int index = -1;
    if (roll < 60) {
        for (int i = 0; i < m_bundles.size() && index < 0; ++i) {
            if (!n.imported.contains(i))
                index = i;
        }
    } else if (roll < 75) {
        index = int(m_bundles.size() - 1);
    } else if (roll < 90 && !n.imported.isEmpty()) {
        const QList<int> done(n.imported.cbegin(), n.imported.cend());
        index = done[below(int(done.size()))];
    }
    if (index < 0)
        index = below(int(m_bundles.size()));
    importBundle(n, index);
}

ConvergenceWorld::FeedView ConvergenceWorld::feedOf(const QString& deviceId)
{
    FeedView v;
    v.total = m_central->scalar(QStringLiteral("SELECT count(*) FROM change_feed")).toLongLong();
    v.lastGseq = m_central->scalar(QStringLiteral("SELECT coalesce(max(gseq), 0) FROM change_feed")).toLongLong();
    for (const QVariantList& row : m_central->rows(QStringLiteral("SELECT id, gseq FROM change_feed WHERE device_id = ?"), {deviceId}))
        v.gseqOf.insert(row[0].toString(), row[1].toLongLong());
    return v;
}

void ConvergenceWorld::sendAgain(const QString& what, const QString& path, const QByteArray& body, ConvergenceNode& sender,
    const QString& originDeviceId, const QStringList& changeIds, int expectedStatus)
{
    if (!m_serverUp)
        return;
    const FeedView before = feedOf(originDeviceId);
    const HttpAnswer answer = httpRequest(m_central->url().resolved(QUrl(path)), "POST", body, headersOf(sender.credential));
    const FeedView after = feedOf(originDeviceId);
    count(what);
    if (answer.status != expectedStatus) {
        incident(QStringLiteral("duplicate"), QStringLiteral("%1 by %2: central answered %3 (%4), expected %5")
                                                  .arg(what, sender.name)
                                                  .arg(answer.status)
                                                  .arg(QString::fromUtf8(answer.body.left(300)))
                                                  .arg(expectedStatus));
    }
    qint64 missing = 0;
    for (const QString& id : changeIds) {
        if (!before.gseqOf.contains(id))
            ++missing;
        else if (after.gseqOf.value(id) != before.gseqOf.value(id))
            incident(QStringLiteral("duplicate"), QStringLiteral("%1 by %2: change %3 moved from global seq %4 to %5")
                                                      .arg(what, sender.name, id)
                                                      .arg(before.gseqOf.value(id))
                                                      .arg(after.gseqOf.value(id)));
    }
    // What the request added to the feed besides its own missing changes: central's own records
    // (review items it publishes about what it just merged) only if something was missing.
    const QSet<QString> sent(changeIds.cbegin(), changeIds.cend());
    QStringList others;
    int centrals = 0;
    for (const QVariantList& row : m_central->rows(
             QStringLiteral("SELECT gseq, id, device_id, device_seq, entity, record_id, op, via FROM change_feed WHERE gseq > ? ORDER BY gseq"),
             {before.lastGseq})) {
        if (sent.contains(row[1].toString()))
            continue;
        if (row[2].toString() == QLatin1String("central") && missing > 0) {
            ++centrals;
            continue;
        }
        others << QStringLiteral("#%1 %2 (device %3 seq %4, %5 of %6 %7, via %8)")
                      .arg(row[0].toString(), row[1].toString(), row[2].toString(), row[3].toString(), row[6].toString(), row[4].toString(),
                          row[5].toString(), row[7].toString());
    }
    const qint64 added = after.total - before.total - centrals;
    if (added > (answer.status == 200 ? missing : 0) || !others.isEmpty()) {
        incident(QStringLiteral("duplicate"), QStringLiteral("%1 by %2 added %3 changes to central's feed; only %4 of its %5 were missing; besides them: %6")
                                                  .arg(what, sender.name)
                                                  .arg(added)
                                                  .arg(missing)
                                                  .arg(changeIds.size())
                                                  .arg(others.join(QStringLiteral("; "))));
    }
    if (answer.status == 200) {
        auto result = sync::PushResult::decode(answer.body);
        for (const auto& [id, gseq] : result.ok() ? result->accepted : QList<std::pair<QString, qint64>>{}) {
            if (after.gseqOf.value(id) != gseq)
                incident(QStringLiteral("duplicate"), QStringLiteral("%1 by %2: central answered global seq %3 for change %4, its feed says %5")
                                                          .arg(what, sender.name)
                                                          .arg(gseq)
                                                          .arg(id)
                                                          .arg(after.gseqOf.value(id)));
        }
    }
}

QString ConvergenceWorld::danglingReference(ConvergenceNode& n, const QList<RemoteChange>& changes)
{
    const QString teamDevice = node(QStringLiteral("T")).store().identity().deviceId;
    QSet<QString> brought;
    for (const RemoteChange& c : changes)
        brought.insert(c.change.recordId);
    const std::pair<const char*, const char*> references[] = {{"person_id", "person"}, {"lot_id", "lot"}, {"movement_id", "stock_movement"},
        {"visit_id", "visit"}, {"screening_id", "screening"}, {"injection_id", "injection"}, {"reverses_id", "stock_movement"}};
    for (const RemoteChange& c : changes) {
        for (const auto& [field, table] : references) {
            const QString id = c.change.payload.value(QLatin1String(field)).toString();
            if (id.isEmpty() || brought.contains(id)
                || n.store().connection().scalar(QStringLiteral("SELECT count(*) FROM %1 WHERE id = ?").arg(QLatin1String(table)), {id}).toInt() > 0)
                continue;
            const QString where = m_insertedInBundle.contains(id) ? QStringLiteral("; it came in team bundle %1").arg(m_insertedInBundle[id] + 1) : QString();
            const QVariant gseq = m_central->scalar(QStringLiteral("SELECT gseq FROM change_feed WHERE record_id = ? AND op = 'insert'"), {id});
            return QStringLiteral("%1 %2 (%3, global seq %4) points by %5 to %6 %7, which %8 does not hold and which the same page or file "
                                  "does not bring%9; central has it at global seq %10")
                .arg(c.change.entity, c.change.recordId, c.deviceId == teamDevice ? QStringLiteral("the team's") : c.deviceId)
                .arg(c.globalSeq)
                .arg(QLatin1String(field), QLatin1String(table), id, n.name, where, gseq.isNull() ? QStringLiteral("(none)") : gseq.toString());
        }
    }
    return QStringLiteral("(no dangling reference found)");
}

QString ConvergenceWorld::whyPullFails(ConvergenceNode& n)
{
    const QUrl url = m_central->url().resolved(
        QUrl(QStringLiteral("/api/v1/pull?after=%1&limit=1000").arg(n.store().sync().state().pullCursor)));
    auto page = sync::PullPage::decode(httpRequest(url, "GET", {}, headersOf(n.credential)).body);
    return page.ok() ? danglingReference(n, page->changes) : page.error().message();
}

void ConvergenceWorld::replayPush()
{
    // A push answered but the answer lost: the device (or a proxy) sends it once more.
    ConvergenceNode& n = anyNode();
    if (n.sentBatches.isEmpty())
        return;
    const QByteArray body = n.sentBatches[below(int(n.sentBatches.size()))];
    auto batch = sync::ChangeBatch::decode(body);
    QStringList ids;
    for (const ChangeEntry& c : batch.value().changes)
        ids << c.id;
    sendAgain(QStringLiteral("pushes sent again"), QStringLiteral("/api/v1/push"), body, n, n.store().identity().deviceId, ids);
}

void ConvergenceWorld::pushOutOfOrder()
{
    // Two requests overtaking each other: the second half of the device's backlog arrives
    // before the first. The device itself never saw the answers and pushes as usual later.
    ConvergenceNode* n = onlineLaptop();
    if (!n || !m_serverUp)
        return;
    const sync::ChangeBatch all = sync::nextBatch(n->store(), n->store().sync().state().pushedThrough, 500);
    if (all.changes.size() < 2)
        return;
    sync::ChangeBatch first = all;
    sync::ChangeBatch second = all;
    const qsizetype half = all.changes.size() / 2;
    first.changes = all.changes.mid(0, half);
    second.changes = all.changes.mid(half);
    for (const sync::ChangeBatch* b : {&second, &first}) {
        const HttpAnswer answer =
            httpRequest(m_central->url().resolved(QUrl(QStringLiteral("/api/v1/push"))), "POST", b->encode(), headersOf(n->credential));
        if (answer.status != 200)
            incident(QStringLiteral("duplicate"), QStringLiteral("%1's out-of-order push: central answered %2 (%3)")
                                                      .arg(n->name)
                                                      .arg(answer.status)
                                                      .arg(QString::fromUtf8(answer.body.left(300))));
    }
    count(QStringLiteral("pushes out of order"));
}

void ConvergenceWorld::relayAgain()
{
    // A bundle carried to central again, long after: by a site laptop (taken once), or by a
    // laptop of another site (refused).
    if (m_bundles.isEmpty())
        return;
    QFile file(m_bundles[below(int(m_bundles.size()))].path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QByteArray bytes = file.readAll();
    auto bundle = sync::decodeBundle(bytes);
    QStringList ids;
    for (const ChangeEntry& c : bundle.value().changes)
        ids << c.id;
    const bool otherSite = chance(0.15);
    ConvergenceNode& carrier = node(otherSite ? QStringLiteral("B1") : (chance(0.5) ? QStringLiteral("A1") : QStringLiteral("A2")));
    sendAgain(otherSite ? QStringLiteral("bundles relayed by another site") : QStringLiteral("bundles relayed again"),
        QStringLiteral("/api/v1/relay"), bytes, carrier, bundle->deviceId, ids, otherSite ? 403 : 200);
}

QString ConvergenceWorld::reconcile()
{
    if (!m_serverUp && !restartServer(false))
        return QStringLiteral("central does not start");
    for (const auto& n : m_nodes)
        n->online = true;
    ConvergenceNode& a1 = node(QStringLiteral("A1"));
    ConvergenceNode& a2 = node(QStringLiteral("A2"));
    // Files nobody carried yet go with A1 now, oldest first; then the team's last work.
    for (int i = 0; i < m_bundles.size(); ++i) {
        if (!a1.imported.contains(i) && !a2.imported.contains(i))
            importBundle(a1, i);
    }
    const qsizetype before = m_bundles.size();
    exportBundle(false);
    if (m_bundles.size() > before)
        importBundle(a1, int(m_bundles.size() - 1));
    // Every laptop syncs in every round, also after another one failed: a laptop that cannot
    // pull must not keep the others from converging (and the checks then show what it misses).
    QStringList failing;
    for (int round = 1; round <= 8; ++round) {
        int moved = 0;
        failing.clear();
        for (const QString& name : {QStringLiteral("A1"), QStringLiteral("A2"), QStringLiteral("B1"), QStringLiteral("B2")}) {
            ConvergenceNode& n = node(name);
            const qint64 pending = n.device->pending();
            const qsizetype toRelay = n.store().sync().bundlesToRelay().size();
            if (!sync(n)) {
                failing << QStringLiteral("%1: %2").arg(name, n.store().sync().history(1).value(0).error);
                continue;
            }
            moved += int(pending + toRelay) + n.store().sync().history(1).value(0).pulled;
        }
        if (moved == 0 && failing.isEmpty()) {
            count(QStringLiteral("rounds to converge"), round);
            return {};
        }
    }
    return failing.isEmpty() ? QStringLiteral("syncs still move changes after 8 rounds")
                             : QStringLiteral("syncs still fail after 8 rounds: ") + failing.join(QStringLiteral("; "));
}

} // namespace vax::test

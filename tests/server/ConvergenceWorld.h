#pragma once

#include "app/clinical/ScreeningForm.h"
#include "app/demo/DemoPeople.h"
#include "app/services/Session.h"
#include "sync/DeviceCredential.h"
#include "tests/server/ConvergenceSnapshot.h"
#include "tests/support/SyncRig.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonValue>
#include <QMap>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>

#include <memory>
#include <optional>
#include <vector>

namespace vax::test {

class PostgresCluster;

// One device of the convergence run and what the test knows of it.
struct ConvergenceNode {
    QString name;  // A1, A2, T, B1, B2
    QString siteCode;
    QString teamCode;  // set for the mobile team's laptop
    std::unique_ptr<TestDevice> device;
    std::optional<Session> nurse;
    std::optional<Session> manager;
    sync::DeviceCredential credential;
    bool online = true;
    qint64 clockSkewMs = 0;  // clocks lie: each laptop's is a little off, within what central accepts
    QList<QByteArray> sentBatches;  // pushes it made, as sent, to send again later
    QSet<int> imported;             // bundles (by index) this device imported
    int rejectionsSeen = 0;

    bool isTeam() const { return !teamCode.isEmpty(); }
    db::SqliteSiteStore& store() { return device->store(); }
    QString holderId() const;
    QString siteId() const;
};

// What the test did, kept by the test itself: the ledger every side must agree with.
struct ConvergenceTruth {
    struct Dose {
        QString id, node, siteId, holderId, lotId, personId;
    };
    struct Receipt {
        QString node, holderId, lotId;
        int doses = 0;
    };
    struct Void {
        QString injectionId, node;
    };
    // A change of one field of a person: its value, the field's stamp on the device before
    // (what the editor had seen) and after.
    struct Edit {
        QString node, personId, field;
        QJsonValue value;
        QString base, stamp;
    };
    // Two devices of a site changed the same field of a person while neither had the other's
    // change (indices into edits).
    struct Conflict {
        int first = 0, second = 0;
    };
    QMap<QString, Dose> doses;
    QList<Receipt> receipts;
    QList<Void> voids;
    QList<Edit> edits;
    QList<Conflict> conflicts;

    // Receipts, minus doses given, plus one dose back per void made.
    QMap<HolderLot, qint64> expectedStock() const;
};

// Five devices around the real vaxcentral, driven by a seeded random sequence of what sites do
// (register, receive, inject, void, edit, observe, report reactions), of going offline and
// syncing, of a mobile team whose work travels only in bundle files, and of what networks and
// servers do (restarts, crashes mid-request, requests sent twice or out of order). The site's
// work is in ConvergenceWorld.cpp, the network's in ConvergenceTransport.cpp.
class ConvergenceWorld final
{
    Q_DISABLE_COPY_MOVE(ConvergenceWorld)

public:
    struct Options {
        quint32 seed = 1;
        int operations = 2000;
    };

    ConvergenceWorld(PostgresCluster* pg, const Options& options);
    ~ConvergenceWorld();

    // Central with sites A and B, A's mobile team, their users; five enrolled devices. Empty
    // when it worked, else why not.
    QString setUp();
    // The random phase; false if the world broke (central cannot start again).
    bool run();
    // Everyone back online: the team's last bundle carried by A1, then syncs until a round
    // moves nothing. Empty when it converged, else why not.
    QString reconcile();

    CentralRig& central() { return *m_central; }
    const std::vector<std::unique_ptr<ConvergenceNode>>& nodes() const { return m_nodes; }
    ConvergenceNode& node(const QString& name);
    QList<ConvergenceNode*> siteNodes(const QString& siteCode);
    const ConvergenceTruth& truth() const { return m_truth; }
    // What went wrong on the way, by kind: "operation", "sync", "rejection", "duplicate", "server".
    const QMap<QString, QStringList>& incidents() const { return m_incidents; }
    // Counts of what happened, for the log.
    QString summary() const;
    qint64 runMs() const { return m_runMs; }

    static const QString kSiteA;
    static const QString kTeam;
    static const QString kSiteB;

private:
    void step();
    ConvergenceNode& anyNode();
    ConvergenceNode* onlineLaptop();
    int below(int n) { return n <= 0 ? 0 : int(m_rng.bounded(quint32(n))); }
    bool chance(double p) { return m_rng.generateDouble() < p; }
    void incident(const QString& kind, const QString& what);
    void count(const QString& what, int n = 1) { m_counts[what] += n; }
    QString randomId(ConvergenceNode& n, const QString& sql, const QVariantList& binds = {});
    QString randomPhone();
    QString randomAddress();

    void registerPerson(ConvergenceNode& n);
    void receive(ConvergenceNode& n);
    void inject(ConvergenceNode& n);
    void voidDose(ConvergenceNode& n);
    void editOne(ConvergenceNode& n);
    std::optional<int> edit(ConvergenceNode& n, const QString& personId, const QString& field, const QString& raw);
    void conflictingEdits();
    void observe(ConvergenceNode& n);
    void reportReaction(ConvergenceNode& n);
    bool sync(ConvergenceNode& n, bool crashServerMidway = false);
    void exportBundle(bool everythingUnsent);
    void importBundle(ConvergenceNode& n, int index);
    void importSomeBundle();
    void replayPush();
    void pushOutOfOrder();
    void relayAgain();
    bool restartServer(bool crash);

    struct FeedView {
        qint64 total = 0;
        qint64 lastGseq = 0;
        QHash<QString, qint64> gseqOf;  // change id → global seq, of one device
    };
    FeedView feedOf(const QString& deviceId);
    // Why a page or a bundle cannot apply on a device: the first record of `changes` that points
    // to one neither the device nor `changes` holds, with where that one is.
    QString danglingReference(ConvergenceNode& n, const QList<RemoteChange>& changes);
    QString whyPullFails(ConvergenceNode& n);
    // Sends a request central has (partly) seen; checks that it added only what was missing.
    void sendAgain(const QString& what, const QString& path, const QByteArray& body, ConvergenceNode& sender,
        const QString& originDeviceId, const QStringList& changeIds, int expectedStatus = 200);

    struct BundleFile {
        QString path;
        QString bundleId;
        int changes = 0;
        bool everythingUnsent = false;
    };

    Options m_options;
    PostgresCluster* m_pg;
    QRandomGenerator m_rng;
    QTemporaryDir m_dir;
    std::unique_ptr<CentralRig> m_central;
    std::vector<std::unique_ptr<ConvergenceNode>> m_nodes;
    DemoPeople m_people;
    std::optional<ScreeningForm> m_form;
    ConvergenceTruth m_truth;
    QList<BundleFile> m_bundles;
    QHash<QString, int> m_insertedInBundle;  // record id → the first bundle that brought its insert
    QMap<QString, QStringList> m_incidents;
    QMap<QString, int> m_counts;
    QMap<QString, qint64> m_opMs;
    bool m_serverUp = false;
    int m_downFor = 0;  // operations until a crashed central is started again
    qint64 m_runMs = 0;
    int m_step = 0;
    QHash<QString, std::pair<int, int>> m_repeatedFailure;  // device and cause → (index in the "sync" incidents, times)
};

} // namespace vax::test

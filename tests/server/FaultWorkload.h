#pragma once

#include "app/demo/DemoPeople.h"
#include "app/services/Session.h"
#include "sync/SyncSession.h"
#include "tests/support/SyncRig.h"

#include <QMap>
#include <QStringList>

#include <chrono>
#include <optional>

namespace vax::test {

// What the fault tests write on a device, through the same services a nurse and a manager use:
// people (one by one or in bulk), shipments and doses. Deterministic for a seed.
class FaultWorkload
{
public:
    FaultWorkload(TestDevice& device, quint32 seed);

    // `count` people in transactions of `perTransaction`: one change each.
    void registerMany(int count, int perTransaction = 2000);
    // A shipment and `people` adults registered with a dose each: 2 + 3 × people changes.
    void clinicRound(int people);
    // A shipment and a dose for each of the first `count` people of this device who have none:
    // 2 + 2 × count changes.
    void doseSome(int count);

private:
    // Each write a millisecond after the last at least, near real time: a push batch never
    // splits what one write made, which it tells by the time.
    void tick();
    QString receive(int doses);
    PersonDraft adult();

    TestDevice& m_device;
    Session m_nurse;
    Session m_manager;
    DemoPeople m_people;
    int m_lots = 0;
};

// One SyncSession of the device against `server` (central or a proxy in front of it), with
// its own QNetworkAccessManager: every run opens a new connection, which takes the proxy's
// next plan.
struct FaultSyncRun
{
    SyncRun run;
    std::optional<ErrorCode> failure;
    qint64 elapsedMs = 0;
};
FaultSyncRun syncThrough(TestDevice& device, const QUrl& server, const sync::SyncSession::Limits& limits,
    std::chrono::milliseconds timeout);

// Rows of a table of a site database, every column but the local row number, sorted by id:
// what two devices must agree on.
QList<QStringList> tableRows(TestDevice& device, const QString& table);
// The first difference between two such dumps, or empty when they are equal.
QString firstDifference(const QList<QStringList>& expected, const QList<QStringList>& actual);

// Rows of one count per entity: "SELECT entity, count(*) … GROUP BY entity" on either side.
QMap<QString, qint64> countsByEntity(const QList<QVariantList>& rows);
QMap<QString, qint64> deviceChangeCounts(TestDevice& device);

} // namespace vax::test

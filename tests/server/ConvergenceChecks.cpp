#include "ConvergenceChecks.h"

#include "app/org/Site.h"
#include "db/Connection.h"
#include "tests/server/ConvergenceWorld.h"

#include <QSet>
#include <QSqlQuery>

namespace vax::test::convergence {

namespace {

// Readable names for ids in messages: sites by code, lots by number.
struct Names {
    QHash<QString, QString> holders;
    QHash<QString, QString> lots;

    explicit Names(const FinalState& state)
    {
        for (const QString& code : {ConvergenceWorld::kSiteA, ConvergenceWorld::kTeam, ConvergenceWorld::kSiteB})
            holders.insert(Site::idFor(code), code);
        for (const ConvergenceSnapshot& s : state.central) {
            const ConvergenceTable lotTable = s.value(QStringLiteral("lot"));
            for (auto it = lotTable.cbegin(); it != lotTable.cend(); ++it)
                lots.insert(it.key(), it->data.value(QLatin1String("lot_number")).toString());
        }
    }
    QString of(const HolderLot& k) const
    {
        return QStringLiteral("holder %1 lot %2 (%3)").arg(holders.value(k.first, k.first), lots.value(k.second, QStringLiteral("?")), k.second);
    }
};

// The holders whose ledger a device keeps: its site's and its teams' on a site laptop, its own
// on the team laptop (which never pulls).
QSet<QString> holdersOf(const ConvergenceNode& n)
{
    if (n.isTeam())
        return {n.holderId()};
    if (n.siteCode == ConvergenceWorld::kSiteA)
        return {Site::idFor(ConvergenceWorld::kSiteA), Site::idFor(ConvergenceWorld::kTeam)};
    return {n.siteId()};
}

QString text(const QJsonValue& v)
{
    return v.isUndefined() || v.isNull() ? QStringLiteral("(none)") : QLatin1Char('"') + v.toVariant().toString() + QLatin1Char('"');
}

} // namespace

FinalState readFinalState(ConvergenceWorld& world)
{
    FinalState s;
    for (const auto& n : world.nodes())
        s.devices.insert(n->name, readDevice(*n->device));
    for (const QString& site : {ConvergenceWorld::kSiteA, ConvergenceWorld::kSiteB})
        s.central.insert(site, readCentral(world.central(), Site::idFor(site)));
    return s;
}

QStringList incidentsOf(ConvergenceWorld& world, const QStringList& kinds)
{
    QStringList out;
    for (const QString& kind : kinds)
        out << world.incidents().value(kind);
    return out;
}

QStringList changesMissingOnCentral(ConvergenceWorld& world)
{
    QStringList out;
    for (const auto& n : world.nodes()) {
        QSet<QString> feed;
        for (const QVariantList& row : world.central().rows(QStringLiteral("SELECT id FROM change_feed WHERE device_id = ?"),
                 {n->store().identity().deviceId}))
            feed.insert(row[0].toString());
        QSqlQuery q(n->store().connection().database());
        q.exec(QStringLiteral("SELECT seq, id, op, entity, record_id, payload FROM change_log ORDER BY seq"));
        while (q.next()) {
            if (!feed.contains(q.value(1).toString())) {
                out << QStringLiteral("%1's change #%2 (%3 of %4 %5: %6) never reached central")
                           .arg(n->name, q.value(0).toString(), q.value(2).toString(), q.value(3).toString(), q.value(4).toString(),
                               q.value(5).toString().left(160));
            }
        }
        if (!n->isTeam() && n->device->pending() != 0)
            out << QStringLiteral("%1 still has %2 changes central has not acknowledged").arg(n->name).arg(n->device->pending());
    }
    return out;
}

QStringList devicesDisagree(ConvergenceWorld& world, const FinalState& state)
{
    Q_UNUSED(world);
    QStringList out;
    out << compare(QStringLiteral("A1"), state.devices[QStringLiteral("A1")], QStringLiteral("A2"), state.devices[QStringLiteral("A2")], Scope::Same);
    out << compare(QStringLiteral("B1"), state.devices[QStringLiteral("B1")], QStringLiteral("B2"), state.devices[QStringLiteral("B2")], Scope::Same);
    out << compare(QStringLiteral("T"), state.devices[QStringLiteral("T")], QStringLiteral("A1"), state.devices[QStringLiteral("A1")], Scope::Within);
    // Lots are everybody's: both sites hold every lot, the same.
    out << compare(QStringLiteral("A1"), state.devices[QStringLiteral("A1")], QStringLiteral("B1"), state.devices[QStringLiteral("B1")], Scope::Same,
        {QStringLiteral("lot")});
    return out;
}

QStringList centralDisagrees(ConvergenceWorld& world, const FinalState& state)
{
    QStringList out;
    for (const auto& n : world.nodes()) {
        const ConvergenceSnapshot& central = state.central[n->siteCode];
        out << compare(n->name, state.devices[n->name], QStringLiteral("central"), central, n->isTeam() ? Scope::Within : Scope::Same);
    }
    return out;
}

QStringList injectionsNotExactlyOnce(ConvergenceWorld& world, const FinalState& state)
{
    QStringList out;
    const auto& doses = world.truth().doses;
    QHash<QString, int> inFeed;
    for (const QVariantList& row : world.central().rows(
             QStringLiteral("SELECT record_id, count(*) FROM change_feed WHERE entity = 'injection' GROUP BY record_id")))
        inFeed.insert(row[0].toString(), row[1].toInt());
    for (const auto& d : doses) {
        if (inFeed.value(d.id) != 1)
            out << QStringLiteral("injection %1 (recorded on %2): %3 time(s) in central's change feed, expected once")
                       .arg(d.id, d.node)
                       .arg(inFeed.value(d.id));
    }
    for (auto it = inFeed.cbegin(); it != inFeed.cend(); ++it) {
        if (!doses.contains(it.key()))
            out << QStringLiteral("injection %1 is in central's change feed but no device recorded it").arg(it.key());
    }
    // Central's state and every device: exactly the site's doses (the team laptop: its own).
    auto expect = [&](const QString& who, const ConvergenceTable& held, const std::function<bool(const ConvergenceTruth::Dose&)>& mine) {
        for (const auto& d : doses) {
            if (mine(d) && !held.contains(d.id))
                out << QStringLiteral("injection %1 (recorded on %2) is missing on %3").arg(d.id, d.node, who);
        }
        for (auto it = held.cbegin(); it != held.cend(); ++it) {
            if (!doses.contains(it.key()) || !mine(doses[it.key()]))
                out << QStringLiteral("%1 holds injection %2, which the test did not record for it").arg(who, it.key());
        }
    };
    for (const QString& site : {ConvergenceWorld::kSiteA, ConvergenceWorld::kSiteB}) {
        expect(QStringLiteral("central (site %1)").arg(site), state.central[site].value(QStringLiteral("injection")),
            [&site](const ConvergenceTruth::Dose& d) { return d.siteId == Site::idFor(site); });
    }
    for (const auto& n : world.nodes()) {
        ConvergenceNode* node = n.get();
        expect(n->name, state.devices[n->name].value(QStringLiteral("injection")), [node](const ConvergenceTruth::Dose& d) {
            return node->isTeam() ? d.node == node->name : d.siteId == node->siteId();
        });
    }
    return out;
}

QStringList voidsNotEverywhere(ConvergenceWorld& world, const FinalState& state)
{
    QStringList out;
    const ConvergenceTruth& truth = world.truth();
    QHash<QString, QString> voidedBy;  // injection → who voided it
    for (const auto& v : truth.voids)
        voidedBy[v.injectionId] += (voidedBy.contains(v.injectionId) ? QStringLiteral(" and ") : QString()) + v.node;
    auto check = [&](const QString& who, const ConvergenceSnapshot& held, const std::function<bool(const ConvergenceTruth::Dose&)>& mine) {
        QSet<QString> voided;
        const ConvergenceTable corrections = held.value(QStringLiteral("correction"));
        for (const ConvergenceRecord& c : corrections) {
            if (c.data.value(QLatin1String("action")).toString() == QLatin1String("void")
                && c.data.value(QLatin1String("entity")).toString() == QLatin1String("injection"))
                voided.insert(c.data.value(QLatin1String("target_id")).toString());
        }
        for (auto it = voidedBy.cbegin(); it != voidedBy.cend(); ++it) {
            if (mine(truth.doses[it.key()]) && !voided.contains(it.key()))
                out << QStringLiteral("injection %1 (recorded on %2) was voided on %3, but %4 counts it as given: its void is missing")
                           .arg(it.key(), truth.doses[it.key()].node, *it, who);
        }
        for (const QString& id : voided) {
            if (!voidedBy.contains(id))
                out << QStringLiteral("%1 holds a void of injection %2, which the test never voided").arg(who, id);
        }
    };
    for (const QString& site : {ConvergenceWorld::kSiteA, ConvergenceWorld::kSiteB}) {
        check(QStringLiteral("central (site %1)").arg(site), state.central[site],
            [&site](const ConvergenceTruth::Dose& d) { return d.siteId == Site::idFor(site); });
    }
    for (const auto& n : world.nodes()) {
        ConvergenceNode* node = n.get();
        check(n->name, state.devices[n->name], [node](const ConvergenceTruth::Dose& d) {
            return node->isTeam() ? d.node == node->name : d.siteId == node->siteId();
        });
    }
    return out;
}

QStringList ledgersDisagree(ConvergenceWorld& world, const FinalState& state)
{
    QStringList out;
    const Names names(state);
    const QMap<HolderLot, qint64> expected = world.truth().expectedStock();
    auto compareSums = [&](const QString& who, const QMap<HolderLot, qint64>& sums, const QSet<QString>& holders) {
        QSet<HolderLot> keys;
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            if (holders.contains(it.key().first))
                keys.insert(it.key());
        }
        for (auto it = sums.cbegin(); it != sums.cend(); ++it)
            keys.insert(it.key());
        for (const HolderLot& k : keys) {
            if (sums.value(k) != expected.value(k)) {
                out << QStringLiteral("%1: %2 sums to %3 doses on %4; the test's ledger says %5")
                           .arg(names.of(k), who == QLatin1String("central") ? QStringLiteral("central's ledger") : QStringLiteral("the ledger"))
                           .arg(sums.value(k))
                           .arg(who)
                           .arg(expected.value(k));
            }
        }
    };
    for (const QString& site : {ConvergenceWorld::kSiteA, ConvergenceWorld::kSiteB}) {
        QSet<QString> holders{Site::idFor(site)};
        if (site == ConvergenceWorld::kSiteA)
            holders.insert(Site::idFor(ConvergenceWorld::kTeam));
        compareSums(QStringLiteral("central"), ledgerSums(state.central[site]), holders);
    }
    for (const auto& n : world.nodes()) {
        const QMap<HolderLot, qint64> sums = ledgerSums(state.devices[n->name]);
        compareSums(n->name, sums, holdersOf(*n));
        const QMap<HolderLot, qint64> cached = cachedBalances(*n->device);
        QSet<HolderLot> keys;
        for (auto it = sums.cbegin(); it != sums.cend(); ++it)
            keys.insert(it.key());
        for (auto it = cached.cbegin(); it != cached.cend(); ++it)
            keys.insert(it.key());
        for (const HolderLot& k : keys) {
            if (cached.value(k) != sums.value(k))
                out << QStringLiteral("%1 on %2: cached stock_balance %3, ledger sum %4").arg(names.of(k), n->name).arg(cached.value(k)).arg(sums.value(k));
        }
    }
    return out;
}

QStringList dosesGivenBackTwiceUnreviewed(ConvergenceWorld& world, const FinalState& state)
{
    QStringList out;
    QSet<QString> reviewed;
    for (const QVariantList& row : world.central().rows(QStringLiteral("SELECT record_id, other_id FROM review_item"))) {
        reviewed.insert(row[0].toString());
        reviewed.insert(row[1].toString());
    }
    for (const QString& site : {ConvergenceWorld::kSiteA, ConvergenceWorld::kSiteB}) {
        QHash<QString, QStringList> reversals;  // reversed movement → reversal movements
        const ConvergenceTable movements = state.central[site].value(QStringLiteral("stock_movement"));
        for (auto it = movements.cbegin(); it != movements.cend(); ++it) {
            const QString reversed = it->data.value(QLatin1String("reverses_id")).toString();
            if (!reversed.isEmpty())
                reversals[reversed] << it.key();
        }
        for (auto it = reversals.cbegin(); it != reversals.cend(); ++it) {
            const QString injection = movements.value(it.key()).data.value(QLatin1String("ref_id")).toString();
            if (it->size() > 1 && !reviewed.contains(injection) && !reviewed.contains(it.key())) {
                QStringList by;
                for (const auto& v : world.truth().voids) {
                    if (v.injectionId == injection)
                        by << v.node;
                }
                out << QStringLiteral("injection %1 was voided on %2 while offline: its dose went back to stock %3 times (movements %4), "
                                      "and nothing on central's review list says so")
                           .arg(injection, by.join(QStringLiteral(" and ")))
                           .arg(it->size())
                           .arg(it->join(QStringLiteral(", ")));
            }
        }
    }
    return out;
}

QStringList editsNotReviewedOrNotConverged(ConvergenceWorld& world, const FinalState& state)
{
    QStringList out;
    const ConvergenceTruth& truth = world.truth();
    QSet<QString> reviewedOnCentral;
    for (const QVariantList& row : world.central().rows(QStringLiteral("SELECT record_id, field FROM review_item WHERE kind = 'field_conflict'")))
        reviewedOnCentral.insert(row[0].toString() + QLatin1Char('/') + row[1].toString());
    QSet<QString> reviewedOnDevices;
    for (const auto& n : world.nodes()) {
        for (const ReviewItem& r : n->store().sync().reviewItems(true))
            reviewedOnDevices.insert(r.recordId + QLatin1Char('/') + r.field);
    }
    for (const ConvergenceTruth::Conflict& c : truth.conflicts) {
        const auto& a = truth.edits[c.first];
        const auto& b = truth.edits[c.second];
        const QString key = a.personId + QLatin1Char('/') + a.field;
        // Equal values never conflict (FieldMerge): both sides agree, nothing to review.
        if (a.value != b.value && !reviewedOnCentral.contains(key) && !reviewedOnDevices.contains(key)) {
            out << QStringLiteral("person %1 field %2: %3 set %4 (stamp %5) and %6 set %7 (stamp %8) while apart; no review item on central or any device")
                       .arg(a.personId, a.field, a.node, text(a.value), a.stamp, b.node, text(b.value), b.stamp);
        }
    }
    // Last writer wins: the edit with the latest stamp is what every side shows.
    QHash<QString, int> latest;
    for (int i = 0; i < truth.edits.size(); ++i) {
        const QString key = truth.edits[i].personId + QLatin1Char('/') + truth.edits[i].field;
        if (!latest.contains(key) || truth.edits[latest[key]].stamp < truth.edits[i].stamp)
            latest[key] = i;
    }
    for (const int i : latest) {
        const ConvergenceTruth::Edit& e = truth.edits[i];
        const QString site = world.node(e.node).siteCode;
        QList<QPair<QString, ConvergenceSnapshot>> sides{{QStringLiteral("central"), state.central[site]}};
        for (ConvergenceNode* n : world.siteNodes(site))
            sides << QPair<QString, ConvergenceSnapshot>{n->name, state.devices[n->name]};
        for (const auto& [who, snapshot] : sides) {
            const ConvergenceTable people = snapshot.value(QStringLiteral("person"));
            if (!people.contains(e.personId))
                continue;  // the team laptop holds only its own people (missing ones are reported elsewhere)
            const QJsonValue has = people[e.personId].data.value(e.field);
            if (has != e.value) {
                out << QStringLiteral("person %1 field %2: the latest edit was %3 by %4 (stamp %5); %6 has %7")
                           .arg(e.personId, e.field, text(e.value), e.node, e.stamp, who, text(has));
            }
        }
    }
    return out;
}

QStringList sequentialEditsReviewedAsConflicts(ConvergenceWorld& world)
{
    QStringList out;
    const ConvergenceTruth& truth = world.truth();
    QHash<QString, int> byStamp;
    for (int i = 0; i < truth.edits.size(); ++i)
        byStamp.insert(truth.edits[i].stamp, i);
    auto judge = [&](const QString& where, const QString& record, const QString& field, const QString& kept, const QString& lost) {
        for (const auto& [mine, other] : {std::pair{kept, lost}, std::pair{lost, kept}}) {
            const auto it = byStamp.constFind(mine);
            if (it == byStamp.cend() || truth.edits[*it].base != other)
                continue;
            const ConvergenceTruth::Edit& e = truth.edits[*it];
            out << QStringLiteral("%1 lists person %2 field %3 as a conflict (stamps %4 and %5), but %6 changed it to %7 after seeing the "
                                  "value it replaced (its base was %8): one edit after another, not a conflict")
                       .arg(where, record, field, kept, lost, e.node, text(e.value), e.base);
            return;
        }
    };
    for (const QVariantList& row : world.central().rows(
             QStringLiteral("SELECT record_id, field, kept_hlc, lost_hlc FROM review_item WHERE kind = 'field_conflict'")))
        judge(QStringLiteral("central's review list"), row[0].toString(), row[1].toString(), row[2].toString(), row[3].toString());
    for (const auto& n : world.nodes()) {
        for (const ReviewItem& r : n->store().sync().reviewItems(true)) {
            if (r.kind == QLatin1String("field_conflict"))
                judge(n->name + QStringLiteral("'s review list"), r.recordId, r.field, r.keptHlc, r.lostHlc);
        }
    }
    return out;
}

QStringList integrityProblems(ConvergenceWorld& world)
{
    QStringList out;
    for (const auto& n : world.nodes()) {
        const IntegrityReport report = n->store().checkIntegrity();
        for (const QString& p : report.problems)
            out << QStringLiteral("%1: %2").arg(n->name, p);
    }
    return out;
}

} // namespace vax::test::convergence

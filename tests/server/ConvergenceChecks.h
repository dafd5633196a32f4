#pragma once

#include "tests/server/ConvergenceSnapshot.h"

#include <QMap>
#include <QStringList>

namespace vax::test {

class ConvergenceWorld;

namespace convergence {

// Every side's records once the world has converged, read once for all checks.
struct FinalState {
    QMap<QString, ConvergenceSnapshot> devices;  // by device name
    QMap<QString, ConvergenceSnapshot> central;  // by site code: what a device of the site may hold
};
FinalState readFinalState(ConvergenceWorld& world);

// Each check returns one line per problem, naming the device, the record, the field, what was
// expected and what was found; empty when all is well.

// Operations, syncs and resent requests that did not go as the protocol says.
QStringList incidentsOf(ConvergenceWorld& world, const QStringList& kinds);
// Every change of every device's change log is in central's feed (the team's by relay).
QStringList changesMissingOnCentral(ConvergenceWorld& world);
// The devices of a site hold the same records; the team laptop's are all on the site's.
QStringList devicesDisagree(ConvergenceWorld& world, const FinalState& state);
// Central's current state of each record is the devices'.
QStringList centralDisagrees(ConvergenceWorld& world, const FinalState& state);
// Every dose the test recorded is once in central's feed and state and on every device of its
// site; nothing else is.
QStringList injectionsNotExactlyOnce(ConvergenceWorld& world, const FinalState& state);
// Every void the test made is on central and every device of its site; no other void is.
QStringList voidsNotEverywhere(ConvergenceWorld& world, const FinalState& state);
// Per holder and lot: the truth's sum, central's, every device's ledger and cached balance.
QStringList ledgersDisagree(ConvergenceWorld& world, const FinalState& state);
// A dose given back to stock more than once (voided on two laptops) with nothing to review it.
QStringList dosesGivenBackTwiceUnreviewed(ConvergenceWorld& world, const FinalState& state);
// Concurrent edits with different values left a review item; every edited field ends, on every
// side, with the value of its latest edit.
QStringList editsNotReviewedOrNotConverged(ConvergenceWorld& world, const FinalState& state);
// Review items for edits that were not concurrent: the editor had seen the value it replaced.
QStringList sequentialEditsReviewedAsConflicts(ConvergenceWorld& world);
QStringList integrityProblems(ConvergenceWorld& world);

} // namespace convergence

} // namespace vax::test

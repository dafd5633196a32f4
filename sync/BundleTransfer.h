#pragma once

#include "app/common/Result.h"
#include "sync/Bundle.h"

namespace vax {
class Clock;
class SiteStore;
}

namespace vax::sync {

struct DeviceCredential;

struct BundleExported {
    QString bundleId;
    int changes = 0;
    qint64 fromSeq = 0;
    qint64 toSeq = 0;
};

struct BundleImported {
    QString bundleId;
    QString deviceId;
    int changes = 0;
    bool alreadyHere = false;  // imported before: nothing changed
    bool waiting = false;      // an earlier bundle of its device is missing: kept, applied once that one is here
    qint64 missingFrom = 0;    // waiting: the first change of that device not here yet
    ApplyReport applied;       // what it (and any bundle that waited for it) changed here
};

// No internet at all (DESIGN.md rule 8): a device writes its unsent changes to a signed file;
// another enrolled device of the same site imports it, sees the changes at once, and carries
// the file to central on its next sync, which takes it as if the first device had pushed.
class BundleTransfer
{
public:
    BundleTransfer(SiteStore& store, const Clock& clock);

    // Writes the changes not yet in a bundle (or, with `everythingUnsent`, every change central
    // has not acknowledged) to `path`. Fails, writing nothing, when there is nothing to send.
    Result<BundleExported> exportTo(const QString& path, const DeviceCredential& credential, bool everythingUnsent);
    // Reads `path`, keeps it to relay, and applies its changes here once every earlier change of
    // its device is here (a bundle that comes before an earlier one waits for it). Importing it
    // again is harmless.
    Result<BundleImported> importFrom(const QString& path);
    // Applies the kept bundles whose turn has come (after an import or a pull); what changed.
    Result<ApplyReport> applyWaiting();

private:
    SiteStore& m_store;
    const Clock& m_clock;
};

} // namespace vax::sync

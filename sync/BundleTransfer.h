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
    ApplyReport applied;       // what it changed in this database
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
    // Reads `path`, applies its changes here and keeps it to relay. Importing it again is harmless.
    Result<BundleImported> importFrom(const QString& path);

private:
    SiteStore& m_store;
    const Clock& m_clock;
};

} // namespace vax::sync

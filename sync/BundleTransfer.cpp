#include "BundleTransfer.h"

#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/common/Uuid.h"
#include "app/store/SiteStore.h"
#include "sync/DeviceCredential.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

namespace vax::sync {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("BundleTransfer", text);
}

// Enough for days of a mobile team's work; a bigger backlog goes in several files.
constexpr int kMaxChangesPerBundle = 200000;

} // namespace

BundleTransfer::BundleTransfer(SiteStore& store, const Clock& clock)
    : m_store(store)
    , m_clock(clock)
{
}

Result<BundleExported> BundleTransfer::exportTo(const QString& path, const DeviceCredential& credential, bool everythingUnsent)
{
    const SiteIdentity& id = m_store.identity();
    const SyncState state = m_store.sync().state();
    if (!state.enrolled() || credential.signingKey.isEmpty()) {
        return Error(ErrorCode::Forbidden,
            tr("This device is not enrolled, so central could not trust its bundle: enrol it first (a code from the district)."));
    }
    const qint64 after = everythingUnsent ? state.pushedThrough : std::max(state.pushedThrough, state.bundledThrough);
    Bundle b;
    b.changes = m_store.changesAfter(after, kMaxChangesPerBundle, SiteStore::ChangeForm::AsStored);
    if (b.changes.isEmpty()) {
        return Error(ErrorCode::NotFound,
            everythingUnsent ? tr("Nothing to export: central has every change of this device.")
                             : tr("Nothing new to export since the last bundle. To write again everything central has not "
                                  "acknowledged, export all unsent changes (vaxctl bundle export --all)."));
    }
    b.bundleId = Uuid::v7(m_clock.now().toMSecsSinceEpoch());
    b.deviceId = id.deviceId;
    b.siteId = id.siteId;
    b.teamId = id.teamId;
    b.fromSeq = b.changes.first().seq;
    b.toSeq = b.changes.last().seq;
    b.createdAt = toIsoWithOffset(m_clock.now());
    auto bytes = encodeBundle(b, credential.signingKey);
    if (!bytes.ok())
        return bytes.error();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes.value()) != bytes->size() || !file.commit()) {
        return Error::invalid(QStringLiteral("file"),
            tr("The bundle cannot be written to %1 (%2): choose another place, such as a USB stick.").arg(path, file.errorString()));
    }
    if (auto r = m_store.sync().setBundledThrough(b.toSeq); !r.ok())
        return r.error();
    return BundleExported{b.bundleId, int(b.changes.size()), b.fromSeq, b.toSeq};
}

Result<BundleImported> BundleTransfer::importFrom(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::invalid(QStringLiteral("file"), tr("The bundle %1 cannot be read: %2").arg(path, file.errorString()));
    const QByteArray bytes = file.read(kMaxBundleBytes + 1);
    auto b = decodeBundle(bytes);
    if (!b.ok())
        return b.error();
    const SiteIdentity& id = m_store.identity();
    if (b->deviceId == id.deviceId)
        return Error::invalid(QStringLiteral("file"), tr("This bundle was written by this device: carry it to another device of the site."));
    if (b->siteId != id.siteId) {
        return Error(ErrorCode::Forbidden,
            tr("This bundle is from a device of another site: only a device of the same site may carry it to central."));
    }
    if (!m_store.sync().state().enrolled()) {
        return Error(ErrorCode::Forbidden,
            tr("This device is not enrolled, so it cannot carry the bundle to central: enrol it first."));
    }
    BundleImported out;
    out.bundleId = b->bundleId;
    out.deviceId = b->deviceId;
    out.changes = int(b->changes.size());
    RelayBundle relay{b->bundleId, b->deviceId, b->fromSeq, b->toSeq, int(b->changes.size()), bytes, {}, {}, {}, {}};
    // Kept to relay before it is applied: if applying fails, central still gets it.
    auto added = m_store.sync().addBundle(relay);
    if (!added.ok())
        return added.error();
    out.alreadyHere = !added.value();
    auto applied = applyWaiting();
    if (!applied.ok())
        return applied.error();
    out.applied = applied.value();
    const qint64 through = m_store.sync().appliedThrough(b->deviceId);
    if (through < b->fromSeq - 1) {
        out.waiting = true;
        out.missingFrom = through + 1;
    }
    return out;
}

Result<ApplyReport> BundleTransfer::applyWaiting()
{
    ApplyReport total;
    for (const RelayBundle& kept : m_store.sync().bundlesToApply()) {
        const qint64 through = m_store.sync().appliedThrough(kept.deviceId);
        // Changes come in their device's order: a bundle that starts after a gap waits.
        if (kept.fromSeq > through + 1)
            continue;
        auto b = decodeBundle(kept.file);
        if (!b.ok())
            return b.error();
        QList<RemoteChange> changes;
        for (const ChangeEntry& c : b->changes) {
            if (c.seq > through)
                changes << RemoteChange{0, b->deviceId, c};
        }
        auto applied = m_store.applyPulled(changes, 0);
        if (!applied.ok())
            return applied.error();
        total.applied += applied->applied;
        total.ignored += applied->ignored;
        total.conflicts += applied->conflicts;
        if (auto r = m_store.sync().markApplied(kept.bundleId); !r.ok())
            return r.error();
    }
    return total;
}

} // namespace vax::sync

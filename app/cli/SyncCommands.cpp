#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/store/SiteStore.h"
#include "sync/BundleTransfer.h"
#include "sync/CentralApi.h"
#include "sync/CentralLookup.h"
#include "sync/CredentialStore.h"
#include "sync/Enrolment.h"
#include "sync/SyncSession.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QNetworkAccessManager>

namespace vax::cli {

namespace {

QString tr(const char* text, const char* disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("vaxctl", text, disambiguation, n);
}

// vaxctl runs one command and exits: the command's own event loop carries its network and
// keychain calls (there is no outer loop to nest in).
template <typename T, typename Start>
Result<T> await(Start&& start)
{
    std::optional<Result<T>> out;
    QEventLoop loop;
    start([&](Result<T> r) {
        out = std::move(r);
        loop.quit();
    });
    if (!out)
        loop.exec();
    return std::move(*out);
}

Result<sync::DeviceCredential> loadCredential(CliContext& ctx)
{
    sync::CredentialStore credentials(ctx.dbPath());
    return await<sync::DeviceCredential>(
        [&](auto done) { credentials.load(ctx.store().identity().deviceId, ctx.store().sync().state().enrolmentId, done); });
}

// Central's API for this enrolled device, with its credential: what sync, lookup and attach use.
Result<std::unique_ptr<sync::CentralApi>> openApi(CliContext& ctx, QNetworkAccessManager& network, int timeoutSeconds = 30)
{
    const SyncState state = ctx.store().sync().state();
    if (!state.enrolled())
        return Error(ErrorCode::Forbidden, tr("This device is not enrolled: run 'vaxctl enroll --server URL --code CODE' first."));
    auto credential = loadCredential(ctx);
    if (!credential.ok())
        return credential.error();
    auto api = std::make_unique<sync::CentralApi>(network, QUrl(state.serverUrl));
    api->setCredential(credential.value());
    api->setTimeout(std::chrono::seconds(std::max(1, timeoutSeconds)));
    return api;
}

QJsonObject runJson(const SyncRun& r)
{
    QJsonObject o{{QStringLiteral("started_at"), r.startedAt}, {QStringLiteral("finished_at"), r.finishedAt},
        {QStringLiteral("pushed"), r.pushed}, {QStringLiteral("rejected"), r.rejected}, {QStringLiteral("relayed"), r.relayed},
        {QStringLiteral("pulled"), r.pulled}, {QStringLiteral("conflicts"), r.conflicts}, {QStringLiteral("ok"), r.ok()}};
    if (!r.ok())
        o.insert(QStringLiteral("error"), r.error);
    return o;
}

QJsonObject rejectionJson(const PushRejection& r)
{
    return QJsonObject{{QStringLiteral("change_id"), r.changeId}, {QStringLiteral("seq"), r.seq}, {QStringLiteral("entity"), r.entity},
        {QStringLiteral("record_id"), r.recordId}, {QStringLiteral("code"), r.code}, {QStringLiteral("reason"), r.reason},
        {QStringLiteral("rejected_at"), r.rejectedAt}};
}

QJsonObject reviewJson(const ReviewItem& i)
{
    return QJsonObject{{QStringLiteral("id"), i.id}, {QStringLiteral("kind"), i.kind}, {QStringLiteral("entity"), i.entity},
        {QStringLiteral("record_id"), i.recordId}, {QStringLiteral("field"), i.field}, {QStringLiteral("kept"), i.keptValue},
        {QStringLiteral("lost"), i.lostValue}, {QStringLiteral("created_at"), i.createdAt}};
}

QString runLine(const SyncRun& r)
{
    return tr("pushed %1, rejected %2, relayed %3 bundle(s), pulled %4, conflicts %5")
        .arg(r.pushed)
        .arg(r.rejected)
        .arg(r.relayed)
        .arg(r.pulled)
        .arg(r.conflicts);
}

} // namespace

int enrollDevice(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Enrol this site database's device with central, using a one-time code from the district."));
    p.addOption({QStringLiteral("server"), tr("Central's address (https://host, or host:port)."), QStringLiteral("URL")});
    p.addOption({QStringLiteral("code"), tr("The one-time enrolment code."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("name"), tr("A name for this device, as central lists it."), QStringLiteral("NAME")});
    if (auto stop = ctx.parse(p, args, QStringLiteral("enroll")))
        return *stop;
    if (!p.isSet(QStringLiteral("server")) || !p.isSet(QStringLiteral("code")))
        return ctx.usage(tr("enroll needs --server URL and --code CODE."));
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    QNetworkAccessManager network;
    sync::CredentialStore credentials(ctx.dbPath());
    sync::Enrolment enrolment(ctx.store(), network, credentials);
    auto enrolled = await<sync::Enrolled>([&](auto done) {
        enrolment.start(p.value(QStringLiteral("server")), p.value(QStringLiteral("code")), p.value(QStringLiteral("name")), done);
    });
    if (!enrolled.ok())
        return ctx.fail(enrolled.error());
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("server"), enrolled->server.toString()},
            {QStringLiteral("device_id"), ctx.store().identity().deviceId}, {QStringLiteral("site"), enrolled->siteName},
            {QStringLiteral("team"), enrolled->teamName}, {QStringLiteral("credential"), enrolled->credentialKeptIn},
            {QStringLiteral("again"), enrolled->again}, {QStringLiteral("waiting"), enrolled->waiting}});
    } else {
        if (enrolled->again) {
            ctx.out() << tr("Enrolled device %1 again with %2 for %3: %n change(s) waiting here go with the next sync.", nullptr,
                             int(enrolled->waiting))
                             .arg(ctx.store().identity().deviceId, enrolled->server.toString(), enrolled->place())
                      << Qt::endl;
        } else {
            ctx.out() << tr("Enrolled device %1 with %2 for %3.")
                             .arg(ctx.store().identity().deviceId, enrolled->server.toString(), enrolled->place())
                      << Qt::endl;
        }
        ctx.out() << tr("Credential kept in %1. Run 'vaxctl sync' to send and fetch changes.").arg(enrolled->credentialKeptIn) << Qt::endl;
    }
    return Success;
}

int syncNow(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Send this device's changes to central and fetch what it may see, once."));
    p.addOption({QStringLiteral("timeout"), tr("Seconds without an answer before giving up (default 30)."), QStringLiteral("S"), QStringLiteral("30")});
    if (auto stop = ctx.parse(p, args, QStringLiteral("sync")))
        return *stop;
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    const SyncState state = ctx.store().sync().state();
    QNetworkAccessManager network;
    auto api = openApi(ctx, network, p.value(QStringLiteral("timeout")).toInt());
    if (!api.ok())
        return ctx.fail(api.error());
    sync::SyncSession session(ctx.store(), *api.value(), ctx.clock());
    std::optional<SyncRun> run;
    QEventLoop loop;
    session.start([&](const SyncRun& r) {
        run = r;
        loop.quit();
    });
    if (!run)
        loop.exec();
    if (ctx.json()) {
        QJsonObject o = runJson(*run);
        QJsonArray rejected;
        for (const PushRejection& r : ctx.store().sync().rejections()) {
            if (r.rejectedAt >= run->startedAt)
                rejected.append(rejectionJson(r));
        }
        o.insert(QStringLiteral("rejections"), rejected);
        o.insert(QStringLiteral("waiting"), ctx.store().pendingChanges());
        ctx.printJson(o);
    } else {
        ctx.out() << (run->ok() ? tr("Synced with %1: %2.") : tr("Sync with %1 stopped: %2."))
                         .arg(state.serverUrl, runLine(*run))
                  << Qt::endl;
        for (const PushRejection& r : ctx.store().sync().rejections()) {
            if (r.rejectedAt >= run->startedAt)
                ctx.out() << tr("  refused #%1 %2 %3: %4").arg(r.seq).arg(r.entity, r.recordId, r.reason) << Qt::endl;
        }
    }
    if (!run->ok()) {
        ctx.err() << "vaxctl: " << run->error << Qt::endl;
        return Failure;
    }
    return Success;
}

int lookupPerson(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Find a person registered at any site, on central (online): by CCCD, CMND, passport, phone or name."));
    p.addPositionalArgument(QStringLiteral("TEXT"), tr("What to look for."));
    if (auto stop = ctx.parse(p, args, QStringLiteral("person lookup")))
        return *stop;
    const QString text = p.positionalArguments().join(QLatin1Char(' '));
    if (text.trimmed().isEmpty())
        return ctx.usage(tr("person lookup needs TEXT."));
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    QNetworkAccessManager network;
    auto api = openApi(ctx, network);
    if (!api.ok())
        return ctx.fail(api.error());
    sync::CentralLookup lookup(ctx.store(), *api.value());
    auto found = await<QList<sync::CentralPerson>>([&](auto done) { lookup.find(text, done); });
    if (!found.ok())
        return ctx.fail(found.error());
    if (ctx.json()) {
        QJsonArray people;
        for (const sync::CentralPerson& c : found.value()) {
            people.append(QJsonObject{{QStringLiteral("id"), c.id}, {QStringLiteral("site_id"), c.siteId},
                {QStringLiteral("full_name"), c.fullName}, {QStringLiteral("birth_date"), c.birthDate}, {QStringLiteral("cccd"), c.cccd},
                {QStringLiteral("cmnd"), c.cmnd}, {QStringLiteral("passport"), c.passport}, {QStringLiteral("phone"), c.phone},
                {QStringLiteral("doses"), c.doses}});
        }
        ctx.printJson(QJsonObject{{QStringLiteral("people"), people}});
        return Success;
    }
    if (found->isEmpty())
        ctx.out() << tr("Central knows nobody matching '%1'.").arg(text) << Qt::endl;
    for (const sync::CentralPerson& c : found.value()) {
        const QString id = !c.cccd.isEmpty() ? c.cccd : !c.cmnd.isEmpty() ? c.cmnd : c.passport;
        ctx.out() << QStringLiteral("%1  %2  %3  %4  %5  ").arg(c.id, c.fullName, c.birthDate, id, c.phone)
                  << tr("%n dose(s)", nullptr, c.doses) << Qt::endl;
    }
    return Success;
}

int attachPerson(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Bring a person registered at another site here, with every dose (online); what other sites "
                                   "record for them later comes with every sync."));
    p.addPositionalArgument(QStringLiteral("ID"), tr("The person's id, as 'person lookup' lists it."));
    if (auto stop = ctx.parse(p, args, QStringLiteral("person attach")))
        return *stop;
    if (p.positionalArguments().size() != 1)
        return ctx.usage(tr("person attach needs one ID."));
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    QNetworkAccessManager network;
    auto api = openApi(ctx, network);
    if (!api.ok())
        return ctx.fail(api.error());
    sync::CentralLookup lookup(ctx.store(), *api.value());
    const QString id = p.positionalArguments().first();
    auto applied = await<ApplyReport>([&](auto done) { lookup.attach(id, done); });
    if (!applied.ok())
        return ctx.fail(applied.error());
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("person_id"), id}, {QStringLiteral("applied"), applied->applied},
            {QStringLiteral("already_here"), applied->ignored}});
    else
        ctx.out() << tr("Person %1 is now at this site: %2 record(s) brought here.").arg(id).arg(applied->applied) << Qt::endl;
    return Success;
}

int syncStatus(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Where this device stands with central: what waits, the last sync, refused changes, the review list."));
    p.addOption({QStringLiteral("history"), tr("How many past runs to list (default 10)."), QStringLiteral("N"), QStringLiteral("10")});
    if (auto stop = ctx.parse(p, args, QStringLiteral("sync status")))
        return *stop;
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    SyncRepository& sync = ctx.store().sync();
    const SyncState state = sync.state();
    const qint64 waiting = ctx.store().pendingChanges();
    const QList<PushRejection> rejected = sync.rejections();
    const QList<ReviewItem> review = sync.reviewItems();
    const QList<SyncRun> history = sync.history(std::max(0, p.value(QStringLiteral("history")).toInt()));
    if (ctx.json()) {
        QJsonArray rej, rev, hist, bundles;
        for (const PushRejection& r : rejected)
            rej.append(rejectionJson(r));
        for (const ReviewItem& i : review)
            rev.append(reviewJson(i));
        for (const SyncRun& r : history)
            hist.append(runJson(r));
        for (const RelayBundle& b : sync.bundles()) {
            bundles.append(QJsonObject{{QStringLiteral("bundle_id"), b.bundleId}, {QStringLiteral("device_id"), b.deviceId},
                {QStringLiteral("changes"), b.changes}, {QStringLiteral("imported_at"), b.importedAt},
                {QStringLiteral("relayed_at"), b.relayedAt}, {QStringLiteral("outcome"), b.outcome}});
        }
        ctx.printJson(QJsonObject{{QStringLiteral("enrolled"), state.enrolled()}, {QStringLiteral("server"), state.serverUrl},
            {QStringLiteral("device_id"), ctx.store().identity().deviceId}, {QStringLiteral("waiting"), waiting},
            {QStringLiteral("pushed_through"), state.pushedThrough}, {QStringLiteral("pull_cursor"), state.pullCursor},
            {QStringLiteral("bundled_through"), state.bundledThrough}, {QStringLiteral("last_sync_at"), state.lastSyncAt},
            {QStringLiteral("rejections"), rej}, {QStringLiteral("review"), rev}, {QStringLiteral("history"), hist},
            {QStringLiteral("bundles"), bundles}});
        return Success;
    }
    QTextStream& out = ctx.out();
    if (!state.enrolled())
        out << tr("Not enrolled: this device works alone. %1 change(s) recorded.").arg(waiting) << Qt::endl;
    else
        out << tr("Enrolled with %1. %2 change(s) waiting to be sent. Last sync: %3.")
                   .arg(state.serverUrl)
                   .arg(waiting)
                   .arg(state.lastSyncAt.isEmpty() ? tr("never") : state.lastSyncAt)
            << Qt::endl;
    out << tr("%1 change(s) refused by central, %2 item(s) to review.").arg(rejected.size()).arg(review.size()) << Qt::endl;
    for (const PushRejection& r : rejected)
        out << tr("  refused #%1 %2 %3 (%4): %5").arg(r.seq).arg(r.entity, r.recordId, r.code, r.reason) << Qt::endl;
    for (const ReviewItem& i : review)
        out << tr("  review %1 %2 %3 %4").arg(i.kind, i.entity, i.recordId, i.field) << Qt::endl;
    for (const SyncRun& r : history)
        out << QStringLiteral("  %1  %2%3").arg(r.startedAt, runLine(r), r.ok() ? QString() : QStringLiteral(" — ") + r.error) << Qt::endl;
    return Success;
}

int exportBundle(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Write this device's unsent changes to a signed bundle file, for another device of the "
                                   "site to carry to central when there is no internet here."));
    p.addPositionalArgument(QStringLiteral("FILE"), tr("The bundle file to write."));
    p.addOption({QStringLiteral("all"), tr("Every change central has not acknowledged, not only those since the last bundle.")});
    if (auto stop = ctx.parse(p, args, QStringLiteral("bundle export")))
        return *stop;
    if (p.positionalArguments().size() != 1)
        return ctx.usage(tr("bundle export needs one FILE."));
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    auto credential = loadCredential(ctx);
    if (!credential.ok())
        return ctx.fail(credential.error());
    sync::BundleTransfer transfer(ctx.store(), ctx.clock());
    auto exported = transfer.exportTo(p.positionalArguments().first(), credential.value(), p.isSet(QStringLiteral("all")));
    if (!exported.ok())
        return ctx.fail(exported.error());
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("bundle_id"), exported->bundleId}, {QStringLiteral("changes"), exported->changes},
            {QStringLiteral("from_seq"), exported->fromSeq}, {QStringLiteral("to_seq"), exported->toSeq},
            {QStringLiteral("file"), p.positionalArguments().first()}});
    } else {
        ctx.out() << tr("Wrote %1 change(s) (#%2–#%3) to %4. Import it on another device of the site: vaxctl bundle import FILE.")
                         .arg(exported->changes)
                         .arg(exported->fromSeq)
                         .arg(exported->toSeq)
                         .arg(p.positionalArguments().first())
                  << Qt::endl;
    }
    return Success;
}

int importBundle(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Import another device's bundle: its changes show here at once and go to central with this device's next sync."));
    p.addPositionalArgument(QStringLiteral("FILE"), tr("The bundle file to read."));
    if (auto stop = ctx.parse(p, args, QStringLiteral("bundle import")))
        return *stop;
    if (p.positionalArguments().size() != 1)
        return ctx.usage(tr("bundle import needs one FILE."));
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    sync::BundleTransfer transfer(ctx.store(), ctx.clock());
    auto imported = transfer.importFrom(p.positionalArguments().first());
    if (!imported.ok())
        return ctx.fail(imported.error());
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("bundle_id"), imported->bundleId}, {QStringLiteral("device_id"), imported->deviceId},
            {QStringLiteral("changes"), imported->changes}, {QStringLiteral("already_imported"), imported->alreadyHere},
            {QStringLiteral("applied"), imported->applied.applied}, {QStringLiteral("ignored"), imported->applied.ignored},
            {QStringLiteral("conflicts"), imported->applied.conflicts}, {QStringLiteral("waiting"), imported->waiting},
            {QStringLiteral("missing_from"), imported->missingFrom}});
    } else {
        if (imported->alreadyHere)
            ctx.out() << tr("Bundle %1 was imported before: nothing changed.").arg(imported->bundleId) << Qt::endl;
        else if (imported->waiting)
            ctx.out() << tr("Kept %1 change(s) of device %2: they show here once its earlier changes (from #%3) are here — import "
                            "its earlier bundle, or sync. They go to central with the next sync either way.")
                             .arg(imported->changes)
                             .arg(imported->deviceId)
                             .arg(imported->missingFrom)
                      << Qt::endl;
        else
            ctx.out() << tr("Imported %1 change(s) from device %2: %3 applied here; they go to central with the next sync.")
                             .arg(imported->changes)
                             .arg(imported->deviceId)
                             .arg(imported->applied.applied)
                      << Qt::endl;
    }
    return Success;
}

} // namespace vax::cli

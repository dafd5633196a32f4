#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/clinical/ScreeningForm.h"
#include "app/demo/DemoSite.h"
#include "app/people/AdminUnits.h"
#include "app/services/AuthService.h"
#include "app/services/SiteSetup.h"
#include "app/store/PersonRepository.h"
#include "app/vaccines/VaccineCatalogue.h"
#include "db/SqliteSiteStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRandomGenerator>

namespace vax::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("vaxctl", text);
}

QString randomPassword()
{
    static const QLatin1String alphabet("abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY3479");
    QString out;
    for (int i = 0; i < 14; ++i)
        out += alphabet[QRandomGenerator::system()->bounded(int(alphabet.size()))];
    return out;
}

Result<std::unique_ptr<db::SqliteSiteStore>> createSite(CliContext& ctx, const db::SiteSeed& seed)
{
    if (ctx.dbPath().isEmpty())
        return Error::invalid(QStringLiteral("db"), tr("No site database given: add --db FILE."));
    auto store = db::SqliteSiteStore::create(ctx.dbPath(), seed, ctx.clock());
    if (!store.ok())
        return store.error();
    auto catalogue = ctx.catalogue();
    if (!catalogue.ok())
        return catalogue.error();
    if (auto r = SiteSetup::loadCatalogue(*store.value(), *catalogue.value()); !r.ok())
        return r.error();
    return std::move(store).value();
}

} // namespace

int initSite(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Create a new site database, load the vaccine catalogue and add its first administrator."));
    p.addOption({QStringLiteral("site"), tr("The site's code, as central assigned it."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("name"), tr("The site's name."), QStringLiteral("NAME")});
    p.addOption({QStringLiteral("province"), tr("Province code of the site (e.g. 01 Hà Nội)."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("team"), tr("For a mobile team's laptop: the team's code."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("team-name"), tr("The mobile team's name."), QStringLiteral("NAME")});
    p.addOption({QStringLiteral("admin-user"), tr("User name of the first administrator (default admin)."), QStringLiteral("NAME"), QStringLiteral("admin")});
    p.addOption({QStringLiteral("admin-password"),
        tr("Their password (default: $VAXCTL_ADMIN_PASSWORD, else one is generated and printed once)."), QStringLiteral("PASSWORD")});
    p.addOption({QStringLiteral("no-admin"),
        tr("Add no local administrator: for a device about to be enrolled, whose users come from central.")});
    if (auto stop = ctx.parse(p, args, QStringLiteral("init")))
        return *stop;
    if (!p.isSet(QStringLiteral("site")) || !p.isSet(QStringLiteral("name")))
        return ctx.usage(tr("init needs --site CODE and --name NAME."));
    const bool withAdmin = !p.isSet(QStringLiteral("no-admin"));
    QString password = p.value(QStringLiteral("admin-password"));
    if (password.isEmpty())
        password = qEnvironmentVariable("VAXCTL_ADMIN_PASSWORD");
    const bool generated = password.isEmpty();
    if (generated)
        password = randomPassword();
    if (withAdmin && password.size() < 8)
        return ctx.fail(Error::invalid(QStringLiteral("admin-password"), tr("Administrator password must have at least 8 characters.")));

    db::SiteSeed seed{p.value(QStringLiteral("site")), p.value(QStringLiteral("name")), p.value(QStringLiteral("province")),
        p.value(QStringLiteral("team")), p.value(QStringLiteral("team-name"))};
    auto store = createSite(ctx, seed);
    if (!store.ok())
        return ctx.fail(store.error());
    std::optional<User> admin;
    if (withAdmin) {
        auto created = AuthService(*store.value()).createUser(nullptr,
            {p.value(QStringLiteral("admin-user")), tr("Site administrator"), Role::Admin, password});
        if (!created.ok()) {
            const QString path = ctx.dbPath();
            store.value().reset();
            QFile::remove(path);
            QFile::remove(path + QStringLiteral("-wal"));
            QFile::remove(path + QStringLiteral("-shm"));
            return ctx.fail(created.error());
        }
        admin = created.value();
    }
    const SiteIdentity id = store.value()->identity();
    if (ctx.json()) {
        QJsonObject o{{QStringLiteral("database"), QFileInfo(ctx.dbPath()).absoluteFilePath()},
            {QStringLiteral("site_id"), id.siteId}, {QStringLiteral("site_code"), id.siteCode}, {QStringLiteral("device_id"), id.deviceId}};
        if (!id.teamId.isEmpty())
            o.insert(QStringLiteral("team_id"), id.teamId);
        if (admin)
            o.insert(QStringLiteral("admin_user"), admin->username);
        if (admin && generated)
            o.insert(QStringLiteral("admin_password"), password);
        ctx.printJson(o);
        return Success;
    }
    ctx.out() << tr("Created %1 for site %2 %3 (device %4).").arg(ctx.dbPath(), id.siteCode, id.siteName, id.deviceId) << Qt::endl;
    if (!admin) {
        ctx.out() << tr("No users yet: enrol the device (vaxctl enroll) and its users come from central.") << Qt::endl;
    } else {
        ctx.out() << tr("Administrator: %1").arg(admin->username) << Qt::endl;
        if (generated)
            ctx.out() << tr("Password (shown once, write it down): %1").arg(password) << Qt::endl;
    }
    return Success;
}

int demoSite(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Fill a new site database with demo users (one per role), stock, realistic people with "
                                   "earlier doses, and a morning in progress. Creates the database if it does not exist."));
    p.addOption({QStringLiteral("persons"), tr("How many people to register (default 2000)."), QStringLiteral("N"), QStringLiteral("2000")});
    p.addOption({QStringLiteral("seed"), tr("Random seed: the same seed gives the same people."), QStringLiteral("N"), QStringLiteral("2021")});
    p.addOption({QStringLiteral("site"), tr("Site code if the database is new."), QStringLiteral("CODE"), QStringLiteral("HN-BD-PX01")});
    p.addOption({QStringLiteral("name"), tr("Site name if the database is new."), QStringLiteral("NAME"),
        QStringLiteral("Trạm Y tế phường Phúc Xá (demo)")});
    p.addOption({QStringLiteral("no-history"), tr("Do not record earlier doses.")});
    p.addOption({QStringLiteral("no-today"), tr("Do not start this morning's queue.")});
    if (auto stop = ctx.parse(p, args, QStringLiteral("demo")))
        return *stop;
    bool ok = false;
    const int persons = p.value(QStringLiteral("persons")).toInt(&ok);
    if (!ok || persons < 0 || persons > 10'000'000)
        return ctx.fail(Error::invalid(QStringLiteral("persons"), tr("--persons must be a whole number from 0 to 10000000.")));
    const quint32 seed = p.value(QStringLiteral("seed")).toUInt(&ok);
    if (!ok)
        return ctx.fail(Error::invalid(QStringLiteral("seed"), tr("--seed must be a whole number.")));

    if (!QFileInfo::exists(ctx.dbPath())) {
        auto store = createSite(ctx, {p.value(QStringLiteral("site")), p.value(QStringLiteral("name")), QStringLiteral("01"), {}, {}});
        if (!store.ok())
            return ctx.fail(store.error());
        ctx.adoptStore(std::move(store).value());
    } else if (auto r = ctx.openStore(); !r.ok()) {
        return ctx.fail(r.error());
    }
    if (const qint64 n = ctx.store().persons().count(); n > 0)
        return ctx.fail(Error(ErrorCode::Conflict, tr("%1 already has %2 people: the demo fills a new site database; give another --db.").arg(ctx.dbPath()).arg(n)));

    auto catalogue = ctx.catalogue();
    auto form = ctx.screeningForm();
    if (!catalogue.ok())
        return ctx.fail(catalogue.error());
    if (!form.ok())
        return ctx.fail(form.error());
    DemoOptions options;
    options.persons = persons;
    options.seed = seed;
    options.history = !p.isSet(QStringLiteral("no-history"));
    options.today = !p.isSet(QStringLiteral("no-today"));
    QElapsedTimer timer;
    timer.start();
    DemoSite demo(ctx.store(), ctx.clock(), ctx.units(), *catalogue.value(), *form.value());
    auto summary = demo.populate(options, [&ctx](const QString& step) { ctx.err() << step << Qt::endl; });
    if (!summary.ok())
        return ctx.fail(summary.error());
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("persons"), summary->persons}, {QStringLiteral("users"), summary->users},
            {QStringLiteral("lots"), summary->lots}, {QStringLiteral("historic_doses"), summary->historicDoses},
            {QStringLiteral("visits_today"), summary->visitsToday}, {QStringLiteral("seconds"), double(timer.elapsed()) / 1000.0}});
    } else {
        ctx.out() << tr("Demo site ready in %1 s: %2 people, %3 lots on hand, %4 earlier doses, %5 people in today's queue.")
                         .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1)
                         .arg(summary->persons)
                         .arg(summary->lots)
                         .arg(summary->historicDoses)
                         .arg(summary->visitsToday)
                  << Qt::endl;
        ctx.out() << tr("Log in as:") << Qt::endl;
        for (const DemoUser& u : kDemoUsers)
            ctx.out() << QStringLiteral("  %1 / %2  (%3)").arg(QLatin1String(u.username), -9).arg(QLatin1String(u.password), -14).arg(QString::fromUtf8(u.fullName)) << Qt::endl;
    }
    return Success;
}

int checkSite(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Check the site database: SQLite's own check, foreign keys, the audit hash chain, every "
                                   "event row against its audit digest, and every stock balance against its ledger."));
    if (auto stop = ctx.parse(p, args, QStringLiteral("check")))
        return *stop;
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    const IntegrityReport report = ctx.store().checkIntegrity();
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("ok"), report.ok()},
            {QStringLiteral("problems"), QJsonArray::fromStringList(report.problems)},
            {QStringLiteral("warnings"), QJsonArray::fromStringList(report.warnings)},
            {QStringLiteral("audit_entries"), report.auditEntries},
            {QStringLiteral("records_verified"), report.recordsVerified},
            {QStringLiteral("ledger_balances"), report.ledgerBalances}});
    } else {
        for (const QString& line : report.problems)
            ctx.out() << tr("PROBLEM: ") << line << Qt::endl;
        for (const QString& line : report.warnings)
            ctx.out() << tr("warning: ") << line << Qt::endl;
        ctx.out() << (report.ok() ? tr("OK") : tr("FAILED"))
                  << tr(": %1 audit entries in an unbroken chain, %2 event records match their audit digests, %3 stock balances match their ledgers.")
                         .arg(report.auditEntries)
                         .arg(report.recordsVerified)
                         .arg(report.ledgerBalances)
                  << Qt::endl;
    }
    return report.ok() ? Success : Failure;
}

int addUser(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Add a user of this site (central will own users once the site is enrolled)."));
    p.addOption({QStringLiteral("username"), tr("Login name."), QStringLiteral("NAME")});
    p.addOption({QStringLiteral("name"), tr("Full name."), QStringLiteral("NAME")});
    p.addOption({QStringLiteral("role"), tr("nurse, site_manager, team_lead or admin."), QStringLiteral("ROLE")});
    p.addOption({QStringLiteral("password"), tr("At least 8 characters."), QStringLiteral("PASSWORD")});
    if (auto stop = ctx.parse(p, args, QStringLiteral("user add")))
        return *stop;
    for (const char* required : {"username", "name", "role", "password"}) {
        if (!p.isSet(QLatin1String(required)))
            return ctx.usage(tr("user add needs --username, --name, --role and --password."));
    }
    const auto role = roleFromKey(p.value(QStringLiteral("role")));
    if (!role)
        return ctx.fail(Error::invalid(QStringLiteral("role"), tr("Role must be nurse, site_manager, team_lead or admin.")));
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    auto session = ctx.session();
    if (!session.ok())
        return ctx.fail(session.error());
    AuthService auth(ctx.store());
    auto user = auth.createUser(&session.value(),
        {p.value(QStringLiteral("username")), p.value(QStringLiteral("name")), *role, p.value(QStringLiteral("password"))});
    if (!user.ok())
        return ctx.fail(user.error());
    if (ctx.json()) {
        QJsonObject o = user->toRecord();
        o.remove(QStringLiteral("password_hash"));
        ctx.printJson(o);
    } else {
        ctx.out() << tr("Added %1 (%2), %3.").arg(user->username, user->fullName, roleTitle(user->role)) << Qt::endl;
    }
    return Success;
}

} // namespace vax::cli

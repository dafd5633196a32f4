#include "CentralCli.h"

#include "server/CentralCliContext.h"
#include "server/CentralStockCli.h"

#include "app/auth/PasswordHash.h"
#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/vaccines/VaccineCatalogue.h"
#include "server/CentralAdmin.h"
#include "server/CentralDatabase.h"
#include "server/CentralHttpServer.h"
#include "server/PromptTcpServer.h"
#include "server/CentralSchema.h"
#include "server/DeviceRegistry.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace vax::server {

namespace {

using namespace cli;

int serve(Cli& cli, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Serve the sync API (docs/sync-protocol.md)."));
    p.addOption({QStringLiteral("listen"), tr("Address and port (port 0 = any free one)."), QStringLiteral("HOST:PORT"),
        QStringLiteral("127.0.0.1:8480")});
    if (auto stop = parse(cli, p, args, QStringLiteral("serve")))
        return *stop;
    const QString listen = p.value(QStringLiteral("listen"));
    const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
    const QHostAddress address(listen.left(colon));
    bool ok = false;
    const quint16 port = listen.mid(colon + 1).toUShort(&ok);
    if (colon < 0 || address.isNull() || !ok)
        return cli.usage(tr("--listen must be HOST:PORT, e.g. 127.0.0.1:8480."));
    auto* server = new CentralHttpServer(*cli.db, cli.clock, qApp);
    auto* socket = new PromptTcpServer(server);
    if (!socket->listen(address, port))
        return cli.fail(Error(ErrorCode::Io, tr("Cannot listen on %1: is the port in use?").arg(listen)));
    server->bind(socket);
    cli.out << "vaxcentral listening on http://" << address.toString() << ':' << socket->serverPort() << Qt::endl;
    return QCoreApplication::exec();
}

int siteAdd(Cli& cli, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Add a store, site or mobile team."));
    p.addOption({QStringLiteral("code"), tr("Its code."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("name"), tr("Its name."), QStringLiteral("NAME")});
    p.addOption({QStringLiteral("kind"), tr("national_store, province_store, district_store, site (default) or team."), QStringLiteral("KIND"),
        QStringLiteral("site")});
    p.addOption({QStringLiteral("parent"), tr("The code of the store or site above it (a team's site)."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("province"), tr("Province code."), QStringLiteral("CODE")});
    if (auto stop = parse(cli, p, args, QStringLiteral("admin site add")))
        return *stop;
    const auto kind = siteKindFromKey(p.value(QStringLiteral("kind")));
    if (!kind)
        return cli.fail(Error::invalid(QStringLiteral("kind"), tr("Kind must be national_store, province_store, district_store, site or team.")));
    CentralAdmin admin(*cli.db, cli.clock);
    auto site = admin.addSite(p.value(QStringLiteral("code")), p.value(QStringLiteral("name")), *kind, p.value(QStringLiteral("parent")),
        p.value(QStringLiteral("province")));
    if (!site.ok())
        return cli.fail(site.error());
    if (cli.json)
        cli.print(site->toRecord());
    else
        cli.out << tr("Added %1 %2 (%3).").arg(site->code, site->name, siteKindKey(site->kind)) << Qt::endl;
    return Success;
}

int userAdd(Cli& cli, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Add a user of a site; the password hash syncs to the site's devices for offline login."));
    p.addOption({QStringLiteral("site"), tr("Site code."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("username"), tr("Login name."), QStringLiteral("NAME")});
    p.addOption({QStringLiteral("name"), tr("Full name."), QStringLiteral("NAME")});
    p.addOption({QStringLiteral("role"), tr("nurse, site_manager, team_lead or admin."), QStringLiteral("ROLE")});
    p.addOption({QStringLiteral("password"), tr("At least 8 characters."), QStringLiteral("PASSWORD")});
    p.addOption({QStringLiteral("iterations"), tr("PBKDF2 iterations (tests only)."), QStringLiteral("N"),
        QString::number(PasswordHash::kDefaultIterations)});
    if (auto stop = parse(cli, p, args, QStringLiteral("admin user add")))
        return *stop;
    const auto role = roleFromKey(p.value(QStringLiteral("role")));
    if (!role)
        return cli.fail(Error::invalid(QStringLiteral("role"), tr("Role must be nurse, site_manager, team_lead or admin.")));
    CentralAdmin admin(*cli.db, cli.clock);
    auto user = admin.addUser(p.value(QStringLiteral("site")), p.value(QStringLiteral("username")), p.value(QStringLiteral("name")), *role,
        p.value(QStringLiteral("password")), std::max(1000, p.value(QStringLiteral("iterations")).toInt()));
    if (!user.ok())
        return cli.fail(user.error());
    if (cli.json) {
        QJsonObject o = user->toRecord();
        o.remove(QStringLiteral("password_hash"));
        cli.print(o);
    } else {
        cli.out << tr("Added %1 (%2).").arg(user->username, roleTitle(user->role)) << Qt::endl;
    }
    return Success;
}

int catalogueLoad(Cli& cli, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Load the vaccine catalogue (the built-in one, or --file): new products and changed fields sync to every device."));
    p.addOption({QStringLiteral("file"), tr("A catalogue JSON file (resources/vaccines/catalogue.json format)."), QStringLiteral("FILE")});
    if (auto stop = parse(cli, p, args, QStringLiteral("admin catalogue load")))
        return *stop;
    Result<VaccineCatalogue> catalogue = VaccineCatalogue::builtin();
    if (p.isSet(QStringLiteral("file"))) {
        QFile f(p.value(QStringLiteral("file")));
        if (!f.open(QIODevice::ReadOnly))
            return cli.fail(Error::invalid(QStringLiteral("file"), tr("Cannot read %1.").arg(f.fileName())));
        catalogue = VaccineCatalogue::parse(f.readAll());
    }
    if (!catalogue.ok())
        return cli.fail(catalogue.error());
    CentralAdmin admin(*cli.db, cli.clock);
    auto changed = admin.loadCatalogue(catalogue.value());
    if (!changed.ok())
        return cli.fail(changed.error());
    cli.out << tr("Catalogue %1: %2 products added or changed.").arg(catalogue->version()).arg(changed.value()) << Qt::endl;
    return Success;
}

int enrolCode(Cli& cli, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Issue a one-time enrolment code for a site's device or a mobile team's laptop, or (--device) one "
                                   "that enrols a refused device again, keeping its unsent changes."));
    p.addOption({QStringLiteral("site"), tr("Site code."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("team"), tr("Mobile team code (for a team laptop)."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("device"), tr("A known device's id: the code enrols that device again (its site and team are its own)."),
        QStringLiteral("ID")});
    p.addOption({QStringLiteral("hours"), tr("Valid for this many hours (default 72)."), QStringLiteral("N"), QStringLiteral("72")});
    if (auto stop = parse(cli, p, args, QStringLiteral("admin enrol-code")))
        return *stop;
    bool hoursOk = false;
    const int hours = p.value(QStringLiteral("hours")).toInt(&hoursOk);
    const bool forDevice = p.isSet(QStringLiteral("device"));
    if (forDevice && (p.isSet(QStringLiteral("site")) || p.isSet(QStringLiteral("team")))) {
        return cli.fail(Error::invalid(QStringLiteral("site"),
            tr("A code for a device takes the device's own site and team: leave out --site and --team.")));
    }
    CentralAdmin admin(*cli.db, cli.clock);
    const Result<QString> code = forDevice
        ? admin.issueDeviceCode(p.value(QStringLiteral("device")), hoursOk ? hours : 0)
        : admin.issueCode(p.value(QStringLiteral("site")), p.value(QStringLiteral("team")), hoursOk ? hours : 0);
    if (!code.ok())
        return cli.fail(code.error());
    if (cli.json)
        cli.print(QJsonObject{{QStringLiteral("code"), code.value()}});
    else
        cli.out << code.value() << Qt::endl;
    return Success;
}

// Why central refuses a device, and when, as the list shows it.
QString refusalText(const QJsonObject& d)
{
    const auto day = [&d](const char* key) { return dayText(fromIsoWithOffset(d.value(QLatin1String(key)).toString()).date()); };
    const QString why = d.value(QStringLiteral("refused")).toString();
    if (why == QLatin1String("revoked"))
        return tr("  REFUSED: revoked by an administrator on %1").arg(day("revoked_at"));
    if (why == QLatin1String("cloned"))
        return tr("  REFUSED: two copies of its database in use, or restored from a backup (cloned), since %1").arg(day("revoked_at"));
    if (why == QLatin1String("other_computer"))
        return tr("  REFUSED on another computer than its own (reinstalled, restored or copied), last on %1").arg(day("other_install_at"));
    if (d.contains(QStringLiteral("reenrolled_at")))
        return tr("  enrolled again on %1").arg(day("reenrolled_at"));
    return {};
}

int deviceList(Cli& cli, const QStringList& args)
{
    QCommandLineParser p;
    if (auto stop = parse(cli, p, args, QStringLiteral("admin device list")))
        return *stop;
    const QJsonArray devices = CentralAdmin(*cli.db, cli.clock).devices();
    if (cli.json) {
        cli.print(devices);
        return Success;
    }
    for (const QJsonValue& v : devices) {
        const QJsonObject d = v.toObject();
        cli.out << d.value(QStringLiteral("id")).toString() << "  " << d.value(QStringLiteral("name")).toString() << "  last seq "
                << d.value(QStringLiteral("last_seq")).toInteger() << refusalText(d)
                << (d.contains(QStringLiteral("clock_ahead_at")) ? tr("  CLOCK AHEAD") : QString()) << Qt::endl;
    }
    return Success;
}

int deviceRevoke(Cli& cli, const QStringList& args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("id"), tr("Device id."));
    if (auto stop = parse(cli, p, args, QStringLiteral("admin device revoke")))
        return *stop;
    if (p.positionalArguments().size() != 1)
        return cli.usage(tr("device revoke needs one device id."));
    DeviceRegistry registry(*cli.db, cli.clock);
    if (auto r = registry.revoke(p.positionalArguments().first()); !r.ok())
        return cli.fail(r.error());
    cli.out << tr("Revoked: the device's credential no longer works. To enrol it again later: vaxcentral admin enrol-code --device %1")
                   .arg(p.positionalArguments().first())
            << Qt::endl;
    return Success;
}

int reviewList(Cli& cli, const QStringList& args)
{
    QCommandLineParser p;
    p.addOption({QStringLiteral("site"), tr("Only this site's items."), QStringLiteral("CODE")});
    if (auto stop = parse(cli, p, args, QStringLiteral("admin review list")))
        return *stop;
    const QJsonArray items = CentralAdmin(*cli.db, cli.clock).reviewItems(p.value(QStringLiteral("site")));
    if (cli.json) {
        cli.print(items);
        return Success;
    }
    for (const QJsonValue& v : items) {
        const QJsonObject i = v.toObject();
        cli.out << i.value(QStringLiteral("kind")).toString() << "  " << i.value(QStringLiteral("entity")).toString() << ' '
                << i.value(QStringLiteral("record_id")).toString() << "  " << i.value(QStringLiteral("other_id")).toString()
                << i.value(QStringLiteral("field")).toString() << Qt::endl;
    }
    if (items.isEmpty())
        cli.out << tr("Nothing to review.") << Qt::endl;
    return Success;
}

} // namespace

// Finds the command's words anywhere among the arguments (options may come before, between or
// after them), skipping option values; returns the arguments without the words, or nullopt.
std::optional<QStringList> matchCommand(const QStringList& args, const QStringList& words)
{
    QStringList rest;
    qsizetype next = 0;
    bool valueExpected = false;
    for (const QString& a : args) {
        const bool isOption = a.startsWith(QLatin1String("--"));
        if (!valueExpected && !isOption && next < words.size() && a == words[next]) {
            ++next;
            continue;
        }
        rest << a;
        valueExpected = isOption && !a.contains(QLatin1Char('=')) && a != QLatin1String("--json") && a != QLatin1String("--help");
    }
    if (next != words.size())
        return std::nullopt;
    return rest;
}

int runCentral(const QStringList& arguments)
{
    cli::Cli cli;
    QList<CentralCommand> commands{
        {{QStringLiteral("serve")}, serve},
        {{QStringLiteral("admin"), QStringLiteral("site"), QStringLiteral("add")}, siteAdd},
        {{QStringLiteral("admin"), QStringLiteral("user"), QStringLiteral("add")}, userAdd},
        {{QStringLiteral("admin"), QStringLiteral("catalogue"), QStringLiteral("load")}, catalogueLoad},
        {{QStringLiteral("admin"), QStringLiteral("enrol-code")}, enrolCode},
        {{QStringLiteral("admin"), QStringLiteral("device"), QStringLiteral("list")}, deviceList},
        {{QStringLiteral("admin"), QStringLiteral("device"), QStringLiteral("revoke")}, deviceRevoke},
        {{QStringLiteral("admin"), QStringLiteral("review"), QStringLiteral("list")}, reviewList},
    };
    commands << stockCommands();
    for (const auto& [words, run] : commands) {
        if (const auto rest = matchCommand(arguments, words))
            return run(cli, *rest);
    }
    cli.out << tr("Usage: vaxcentral COMMAND (--db FILE | --pg CONNINFO) [options]\n\n"
                  "  serve [--listen HOST:PORT]          serve the sync API\n"
                  "  admin site add --code --name [--kind] [--parent] [--province]\n"
                  "  admin user add --site --username --name --role --password\n"
                  "  admin catalogue load [--file]\n"
                  "  admin enrol-code --site CODE [--team CODE] [--hours 72]\n"
                  "  admin enrol-code --device ID [--hours 72]   enrol a refused device again\n"
                  "  admin device list | admin device revoke ID\n"
                  "  admin review list [--site CODE]\n"
                  "  admin stock receive --store --product --lot --expiry --doses\n"
                  "  admin stock issue --store --to --lot --doses [--product]\n"
                  "  admin stock show --site CODE | admin stock shipments --store CODE\n");
    return arguments.isEmpty() || arguments.first() == QLatin1String("--help") ? Success : Usage;
}

} // namespace vax::server

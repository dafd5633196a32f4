#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"

#include <QCoreApplication>

#include <functional>

namespace vax::cli {

namespace {

struct Command {
    QStringList words;
    const char* summary;
    std::function<int(CliContext&, const QStringList&)> run;
};

const QList<Command>& commands()
{
    static const QList<Command> all{
        {{QStringLiteral("init")}, "Create a site database: --site CODE --name NAME", initSite},
        {{QStringLiteral("demo")}, "Fill a new site database with demo users, stock and people: --persons N", demoSite},
        {{QStringLiteral("check")}, "Check integrity: SQLite, audit chain, event rows, stock ledger", checkSite},
        {{QStringLiteral("user"), QStringLiteral("add")}, "Add a user: --username --name --role --password", addUser},
        {{QStringLiteral("person"), QStringLiteral("add")}, "Register a person: --name --dob --sex [--cccd] [--phone] …", addPerson},
        {{QStringLiteral("person"), QStringLiteral("search")}, "Find people by name, ID, phone or chip-ID QR text", searchPeople},
        {{QStringLiteral("person"), QStringLiteral("show")}, "Show a person and their doses", showPerson},
        {{QStringLiteral("person"), QStringLiteral("lookup")}, "Find a person on central, registered at any site (online)", lookupPerson},
        {{QStringLiteral("person"), QStringLiteral("attach")}, "Bring a person of another site here, with their doses: ID", attachPerson},
        {{QStringLiteral("stock"), QStringLiteral("receive")}, "Receive a shipment: --scan TEXT or --product --lot --expiry; --doses", receiveStock},
        {{QStringLiteral("stock"), QStringLiteral("show")}, "Stock on hand by lot", showStock},
        {{QStringLiteral("stock"), QStringLiteral("transfer")}, "Send sealed vials to a team: --to TEAM --lot --doses", transferStock},
        {{QStringLiteral("stock"), QStringLiteral("return")}, "From a team laptop, send vials back to the site: --lot --doses", returnStock},
        {{QStringLiteral("stock"), QStringLiteral("incoming")}, "Shipments to confirm here, and those sent still in transit", incomingStock},
        {{QStringLiteral("stock"), QStringLiteral("confirm")}, "Confirm a shipment: --shipment ID [--doses N --difference WHY]", confirmStock},
        {{QStringLiteral("stock"), QStringLiteral("open")}, "Open a multi-dose vial: --lot", openVial},
        {{QStringLiteral("stock"), QStringLiteral("vials")}, "Opened vials and their discard times", listVials},
        {{QStringLiteral("stock"), QStringLiteral("close-session")}, "End the session: discard what opened vials hold", closeSession},
        {{QStringLiteral("stock"), QStringLiteral("discard")}, "Closed-vial wastage: --lot --doses --reason", discardStock},
        {{QStringLiteral("stock"), QStringLiteral("quarantine")}, "Hold a lot: --lot --reason", quarantineStock},
        {{QStringLiteral("stock"), QStringLiteral("release")}, "End a lot's quarantine: --lot --reason", releaseStock},
        {{QStringLiteral("stock"), QStringLiteral("count")}, "Record a physical count: --lot --counted N", countStock},
        {{QStringLiteral("stock"), QStringLiteral("ledger")}, "Every movement [--lot --from --to --holder] [--csv FILE]", stockLedger},
        {{QStringLiteral("stock"), QStringLiteral("wastage")}, "Usage and wastage by product [--from --to]", stockWastage},
        {{QStringLiteral("dose"), QStringLiteral("record")}, "Record a dose: --person ID --product CODE --lot LOT [--arm]", recordDose},
        {{QStringLiteral("enroll")}, "Enrol this device with central (again, once refused, with a code for it): --server URL --code CODE", enrollDevice},
        {{QStringLiteral("sync"), QStringLiteral("status")}, "Where this device stands with central", syncStatus},
        {{QStringLiteral("sync")}, "Send and fetch changes now", syncNow},
        {{QStringLiteral("bundle"), QStringLiteral("export")}, "Write unsent changes to a signed file: FILE [--all]", exportBundle},
        {{QStringLiteral("bundle"), QStringLiteral("import")}, "Import another device's bundle to carry to central: FILE", importBundle},
    };
    return all;
}

QString overview()
{
    QString text = QCoreApplication::translate("vaxctl",
        "Usage: vaxctl --db FILE [--json] [--user NAME] COMMAND [options]\n\n"
        "VaxStation's command-line tool for IT staff and scripts: the same services as the app.\n"
        "Exit status: 0 success, 1 invalid input or failure (stderr names the field), 2 usage error.\n\n"
        "Commands:\n");
    for (const Command& c : commands())
        text += QStringLiteral("  %1%2\n").arg(c.words.join(QLatin1Char(' ')), -22).arg(QCoreApplication::translate("vaxctl", c.summary));
    text += QCoreApplication::translate("vaxctl", "\nRun 'vaxctl COMMAND --help' for a command's options.\n");
    return text;
}

} // namespace

int run(const QStringList& arguments)
{
    CliContext ctx;
    // Global options may come before the command; what follows the command is the command's.
    QCommandLineParser global;
    global.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    CliContext::addGlobalOptions(global);
    global.addVersionOption();
    if (!global.parse(QStringList{QStringLiteral("vaxctl")} + arguments))
        return ctx.usage(global.errorText());
    ctx.readGlobalOptions(global);
    const QStringList rest = global.positionalArguments();
    if (global.isSet(QStringLiteral("version"))) {
        ctx.out() << "vaxctl " << QCoreApplication::applicationVersion() << Qt::endl;
        return Success;
    }
    if (rest.isEmpty() || global.isSet(QStringLiteral("help"))) {
        ctx.out() << overview();
        ctx.out().flush();
        return rest.isEmpty() && !global.isSet(QStringLiteral("help")) ? UsageError : Success;
    }
    for (const Command& c : commands()) {
        if (rest.size() >= c.words.size() && rest.mid(0, c.words.size()) == c.words)
            return c.run(ctx, rest.mid(c.words.size()));
    }
    return ctx.usage(QCoreApplication::translate("vaxctl", "Unknown command '%1'.").arg(rest.join(QLatin1Char(' '))));
}

} // namespace vax::cli

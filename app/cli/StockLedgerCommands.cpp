// vaxctl stock transfer | return | incoming | confirm | discard | quarantine | release | count:
// the movements after the receipt, on StockLedgerService.
#include "app/cli/CliContext.h"
#include "app/cli/StockCliFormat.h"
#include "app/cli/Commands.h"
#include "app/services/StockLedgerService.h"
#include "app/stock/StockReasons.h"
#include "app/store/SiteStore.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <functional>

namespace vax::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("vaxctl", text);
}

using LedgerStep = std::function<Result<StockMovement>(StockLedgerService&, const Session&, const QCommandLineParser&, const QString& lotId)>;

// The common shape: parse, open, act as the user, resolve --lot, run the step, print the
// movement it recorded.
int runStep(CliContext& ctx, const QStringList& args, const QString& command, const QString& description,
    const QList<QCommandLineOption>& options, const QStringList& required, const LedgerStep& step)
{
    QCommandLineParser p;
    p.setApplicationDescription(description);
    addLotOptions(p);
    for (const QCommandLineOption& o : options)
        p.addOption(o);
    if (auto stop = ctx.parse(p, args, command))
        return *stop;
    QStringList needed{QStringLiteral("lot")};
    needed << required;
    for (const QString& option : needed) {
        if (!p.isSet(option))
            return ctx.usage(tr("%1 needs --%2.").arg(command, needed.join(QStringLiteral(", --"))));
    }
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    auto session = ctx.session();
    if (!session.ok())
        return ctx.fail(session.error());
    auto lot = resolveLot(ctx, p);
    if (!lot.ok())
        return ctx.fail(lot.error());
    StockLedgerService ledger(ctx.store(), ctx.clock());
    auto movement = step(ledger, session.value(), p, lot.value());
    if (!movement.ok())
        return ctx.fail(movement.error());
    printMovement(ctx, movement.value());
    return Success;
}

QCommandLineOption dosesOption(const QString& help)
{
    return {QStringLiteral("doses"), help, QStringLiteral("N")};
}

QCommandLineOption noteOption()
{
    return {QStringLiteral("note"), tr("Note."), QStringLiteral("TEXT")};
}

QCommandLineOption reasonOption(const QString& help)
{
    return {QStringLiteral("reason"), help, QStringLiteral("TEXT")};
}

} // namespace

int transferStock(CliContext& ctx, const QStringList& args)
{
    return runStep(ctx, args, QStringLiteral("stock transfer"),
        tr("Send sealed vials to a mobile team of this site (in transit until the team confirms)."),
        {{QStringLiteral("to"), tr("The team's code."), QStringLiteral("CODE")}, dosesOption(tr("Doses (whole vials).")), noteOption()},
        {QStringLiteral("to"), QStringLiteral("doses")},
        [](StockLedgerService& l, const Session& s, const QCommandLineParser& p, const QString& lot) {
            return l.transfer(s, p.value(QStringLiteral("to")), lot, p.value(QStringLiteral("doses")), p.value(QStringLiteral("note")));
        });
}

int returnStock(CliContext& ctx, const QStringList& args)
{
    return runStep(ctx, args, QStringLiteral("stock return"),
        tr("From a team laptop: send sealed vials back to the team's site (in transit until the site confirms)."),
        {dosesOption(tr("Doses (whole vials).")), noteOption()}, {QStringLiteral("doses")},
        [&ctx](StockLedgerService& l, const Session& s, const QCommandLineParser& p, const QString& lot) -> Result<StockMovement> {
            if (ctx.store().identity().teamId.isEmpty())
                return Error::invalid(QStringLiteral("to"), tr("This laptop is a site's, not a team's: use stock transfer --to TEAM."));
            return l.transfer(s, ctx.store().identity().siteId, lot, p.value(QStringLiteral("doses")), p.value(QStringLiteral("note")));
        });
}

int discardStock(CliContext& ctx, const QStringList& args)
{
    return runStep(ctx, args, QStringLiteral("stock discard"), tr("Record closed-vial wastage with its reason."),
        {dosesOption(tr("Doses (whole vials).")), reasonOption(wastageReasonKeys().join(QStringLiteral(", "))), noteOption()},
        {QStringLiteral("doses"), QStringLiteral("reason")},
        [](StockLedgerService& l, const Session& s, const QCommandLineParser& p, const QString& lot) {
            return l.discard(s, lot, p.value(QStringLiteral("doses")), p.value(QStringLiteral("reason")), p.value(QStringLiteral("note")));
        });
}

int quarantineStock(CliContext& ctx, const QStringList& args)
{
    return runStep(ctx, args, QStringLiteral("stock quarantine"), tr("Hold a lot here: it may not be injected or sent until released."),
        {reasonOption(tr("Why (a temperature alarm, a recall notice…)."))}, {QStringLiteral("reason")},
        [](StockLedgerService& l, const Session& s, const QCommandLineParser& p, const QString& lot) {
            return l.quarantine(s, lot, p.value(QStringLiteral("reason")));
        });
}

int releaseStock(CliContext& ctx, const QStringList& args)
{
    return runStep(ctx, args, QStringLiteral("stock release"), tr("End a lot's quarantine here."),
        {reasonOption(tr("Why it may be used again (who cleared it)."))}, {QStringLiteral("reason")},
        [](StockLedgerService& l, const Session& s, const QCommandLineParser& p, const QString& lot) {
            return l.release(s, lot, p.value(QStringLiteral("reason")));
        });
}

int countStock(CliContext& ctx, const QStringList& args)
{
    return runStep(ctx, args, QStringLiteral("stock count"),
        tr("Record a physical count of a lot (sealed and opened vials): the variance becomes an adjustment."),
        {{QStringLiteral("counted"), tr("Doses counted."), QStringLiteral("N")}, noteOption()}, {QStringLiteral("counted")},
        [](StockLedgerService& l, const Session& s, const QCommandLineParser& p, const QString& lot) {
            return l.count(s, lot, p.value(QStringLiteral("counted")), p.value(QStringLiteral("note")));
        });
}

int incomingStock(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Shipments sent to this site or team and not yet confirmed, and those it sent still in transit."));
    p.addOption({QStringLiteral("all"), tr("Also those already confirmed.")});
    if (auto stop = ctx.parse(p, args, QStringLiteral("stock incoming")))
        return *stop;
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    const QString holder = ctx.store().identity().holderId();
    const bool pending = !p.isSet(QStringLiteral("all"));
    const QList<Shipment> in = ctx.store().stock().shipmentsTo(holder, pending);
    const QList<Shipment> out = ctx.store().stock().shipmentsFrom(holder, pending);
    if (ctx.json()) {
        QJsonArray incoming;
        for (const Shipment& s : in)
            incoming.append(shipmentJson(s));
        QJsonArray sent;
        for (const Shipment& s : out)
            sent.append(shipmentJson(s));
        ctx.printJson(QJsonObject{{QStringLiteral("incoming"), incoming}, {QStringLiteral("sent"), sent}});
        return Success;
    }
    ctx.out() << tr("Incoming:") << Qt::endl;
    if (in.isEmpty())
        ctx.out() << tr("  nothing") << Qt::endl;
    for (const Shipment& s : in)
        ctx.out() << QStringLiteral("  ") << shipmentLine(ctx.store(), s) << Qt::endl;
    ctx.out() << tr("Sent:") << Qt::endl;
    if (out.isEmpty())
        ctx.out() << tr("  nothing") << Qt::endl;
    for (const Shipment& s : out)
        ctx.out() << QStringLiteral("  ") << shipmentLine(ctx.store(), s) << Qt::endl;
    return Success;
}

int confirmStock(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Confirm a shipment sent to this site or team (see stock incoming), with any difference."));
    p.addOption({QStringLiteral("shipment"), tr("The shipment's id."), QStringLiteral("ID")});
    p.addOption(dosesOption(tr("Doses that arrived (default: all that were sent).")));
    p.addOption({QStringLiteral("difference"), receiptDifferenceKeys().join(QStringLiteral(", ")), QStringLiteral("WHY")});
    p.addOption(noteOption());
    if (auto stop = ctx.parse(p, args, QStringLiteral("stock confirm")))
        return *stop;
    if (!p.isSet(QStringLiteral("shipment")))
        return ctx.usage(tr("stock confirm needs --shipment ID (see vaxctl stock incoming)."));
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    auto session = ctx.session();
    if (!session.ok())
        return ctx.fail(session.error());
    StockLedgerService ledger(ctx.store(), ctx.clock());
    auto movement = ledger.confirm(session.value(), {p.value(QStringLiteral("shipment")), p.value(QStringLiteral("doses")),
                                                         p.value(QStringLiteral("difference")), p.value(QStringLiteral("note"))});
    if (!movement.ok())
        return ctx.fail(movement.error());
    printMovement(ctx, movement.value());
    return Success;
}

} // namespace vax::cli

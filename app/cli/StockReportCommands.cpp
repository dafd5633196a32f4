// vaxctl stock open | close-session | vials | ledger | wastage: opened vials and the manager's
// figures, on VialService and StockReport.
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/cli/StockCliFormat.h"
#include "app/common/TimeText.h"
#include "app/services/StockReport.h"
#include "app/services/VialService.h"
#include "app/store/SiteStore.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>

namespace vax::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("vaxctl", text);
}

QJsonObject vialJson(const OpenVial& v, const QDateTime& now)
{
    QJsonObject o = v.vial.toRecord();
    o.insert(QStringLiteral("product"), v.productCode);
    o.insert(QStringLiteral("lot"), v.lotNumber);
    o.insert(QStringLiteral("doses_left"), v.left());
    o.insert(QStringLiteral("minutes_left"), qMax<qint64>(0, now.secsTo(v.vial.discardAt) / 60));
    return o;
}

QString vialLine(const OpenVial& v, const QDateTime& now)
{
    const qint64 minutes = now.secsTo(v.vial.discardAt) / 60;
    return QStringLiteral("%1 %2  %3 of %4 doses left  %5")
        .arg(v.productCode, -10)
        .arg(v.lotNumber, -12)
        .arg(v.left())
        .arg(v.vial.doses)
        .arg(minutes > 0 ? tr("discard by %1 (%2 min)").arg(v.vial.discardAt.toString(QStringLiteral("HH:mm"))).arg(minutes)
                         : tr("past its discard time: discard it"));
}

// --from/--to as dates; `days` back from today when --from is missing.
Result<std::pair<QDate, QDate>> period(CliContext& ctx, const QCommandLineParser& p, int days)
{
    const QDate today = ctx.clock().today();
    QDate to = today;
    QDate from = today.addDays(-(days - 1));
    if (p.isSet(QStringLiteral("to"))) {
        to = QDate::fromString(p.value(QStringLiteral("to")), Qt::ISODate);
        if (!to.isValid())
            return Error::invalid(QStringLiteral("to"), tr("--to must be a date YYYY-MM-DD."));
    }
    if (p.isSet(QStringLiteral("from"))) {
        from = QDate::fromString(p.value(QStringLiteral("from")), Qt::ISODate);
        if (!from.isValid())
            return Error::invalid(QStringLiteral("from"), tr("--from must be a date YYYY-MM-DD."));
    }
    if (from > to)
        return Error::invalid(QStringLiteral("from"), tr("--from is after --to: swap them."));
    return std::pair{from, to};
}

void addPeriodOptions(QCommandLineParser& p, const QString& fromHelp)
{
    p.addOption({QStringLiteral("from"), fromHelp, QStringLiteral("DATE")});
    p.addOption({QStringLiteral("to"), tr("Last day YYYY-MM-DD (default today)."), QStringLiteral("DATE")});
}

QJsonValue percent(const std::optional<double>& value)
{
    return value ? QJsonValue(qRound(*value * 10) / 10.0) : QJsonValue();
}

QString percentText(const std::optional<double>& value)
{
    return value ? QString::number(*value, 'f', 1) + QLatin1Char('%') : QStringLiteral("–");
}

void addHolderOption(QCommandLineParser& p, const QString& description)
{
    p.addOption({QStringLiteral("holder"), description, QStringLiteral("CODE")});
}

// --holder CODE as the one holder it names (empty: every holder of this laptop).
Result<QStringList> chosenHolders(StockReport& report, const QCommandLineParser& p)
{
    if (!p.isSet(QStringLiteral("holder")))
        return QStringList{};
    const QString code = p.value(QStringLiteral("holder")).trimmed();
    for (const QString& id : report.holderIds()) {
        if (report.holderCode(id).compare(code, Qt::CaseInsensitive) == 0)
            return QStringList{id};
    }
    return Error::invalid(QStringLiteral("holder"), tr("'%1' is not this site or one of its teams.").arg(code));
}

} // namespace

int openVial(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Open a multi-dose vial of a lot: its discard time starts now."));
    addLotOptions(p);
    if (auto stop = ctx.parse(p, args, QStringLiteral("stock open")))
        return *stop;
    if (!p.isSet(QStringLiteral("lot")))
        return ctx.usage(tr("stock open needs --lot."));
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    auto session = ctx.session();
    if (!session.ok())
        return ctx.fail(session.error());
    auto lot = resolveLot(ctx, p);
    if (!lot.ok())
        return ctx.fail(lot.error());
    VialService vials(ctx.store(), ctx.clock());
    auto vial = vials.open(session.value(), lot.value());
    if (!vial.ok())
        return ctx.fail(vial.error());
    for (const OpenVial& v : vials.openVials()) {
        if (v.vial.stamp.id != vial->stamp.id)
            continue;
        if (ctx.json())
            ctx.printJson(vialJson(v, ctx.clock().now()));
        else
            ctx.out() << tr("Opened: ") << vialLine(v, ctx.clock().now()) << Qt::endl;
    }
    return Success;
}

int closeSession(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("End the vaccination session: what is left in every opened vial is recorded as open-vial wastage."));
    if (auto stop = ctx.parse(p, args, QStringLiteral("stock close-session")))
        return *stop;
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    auto session = ctx.session();
    if (!session.ok())
        return ctx.fail(session.error());
    auto closed = VialService(ctx.store(), ctx.clock()).closeSession(session.value());
    if (!closed.ok())
        return ctx.fail(closed.error());
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("vials_discarded"), closed.value()}});
    else
        ctx.out() << tr("Session closed: %1 opened vial(s) discarded.").arg(closed.value()) << Qt::endl;
    return Success;
}

int listVials(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Opened vials here with doses left, soonest discard first."));
    if (auto stop = ctx.parse(p, args, QStringLiteral("stock vials")))
        return *stop;
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    const QDateTime now = ctx.clock().now();
    const QList<OpenVial> open = VialService(ctx.store(), ctx.clock()).openVials();
    if (ctx.json()) {
        QJsonArray list;
        for (const OpenVial& v : open)
            list.append(vialJson(v, now));
        ctx.printJson(list);
        return Success;
    }
    if (open.isEmpty())
        ctx.out() << tr("No opened vials.") << Qt::endl;
    for (const OpenVial& v : open)
        ctx.out() << vialLine(v, now) << Qt::endl;
    return Success;
}

int stockLedger(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("The stock ledger: every movement of this site and its teams (or this team), oldest first."));
    addLotOptions(p);
    addPeriodOptions(p, tr("First day YYYY-MM-DD (default: the beginning)."));
    addHolderOption(p, tr("Only this holder's movements (site or team code)."));
    p.addOption({QStringLiteral("csv"), tr("Write CSV to FILE (- for standard output)."), QStringLiteral("FILE")});
    if (auto stop = ctx.parse(p, args, QStringLiteral("stock ledger")))
        return *stop;
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    LedgerFilter filter;
    if (p.isSet(QStringLiteral("lot"))) {
        auto lot = resolveLot(ctx, p);
        if (!lot.ok())
            return ctx.fail(lot.error());
        filter.lotId = lot.value();
    }
    if (p.isSet(QStringLiteral("from")) || p.isSet(QStringLiteral("to"))) {
        auto range = period(ctx, p, 36500);
        if (!range.ok())
            return ctx.fail(range.error());
        filter.from = p.isSet(QStringLiteral("from")) ? range->first : QDate();
        filter.to = range->second;
    }
    StockReport report(ctx.store());
    auto holders = chosenHolders(report, p);
    if (!holders.ok())
        return ctx.fail(holders.error());
    filter.holderIds = *holders;
    const QList<LedgerRow> rows = report.ledger(filter);
    if (p.isSet(QStringLiteral("csv"))) {
        const QString target = p.value(QStringLiteral("csv"));
        QFile file(target);
        const bool opened = target == QLatin1String("-") ? file.open(stdout, QIODevice::WriteOnly) : file.open(QIODevice::WriteOnly | QIODevice::Truncate);
        if (!opened)
            return ctx.fail(Error::invalid(QStringLiteral("csv"), tr("Cannot write %1: %2.").arg(target, file.errorString())));
        if (auto r = report.writeCsv(rows, file); !r.ok())
            return ctx.fail(r.error());
        if (target != QLatin1String("-"))
            ctx.err() << tr("%1 movement(s) written to %2.").arg(rows.size()).arg(target) << Qt::endl;
        return Success;
    }
    if (ctx.json()) {
        QJsonArray list;
        for (const LedgerRow& r : rows)
            list.append(movementJson(ctx.store(), r.movement));
        ctx.printJson(list);
        return Success;
    }
    if (rows.isEmpty())
        ctx.out() << tr("No movements.") << Qt::endl;
    for (const LedgerRow& r : rows)
        ctx.out() << movementLine(ctx.store(), r.movement) << Qt::endl;
    return Success;
}

int stockWastage(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Usage, wastage rate and factor, and days of stock by product over a period (default the last 30 days)."));
    addPeriodOptions(p, tr("First day YYYY-MM-DD (default 30 days ago)."));
    addHolderOption(p, tr("Only this holder's figures (site or team code; default the site and its teams)."));
    if (auto stop = ctx.parse(p, args, QStringLiteral("stock wastage")))
        return *stop;
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    auto range = period(ctx, p, 30);
    if (!range.ok())
        return ctx.fail(range.error());
    StockReport report(ctx.store());
    auto holders = chosenHolders(report, p);
    if (!holders.ok())
        return ctx.fail(holders.error());
    const QList<WastageLine> lines = report.wastage(range->first, range->second, *holders);
    if (ctx.json()) {
        QJsonArray list;
        for (const WastageLine& l : lines) {
            const StockFlow& f = l.flow;
            list.append(QJsonObject{{QStringLiteral("product"), f.productCode}, {QStringLiteral("opening"), f.opening},
                {QStringLiteral("received"), f.received}, {QStringLiteral("sent_out"), f.sentOut},
                {QStringLiteral("between_holders"), f.betweenHolders},
                {QStringLiteral("administered"), f.administered}, {QStringLiteral("wasted_closed_vial"), f.wastedClosed},
                {QStringLiteral("wasted_open_vial"), f.wastedOpen}, {QStringLiteral("adjusted"), f.adjusted},
                {QStringLiteral("closing"), f.closing}, {QStringLiteral("issued"), l.figures.issued},
                {QStringLiteral("usage_rate"), percent(l.figures.usageRate)}, {QStringLiteral("wastage_rate"), percent(l.figures.wastageRate)},
                {QStringLiteral("wastage_factor"), l.figures.wastageFactor ? QJsonValue(qRound(*l.figures.wastageFactor * 100) / 100.0) : QJsonValue()},
                {QStringLiteral("ceiling_percent"), l.ceilingPercent}, {QStringLiteral("over_ceiling"), l.overCeiling()},
                {QStringLiteral("days_of_stock"), l.daysOfStock ? QJsonValue(qRound(*l.daysOfStock * 10) / 10.0) : QJsonValue()}});
        }
        ctx.printJson(QJsonObject{{QStringLiteral("from"), range->first.toString(Qt::ISODate)},
            {QStringLiteral("to"), range->second.toString(Qt::ISODate)}, {QStringLiteral("products"), list}});
        return Success;
    }
    ctx.out() << tr("%1 to %2").arg(range->first.toString(Qt::ISODate), range->second.toString(Qt::ISODate)) << Qt::endl;
    ctx.out() << tr("product      issued  given  wasted  wastage  factor  ceiling  on hand  days") << Qt::endl;
    for (const WastageLine& l : lines) {
        const StockFlow& f = l.flow;
        ctx.out() << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9")
                         .arg(f.productCode, -10)
                         .arg(l.figures.issued, 8)
                         .arg(f.administered, 6)
                         .arg(f.wastedClosed + f.wastedOpen, 7)
                         .arg(percentText(l.figures.wastageRate), 8)
                         .arg(l.figures.wastageFactor ? QString::number(*l.figures.wastageFactor, 'f', 2) : QStringLiteral("–"), 7)
                         .arg(QString::number(l.ceilingPercent) + QLatin1Char('%'), 8)
                         .arg(f.closing, 8)
                         .arg(l.daysOfStock ? QString::number(*l.daysOfStock, 'f', 0) : QStringLiteral("–"), 5)
                  << (l.overCeiling() ? tr("  over the ceiling") : QString()) << Qt::endl;
    }
    return Success;
}

} // namespace vax::cli

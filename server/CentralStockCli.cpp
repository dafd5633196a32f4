#include "CentralStockCli.h"

#include "app/common/TimeText.h"
#include "server/CentralStock.h"

namespace vax::server {

namespace {

using namespace cli;


QJsonObject movementJson(const StockMovement& m)
{
    QJsonObject o{{QStringLiteral("id"), m.stamp.id}, {QStringLiteral("doses"), std::abs(m.doses)},
        {QStringLiteral("at"), toIsoWithOffset(m.occurredAt)}};
    if (!m.reason.isEmpty())
        o.insert(QStringLiteral("difference"), m.reason);
    if (!m.note.isEmpty())
        o.insert(QStringLiteral("note"), m.note);
    return o;
}

QJsonObject lotJson(const QString& productCode, const Lot& lot)
{
    return {{QStringLiteral("product"), productCode}, {QStringLiteral("lot"), lot.lotNumber},
        {QStringLiteral("expiry"), lot.expiry.toString(Qt::ISODate)}};
}

int printMovement(Cli& cli, const Result<StockMovement>& m, const QString& done)
{
    if (!m.ok())
        return cli.fail(m.error());
    if (cli.json)
        cli.print(movementJson(*m));
    else
        cli.out << done << Qt::endl;
    return Success;
}

int receive(Cli& cli, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Record vaccine arriving at a store (from the manufacturer or the level above)."));
    p.addOption({QStringLiteral("store"), tr("The store's code."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("product"), tr("Product code from the catalogue."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("lot"), tr("Lot number as printed."), QStringLiteral("LOT")});
    p.addOption({QStringLiteral("expiry"), tr("Expiry date, YYYY-MM-DD."), QStringLiteral("DATE")});
    p.addOption({QStringLiteral("doses"), tr("Doses received (whole vials)."), QStringLiteral("N")});
    p.addOption({QStringLiteral("gtin"), tr("The pack's GTIN."), QStringLiteral("GTIN")});
    p.addOption({QStringLiteral("note"), tr("A note (delivery note number)."), QStringLiteral("TEXT")});
    if (auto stop = parse(cli, p, args, QStringLiteral("admin stock receive")))
        return *stop;
    ReceiptDraft d{p.value(QStringLiteral("product")), p.value(QStringLiteral("lot")), p.value(QStringLiteral("expiry")),
        p.value(QStringLiteral("doses")), p.value(QStringLiteral("gtin")), p.value(QStringLiteral("note"))};
    auto m = CentralStock(*cli.db, cli.clock).receive(p.value(QStringLiteral("store")), d);
    return printMovement(cli, m, m.ok() ? tr("Received %1 doses of lot %2 at %3.").arg(m->doses).arg(Lot::normalizeNumber(d.lotNumber), p.value(QStringLiteral("store")).toUpper()) : QString());
}

int issue(Cli& cli, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Ship sealed vials from a store to a site (or store) below it; in transit until the site confirms."));
    p.addOption({QStringLiteral("store"), tr("The store shipping."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("to"), tr("The site or store receiving."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("product"), tr("Product code, when two products share the lot number."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("lot"), tr("Lot number."), QStringLiteral("LOT")});
    p.addOption({QStringLiteral("doses"), tr("Doses to ship (whole vials)."), QStringLiteral("N")});
    p.addOption({QStringLiteral("note"), tr("A note (the delivery note number)."), QStringLiteral("TEXT")});
    if (auto stop = parse(cli, p, args, QStringLiteral("admin stock issue")))
        return *stop;
    auto m = CentralStock(*cli.db, cli.clock)
                 .issue(p.value(QStringLiteral("store")), p.value(QStringLiteral("to")), p.value(QStringLiteral("product")),
                     p.value(QStringLiteral("lot")), p.value(QStringLiteral("doses")), p.value(QStringLiteral("note")));
    return printMovement(cli, m,
        m.ok() ? tr("Shipped %1 doses to %2: in transit until the site confirms it (shipment %3).").arg(-m->doses).arg(p.value(QStringLiteral("to")).toUpper(), m->stamp.id)
               : QString());
}

int show(Cli& cli, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("What central's ledger says a store, or a site and its teams, hold."));
    p.addOption({QStringLiteral("site"), tr("The store's or site's code."), QStringLiteral("CODE")});
    if (auto stop = parse(cli, p, args, QStringLiteral("admin stock show")))
        return *stop;
    auto held = CentralStock(*cli.db, cli.clock).onHand(p.value(QStringLiteral("site")));
    if (!held.ok())
        return cli.fail(held.error());
    if (cli.json) {
        QJsonArray rows;
        for (const CentralBalance& b : *held) {
            QJsonObject o = lotJson(b.productCode, b.lot);
            o.insert(QStringLiteral("holder"), b.holder.code);
            o.insert(QStringLiteral("doses"), b.doses);
            rows.append(o);
        }
        cli.print(rows);
        return Success;
    }
    for (const CentralBalance& b : *held) {
        cli.out << b.holder.code.leftJustified(16) << ' ' << b.productCode.leftJustified(12) << ' ' << b.lot.lotNumber.leftJustified(12)
                << ' ' << dayText(b.lot.expiry) << ' ' << QString::number(b.doses).rightJustified(8) << (b.doses < 0 ? tr("  below zero: count it") : QString())
                << Qt::endl;
    }
    if (held->isEmpty())
        cli.out << tr("No stock on hand.") << Qt::endl;
    return Success;
}

int shipments(Cli& cli, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("A store's shipments, newest first, with what the site confirmed and any difference."));
    p.addOption({QStringLiteral("store"), tr("The store's code."), QStringLiteral("CODE")});
    if (auto stop = parse(cli, p, args, QStringLiteral("admin stock shipments")))
        return *stop;
    auto list = CentralStock(*cli.db, cli.clock).shipments(p.value(QStringLiteral("store")));
    if (!list.ok())
        return cli.fail(list.error());
    if (cli.json) {
        QJsonArray rows;
        for (const CentralShipment& s : *list) {
            QJsonObject o = lotJson(s.productCode, s.lot);
            o.insert(QStringLiteral("to"), s.to.code);
            o.insert(QStringLiteral("sent"), movementJson(s.sent));
            if (s.received)
                o.insert(QStringLiteral("received"), movementJson(*s.received));
            rows.append(o);
        }
        cli.print(rows);
        return Success;
    }
    for (const CentralShipment& s : *list) {
        QString state = tr("in transit");
        if (s.received) {
            state = tr("received %1 on %2").arg(s.received->doses).arg(dayText(s.received->occurredAt.date()));
            if (s.received->doses != -s.sent.doses) {
                state += tr(", %1 missing (%2)").arg(-s.sent.doses - s.received->doses).arg(s.received->reason);
            }
        }
        cli.out << dayText(s.sent.occurredAt.date()) << "  " << s.to.code.leftJustified(16) << ' ' << s.productCode.leftJustified(12) << ' '
                << s.lot.lotNumber.leftJustified(12) << ' ' << QString::number(-s.sent.doses).rightJustified(7) << "  " << state << Qt::endl;
    }
    if (list->isEmpty())
        cli.out << tr("No shipments from this store.") << Qt::endl;
    return Success;
}

} // namespace

QList<CentralCommand> stockCommands()
{
    const QString admin = QStringLiteral("admin");
    const QString stock = QStringLiteral("stock");
    return {
        {{admin, stock, QStringLiteral("receive")}, receive},
        {{admin, stock, QStringLiteral("issue")}, issue},
        {{admin, stock, QStringLiteral("show")}, show},
        {{admin, stock, QStringLiteral("shipments")}, shipments},
    };
}

} // namespace vax::server

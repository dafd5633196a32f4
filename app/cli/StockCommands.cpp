#include "app/cli/CliContext.h"
#include "app/cli/CliFormat.h"
#include "app/cli/Commands.h"
#include "app/common/TimeText.h"
#include "app/services/InjectionService.h"
#include "app/services/StockService.h"
#include "app/stock/Lot.h"
#include "app/store/CatalogueRepository.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/SiteStore.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace vax::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("vaxctl", text);
}

} // namespace

int receiveStock(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Receive a shipment into this site's stock (a receipt in the ledger)."));
    p.addOption({QStringLiteral("product"), tr("Product code (VAXZEVRIA, COMIRNATY, …)."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("lot"), tr("Lot number as printed on the box."), QStringLiteral("LOT")});
    p.addOption({QStringLiteral("expiry"), tr("Expiry date YYYY-MM-DD."), QStringLiteral("DATE")});
    p.addOption({QStringLiteral("doses"), tr("Doses received (whole vials)."), QStringLiteral("N")});
    p.addOption({QStringLiteral("note"), tr("Note (delivery slip number, …)."), QStringLiteral("TEXT")});
    p.addOption({QStringLiteral("scan"), tr("The pack's GS1 DataMatrix as the scanner types it: fills product, lot and expiry."),
        QStringLiteral("TEXT")});
    if (auto stop = ctx.parse(p, args, QStringLiteral("stock receive")))
        return *stop;
    const bool scanned = p.isSet(QStringLiteral("scan"));
    for (const char* required : {"product", "lot", "expiry", "doses"}) {
        if (!p.isSet(QLatin1String(required)) && !(scanned && QLatin1String(required) != QLatin1String("doses")))
            return ctx.usage(tr("stock receive needs --doses, and --scan TEXT or --product, --lot and --expiry."));
    }
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    auto session = ctx.session();
    if (!session.ok())
        return ctx.fail(session.error());
    StockService stock(ctx.store(), ctx.clock());
    ReceiptDraft d;
    if (scanned) {
        auto fromScan = stock.draftFromScan(p.value(QStringLiteral("scan")), p.value(QStringLiteral("product")));
        if (!fromScan.ok())
            return ctx.fail(fromScan.error());
        d = fromScan.value();
    } else {
        d.productCode = p.value(QStringLiteral("product"));
        d.lotNumber = p.value(QStringLiteral("lot"));
        d.expiry = p.value(QStringLiteral("expiry"));
    }
    d.doses = p.value(QStringLiteral("doses"));
    d.note = p.value(QStringLiteral("note"));
    auto balance = stock.receive(session.value(), d);
    if (!balance.ok())
        return ctx.fail(balance.error());
    if (ctx.json())
        ctx.printJson(lotBalanceJson(balance.value()));
    else
        ctx.out() << tr("Received. On hand now: ") << lotBalanceLine(balance.value()) << Qt::endl;
    return Success;
}

int showStock(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Stock on hand at this site (or this team), by product, lot and expiry."));
    if (auto stop = ctx.parse(p, args, QStringLiteral("stock show")))
        return *stop;
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    StockService stock(ctx.store(), ctx.clock());
    const QList<LotBalance> lots = stock.onHand();
    if (ctx.json()) {
        QJsonArray list;
        for (const LotBalance& b : lots)
            list.append(lotBalanceJson(b));
        ctx.printJson(list);
        return Success;
    }
    if (lots.isEmpty())
        ctx.out() << tr("No stock on hand.") << Qt::endl;
    for (const LotBalance& b : lots)
        ctx.out() << lotBalanceLine(b) << Qt::endl;
    return Success;
}

int recordDose(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Record a dose given, with its stock movement, in one transaction. The dose number comes from "
                                   "the person's history. (The app also requires today's screening; vaxctl records doses given.)"));
    p.addOption({QStringLiteral("person"), tr("The person's id."), QStringLiteral("ID")});
    p.addOption({QStringLiteral("product"), tr("Product code."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("lot"), tr("Lot number."), QStringLiteral("LOT")});
    p.addOption({QStringLiteral("arm"), tr("left or right (default left)."), QStringLiteral("SIDE"), QStringLiteral("left")});
    p.addOption({QStringLiteral("at"), tr("When it was given, ISO 8601 (default now)."), QStringLiteral("TIME")});
    p.addOption({QStringLiteral("note"), tr("Note."), QStringLiteral("TEXT")});
    if (auto stop = ctx.parse(p, args, QStringLiteral("dose record")))
        return *stop;
    for (const char* required : {"person", "product", "lot"}) {
        if (!p.isSet(QLatin1String(required)))
            return ctx.usage(tr("dose record needs --person, --product and --lot."));
    }
    const auto site = bodySiteFromKey(p.value(QStringLiteral("arm")));
    if (!site)
        return ctx.fail(Error::invalid(QStringLiteral("arm"), tr("Arm must be left or right.")));
    QDateTime at;
    if (p.isSet(QStringLiteral("at"))) {
        at = fromIsoWithOffset(p.value(QStringLiteral("at")));
        if (!at.isValid())
            return ctx.fail(Error::invalid(QStringLiteral("at"), tr("--at must be a time like 2026-11-25T09:30 (ISO 8601).")));
    }
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    auto session = ctx.session();
    if (!session.ok())
        return ctx.fail(session.error());
    const auto product = ctx.store().catalogue().productByCode(p.value(QStringLiteral("product")));
    if (!product) {
        return ctx.fail(Error::invalid(QStringLiteral("product"),
            tr("Product '%1' is not in the catalogue: see vaxctl stock show.").arg(p.value(QStringLiteral("product")))));
    }
    DoseRequest d;
    d.personId = p.value(QStringLiteral("person"));
    d.lotId = Lot::idFor(product->stamp.id, p.value(QStringLiteral("lot")));
    d.bodySite = *site;
    d.injectedAt = at;
    d.note = p.value(QStringLiteral("note"));
    d.requireScreening = false;
    InjectionService injections(ctx.store(), ctx.clock());
    auto dose = injections.record(session.value(), d);
    if (!dose.ok())
        return ctx.fail(dose.error());
    for (const QString& w : dose->warnings)
        ctx.err() << tr("note: ") << w << Qt::endl;
    InjectionView view;
    view.injection = dose->injection;
    view.productCode = product->code;
    view.productName = product->name;
    view.lotNumber = Lot::normalizeNumber(p.value(QStringLiteral("lot")));
    view.nurseName = session->user.fullName;
    if (ctx.json()) {
        QJsonObject o = injectionJson(view);
        o.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(dose->warnings));
        ctx.printJson(o);
    } else {
        ctx.out() << tr("Recorded ") << injectionLine(view) << Qt::endl;
    }
    return Success;
}

} // namespace vax::cli

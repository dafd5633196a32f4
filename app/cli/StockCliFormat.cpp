#include "StockCliFormat.h"

#include "app/cli/CliContext.h"
#include "app/common/TimeText.h"
#include "app/stock/Lot.h"
#include "app/stock/StockReasons.h"
#include "app/store/CatalogueRepository.h"
#include "app/store/SiteStore.h"

#include <QCoreApplication>

namespace vax::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("vaxctl", text);
}

} // namespace

void addLotOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("lot"), tr("Lot number as printed on the box."), QStringLiteral("LOT")});
    parser.addOption({QStringLiteral("product"), tr("Product code, when two products have a lot of that number."), QStringLiteral("CODE")});
}

Result<QString> resolveLot(CliContext& ctx, const QCommandLineParser& parser)
{
    const QString number = Lot::normalizeNumber(parser.value(QStringLiteral("lot")));
    SiteStore& store = ctx.store();
    if (parser.isSet(QStringLiteral("product"))) {
        const auto product = store.catalogue().productByCode(parser.value(QStringLiteral("product")));
        if (!product)
            return Error::invalid(QStringLiteral("product"), tr("Product '%1' is not in the catalogue.").arg(parser.value(QStringLiteral("product"))));
        const QString id = Lot::idFor(product->stamp.id, number);
        if (!store.catalogue().lot(id))
            return Error::invalid(QStringLiteral("lot"), tr("Lot %1 of %2 is not known here: see vaxctl stock show.").arg(number, product->code));
        return id;
    }
    QStringList matches;
    for (const VaccineProduct& product : store.catalogue().products()) {
        const QString id = Lot::idFor(product.stamp.id, number);
        if (store.catalogue().lot(id))
            matches << id;
    }
    if (matches.isEmpty())
        return Error::invalid(QStringLiteral("lot"), tr("Lot %1 is not known here: see vaxctl stock show.").arg(number));
    if (matches.size() > 1)
        return Error::invalid(QStringLiteral("product"), tr("Two products have a lot %1: add --product CODE.").arg(number));
    return matches.first();
}

QString holderCode(SiteStore& store, const QString& holderId)
{
    const auto s = store.stock().holder(holderId);
    return s ? s->code : holderId;
}

QJsonObject movementJson(SiteStore& store, const StockMovement& m)
{
    QJsonObject o = m.toRecord();
    if (const auto lot = store.catalogue().lot(m.lotId)) {
        o.insert(QStringLiteral("lot"), lot->lotNumber);
        if (const auto product = store.catalogue().product(lot->productId))
            o.insert(QStringLiteral("product"), product->code);
    }
    o.insert(QStringLiteral("holder"), holderCode(store, m.holderId));
    if (!m.counterpartId.isEmpty())
        o.insert(QStringLiteral("counterpart"), holderCode(store, m.counterpartId));
    return o;
}

QString movementLine(SiteStore& store, const StockMovement& m)
{
    const QJsonObject o = movementJson(store, m);
    QString line = QStringLiteral("%1  %2  %3  %4 %5  %6")
                       .arg(m.occurredAt.toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                       .arg(o.value(QStringLiteral("holder")).toString(), -14)
                       .arg(movementKindKey(m.kind), -12)
                       .arg(o.value(QStringLiteral("product")).toString(), -10)
                       .arg(o.value(QStringLiteral("lot")).toString(), -12)
                       .arg(m.doses, 6);
    if (!m.counterpartId.isEmpty())
        line += (m.doses < 0 ? tr("  to ") : tr("  from ")) + o.value(QStringLiteral("counterpart")).toString();
    if (!m.reason.isEmpty())
        line += QStringLiteral("  (") + StockReasonText::label(m.reason) + QLatin1Char(')');
    if (!m.note.isEmpty())
        line += QStringLiteral("  ") + m.note;
    return line;
}

void printMovement(CliContext& ctx, const StockMovement& m)
{
    if (ctx.json())
        ctx.printJson(movementJson(ctx.store(), m));
    else
        ctx.out() << tr("Recorded: ") << movementLine(ctx.store(), m) << Qt::endl;
}

QJsonObject shipmentJson(const Shipment& s)
{
    QJsonObject o{
        {QStringLiteral("shipment"), s.sent.stamp.id},
        {QStringLiteral("from_id"), s.sent.holderId},
        {QStringLiteral("to_id"), s.sent.counterpartId},
        {QStringLiteral("product"), s.productCode},
        {QStringLiteral("lot"), s.lotNumber},
        {QStringLiteral("expiry_date"), s.expiry.toString(Qt::ISODate)},
        {QStringLiteral("doses_sent"), s.dosesSent()},
        {QStringLiteral("sent_at"), toIsoWithOffset(s.sent.occurredAt)},
    };
    if (s.received) {
        o.insert(QStringLiteral("doses_received"), s.received->doses);
        o.insert(QStringLiteral("received_at"), toIsoWithOffset(s.received->occurredAt));
        o.insert(QStringLiteral("difference"), s.difference());
        if (!s.received->reason.isEmpty())
            o.insert(QStringLiteral("difference_reason"), s.received->reason);
    }
    return o;
}

QString shipmentLine(SiteStore& store, const Shipment& s)
{
    QString line = QStringLiteral("%1  %2 → %3  %4 %5  %6 doses")
                       .arg(s.sent.stamp.id, holderCode(store, s.sent.holderId), holderCode(store, s.sent.counterpartId))
                       .arg(s.productCode, s.lotNumber)
                       .arg(s.dosesSent());
    if (!s.received)
        return line + tr("  in transit since ") + s.sent.occurredAt.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    line += tr("  received %1").arg(s.received->doses);
    if (s.difference() != 0)
        line += QStringLiteral(" (%1 %2)").arg(-s.difference()).arg(StockReasonText::label(s.received->reason));
    return line;
}

} // namespace vax::cli

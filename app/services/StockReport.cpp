#include "StockReport.h"

#include "app/common/TimeText.h"
#include "app/stock/StockReasons.h"
#include "app/store/CatalogueRepository.h"
#include "app/store/SiteStore.h"

#include <QHash>

namespace vax {

namespace {

QString csvField(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n'))
        && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

StockReport::StockReport(SiteStore& store)
    : m_store(store)
    , m_own(store)
{
}

QStringList StockReport::holderIds()
{
    return m_own.holderIds();
}

QString StockReport::holderCode(const QString& holderId)
{
    return m_own.holderCode(holderId);
}

QList<LedgerRow> StockReport::ledger(const LedgerFilter& filter)
{
    LedgerFilter f = filter;
    if (f.holderIds.isEmpty())
        f.holderIds = holderIds();
    struct LotName {
        QString product;
        QString number;
        QDate expiry;
    };
    QHash<QString, LotName> lots;
    QList<LedgerRow> out;
    for (const StockMovement& m : m_store.stock().ledger(f)) {
        auto it = lots.find(m.lotId);
        if (it == lots.end()) {
            LotName name;
            if (const auto lot = m_store.catalogue().lot(m.lotId)) {
                name.number = lot->lotNumber;
                name.expiry = lot->expiry;
                if (const auto product = m_store.catalogue().product(lot->productId))
                    name.product = product->code;
            }
            it = lots.insert(m.lotId, name);
        }
        LedgerRow row;
        row.movement = m;
        row.holderCode = holderCode(m.holderId);
        row.counterpartCode = m.counterpartId.isEmpty() ? QString() : holderCode(m.counterpartId);
        row.productCode = it->product;
        row.lotNumber = it->number;
        row.expiry = it->expiry;
        out << row;
    }
    return out;
}

Result<void> StockReport::writeCsv(const QList<LedgerRow>& rows, QIODevice& out)
{
    QByteArray text("\xEF\xBB\xBF");
    const QStringList header{QStringLiteral("occurred_at"), QStringLiteral("holder"), QStringLiteral("kind"), QStringLiteral("product"),
        QStringLiteral("lot"), QStringLiteral("expiry"), QStringLiteral("doses"), QStringLiteral("counterpart"), QStringLiteral("reason"),
        QStringLiteral("note"), QStringLiteral("movement_id"), QStringLiteral("ref_id"), QStringLiteral("vial_id"), QStringLiteral("recorded_by")};
    text += header.join(QLatin1Char(',')).toUtf8() + "\r\n";
    for (const LedgerRow& r : rows) {
        const StockMovement& m = r.movement;
        const QStringList fields{toIsoWithOffset(m.occurredAt), r.holderCode, movementKindKey(m.kind), r.productCode, r.lotNumber,
            r.expiry.toString(Qt::ISODate), QString::number(m.doses), r.counterpartCode, m.reason, m.note, m.stamp.id, m.refId, m.vialId,
            m.stamp.createdBy};
        QStringList quoted;
        for (const QString& f : fields)
            quoted << csvField(f);
        text += quoted.join(QLatin1Char(',')).toUtf8() + "\r\n";
    }
    if (out.write(text) != text.size())
        return Error(ErrorCode::Storage, tr("Could not write the ledger file: %1.").arg(out.errorString()));
    return {};
}

QList<WastageLine> StockReport::wastage(const QDate& from, const QDate& to, const QStringList& holderIds)
{
    const int days = int(from.daysTo(to)) + 1;
    QList<WastageLine> out;
    for (const StockFlow& f : m_store.stock().flows(holderIds.isEmpty() ? m_own.holderIds() : holderIds, from, to)) {
        WastageLine line;
        line.flow = f;
        line.figures = wastageOf(f);
        line.ceilingPercent = wastageCeilingPercent(f.dosesPerVial);
        line.daysOfStock = daysOfStock(f.closing, f.administered, days);
        out << line;
    }
    return out;
}

} // namespace vax

#include "Lot.h"

#include "app/common/RecordJson.h"
#include "app/common/Uuid.h"

namespace vax {

using namespace RecordJson;

QString Lot::normalizeNumber(const QString& lotNumber)
{
    return lotNumber.trimmed().toUpper();
}

QString Lot::idFor(const QString& productId, const QString& lotNumber)
{
    return Uuid::fromName(QStringLiteral("lot:") + productId + QLatin1Char(':') + normalizeNumber(lotNumber));
}

QJsonObject Lot::toRecord() const
{
    QJsonObject r;
    stamp.writeTo(r);
    putText(r, QLatin1String("product_id"), productId);
    putText(r, QLatin1String("lot_number"), lotNumber);
    putDate(r, QLatin1String("expiry_date"), expiry);
    putText(r, QLatin1String("gtin"), gtin);
    if (vvmStage > 0)
        putInt(r, QLatin1String("vvm_stage"), vvmStage);
    return r;
}

Lot Lot::fromRecord(const QJsonObject& r)
{
    Lot l;
    l.stamp = Stamp::readFrom(r);
    l.productId = text(r, QLatin1String("product_id"));
    l.lotNumber = text(r, QLatin1String("lot_number"));
    l.expiry = date(r, QLatin1String("expiry_date"));
    l.gtin = text(r, QLatin1String("gtin"));
    l.vvmStage = integer(r, QLatin1String("vvm_stage"));
    return l;
}

} // namespace vax

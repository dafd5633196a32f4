#include "StockMovement.h"

#include "app/common/EnumKeys.h"
#include "app/common/RecordJson.h"
#include "app/common/TimeText.h"

namespace vax {

using namespace RecordJson;

namespace {

constexpr EnumKeys<MovementKind, 10> kKinds({{
    {MovementKind::Receipt, "receipt"},
    {MovementKind::DoseGiven, "dose_given"},
    {MovementKind::Reversal, "reversal"},
    {MovementKind::Issue, "issue"},
    {MovementKind::TransferOut, "transfer_out"},
    {MovementKind::TransferIn, "transfer_in"},
    {MovementKind::Wastage, "wastage"},
    {MovementKind::Adjustment, "adjustment"},
    {MovementKind::Quarantine, "quarantine"},
    {MovementKind::Release, "release"},
}});

} // namespace

QString movementKindKey(MovementKind kind)
{
    return kKinds.key(kind);
}

std::optional<MovementKind> movementKindFromKey(const QString& key)
{
    return kKinds.fromKey(key);
}

QJsonObject StockMovement::toRecord() const
{
    QJsonObject r;
    stamp.writeTo(r);
    putText(r, QLatin1String("holder_id"), holderId);
    putText(r, QLatin1String("lot_id"), lotId);
    putText(r, QLatin1String("kind"), movementKindKey(kind));
    putInt(r, QLatin1String("doses"), doses);
    putText(r, QLatin1String("counterpart_id"), counterpartId);
    putText(r, QLatin1String("reason"), reason);
    putText(r, QLatin1String("ref_id"), refId);
    putText(r, QLatin1String("reverses_id"), reversesId);
    putText(r, QLatin1String("vial_id"), vialId);
    putText(r, QLatin1String("occurred_at"), toIsoWithOffset(occurredAt));
    putText(r, QLatin1String("note"), note);
    return r;
}

StockMovement StockMovement::fromRecord(const QJsonObject& r)
{
    StockMovement m;
    m.stamp = Stamp::readFrom(r);
    m.holderId = text(r, QLatin1String("holder_id"));
    m.lotId = text(r, QLatin1String("lot_id"));
    m.kind = movementKindFromKey(text(r, QLatin1String("kind"))).value_or(MovementKind::Adjustment);
    m.doses = integer(r, QLatin1String("doses"));
    m.counterpartId = text(r, QLatin1String("counterpart_id"));
    m.reason = text(r, QLatin1String("reason"));
    m.refId = text(r, QLatin1String("ref_id"));
    m.reversesId = text(r, QLatin1String("reverses_id"));
    m.vialId = text(r, QLatin1String("vial_id"));
    m.occurredAt = time(r, QLatin1String("occurred_at"));
    m.note = text(r, QLatin1String("note"));
    return m;
}

} // namespace vax

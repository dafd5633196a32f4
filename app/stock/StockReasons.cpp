#include "StockReasons.h"

#include "app/common/EnumKeys.h"

namespace vax {

namespace {

constexpr EnumKeys<WastageReason, 6> kWastage({{
    {WastageReason::Expired, "expired"},
    {WastageReason::Vvm, "vvm"},
    {WastageReason::Broken, "broken"},
    {WastageReason::Temperature, "temperature"},
    {WastageReason::Lost, "lost"},
    {WastageReason::OpenVial, "open_vial"},
}});

constexpr EnumKeys<ReceiptDifference, 3> kDifferences({{
    {ReceiptDifference::Short, "short"},
    {ReceiptDifference::Damaged, "damaged"},
    {ReceiptDifference::WrongLot, "wrong_lot"},
}});

template <typename Keys>
QStringList keysOf(const Keys& keys)
{
    QStringList out;
    for (const auto& [value, key] : keys.items())
        out << QLatin1String(key);
    return out;
}

} // namespace

QString wastageReasonKey(WastageReason reason)
{
    return kWastage.key(reason);
}

std::optional<WastageReason> wastageReasonFromKey(const QString& key)
{
    return kWastage.fromKey(key);
}

QStringList wastageReasonKeys()
{
    QStringList out = keysOf(kWastage);
    out.removeAll(wastageReasonKey(WastageReason::OpenVial));
    return out;
}

QString receiptDifferenceKey(ReceiptDifference difference)
{
    return kDifferences.key(difference);
}

std::optional<ReceiptDifference> receiptDifferenceFromKey(const QString& key)
{
    return kDifferences.fromKey(key);
}

QStringList receiptDifferenceKeys()
{
    return keysOf(kDifferences);
}

QString StockReasonText::label(const QString& key)
{
    if (key == QLatin1String("expired"))
        return tr("expired");
    if (key == QLatin1String("vvm"))
        return tr("VVM at stage 3 or 4");
    if (key == QLatin1String("broken"))
        return tr("broken vial");
    if (key == QLatin1String("temperature"))
        return tr("frozen or temperature excursion");
    if (key == QLatin1String("lost"))
        return tr("lost");
    if (key == QLatin1String("open_vial"))
        return tr("left in an opened vial");
    if (key == QLatin1String("short"))
        return tr("fewer doses than sent");
    if (key == QLatin1String("damaged"))
        return tr("damaged in transit");
    if (key == QLatin1String("wrong_lot"))
        return tr("wrong lot sent");
    if (key == kCountReason)
        return tr("physical count");
    return key;
}

} // namespace vax

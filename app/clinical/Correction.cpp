#include "Correction.h"

#include "app/common/EnumKeys.h"
#include "app/common/RecordJson.h"

namespace vax {

using namespace RecordJson;

namespace {

constexpr EnumKeys<CorrectionAction, 2> kActions({{
    {CorrectionAction::Void, "void"},
    {CorrectionAction::Amend, "amend"},
}});

} // namespace

QString correctionActionKey(CorrectionAction action)
{
    return kActions.key(action);
}

std::optional<CorrectionAction> correctionActionFromKey(const QString& key)
{
    return kActions.fromKey(key);
}

QJsonObject Correction::toRecord() const
{
    QJsonObject r;
    stamp.writeTo(r);
    putText(r, QLatin1String("entity"), entityName(entity));
    putText(r, QLatin1String("target_id"), targetId);
    putText(r, QLatin1String("action"), correctionActionKey(action));
    putText(r, QLatin1String("reason"), reason);
    if (!changes.isEmpty())
        r.insert(QLatin1String("changes"), changes);
    return r;
}

Correction Correction::fromRecord(const QJsonObject& r)
{
    Correction c;
    c.stamp = Stamp::readFrom(r);
    c.entity = entityFromName(text(r, QLatin1String("entity"))).value_or(Entity::Injection);
    c.targetId = text(r, QLatin1String("target_id"));
    c.action = correctionActionFromKey(text(r, QLatin1String("action"))).value_or(CorrectionAction::Void);
    c.reason = text(r, QLatin1String("reason"));
    c.changes = r.value(QLatin1String("changes")).toObject();
    return c;
}

} // namespace vax

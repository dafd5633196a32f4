#include "FieldMerge.h"

namespace vax {

namespace {

bool sameValue(const QJsonValue& a, const QJsonValue& b)
{
    const bool aEmpty = a.isNull() || a.isUndefined() || (a.isString() && a.toString().isEmpty());
    const bool bEmpty = b.isNull() || b.isUndefined() || (b.isString() && b.toString().isEmpty());
    if (aEmpty || bEmpty)
        return aEmpty == bEmpty;
    return a == b;
}

} // namespace

FieldMergeResult mergeField(const FieldVersion& stored, const FieldVersion& incoming)
{
    FieldMergeResult r;
    if (sameValue(stored.value, incoming.value))
        return r;  // nothing to do, nothing to review
    r.takeIncoming = incoming.hlc > stored.hlc;
    r.conflict = stored.changedSinceBase;
    return r;
}

} // namespace vax

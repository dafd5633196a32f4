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
    r.takeIncoming = incoming.hlc > stored.hlc;
    // The same value typed on two devices is no conflict, but its stamp still moves to the
    // later one: every side must carry the same stamp, or a later edit ends differently on
    // different sides.
    r.conflict = stored.changedSinceBase && !sameValue(stored.value, incoming.value);
    return r;
}

} // namespace vax

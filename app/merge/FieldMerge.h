#pragma once

#include <QJsonValue>
#include <QString>

namespace vax {

// One field of a mutable record as one side holds it.
struct FieldVersion {
    QJsonValue value;        // undefined/null = not set
    QString hlc;             // the stamp of its last change (the record's hlc if never changed)
    bool changedSinceBase = false;  // device: changed here and not yet pushed; central: changed
                                    // by another device after the incoming change's base
};

struct FieldMergeResult {
    bool takeIncoming = false;  // the incoming value replaces the stored one
    bool conflict = false;      // both sides changed it to different values: the loser is reviewed
};

// DESIGN.md rule 4, the same on every device and on central: the later HLC stamp wins (equal
// values too, so that every side ends with the same stamp); when both sides changed the field
// since they last agreed and the values differ, it is a conflict and the losing value goes to
// the review list. Equal values never conflict.
// Stamps compare as text (Hlc::toString sorts like the stamps).
FieldMergeResult mergeField(const FieldVersion& stored, const FieldVersion& incoming);

} // namespace vax

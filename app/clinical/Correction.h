#pragma once

#include "app/common/Stamp.h"
#include "app/store/Entity.h"

#include <QJsonObject>

#include <optional>

namespace vax {

enum class CorrectionAction {
    Void,   // the target did not happen or was recorded in error: it no longer counts
    Amend,  // some fields of the target were wrong or changed later: `changes` holds the new values
};

QString correctionActionKey(CorrectionAction action);
std::optional<CorrectionAction> correctionActionFromKey(const QString& key);

// Events are never edited (DESIGN.md rule 2): a correction names the event, what to do with
// it, why, and who said so. Syncs like any other event.
struct Correction {
    Stamp stamp;
    Entity entity = Entity::Injection;
    QString targetId;
    CorrectionAction action = CorrectionAction::Void;
    QString reason;
    QJsonObject changes;

    QJsonObject toRecord() const;
    static Correction fromRecord(const QJsonObject& record);
};

} // namespace vax

#pragma once

#include <QString>

#include <optional>

namespace vax {

// Every kind of record the site database keeps and syncs. Facts (events) are append-only:
// they are never updated, a correction is a new record (DESIGN.md rule 2). Mutable records
// merge per field by HLC (rule 4).
enum class Entity {
    Site,
    Device,
    User,
    Person,
    VaccineProduct,
    Lot,
    StockMovement,
    Visit,
    Screening,
    Injection,
    Observation,
    AdverseEvent,
    Correction,
    ReviewItem,  // central's: a conflict or a suspected duplicate for the site to settle
    Vial,        // a multi-dose vial opened at a holder: its doses are drawn until it is discarded
};

QString entityName(Entity entity);                       // "person", "stock_movement", …
std::optional<Entity> entityFromName(const QString& name);
bool isEvent(Entity entity);

} // namespace vax

#include "Entity.h"

#include "app/common/EnumKeys.h"

namespace vax {

namespace {

constexpr EnumKeys<Entity, 15> kEntities({{
    {Entity::Site, "site"},
    {Entity::Device, "device"},
    {Entity::User, "app_user"},
    {Entity::Person, "person"},
    {Entity::VaccineProduct, "vaccine_product"},
    {Entity::Lot, "lot"},
    {Entity::StockMovement, "stock_movement"},
    {Entity::Visit, "visit"},
    {Entity::Screening, "screening"},
    {Entity::Injection, "injection"},
    {Entity::Observation, "observation"},
    {Entity::AdverseEvent, "adverse_event"},
    {Entity::Correction, "correction"},
    {Entity::ReviewItem, "review_item"},
    {Entity::Vial, "vial"},
}});

} // namespace

QString entityName(Entity entity)
{
    return kEntities.key(entity);
}

std::optional<Entity> entityFromName(const QString& name)
{
    return kEntities.fromKey(name);
}

bool isEvent(Entity entity)
{
    switch (entity) {
    case Entity::StockMovement:
    case Entity::Visit:
    case Entity::Screening:
    case Entity::Injection:
    case Entity::Observation:
    case Entity::AdverseEvent:
    case Entity::Correction:
    case Entity::ReviewItem:
    case Entity::Vial:
        return true;
    case Entity::Site:
    case Entity::Device:
    case Entity::User:
    case Entity::Person:
    case Entity::VaccineProduct:
    case Entity::Lot:
        return false;
    }
    return false;
}

} // namespace vax

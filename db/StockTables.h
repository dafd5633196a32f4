#pragma once

#include "app/store/StockRepository.h"

namespace vax::db {

class Connection;

class StockTables final : public StockRepository
{
public:
    explicit StockTables(Connection& connection);

    int balance(const QString& holderId, const QString& lotId) override;
    QList<LotBalance> onHand(const QString& holderId) override;
    std::optional<StockMovement> movement(const QString& id) override;
    QList<StockMovement> movementsFor(const QString& refId) override;

private:
    Connection& m_connection;
};

} // namespace vax::db

#pragma once

#include "app/store/StockRepository.h"

#include <map>

namespace vax::db {

class Connection;

// The stock ledger on SQLite. Balances, holders, quarantine and vials here; the listings and
// period figures in StockReports.cpp.
class StockTables final : public StockRepository
{
public:
    explicit StockTables(Connection& connection);

    int balance(const QString& holderId, const QString& lotId) override;
    QList<LotBalance> onHand(const QString& holderId) override;
    QList<HolderBalance> belowZero(const QStringList& holderIds) override;
    std::optional<StockMovement> movement(const QString& id) override;
    QList<StockMovement> movementsFor(const QString& refId) override;
    QList<StockMovement> ledger(const LedgerFilter& filter) override;

    QList<Site> holdersOf(const QString& siteId) override;
    QList<Site> destinationsOf(const QString& holderId) override;
    std::optional<Site> holder(const QString& id) override;
    QSet<QString> quarantinedLots(const QString& holderId) override;

    std::optional<Vial> vial(const QString& id) override;
    QList<OpenVial> openVials(const QString& holderId) override;

    QList<Shipment> shipmentsTo(const QString& holderId, bool pendingOnly) override;
    QList<Shipment> shipmentsFrom(const QString& holderId, bool pendingOnly) override;
    QList<StockFlow> flows(const QStringList& holderIds, const QDate& from, const QDate& to) override;
    QList<StockDay> days(const QStringList& holderIds, const QDate& from, const QDate& to) override;

private:
    // Balances of lots with their product, holder and holder code; `where` filters on b.*.
    QList<HolderBalance> balances(const QString& where, const QVariantList& binds);
    // A product's stock at the holders now, as the period figures count back from it.
    struct ProductStock {
        QString code;
        QString name;
        int dosesPerVial = 1;
        qint64 doses = 0;
    };

    QList<Shipment> shipments(const QString& where, const QString& holderId, bool pendingOnly);
    // By product id; `holders` as a JSON list, `end` an occurred_at bound.
    std::map<QString, ProductStock> stockNow(const QString& holders, const QString& end);

    Connection& m_connection;
};

} // namespace vax::db

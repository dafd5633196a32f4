#pragma once

#include "app/common/Result.h"
#include "app/stock/StockMovement.h"
#include "app/stock/StockReasons.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>

namespace vax {
struct Lot;
}

namespace vax::bench {

class HolderDevice;

// A lot as the generator knows it.
struct LotInfo {
    QString id;
    int product = 0;        // index in LedgerPlan::products()
    QString productId;
    int dosesPerVial = 1;
    int openVialHours = 6;
    QDate expiry;
};

// The lot stored under `id` (not a copy: callers keep pointers to it while the hash is unchanged).
inline const LotInfo& lotOf(const QHash<QString, LotInfo>& lots, const QString& id)
{
    static const LotInfo kUnknown;
    const auto it = lots.constFind(id);
    return it == lots.cend() ? kUnknown : *it;
}

// A shipment sent and not yet confirmed by the holder it went to.
struct PendingShipment {
    QString sentId;
    QString lotId;
    int from = 0;           // holder indexes
    int to = 0;
    int doses = 0;
};

// One holder's stock as the generator keeps it, and the movements and vials it writes for it.
// Each record is filled field for field as the service named beside it fills it, so the rows
// are the ones the app writes; the quantities follow the same rules (whole sealed vials sent and
// discarded, a vial opened when the last one is used up or past its time, leftovers wasted at
// the end of the session).
class HolderLedger
{
public:
    HolderLedger(QString holderId, HolderDevice& device, QString nurseId, QString managerId);

    const QString& id() const { return m_id; }
    HolderDevice& device() { return m_device; }
    qint64 movements() const { return m_movements; }
    qint64 doses() const { return m_doses; }
    qint64 vials() const { return m_vials; }

    int balance(const QString& lotId) const { return m_balance.value(lotId); }
    // Doses of the lot in sealed vials: the balance less what open vials hold.
    int sealed(const QString& lotId) const;
    bool quarantined(const QString& lotId) const { return m_quarantined.contains(lotId); }
    QStringList lotsInStock() const;
    // Usable doses of the product here on `day` (not expired, not held): what is ordered by.
    int usable(int product, const QDate& day, const QHash<QString, LotInfo>& lots) const;
    // The lot the next dose of `product` comes from, in InjectionService::lotChoices' order: an
    // opened vial first, then first expiry first out. Empty when there is none.
    QString lotForDose(int product, const QDateTime& at, const QHash<QString, LotInfo>& lots) const;

    // StockService::receive: a new lot's record and its receipt.
    Result<void> receive(const LotInfo& lot, const Lot& record, int doses, const QDateTime& at, const QString& note);
    // InjectionService::record through VialService::vialForDose; then voidInjection when
    // `voidReason` is set (the dose goes back to the lot and its vial).
    Result<void> giveDose(const LotInfo& lot, const QDateTime& at, const QString& voidReason = {});
    // VialService::closeSession: what each opened vial holds becomes open-vial wastage.
    Result<void> closeSession(const QDateTime& at);
    // StockLedgerService::transfer: sealed vials to another holder. Returns the movement id.
    Result<QString> transferOut(const LotInfo& lot, const QString& toHolderId, int doses, const QDateTime& at, const QString& note);
    // StockLedgerService::confirm, with a difference (short, damaged) when fewer arrived.
    Result<void> confirm(const PendingShipment& shipment, const QString& fromHolderId, int received, const QString& difference,
        const QDateTime& at);
    // StockLedgerService::discard, or the end of an expired lot.
    Result<void> discard(const LotInfo& lot, int doses, WastageReason reason, const QDateTime& at, const QString& note);
    // StockLedgerService::count: the variance as an adjustment, zero included.
    Result<void> count(const LotInfo& lot, int counted, const QDateTime& at);
    // StockLedgerService::quarantine and release.
    Result<void> hold(const LotInfo& lot, bool on, const QString& reason, const QDateTime& at);

private:
    struct OpenVial {
        QString id;
        QString lotId;
        int doses = 0;
        int drawn = 0;
        QDateTime discardAt;
    };

    // A movement of this holder: the fields every kind fills.
    StockMovement movement(const QString& lotId, MovementKind kind, int doses, const QDateTime& at) const;
    Result<void> write(const QDateTime& at, const QString& userId, const StockMovement& m);
    Result<void> wasteOpenVial(const OpenVial& v, const QDateTime& at, const QString& note);
    Result<int> vialForDose(const LotInfo& lot, const QDateTime& at);

    QString m_id;
    HolderDevice& m_device;
    QString m_nurse;
    QString m_manager;
    QHash<QString, int> m_balance;
    QList<OpenVial> m_open;
    QSet<QString> m_quarantined;
    qint64 m_movements = 0;
    qint64 m_doses = 0;
    qint64 m_vials = 0;
};

} // namespace vax::bench

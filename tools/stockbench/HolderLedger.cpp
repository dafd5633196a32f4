#include "HolderLedger.h"

#include "app/common/Uuid.h"
#include "app/stock/Lot.h"
#include "app/stock/StockMovement.h"
#include "app/stock/Vial.h"
#include "tools/stockbench/HolderDevice.h"

#include <algorithm>

namespace vax::bench {

namespace {

// The services' own words (VialService), so the notes read as the app writes them.
const QString kOpenedForDose = QStringLiteral("opened for a dose");
const QString kPastDiscard = QStringLiteral("past its discard time");
const QString kSessionClosed = QStringLiteral("session closed");

QString newId(const QDateTime& at)
{
    return Uuid::v7(at.toMSecsSinceEpoch());
}

} // namespace

HolderLedger::HolderLedger(QString holderId, HolderDevice& device, QString nurseId, QString managerId)
    : m_id(std::move(holderId))
    , m_device(device)
    , m_nurse(std::move(nurseId))
    , m_manager(std::move(managerId))
{
}

int HolderLedger::sealed(const QString& lotId) const
{
    int open = 0;
    for (const OpenVial& v : m_open) {
        if (v.lotId == lotId)
            open += v.doses - v.drawn;
    }
    return balance(lotId) - open;
}

QStringList HolderLedger::lotsInStock() const
{
    QStringList out = m_balance.keys();
    out.sort();  // the hash's order changes from run to run; the generated ledger must not
    return out;
}

int HolderLedger::usable(int product, const QDate& day, const QHash<QString, LotInfo>& lots) const
{
    int doses = 0;
    for (auto it = m_balance.cbegin(); it != m_balance.cend(); ++it) {
        const LotInfo& lot = lotOf(lots, it.key());
        if (lot.product == product && lot.expiry >= day && !quarantined(lot.id))
            doses += it.value();
    }
    return doses;
}

QString HolderLedger::lotForDose(int product, const QDateTime& at, const QHash<QString, LotInfo>& lots) const
{
    const OpenVial* open = nullptr;
    for (const OpenVial& v : m_open) {
        if (lotOf(lots, v.lotId).product == product && at < v.discardAt && !quarantined(v.lotId) && (!open || v.discardAt < open->discardAt))
            open = &v;
    }
    if (open)
        return open->lotId;
    const LotInfo* best = nullptr;
    for (auto it = m_balance.cbegin(); it != m_balance.cend(); ++it) {
        const LotInfo& lot = lotOf(lots, it.key());
        if (lot.product != product || lot.expiry < at.date() || quarantined(lot.id) || sealed(lot.id) < 1)
            continue;
        // Ties by id: the hash's order changes from run to run, the generated ledger must not.
        if (!best || lot.expiry < best->expiry || (lot.expiry == best->expiry && lot.id < best->id))
            best = &lot;
    }
    return best ? best->id : QString();
}

StockMovement HolderLedger::movement(const QString& lotId, MovementKind kind, int doses, const QDateTime& at) const
{
    StockMovement m;
    m.holderId = m_id;
    m.lotId = lotId;
    m.kind = kind;
    m.doses = doses;
    m.occurredAt = at;
    return m;
}

Result<void> HolderLedger::write(const QDateTime& at, const QString& userId, const StockMovement& m)
{
    int& b = m_balance[m.lotId];
    b += m.doses;
    if (b == 0)
        m_balance.remove(m.lotId);
    ++m_movements;
    return m_device.add(at, userId, Entity::StockMovement, m.toRecord());
}

Result<void> HolderLedger::receive(const LotInfo& lot, const Lot& record, int doses, const QDateTime& at, const QString& note)
{
    if (auto r = m_device.add(at, m_manager, Entity::Lot, record.toRecord()); !r.ok())
        return r;
    StockMovement m = movement(lot.id, MovementKind::Receipt, doses, at);
    m.note = note;
    return write(at, m_manager, m);
}

Result<int> HolderLedger::vialForDose(const LotInfo& lot, const QDateTime& at)
{
    // What is left in a vial past its time was waste then; the dose needs another vial.
    for (qsizetype i = 0; i < m_open.size();) {
        if (m_open[i].lotId == lot.id && at >= m_open[i].discardAt) {
            if (auto r = wasteOpenVial(m_open[i], m_open[i].discardAt, kPastDiscard); !r.ok())
                return r.error();
            m_open.removeAt(i);
        } else {
            ++i;
        }
    }
    for (qsizetype i = 0; i < m_open.size(); ++i) {
        if (m_open[i].lotId == lot.id)
            return int(i);
    }
    const int sealedHere = sealed(lot.id);
    if (sealedHere < 1)
        return Error(ErrorCode::Conflict, QStringLiteral("no sealed vial of lot %1 at %2").arg(lot.id, m_id));
    Vial v;
    v.stamp.id = newId(at);
    v.holderId = m_id;
    v.lotId = lot.id;
    v.doses = std::min(lot.dosesPerVial, sealedHere);
    v.openedAt = at;
    v.discardAt = at.addSecs(qint64(lot.openVialHours) * 3600);
    v.session = at.date();
    v.note = kOpenedForDose;
    if (auto r = m_device.add(at, m_nurse, Entity::Vial, v.toRecord()); !r.ok())
        return r.error();
    ++m_vials;
    m_open << OpenVial{v.stamp.id, lot.id, v.doses, 0, v.discardAt};
    return int(m_open.size() - 1);
}

Result<void> HolderLedger::giveDose(const LotInfo& lot, const QDateTime& at, const QString& voidReason)
{
    int vial = -1;
    if (lot.dosesPerVial > 1) {
        auto v = vialForDose(lot, at);
        if (!v.ok())
            return v.error();
        vial = v.value();
    } else if (balance(lot.id) < 1) {
        return Error(ErrorCode::Conflict, QStringLiteral("no dose of lot %1 at %2").arg(lot.id, m_id));
    }
    StockMovement given = movement(lot.id, MovementKind::DoseGiven, -1, at);
    given.stamp.id = newId(at);
    given.vialId = vial >= 0 ? m_open[vial].id : QString();
    given.refId = newId(at);  // the injection's id (the injection itself is not written here)
    if (auto r = write(at, m_nurse, given); !r.ok())
        return r;
    ++m_doses;
    if (vial >= 0)
        ++m_open[vial].drawn;
    if (!voidReason.isEmpty()) {
        // InjectionService::writeVoid: the dose goes back to its lot and its vial.
        const QDateTime later = at.addSecs(60);
        StockMovement back = movement(lot.id, MovementKind::Reversal, 1, later);
        back.reversesId = given.stamp.id;
        back.refId = given.refId;
        back.vialId = given.vialId;
        back.reason = voidReason;
        if (auto r = write(later, m_nurse, back); !r.ok())
            return r;
        if (vial >= 0)
            --m_open[vial].drawn;
    }
    if (vial >= 0 && m_open[vial].drawn >= m_open[vial].doses)
        m_open.removeAt(vial);  // used up: nothing to discard
    return {};
}

Result<void> HolderLedger::wasteOpenVial(const OpenVial& v, const QDateTime& at, const QString& note)
{
    StockMovement m = movement(v.lotId, MovementKind::Wastage, -(v.doses - v.drawn), at);
    m.reason = wastageReasonKey(WastageReason::OpenVial);
    m.vialId = v.id;
    m.note = note;
    return write(at, m_nurse, m);
}

Result<void> HolderLedger::closeSession(const QDateTime& at)
{
    const QList<OpenVial> open = std::exchange(m_open, {});
    for (const OpenVial& v : open) {
        const bool late = at >= v.discardAt;
        if (auto r = wasteOpenVial(v, late ? v.discardAt : at, late ? kPastDiscard : kSessionClosed); !r.ok())
            return r;
    }
    return {};
}

Result<QString> HolderLedger::transferOut(const LotInfo& lot, const QString& toHolderId, int doses, const QDateTime& at, const QString& note)
{
    StockMovement m = movement(lot.id, MovementKind::TransferOut, -doses, at);
    m.stamp.id = newId(at);
    m.counterpartId = toHolderId;
    m.note = note;
    if (auto r = write(at, m_manager, m); !r.ok())
        return r.error();
    return m.stamp.id;
}

Result<void> HolderLedger::confirm(const PendingShipment& shipment, const QString& fromHolderId, int received, const QString& difference,
    const QDateTime& at)
{
    StockMovement m = movement(shipment.lotId, MovementKind::TransferIn, received, at);
    m.counterpartId = fromHolderId;
    m.refId = shipment.sentId;
    m.reason = difference;
    return write(at, m_manager, m);
}

Result<void> HolderLedger::discard(const LotInfo& lot, int doses, WastageReason reason, const QDateTime& at, const QString& note)
{
    StockMovement m = movement(lot.id, MovementKind::Wastage, -doses, at);
    m.reason = wastageReasonKey(reason);
    m.note = note;
    return write(at, m_manager, m);
}

Result<void> HolderLedger::count(const LotInfo& lot, int counted, const QDateTime& at)
{
    const int ledger = balance(lot.id);
    StockMovement m = movement(lot.id, MovementKind::Adjustment, counted - ledger, at);
    m.reason = kCountReason;
    m.note = QStringLiteral("counted %1, ledger %2").arg(counted).arg(ledger);
    return write(at, m_manager, m);
}

Result<void> HolderLedger::hold(const LotInfo& lot, bool on, const QString& reason, const QDateTime& at)
{
    StockMovement m = movement(lot.id, on ? MovementKind::Quarantine : MovementKind::Release, 0, at);
    m.reason = reason;
    if (on)
        m_quarantined.insert(lot.id);
    else
        m_quarantined.remove(lot.id);
    return write(at, m_manager, m);
}

} // namespace vax::bench

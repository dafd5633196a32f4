#include "CentralStock.h"

#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/common/Uuid.h"
#include "server/CentralDatabase.h"

#include <QJsonDocument>

namespace vax::server {

CentralStock::CentralStock(CentralDatabase& db, const Clock& clock)
    : m_db(db)
    , m_clock(clock)
    , m_changes(db, clock)
{
}

Result<Site> CentralStock::store(const QString& code)
{
    const auto s = m_changes.siteByCode(code.trimmed());
    if (!s)
        return Error::invalid(QStringLiteral("store"), tr("There is no store %1: see the codes given with 'admin site add'.").arg(code.trimmed()));
    if (!s->isStore())
        return Error::invalid(QStringLiteral("store"), tr("%1 is a %2, not a store: a site receives and sends stock on its own devices.")
                                                           .arg(s->code, siteKindKey(s->kind)));
    return *s;
}

std::optional<Site> CentralStock::siteById(const QString& id)
{
    const auto s = m_changes.state(QStringLiteral("site"), id);
    return s ? std::optional(Site::fromRecord(*s)) : std::nullopt;
}

std::optional<Lot> CentralStock::lot(const QString& id)
{
    const auto l = m_changes.state(QStringLiteral("lot"), id);
    return l ? std::optional(Lot::fromRecord(*l)) : std::nullopt;
}

QList<VaccineProduct> CentralStock::products()
{
    QList<VaccineProduct> out;
    auto q = m_db.query(QStringLiteral("SELECT data FROM record_state WHERE entity = 'vaccine_product'"));
    if (!q.ok())
        return out;
    while (q.value()->next())
        out << VaccineProduct::fromRecord(QJsonDocument::fromJson(q.value()->value(0).toString().toUtf8()).object());
    q.value()->finish();
    return out;
}

Result<QList<StockMovement>> CentralStock::movements(const QString& where, const QVariantList& binds)
{
    // Movements are events: each is one insert in the feed, stored as the device wrote it.
    auto q = m_db.query(QStringLiteral("SELECT payload FROM change_feed WHERE entity = 'stock_movement' AND op = 'insert' AND %1 ORDER BY gseq").arg(where), binds);
    if (!q.ok())
        return q.error();
    QList<StockMovement> out;
    while (q.value()->next())
        out << StockMovement::fromRecord(QJsonDocument::fromJson(q.value()->value(0).toString().toUtf8()).object());
    q.value()->finish();
    return out;
}

int CentralStock::heldAt(const QString& holderId, const QString& lotId)
{
    return m_db
        .scalar(QStringLiteral("SELECT coalesce(sum(CAST(%1 AS INTEGER)), 0) FROM change_feed WHERE entity = 'stock_movement' AND op = 'insert' "
                               "AND site_id = ? AND %2 = ? AND %3 = ?")
                    .arg(m_db.jsonText(QStringLiteral("payload"), QStringLiteral("doses")),
                        m_db.jsonText(QStringLiteral("payload"), QStringLiteral("holder_id")),
                        m_db.jsonText(QStringLiteral("payload"), QStringLiteral("lot_id"))),
            {holderId, holderId, lotId})
        .toInt();
}

Result<StockMovement> CentralStock::write(const Site& holder, StockMovement m, const std::function<Result<void>()>& precondition)
{
    m.stamp.id = Uuid::v7(m_clock.now().toMSecsSinceEpoch());
    m.holderId = holder.stamp.id;
    m.occurredAt = m_clock.now();
    QJsonObject record = m.toRecord();
    record.insert(QStringLiteral("site_id"), holder.stamp.id);  // a store is its own scope
    auto r = m_changes.submit({{QStringLiteral("stock_movement"), record}}, QStringLiteral("insert"), precondition);
    if (!r.ok())
        return r.error();
    return StockMovement::fromRecord(*m_changes.state(QStringLiteral("stock_movement"), m.stamp.id));
}

Result<StockMovement> CentralStock::receive(const QString& storeCode, const ReceiptDraft& draft)
{
    auto at = store(storeCode);
    if (!at.ok())
        return at.error();
    auto checked = ReceiptCheck::check(draft, products(), m_clock.today());
    if (!checked.ok())
        return checked.error();
    if (const auto known = lot(checked->lotId)) {
        if (auto same = ReceiptCheck::sameExpiry(*checked, known->expiry); !same.ok())
            return same.error();
    } else {
        Lot l;
        l.stamp.id = checked->lotId;
        l.productId = checked->product.stamp.id;
        l.lotNumber = checked->lotNumber;
        l.expiry = checked->expiry;
        l.gtin = checked->gtin;
        QJsonObject record = l.toRecord();
        record.insert(QStringLiteral("site_id"), at->stamp.id);
        if (auto r = m_changes.submit({{QStringLiteral("lot"), record}}, QStringLiteral("insert")); !r.ok())
            return r.error();
    }
    StockMovement m;
    m.lotId = checked->lotId;
    m.kind = MovementKind::Receipt;
    m.doses = checked->doses;
    m.note = checked->note;
    return write(*at, m);
}

Result<StockMovement> CentralStock::issue(const QString& storeCode, const QString& toCode, const QString& productCode,
    const QString& lotNumber, const QString& dosesText, const QString& note)
{
    auto from = store(storeCode);
    if (!from.ok())
        return from.error();
    QList<FieldError> errors;
    const auto to = m_changes.siteByCode(toCode.trimmed());
    bool below = false;
    for (auto up = to; up && !below && !up->parentId.isEmpty(); up = siteById(up->parentId))
        below = up->parentId == from->stamp.id;
    if (!to || to->kind == SiteKind::Team || !below) {
        errors << FieldError{QStringLiteral("to"),
            tr("'%1' is not a site or store below %2: a store ships to the sites and stores under it; a site sends to its teams itself.")
                .arg(toCode.trimmed(), from->code)};
    }
    auto held = onHand(from->code);
    if (!held.ok())
        return held.error();
    const QString number = Lot::normalizeNumber(lotNumber);
    const CentralBalance* balance = nullptr;
    for (const CentralBalance& b : *held) {
        if (b.lot.lotNumber == number && (productCode.trimmed().isEmpty() || b.productCode.compare(productCode.trimmed(), Qt::CaseInsensitive) == 0)) {
            if (balance) {
                errors << FieldError{QStringLiteral("product"), tr("Two products have a lot %1 here: add --product CODE.").arg(number)};
                break;
            }
            balance = &b;
        }
    }
    if (!balance)
        errors << FieldError{QStringLiteral("lot"), tr("Store %1 holds no lot %2: see 'admin stock show --site %1'.").arg(from->code, number)};
    bool isNumber = false;
    const int doses = dosesText.trimmed().toInt(&isNumber);
    if (!isNumber || doses <= 0)
        errors << FieldError{QStringLiteral("doses"), tr("Doses must be a whole number above zero.")};
    if (!errors.isEmpty())
        return Error::invalid(errors);

    const auto product = [&]() -> std::optional<VaccineProduct> {
        for (const VaccineProduct& p : products()) {
            if (p.stamp.id == balance->lot.productId)
                return p;
        }
        return std::nullopt;
    }();
    const int perVial = product ? product->dosesPerVial : 1;
    if (doses % perVial != 0) {
        return Error::invalid(QStringLiteral("doses"),
            tr("%1 doses is not a whole number of %2-dose vials: ship sealed vials only.").arg(doses).arg(perVial));
    }
    if (balance->lot.isExpiredOn(m_clock.today()))
        return Error::invalid(QStringLiteral("lot"), tr("Lot %1 expired on %2: do not ship it.").arg(number, dayText(balance->lot.expiry)));
    StockMovement m;
    m.lotId = balance->lot.stamp.id;
    m.kind = MovementKind::Issue;
    m.doses = -doses;
    m.counterpartId = to->stamp.id;
    m.note = note.trimmed();
    // Checked inside the write's transaction, with every other writer waiting: two
    // administrators shipping the same lot at once cannot both take its last doses.
    const Site store = *from;
    return write(store, m, [this, &store, &m, &number, doses]() -> Result<void> {
        const int held = heldAt(store.stamp.id, m.lotId);
        if (doses <= held)
            return {};
        return Error::invalid(QStringLiteral("doses"), tr("Store %1 holds %2 doses of lot %3: ship at most that.").arg(store.code).arg(held).arg(number));
    });
}

Result<QList<CentralBalance>> CentralStock::onHand(const QString& siteCode)
{
    const auto site = m_changes.siteByCode(siteCode.trimmed());
    if (!site || site->kind == SiteKind::Team)
        return Error::invalid(QStringLiteral("site"), tr("There is no site or store %1 (a team's stock is shown with its site).").arg(siteCode.trimmed()));
    const QString holder = m_db.jsonText(QStringLiteral("payload"), QStringLiteral("holder_id"));
    const QString lotId = m_db.jsonText(QStringLiteral("payload"), QStringLiteral("lot_id"));
    const QString doses = m_db.jsonText(QStringLiteral("payload"), QStringLiteral("doses"));
    auto q = m_db.query(QStringLiteral("SELECT %1, %2, sum(CAST(%3 AS INTEGER)) FROM change_feed "
                                       "WHERE entity = 'stock_movement' AND op = 'insert' AND site_id = ? GROUP BY %1, %2")
                            .arg(holder, lotId, doses),
        {site->stamp.id});
    if (!q.ok())
        return q.error();
    QList<std::tuple<QString, QString, int>> sums;
    while (q.value()->next()) {
        if (const int n = q.value()->value(2).toInt(); n != 0)
            sums << std::tuple{q.value()->value(0).toString(), q.value()->value(1).toString(), n};
    }
    q.value()->finish();
    QHash<QString, QString> productCodes;
    for (const VaccineProduct& p : products())
        productCodes.insert(p.stamp.id, p.code);
    QList<CentralBalance> out;
    for (const auto& [holderId, lotRef, n] : sums) {
        CentralBalance b;
        b.holder = siteById(holderId).value_or(Site{});
        b.lot = lot(lotRef).value_or(Lot{});
        b.productCode = productCodes.value(b.lot.productId);
        b.doses = n;
        out << b;
    }
    std::sort(out.begin(), out.end(), [](const CentralBalance& a, const CentralBalance& b) {
        return std::tuple(a.holder.code, a.productCode, a.lot.expiry, a.lot.lotNumber) < std::tuple(b.holder.code, b.productCode, b.lot.expiry, b.lot.lotNumber);
    });
    return out;
}

Result<QList<CentralShipment>> CentralStock::shipments(const QString& storeCode)
{
    auto from = store(storeCode);
    if (!from.ok())
        return from.error();
    auto sent = movements(QStringLiteral("site_id = ? AND %1 = 'issue'").arg(m_db.jsonText(QStringLiteral("payload"), QStringLiteral("kind"))),
        {from->stamp.id});
    if (!sent.ok())
        return sent.error();
    // The receipts that answer them, from the sites' devices (seen by the store, see ChangeFeed).
    auto answers = movements(QStringLiteral("to_site_id = ?"), {from->stamp.id});
    if (!answers.ok())
        return answers.error();
    QHash<QString, StockMovement> receipts;
    for (const StockMovement& m : *answers) {
        if (m.kind == MovementKind::Receipt || m.kind == MovementKind::TransferIn)
            receipts.insert(m.refId, m);
    }
    QHash<QString, QString> productCodes;
    for (const VaccineProduct& p : products())
        productCodes.insert(p.stamp.id, p.code);
    QList<CentralShipment> out;
    for (const StockMovement& m : *sent) {
        CentralShipment s;
        s.sent = m;
        if (const auto r = receipts.constFind(m.stamp.id); r != receipts.constEnd())
            s.received = *r;
        s.to = siteById(m.counterpartId).value_or(Site{});
        s.lot = lot(m.lotId).value_or(Lot{});
        s.productCode = productCodes.value(s.lot.productId);
        out.prepend(s);  // newest first
    }
    return out;
}

} // namespace vax::server

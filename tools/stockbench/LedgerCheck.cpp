#include "LedgerCheck.h"

#include "app/common/Clock.h"
#include "app/services/InjectionService.h"
#include "app/services/StockReport.h"
#include "app/store/StockRepository.h"
#include "db/Connection.h"
#include "db/SqliteSiteStore.h"
#include "tools/stockbench/PlainLedger.h"

#include <QHash>

namespace vax::bench {

namespace {

constexpr int kProblemsShown = 5;  // of one kind; the rest are counted

QJsonObject countsOf(db::Connection& c, const QString& sql)
{
    QJsonObject out;
    QSqlQuery& q = c.prepared(sql);
    if (q.exec()) {
        while (q.next())
            out.insert(q.value(0).toString(), q.value(1).toLongLong());
    }
    q.finish();
    return out;
}

void expectEqual(QStringList& problems, const QString& what, qint64 app, qint64 plain)
{
    if (app != plain)
        problems << QStringLiteral("%1: the app says %2, plain SQL %3").arg(what).arg(app).arg(plain);
}

} // namespace

LedgerCheck::LedgerCheck(db::SqliteSiteStore& store, const Clock& clock)
    : m_store(store)
    , m_clock(clock)
{
}

QJsonObject LedgerCheck::shape()
{
    db::Connection& c = m_store.connection();
    const QString site = m_store.identity().siteId;
    return QJsonObject{
        {QStringLiteral("movements"), c.scalar(QStringLiteral("SELECT count(*) FROM stock_movement")).toLongLong()},
        {QStringLiteral("by_kind"), countsOf(c, QStringLiteral("SELECT kind, count(*) FROM stock_movement GROUP BY kind"))},
        {QStringLiteral("wastage_by_reason"),
            countsOf(c, QStringLiteral("SELECT reason, count(*) FROM stock_movement WHERE kind = 'wastage' GROUP BY reason"))},
        {QStringLiteral("doses_with_vial"),
            c.scalar(QStringLiteral("SELECT count(*) FROM stock_movement WHERE kind = 'dose_given' AND vial_id IS NOT NULL")).toLongLong()},
        {QStringLiteral("vials"), c.scalar(QStringLiteral("SELECT count(*) FROM vial")).toLongLong()},
        {QStringLiteral("lots"), c.scalar(QStringLiteral("SELECT count(*) FROM lot")).toLongLong()},
        {QStringLiteral("holders"), c.scalar(QStringLiteral("SELECT count(DISTINCT holder_id) FROM stock_movement")).toLongLong()},
        {QStringLiteral("first_day"), c.scalar(QStringLiteral("SELECT substr(min(occurred_at), 1, 10) FROM stock_movement")).toString()},
        {QStringLiteral("last_day"), c.scalar(QStringLiteral("SELECT substr(max(occurred_at), 1, 10) FROM stock_movement")).toString()},
        {QStringLiteral("open_vials_site"), m_store.stock().openVials(site).size()},
        {QStringLiteral("in_transit_from_site"), m_store.stock().shipmentsFrom(site, true).size()},
        {QStringLiteral("change_log"), c.scalar(QStringLiteral("SELECT count(*) FROM change_log")).toLongLong()},
        {QStringLiteral("audit_log"), c.scalar(QStringLiteral("SELECT count(*) FROM audit_log")).toLongLong()},
    };
}

QStringList LedgerCheck::verify(bool integrity)
{
    QStringList problems;
    m_notes.clear();
    checkOnHand(problems);
    checkPeriod(30, problems);
    checkPeriod(365, problems);
    checkVials(problems);
    checkLotLedger(problems);
    if (integrity) {
        const IntegrityReport report = m_store.checkIntegrity();
        problems << report.problems;
        for (const QString& w : report.warnings)
            problems << QStringLiteral("vaxctl check warns: ") + w;
    }
    return problems;
}

void LedgerCheck::checkOnHand(QStringList& problems)
{
    // Every holder's on hand as the stock screen gets it, against the whole ledger summed.
    QHash<PlainLedger::HolderLot, qint64> app;
    StockReport report(m_store);
    for (const QString& holder : report.holderIds()) {
        for (const LotBalance& b : m_store.stock().onHand(holder))
            app.insert({holder, b.lot.stamp.id}, b.doses);
    }
    const QHash<PlainLedger::HolderLot, qint64> plain = PlainLedger::balances(m_store.connection());
    QSet<PlainLedger::HolderLot> keys(app.keyBegin(), app.keyEnd());
    keys.unite(QSet<PlainLedger::HolderLot>(plain.keyBegin(), plain.keyEnd()));
    int wrong = 0;
    for (const PlainLedger::HolderLot& k : keys) {
        if (app.value(k) != plain.value(k) && ++wrong <= kProblemsShown)
            expectEqual(problems, QStringLiteral("on hand of lot %1 at %2").arg(k.second, k.first), app.value(k), plain.value(k));
    }
    if (wrong > kProblemsShown)
        problems << QStringLiteral("… and %1 more holder/lot balances differ").arg(wrong - kProblemsShown);
    if (plain.isEmpty())
        problems << QStringLiteral("the ledger holds no stock at all");

    // What the injection station offers is in stock, unexpired and, for an opened vial, open.
    const QDate today = m_clock.today();
    const QString site = m_store.identity().siteId;
    for (const LotChoice& c : InjectionService(m_store, m_clock).lotChoices()) {
        if (plain.value({site, c.balance.lot.stamp.id}) <= 0 || c.balance.lot.isExpiredOn(today))
            problems << QStringLiteral("lot %1 is offered with nothing usable in stock").arg(c.balance.lot.lotNumber);
    }
}

void LedgerCheck::checkPeriod(int days, QStringList& problems)
{
    const QDate to = m_clock.today();
    const QDate from = to.addDays(1 - days);
    const QHash<QString, qint64> kinds = PlainLedger::kindsBetween(m_store.connection(), from, to);
    StockReport report(m_store);
    qint64 administered = 0, wasted = 0, adjusted = 0, closing = 0;
    for (const WastageLine& line : report.wastage(from, to)) {
        const StockFlow& f = line.flow;
        administered += f.administered;
        wasted += f.wastedClosed + f.wastedOpen;
        adjusted += f.adjusted;
        closing += f.closing;
        if (!f.balances()) {
            problems << QStringLiteral("%1 over %2 days: opening + received − sent − given − wasted + adjusted + between holders is %3 off "
                                       "the closing stock")
                            .arg(f.productCode)
                            .arg(days)
                            .arg(f.opening + f.received - f.sentOut - f.administered - f.wastedClosed - f.wastedOpen + f.adjusted
                                + f.betweenHolders - f.closing);
        }
    }
    const QString period = QStringLiteral(" over %1 days").arg(days);
    expectEqual(problems, QStringLiteral("doses given") + period, administered,
        -(kinds.value(QStringLiteral("dose_given")) + kinds.value(QStringLiteral("reversal"))));
    expectEqual(problems, QStringLiteral("doses wasted") + period, wasted, -kinds.value(QStringLiteral("wastage")));
    expectEqual(problems, QStringLiteral("count adjustments") + period, adjusted, kinds.value(QStringLiteral("adjustment")));
    qint64 stock = 0;
    for (const qint64 doses : PlainLedger::balances(m_store.connection()))
        stock += doses;
    expectEqual(problems, QStringLiteral("closing stock") + period, closing, stock);

    // The chart: doses given day by day add up to the period's, and the last day ends on the
    // stock on hand.
    qint64 given = 0, lastDay = 0;
    for (const StockDay& d : m_store.stock().days(report.holderIds(), from, to)) {
        given += d.given;
        if (d.day == to)
            lastDay += d.onHand;
    }
    expectEqual(problems, QStringLiteral("chart: doses given") + period, given, administered);
    expectEqual(problems, QStringLiteral("chart: stock at the end of the last day") + period, lastDay, stock);
}

void LedgerCheck::checkVials(QStringList& problems)
{
    // Every vial the site ever opened, not only those of lots in stock: the app's query looks at
    // fewer on purpose and must find the same ones.
    const QString site = m_store.identity().siteId;
    QSqlQuery& q = m_store.connection().prepared(QStringLiteral(
        "SELECT v.id, v.doses, coalesce((SELECT -sum(m.doses) FROM stock_movement m WHERE m.vial_id = v.id "
        "AND m.kind IN ('dose_given', 'reversal')), 0) FROM vial v WHERE v.holder_id = ? "
        "AND NOT EXISTS (SELECT 1 FROM stock_movement w WHERE w.vial_id = v.id AND w.kind = 'wastage')"));
    q.bindValue(0, site);
    QHash<QString, qint64> plain;
    if (q.exec()) {
        while (q.next()) {
            if (q.value(2).toLongLong() < q.value(1).toLongLong())
                plain.insert(q.value(0).toString(), q.value(2).toLongLong());
        }
    }
    q.finish();
    const QList<OpenVial> app = m_store.stock().openVials(site);
    expectEqual(problems, QStringLiteral("open vials at the site"), app.size(), plain.size());
    for (const OpenVial& v : app) {
        if (!plain.contains(v.vial.stamp.id))
            problems << QStringLiteral("vial %1 is listed open, but plain SQL has it used up or discarded").arg(v.vial.stamp.id);
        else
            expectEqual(problems, QStringLiteral("doses drawn from vial %1").arg(v.vial.stamp.id), v.drawn, plain.value(v.vial.stamp.id));
    }
}

void LedgerCheck::checkLotLedger(QStringList& problems)
{
    const QString lot = m_store.connection().scalar(QStringLiteral("SELECT lot_id FROM stock_balance ORDER BY doses DESC LIMIT 1")).toString();
    LedgerFilter filter;
    filter.lotId = lot;
    expectEqual(problems, QStringLiteral("movements in the ledger of lot %1").arg(lot), StockReport(m_store).ledger(filter).size(),
        m_store.connection().scalar(QStringLiteral("SELECT count(*) FROM stock_movement WHERE lot_id = ?"), {lot}).toLongLong());
}

} // namespace vax::bench

// Random sequences of everything a site does with stock (receipts, doses, voids, vials opened
// and discarded, sessions closed, wastage, counts, quarantine, hours passing), seeded
// (VAX_STOCK_SEED, VAX_STOCK_OPS). After every step: each balance is its ledger's sum, no
// balance is negative, opened vials hold no more than the balance, the period's flows add up
// to what is on hand, and the database's own check passes.
#include "app/services/InjectionService.h"
#include "app/services/StockLedgerService.h"
#include "app/services/StockService.h"
#include "app/services/VialService.h"
#include "app/stock/StockReasons.h"
#include "app/store/CatalogueRepository.h"
#include "app/store/StockRepository.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"

#include <QRandomGenerator>
#include <QTest>

using namespace vax;
using namespace vax::test;

namespace {

quint32 seed()
{
    bool ok = false;
    const quint32 s = qEnvironmentVariable("VAX_STOCK_SEED").toUInt(&ok);
    return ok ? s : QRandomGenerator::system()->generate();
}

int operations()
{
    bool ok = false;
    const int n = qEnvironmentVariableIntValue("VAX_STOCK_OPS", &ok);
    return ok && n > 0 ? n : 400;
}

const char* const kProducts[] = {"VAXZEVRIA", "COMIRNATY", "VEROCELL", "JCOVDEN"};

} // namespace

class TestStockProperty : public QObject
{
    Q_OBJECT

    TestSite* m_site = nullptr;
    QRandomGenerator m_random;
    QStringList m_lots;
    QStringList m_injections;
    QString m_failure;

    QString pick(const QStringList& from) { return from.at(int(m_random.bounded(quint32(from.size())))); }
    QString holder() { return m_site->store().identity().holderId(); }

    // One random step; returns what it tried, for the failure message.
    QString step(StockService& stock, StockLedgerService& ledger, VialService& vials, InjectionService& injections)
    {
        const Session& manager = m_site->manager();
        const int op = int(m_random.bounded(100));
        if (m_lots.isEmpty() || op < 8) {
            const QString product = QLatin1String(kProducts[m_random.bounded(4)]);
            const QString lot = QStringLiteral("P%1").arg(m_random.bounded(1000, 9999));
            const int vials = int(m_random.bounded(1, 20));
            const int perVial = m_site->store().catalogue().productByCode(product)->dosesPerVial;
            auto r = stock.receive(manager, {product, lot, m_site->clock().today().addDays(m_random.bounded(-5, 200)).toString(Qt::ISODate),
                                                QString::number(vials * perVial), {}, {}});
            if (r.ok() && !m_lots.contains(r->lot.stamp.id))
                m_lots << r->lot.stamp.id;
            return QStringLiteral("receive %1 × %2 %3").arg(vials).arg(product, lot);
        }
        const QString lot = pick(m_lots);
        if (op < 50) {
            DoseRequest d;
            d.personId = m_site->registerPerson(QStringLiteral("Hà Thị Lan"), QStringLiteral("1970-01-01"));
            d.lotId = lot;
            d.requireScreening = false;
            auto r = injections.record(m_site->nurse(), d);
            if (r.ok())
                m_injections << r->injection.stamp.id;
            return QStringLiteral("dose from %1").arg(lot);
        }
        if (op < 56 && !m_injections.isEmpty()) {
            const QString injection = m_injections.takeAt(int(m_random.bounded(quint32(m_injections.size()))));
            (void)injections.voidInjection(manager, injection, QStringLiteral("recorded for the wrong person"));
            return QStringLiteral("void %1").arg(injection);
        }
        if (op < 64) {
            (void)vials.open(m_site->nurse(), lot);
            return QStringLiteral("open a vial of %1").arg(lot);
        }
        if (op < 68) {
            (void)vials.closeSession(m_site->nurse());
            return QStringLiteral("close the session");
        }
        if (op < 74) {
            const int perVial = m_site->store().catalogue().product(m_site->store().catalogue().lot(lot)->productId)->dosesPerVial;
            (void)ledger.discard(manager, lot, QString::number(perVial * int(m_random.bounded(1, 3))), pick(wastageReasonKeys()));
            return QStringLiteral("discard from %1").arg(lot);
        }
        if (op < 80) {
            const int balance = m_site->store().stock().balance(holder(), lot);
            const int counted = std::max(0, balance + int(m_random.bounded(-3, 3)));
            (void)ledger.count(manager, lot, QString::number(counted));
            return QStringLiteral("count %1 of %2").arg(counted).arg(lot);
        }
        if (op < 86) {
            (void)ledger.quarantine(manager, lot, QStringLiteral("temperature alarm"));
            (void)ledger.release(manager, lot, QStringLiteral("checked"));
            return QStringLiteral("quarantine or release %1").arg(lot);
        }
        if (op < 90) {
            (void)vials.discardExpired(m_site->nurse());
            return QStringLiteral("discard expired vials");
        }
        const qint64 minutes = m_random.bounded(1, 400);
        m_site->clock().advanceSecs(minutes * 60);
        return QStringLiteral("wait %1 min").arg(minutes);
    }

    // The invariants; empty when they hold.
    QString broken(const QDate& start)
    {
        StockRepository& repo = m_site->store().stock();
        qint64 total = 0;
        for (const QString& lot : m_lots) {
            qint64 sum = 0;
            for (const StockMovement& m : repo.ledger({{holder()}, lot, {}, {}, 0}))
                sum += m.doses;
            const int balance = repo.balance(holder(), lot);
            if (sum != balance)
                return QStringLiteral("lot %1: balance %2, ledger sum %3").arg(lot).arg(balance).arg(sum);
            if (balance < 0)
                return QStringLiteral("lot %1: negative balance %2").arg(lot).arg(balance);
            int open = 0;
            for (const OpenVial& v : repo.openVials(holder())) {
                if (v.left() <= 0 || v.left() > v.vial.doses)
                    return QStringLiteral("vial %1 has %2 of %3 doses left").arg(v.vial.stamp.id).arg(v.left()).arg(v.vial.doses);
                if (v.vial.lotId == lot)
                    open += v.left();
            }
            if (open > balance)
                return QStringLiteral("lot %1: open vials hold %2, the balance is %3").arg(lot).arg(open).arg(balance);
            total += balance;
        }
        qint64 closing = 0;
        for (const StockFlow& f : repo.flows({holder()}, start, m_site->clock().today())) {
            if (!f.balances())
                return QStringLiteral("%1: the period's flows do not add up to its closing stock").arg(f.productCode);
            if (f.opening != 0)
                return QStringLiteral("%1: opening stock %2 before anything arrived").arg(f.productCode).arg(f.opening);
            closing += f.closing;
        }
        if (closing != total)
            return QStringLiteral("flows close at %1, the balances sum to %2").arg(closing).arg(total);
        const IntegrityReport report = m_site->store().checkIntegrity();
        if (!report.ok())
            return report.problems.join(QLatin1Char('\n'));
        return {};
    }

private slots:
    void init() { failOnSqlWarnings(); }

    void everyBalanceStaysItsLedgerSum()
    {
        const quint32 s = seed();
        qInfo().noquote() << QStringLiteral("VAX_STOCK_SEED=%1").arg(s);
        m_random.seed(s);
        TestSite site;
        m_site = &site;
        m_lots.clear();
        m_injections.clear();
        StockService stock(site.store(), site.clock());
        StockLedgerService ledger(site.store(), site.clock());
        VialService vials(site.store(), site.clock());
        InjectionService injections(site.store(), site.clock());
        const QDate start = site.clock().today();
        const int n = operations();
        for (int i = 0; i < n; ++i) {
            const QString what = step(stock, ledger, vials, injections);
            const QString problem = broken(start);
            QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("step %1 (%2): %3").arg(i).arg(what, problem)));
        }
        qInfo().noquote() << QStringLiteral("%1 steps, %2 movements, %3 vials opened")
                                 .arg(n)
                                 .arg(site.count(QStringLiteral("stock_movement")))
                                 .arg(site.count(QStringLiteral("vial")));
        QVERIFY(site.count(QStringLiteral("vial")) > 0);
        m_site = nullptr;
    }
};

QTEST_GUILESS_MAIN(TestStockProperty)
#include "tst_stockproperty.moc"

#include "StockBenchmark.h"

#include "app/common/Clock.h"
#include "app/services/InjectionService.h"
#include "app/services/StockReport.h"
#include "app/store/StockRepository.h"
#include "db/Connection.h"
#include "db/SqliteSiteStore.h"
#include "tools/stockbench/PlainLedger.h"

#include <QElapsedTimer>
#include <QJsonArray>

namespace vax::bench {

namespace {

const QString kWhole = QStringLiteral("baseline_holder_lot");
const QString kMonth = QStringLiteral("baseline_kind_30d");
const QString kYear = QStringLiteral("baseline_kind_1y");
constexpr int kShownRows = 2000;  // the stock screen's ledger listing (StockPage)

// The lot of the site's stock with the longest ledger: what a manager checking a lot reads.
QString busiestLot(db::SqliteSiteStore& store)
{
    QString best;
    qint64 most = -1;
    for (const LotBalance& b : store.stock().onHand(store.identity().siteId)) {
        const qint64 n = store.connection().scalar(QStringLiteral("SELECT count(*) FROM stock_movement WHERE lot_id = ?"), {b.lot.stamp.id}).toLongLong();
        if (n > most) {
            most = n;
            best = b.lot.stamp.id;
        }
    }
    return best;
}

} // namespace

StockBenchmark::StockBenchmark(db::SqliteSiteStore& store, const Clock& clock, QTextStream& out, Repetitions repetitions)
    : m_store(store)
    , m_clock(clock)
    , m_out(out)
    , m_repetitions(repetitions)
{
}

StockBenchmark::Measured StockBenchmark::measure(const QString& key, const QString& label, const QString& baseline,
    const std::function<void()>& query)
{
    Measured m{key, label, baseline, {}};
    query();  // warm
    QElapsedTimer spent;
    spent.start();
    while (m.stats.samples.size() < m_repetitions.most
        && (m.stats.samples.size() < m_repetitions.least || double(spent.elapsed()) / 1000.0 < m_repetitions.seconds))
        m.stats.add(micros(query));
    m_out << "." << Qt::flush;
    return m;
}

QJsonObject StockBenchmark::run()
{
    db::Connection& c = m_store.connection();
    StockRepository& stock = m_store.stock();
    StockReport report(m_store);
    InjectionService injections(m_store, m_clock);
    const QString site = m_store.identity().siteId;
    const QStringList holders = report.holderIds();
    const QDate today = m_clock.today();
    const QDate monthAgo = today.addDays(-29);
    const QDate yearAgo = today.addDays(-364);
    LedgerFilter oneLot;
    oneLot.lotId = busiestLot(m_store);
    LedgerFilter oneLotShown = oneLot;
    oneLotShown.limit = kShownRows;
    LedgerFilter allShown;
    allShown.limit = kShownRows;
    qsizetype sink = 0;  // every answer is used, so nothing is optimised away

    m_out << "Timing" << Qt::flush;
    QList<Measured> all;
    all << measure(kWhole, QStringLiteral("plain sum by holder and lot, whole ledger"), {}, [&] { sink += PlainLedger::balances(c).size(); });
    all << measure(kMonth, QStringLiteral("plain sum by kind, 30 days"), {}, [&] { sink += PlainLedger::kindsBetween(c, monthAgo, today).size(); });
    all << measure(kYear, QStringLiteral("plain sum by kind, 1 year"), {}, [&] { sink += PlainLedger::kindsBetween(c, yearAgo, today).size(); });

    all << measure(QStringLiteral("on_hand_site"), QStringLiteral("on hand, site (StockTables::onHand)"), kWhole,
        [&] { sink += stock.onHand(site).size(); });
    all << measure(QStringLiteral("on_hand_screen"), QStringLiteral("on hand, stock screen (%1 holders + quarantine)").arg(holders.size()), kWhole, [&] {
        for (const QString& h : holders)
            sink += stock.quarantinedLots(h).size() + stock.onHand(h).size();
    });
    all << measure(QStringLiteral("open_vials"), QStringLiteral("open vials, site (StockTables::openVials)"), kWhole,
        [&] { sink += stock.openVials(site).size(); });
    all << measure(QStringLiteral("lot_choices"), QStringLiteral("lot choices (InjectionService::lotChoices)"), kWhole,
        [&] { sink += injections.lotChoices().size(); });
    all << measure(QStringLiteral("shipments"), QStringLiteral("shipments to and from the site"), kWhole,
        [&] { sink += stock.shipmentsTo(site, false).size() + stock.shipmentsFrom(site, false).size(); });
    all << measure(QStringLiteral("ledger_shown"), QStringLiteral("ledger, newest %1, all lots").arg(kShownRows), kWhole,
        [&] { sink += report.ledger(allShown).size(); });
    all << measure(QStringLiteral("lot_ledger_shown"), QStringLiteral("ledger of one lot, newest %1").arg(kShownRows), kWhole,
        [&] { sink += report.ledger(oneLotShown).size(); });
    all << measure(QStringLiteral("lot_ledger_all"), QStringLiteral("ledger of one lot, all (CSV)"), kWhole,
        [&] { sink += report.ledger(oneLot).size(); });

    all << measure(QStringLiteral("wastage_30d"), QStringLiteral("wastage, 30 days (StockReport::wastage)"), kMonth,
        [&] { sink += report.wastage(monthAgo, today).size(); });
    all << measure(QStringLiteral("days_30d"), QStringLiteral("days, 30 days (stock chart)"), kMonth,
        [&] { sink += stock.days(holders, monthAgo, today).size(); });
    all << measure(QStringLiteral("wastage_1y"), QStringLiteral("wastage, 1 year"), kYear, [&] { sink += report.wastage(yearAgo, today).size(); });
    all << measure(QStringLiteral("days_1y"), QStringLiteral("days, 1 year"), kYear, [&] { sink += stock.days(holders, yearAgo, today).size(); });
    m_out << (sink > 0 ? "" : " (no rows)") << Qt::endl;

    print(all);
    QJsonObject out;
    QHash<QString, double> baselines;
    for (const Measured& m : all) {
        if (m.baseline.isEmpty())
            baselines.insert(m.key, m.stats.p50());
    }
    for (const Measured& m : all) {
        QJsonObject figures = toJson(m.stats);
        figures.insert(QStringLiteral("what"), m.label);
        if (!m.baseline.isEmpty()) {
            figures.insert(QStringLiteral("baseline"), m.baseline);
            figures.insert(QStringLiteral("ratio_p50"), m.stats.p50() / std::max(1e-9, baselines.value(m.baseline)));
        }
        out.insert(m.key, figures);
    }
    return out;
}

void StockBenchmark::print(const QList<Measured>& all)
{
    QHash<QString, Measured> baselines;
    for (const Measured& m : all) {
        if (m.baseline.isEmpty())
            baselines.insert(m.key, m);
    }
    auto ms = [](double micros) { return QString::number(micros / 1000.0, 'f', micros < 10000 ? 3 : 1); };
    auto row = [this](const QString& what, const QString& p50, const QString& p95, const QString& mean, const QString& n, const QString& ratio) {
        m_out << qSetFieldWidth(48) << Qt::left << what << qSetFieldWidth(10) << Qt::right << p50 << p95 << mean << qSetFieldWidth(6) << n
              << qSetFieldWidth(0) << "  " << ratio << Qt::endl;
    };
    m_out << Qt::endl;
    row(QStringLiteral("query"), QStringLiteral("p50 ms"), QStringLiteral("p95 ms"), QStringLiteral("mean ms"), QStringLiteral("runs"),
        QStringLiteral("p50 / baseline p50"));
    QString section;
    for (const Measured& m : all) {
        const QString now = m.baseline.isEmpty() ? QStringLiteral("Baselines (plain SQL over stock_movement)") : QStringLiteral("The app");
        if (now != section) {
            m_out << now << Qt::endl;
            section = now;
        }
        QString ratio;
        if (!m.baseline.isEmpty()) {
            const Measured& b = baselines[m.baseline];
            ratio = QStringLiteral("%1 (of %2)").arg(m.stats.p50() / std::max(1e-9, b.stats.p50()), 0, 'g', 3).arg(b.label);
        }
        row(QStringLiteral("  ") + m.label, ms(m.stats.p50()), ms(m.stats.p95()), ms(m.stats.mean()), QString::number(m.stats.samples.size()), ratio);
    }
}

} // namespace vax::bench

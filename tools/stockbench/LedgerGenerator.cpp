#include "LedgerGenerator.h"

#include "app/auth/User.h"
#include "app/demo/DemoSite.h"
#include "app/services/AuthService.h"
#include "app/services/SiteSetup.h"
#include "app/stock/Lot.h"
#include "app/store/StockRepository.h"
#include "app/vaccines/VaccineCatalogue.h"
#include "db/SqliteSiteStore.h"
#include "tests/support/ManualClock.h"
#include "tools/stockbench/HolderDevice.h"

#include <QDir>
#include <QElapsedTimer>

#include <algorithm>
#include <cmath>

namespace vax::bench {

namespace {

constexpr int kPasswordIterations = 1000;     // the users only sign records here
constexpr double kVoidRate = 1.0 / 700;       // doses recorded in error and voided
constexpr double kShortRate = 0.03;           // shipments confirmed with a vial missing
constexpr double kMishapRate = 0.03;          // a broken, lost or VVM-stage vial, per working day
constexpr double kQuarantineRate = 0.012;     // a temperature alarm, per working day
constexpr int kOrderBelowDays = 21;           // the site orders when stock covers fewer days
constexpr int kOrderDays = 70;                // … for about this many days
constexpr int kReturnBeforeExpiryDays = 21;   // a team sends back lots expiring this soon

QDateTime at(const QDate& day, int hour, int minute)
{
    return QDateTime(day, QTime(hour, minute));
}

Result<QString> addUser(SiteStore& store, const char* username)
{
    for (const DemoUser& u : kDemoUsers) {
        if (qstrcmp(u.username, username) != 0)
            continue;
        NewUser nu{QLatin1String(u.username), QString::fromUtf8(u.fullName), roleFromKey(QLatin1String(u.role)).value_or(Role::Nurse),
            QLatin1String(u.password)};
        auto user = AuthService(store).createUser(nullptr, nu, kPasswordIterations);
        if (!user.ok())
            return user.error();
        return user->stamp.id;
    }
    return Error(ErrorCode::NotFound, QStringLiteral("no demo user %1").arg(QLatin1String(username)));
}

} // namespace

LedgerGenerator::LedgerGenerator(db::SqliteSiteStore& site, test::ManualClock& clock, const VaccineCatalogue& catalogue,
    GeneratorOptions options)
    : m_site(site)
    , m_clock(clock)
    , m_catalogue(catalogue)
    , m_options(std::move(options))
    , m_plan(m_options.end.date().addDays(1 - m_options.days), m_options.end.date(), m_options.teams, m_options.movements)
    , m_random(m_options.seed)
{
}

LedgerGenerator::~LedgerGenerator() = default;

qint64 LedgerGenerator::movements() const
{
    qint64 n = 0;
    for (const auto& h : m_holders)
        n += h->movements();
    return n;
}

qint64 LedgerGenerator::doses() const
{
    qint64 n = 0;
    for (const auto& h : m_holders)
        n += h->doses();
    return n;
}

Result<void> LedgerGenerator::setUp()
{
    m_clock.set(at(m_plan.firstDay(), 6, 0));
    if (auto r = SiteSetup::loadCatalogue(m_site, m_catalogue); !r.ok())
        return r;
    auto manager = addUser(m_site, "manager");
    auto nurse = addUser(m_site, "nurse");
    if (!manager.ok() || !nurse.ok())
        return manager.ok() ? nurse.error() : manager.error();
    m_devices.push_back(std::make_unique<HolderDevice>(m_site, m_clock));
    m_holders.push_back(std::make_unique<HolderLedger>(m_site.identity().siteId, *m_devices.back(), *nurse, *manager));

    const SiteIdentity& site = m_site.identity();
    for (int t = 1; t <= m_options.teams; ++t) {
        const QString code = QStringLiteral("%1-T%2").arg(site.siteCode).arg(t);
        auto team = db::SqliteSiteStore::create(QDir(m_options.teamDir).filePath(QStringLiteral("team-%1.vaxdb").arg(t)),
            {site.siteCode, site.siteName, {}, code, QStringLiteral("Đội tiêm lưu động %1").arg(t)}, m_clock);
        if (!team.ok())
            return team.error();
        db::SqliteSiteStore& store = *team.value();
        if (auto r = SiteSetup::loadCatalogue(store, m_catalogue); !r.ok())
            return r;
        // The site knows its team as central tells it.
        for (const Site& s : store.stock().holdersOf(site.siteId)) {
            if (s.kind == SiteKind::Team) {
                if (auto r = m_site.importReference(Entity::Site, {s.toRecord()}, QStringLiteral("central")); !r.ok())
                    return r;
            }
        }
        auto lead = addUser(store, "teamlead");
        if (!lead.ok())
            return lead.error();
        m_devices.push_back(std::make_unique<HolderDevice>(store, m_clock));
        m_holders.push_back(std::make_unique<HolderLedger>(store.identity().teamId, *m_devices.back(), *lead, *lead));
        m_teamStores.push_back(std::move(team).value());
    }
    return {};
}

Result<GeneratedLedger> LedgerGenerator::run(const std::function<void(const QString&)>& progress)
{
    if (auto r = setUp(); !r.ok())
        return r.error();
    QElapsedTimer timer;
    timer.start();
    for (QDate day = m_plan.firstDay(); day <= m_plan.lastDay(); day = day.addDays(1)) {
        if (auto r = runDay(day); !r.ok())
            return r.error();
        const qint64 done = m_plan.firstDay().daysTo(day) + 1;
        if (progress && (done % 61 == 0 || day == m_plan.lastDay())) {
            progress(QStringLiteral("day %1 of %2: %3 movements, %4 a second")
                         .arg(done)
                         .arg(m_options.days)
                         .arg(movements())
                         .arg(double(movements()) / std::max(1e-3, double(timer.elapsed()) / 1000.0), 0, 'f', 0));
        }
    }
    if (auto r = evening(m_options.end); !r.ok())
        return r.error();
    GeneratedLedger out;
    out.movements = movements();
    out.doses = doses();
    for (const auto& h : m_holders)
        out.vials += h->vials();
    out.lots = int(m_lots.size());
    out.relayed = m_relayed;
    return out;
}

Result<void> LedgerGenerator::runDay(const QDate& day)
{
    if (auto r = expireLots(day); !r.ok())
        return r;
    if (m_plan.works(0, day)) {
        if (auto r = order(day); !r.ok())
            return r;
    }
    QList<int> doses;
    for (int h = 0; h <= m_options.teams; ++h)
        doses << m_plan.dosesFor(h, day, movements(), this->doses(), random01());
    if (auto r = supplyTeams(day, doses); !r.ok())
        return r;
    if (auto r = confirmShipments(day); !r.ok())
        return r;
    if (auto r = decideHolds(day); !r.ok())
        return r;
    for (int h = 0; h <= m_options.teams; ++h) {
        if (auto r = session(h, day, doses[h]); !r.ok())
            return r;
    }
    if (day == m_options.end.date())
        return {};  // the benchmark stands here, mid-session
    for (int h = 0; h <= m_options.teams; ++h) {
        if (!m_plan.works(h, day))
            continue;
        if (auto r = m_holders[h]->closeSession(h == 0 ? at(day, 16, 30) : at(day, 15, 0)); !r.ok())
            return r;
        if (h > 0) {
            if (auto r = returnStock(h, day); !r.ok())
                return r;
        }
        if (auto r = mishaps(h, day); !r.ok())
            return r;
    }
    if (day.dayOfWeek() == Qt::Friday) {
        if (auto r = countStock(day); !r.ok())
            return r;
    }
    return evening(at(day, 18, 0));
}

Result<void> LedgerGenerator::expireLots(const QDate& day)
{
    for (const auto& h : m_holders) {
        for (const QString& id : h->lotsInStock()) {
            const LotInfo& lot = lotOf(m_lots, id);
            const int left = h->balance(id);
            if (lot.expiry >= day || left <= 0)
                continue;
            const QString note = QStringLiteral("expired on %1").arg(lot.expiry.toString(QStringLiteral("dd/MM/yyyy")));
            if (auto r = h->discard(lot, left, WastageReason::Expired, at(day, 6, 45), note); !r.ok())
                return r;
        }
    }
    return {};
}

Result<void> LedgerGenerator::order(const QDate& day)
{
    HolderLedger& site = *m_holders.front();
    const QList<ProductShare>& products = LedgerPlan::products();
    for (int p = 0; p < products.size(); ++p) {
        const double perDay = m_plan.dailyDoses() * m_plan.share(p, day);
        if (perDay < 0.5)
            continue;  // phased out: what is left runs down or expires
        qint64 stock = 0;
        for (const auto& h : m_holders)
            stock += h->usable(p, day.addDays(14), m_lots);
        if (double(stock) >= kOrderBelowDays * perDay)
            continue;
        const VaccineProduct* product = m_catalogue.byCode(QLatin1String(products[p].code));
        if (!product)
            return Error(ErrorCode::NotFound, QStringLiteral("%1 is not in the catalogue").arg(QLatin1String(products[p].code)));
        LotInfo lot;
        lot.product = p;
        lot.productId = product->stamp.id;
        lot.dosesPerVial = std::max(1, product->dosesPerVial);
        lot.openVialHours = product->openVialHours > 0 ? product->openVialHours : 6;
        lot.expiry = day.addDays(150 + m_random.bounded(180));
        Lot record;
        record.productId = product->stamp.id;
        record.lotNumber = QStringLiteral("%1%2%3").arg(product->code.left(2), day.toString(QStringLiteral("yyMMdd"))).arg(p);
        record.stamp.id = Lot::idFor(product->stamp.id, record.lotNumber);
        record.expiry = lot.expiry;
        lot.id = record.stamp.id;
        m_lots.insert(lot.id, lot);
        const int vials = std::max(1, int(std::ceil(kOrderDays * perDay * (0.8 + 0.5 * random01()) / lot.dosesPerVial)));
        if (auto r = site.receive(lot, record, vials * lot.dosesPerVial, at(day, 7, 0), QStringLiteral("shipment from the district store"));
            !r.ok())
            return r;
        // The teams learn of the lot from central before any of it reaches them.
        for (const auto& team : m_teamStores) {
            if (auto r = team->importReference(Entity::Lot, {record.toRecord()}, QStringLiteral("central")); !r.ok())
                return r;
        }
    }
    return {};
}

QList<const LotInfo*> LedgerGenerator::sealedLots(const HolderLedger& holder, int product, const QDate& usableOn) const
{
    QList<const LotInfo*> out;
    for (const QString& id : holder.lotsInStock()) {
        const LotInfo& lot = lotOf(m_lots, id);
        if (lot.product == product && lot.expiry >= usableOn && !holder.quarantined(id) && holder.sealed(id) >= lot.dosesPerVial)
            out << &lot;
    }
    std::stable_sort(out.begin(), out.end(), [](const LotInfo* a, const LotInfo* b) { return a->expiry < b->expiry; });
    return out;
}

Result<void> LedgerGenerator::supplyTeams(const QDate& day, const QList<int>& doses)
{
    HolderLedger& site = *m_holders.front();
    for (int t = 1; t <= m_options.teams; ++t) {
        if (doses[t] <= 0)
            continue;
        for (int p = 0; p < LedgerPlan::products().size(); ++p) {
            int need = int(std::ceil(1.25 * doses[t] * m_plan.share(p, day))) - m_holders[t]->usable(p, day, m_lots);
            for (const LotInfo* lot : sealedLots(site, p, day.addDays(7))) {
                if (need <= 0)
                    break;
                const int whole = site.sealed(lot->id) / lot->dosesPerVial * lot->dosesPerVial;
                const int send = std::min(whole, (need + lot->dosesPerVial - 1) / lot->dosesPerVial * lot->dosesPerVial);
                auto sent = site.transferOut(*lot, m_holders[t]->id(), send, at(day, 7, 10), QStringLiteral("for today's outreach session"));
                if (!sent.ok())
                    return sent.error();
                m_shipments << PendingShipment{sent.value(), lot->id, 0, t, send};
                need -= send;
            }
        }
    }
    return {};
}

Result<void> LedgerGenerator::confirmShipments(const QDate& day)
{
    for (qsizetype i = 0; i < m_shipments.size();) {
        const PendingShipment s = m_shipments[i];
        if (!m_plan.works(s.to, day)) {
            ++i;
            continue;
        }
        const LotInfo& lot = lotOf(m_lots, s.lotId);
        int received = s.doses;
        QString difference;
        if (s.doses > lot.dosesPerVial && random01() < kShortRate) {
            received -= lot.dosesPerVial;
            difference = receiptDifferenceKey(random01() < 0.5 ? ReceiptDifference::Short : ReceiptDifference::Damaged);
        }
        const QDateTime when = s.to == 0 ? at(day, 7, 40) : at(day, 7, 30);
        if (auto r = m_holders[s.to]->confirm(s, m_holders[s.from]->id(), received, difference, when); !r.ok())
            return r;
        m_shipments.removeAt(i);
    }
    return {};
}

Result<void> LedgerGenerator::decideHolds(const QDate& day)
{
    for (qsizetype i = 0; i < m_holds.size();) {
        const Hold hold = m_holds[i];
        if (hold.decideFrom > day || !m_plan.works(hold.holder, day)) {
            ++i;
            continue;
        }
        HolderLedger& h = *m_holders[hold.holder];
        const LotInfo& lot = lotOf(m_lots, hold.lotId);
        const QDateTime when = at(day, 7, 45);
        Result<void> r;
        if (random01() < 0.7 || h.sealed(lot.id) <= 0)
            r = h.hold(lot, false, QStringLiteral("cleared by the district EPI office: the log stayed under 8 °C"), when);
        else
            r = h.discard(lot, h.sealed(lot.id), WastageReason::Temperature, when, QStringLiteral("the cold chain broke"));
        if (!r.ok())
            return r;
        m_holds.removeAt(i);
    }
    return {};
}

int LedgerGenerator::pickProduct(const QDate& day)
{
    double r = random01();
    const int n = int(LedgerPlan::products().size());
    for (int p = 0; p < n; ++p) {
        r -= m_plan.share(p, day);
        if (r < 0)
            return p;
    }
    return n - 1;
}

Result<void> LedgerGenerator::session(int holder, const QDate& day, int doses)
{
    if (doses <= 0)
        return {};
    HolderLedger& h = *m_holders[holder];
    const QDateTime start = at(day, 8, 0);
    const qint64 span = start.secsTo(holder == 0 ? at(day, 16, 30) : at(day, 15, 0));
    const int products = int(LedgerPlan::products().size());
    for (int k = 0; k < doses; ++k) {
        const QDateTime when = start.addSecs(qint64(double(span) * (k + random01()) / doses));
        if (!beforeEnd(when))
            break;
        // The product the person's schedule calls for; another one in stock when it is out.
        const int wanted = pickProduct(day);
        QString lotId;
        for (int i = 0; i < products && lotId.isEmpty(); ++i)
            lotId = h.lotForDose((wanted + i) % products, when, m_lots);
        if (lotId.isEmpty())
            continue;
        const QString voidReason = random01() < kVoidRate ? QStringLiteral("recorded twice") : QString();
        if (auto r = h.giveDose(lotOf(m_lots, lotId), when, voidReason); !r.ok())
            return r;
    }
    return {};
}

Result<void> LedgerGenerator::returnStock(int team, const QDate& day)
{
    HolderLedger& h = *m_holders[team];
    // The end of a four-week outreach round: what is left goes back to the site.
    QDate next = day.addDays(1);
    while (!m_plan.works(team, next))
        next = next.addDays(1);
    const bool roundEnds = next.weekNumber() != day.weekNumber() && day.weekNumber() % 4 == 0;
    for (const QString& id : h.lotsInStock()) {
        const LotInfo& lot = lotOf(m_lots, id);
        const int whole = h.sealed(id) / lot.dosesPerVial * lot.dosesPerVial;
        if (whole <= 0 || h.quarantined(id) || (!roundEnds && lot.expiry > day.addDays(kReturnBeforeExpiryDays)))
            continue;
        auto sent = h.transferOut(lot, m_holders.front()->id(), whole, at(day, 15, 30), QStringLiteral("back to the site"));
        if (!sent.ok())
            return sent.error();
        m_shipments << PendingShipment{sent.value(), id, team, 0, whole};
    }
    return {};
}

Result<void> LedgerGenerator::mishaps(int holder, const QDate& day)
{
    HolderLedger& h = *m_holders[holder];
    const QStringList lots = h.lotsInStock();
    if (lots.isEmpty())
        return {};
    const LotInfo& lot = lotOf(m_lots, lots.at(m_random.bounded(int(lots.size()))));
    if (random01() < kMishapRate && !h.quarantined(lot.id) && lot.expiry >= day) {
        static const WastageReason kReasons[] = {WastageReason::Broken, WastageReason::Lost, WastageReason::Vvm};
        const WastageReason reason = kReasons[m_random.bounded(3)];
        const int vials = reason == WastageReason::Vvm ? 1 + m_random.bounded(3) : 1;
        const int doses = std::min(vials * lot.dosesPerVial, h.sealed(lot.id) / lot.dosesPerVial * lot.dosesPerVial);
        if (doses > 0) {
            if (auto r = h.discard(lot, doses, reason, at(day, 16, 0), {}); !r.ok())
                return r;
        }
    }
    if (random01() < (holder == 0 ? kQuarantineRate : 2 * kQuarantineRate) && !h.quarantined(lot.id) && h.balance(lot.id) > 0) {
        const QString reason = holder == 0 ? QStringLiteral("refrigerator alarm: 9.5 °C overnight") : QStringLiteral("cold box at 12 °C");
        if (auto r = h.hold(lot, true, reason, at(day, 16, 50)); !r.ok())
            return r;
        m_holds << Hold{holder, lot.id, day.addDays(1)};
    }
    return {};
}

Result<void> LedgerGenerator::countStock(const QDate& day)
{
    for (const auto& h : m_holders) {
        for (const QString& id : h->lotsInStock()) {
            const LotInfo& lot = lotOf(m_lots, id);
            const int ledger = h->balance(id);
            if (ledger <= 0)
                continue;
            const double r = random01();
            int counted = ledger;
            if (r < 0.05)
                counted = std::max(0, ledger - 1 - m_random.bounded(2));  // a dose or two gone unrecorded
            else if (r < 0.07)
                counted = ledger + lot.dosesPerVial;                      // a vial found in the back of the fridge
            if (auto w = h->count(lot, counted, at(day, 17, 0)); !w.ok())
                return w;
        }
    }
    return {};
}

Result<void> LedgerGenerator::evening(const QDateTime& when)
{
    for (const auto& d : m_devices) {
        if (auto r = d->flush(); !r.ok())
            return r;
    }
    // The teams' laptops sync when they are back in range; the site pulls their day.
    m_clock.set(when);
    for (size_t t = 1; t < m_devices.size(); ++t) {
        auto relayed = m_devices[t]->relayTo(m_site, m_globalSeq);
        if (!relayed.ok())
            return relayed.error();
        m_relayed += relayed.value();
    }
    return {};
}

} // namespace vax::bench

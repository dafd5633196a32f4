#include "DemoSite.h"

#include "app/clinical/ScreeningForm.h"
#include "app/common/Clock.h"
#include "app/demo/DemoPeople.h"
#include "app/services/AuthService.h"
#include "app/services/InjectionService.h"
#include "app/services/ObservationService.h"
#include "app/services/RegistrationService.h"
#include "app/services/ScreeningService.h"
#include "app/services/SiteSetup.h"
#include "app/services/StockService.h"
#include "app/services/VialService.h"
#include "app/stock/StockReasons.h"
#include "app/stock/Lot.h"
#include "app/stock/StockMovement.h"
#include "app/store/CatalogueRepository.h"
#include "app/store/RecordWriter.h"
#include "app/store/SiteStore.h"
#include "app/store/StockRepository.h"
#include "app/store/SyncRepository.h"
#include "app/store/UserRepository.h"
#include "app/vaccines/VaccineCatalogue.h"

#include <QRandomGenerator>

namespace vax {

const DemoUser kDemoUsers[4] = {
    {"admin", "demo-admin", "Trần Quốc Bảo", "admin"},
    {"manager", "demo-manager", "Lê Thị Thu Hà", "site_manager"},
    {"nurse", "demo-nurse", "Nguyễn Thị Mai", "nurse"},
    {"teamlead", "demo-teamlead", "Phạm Văn Đức", "team_lead"},
};

namespace {

struct DemoLot {
    const char* product;
    const char* lot;
    int expiresInDays;
    int doses;
};

// Stock on hand today, one lot near expiry so the warning shows.
const DemoLot kCurrentLots[] = {
    {"VAXZEVRIA", "ABX4521", 150, 500},
    {"VAXZEVRIA", "ABX3307", 10, 60},
    {"COMIRNATY", "FN7792", 75, 300},
    {"SPIKEVAX", "3006451", 40, 200},
    {"VEROCELL", "202410B3318", 220, 400},
};

// Lots of 2021–2022 the people's earlier doses came from (expired now).
struct HistoricLot {
    const char* product;
    const char* lot;
    const char* expiry;
};
const HistoricLot kHistoricLots[] = {
    {"VAXZEVRIA", "ABV5811", "2021-12-31"},
    {"COMIRNATY", "FF2587", "2022-03-31"},
    {"VEROCELL", "202107B2181", "2023-07-31"},
    {"SPIKEVAX", "3002187", "2022-06-30"},
};

} // namespace

DemoSite::DemoSite(SiteStore& store, const Clock& clock, const AdminUnits& units, const VaccineCatalogue& catalogue,
    const ScreeningForm& form)
    : m_store(store)
    , m_clock(clock)
    , m_units(units)
    , m_catalogue(catalogue)
    , m_form(form)
{
}

// The 2021 campaign is over: what its opened vials held was wasted at their discard time,
// and what was left of each lot was discarded as expired the day after its expiry, as a site
// manager would have recorded it.
Result<void> DemoSite::endHistoricLots(const Session& manager, const QList<std::pair<QString, QString>>& historic)
{
    if (auto r = VialService(m_store, m_clock).discardExpired(manager); !r.ok())
        return r.error();
    return m_store.write(manager.userId(), [&](RecordWriter& w) -> Result<void> {
        for (const auto& [lotId, code] : historic) {
            const int left = m_store.stock().balance(m_store.identity().holderId(), lotId);
            const auto lot = m_store.catalogue().lot(lotId);
            if (left <= 0 || !lot)
                continue;
            StockMovement m;
            m.holderId = m_store.identity().holderId();
            m.lotId = lotId;
            m.kind = MovementKind::Wastage;
            m.doses = -left;
            m.reason = wastageReasonKey(WastageReason::Expired);
            m.occurredAt = QDateTime(lot->expiry.addDays(1), QTime(8, 0));
            m.note = tr("demo: end of the 2021 campaign");
            if (auto a = w.add(Entity::StockMovement, m); !a.ok())
                return a.error();
        }
        return {};
    });
}

Result<DemoSummary> DemoSite::populate(const DemoOptions& options, const std::function<void(const QString&)>& progress)
{
    auto say = [&progress](const QString& text) {
        if (progress)
            progress(text);
    };
    DemoSummary summary;
    if (auto r = SiteSetup::loadCatalogue(m_store, m_catalogue); !r.ok())
        return r.error();

    say(tr("Demo users…"));
    AuthService auth(m_store);
    // An enrolled device's users come from central, which refuses users made on a device.
    const bool enrolled = m_store.sync().state().enrolled();
    for (const DemoUser& u : kDemoUsers) {
        if (enrolled || m_store.users().byUsername(QLatin1String(u.username)))
            continue;
        NewUser nu{QLatin1String(u.username), QString::fromUtf8(u.fullName),
            roleFromKey(QLatin1String(u.role)).value_or(Role::Nurse), QLatin1String(u.password)};
        if (auto r = auth.createUser(nullptr, nu, options.passwordIterations); !r.ok())
            return r.error();
        ++summary.users;
    }
    const auto managerUser = m_store.users().byUsername(QStringLiteral("manager"));
    const auto nurseUser = m_store.users().byUsername(QStringLiteral("nurse"));
    if (!managerUser || !nurseUser)
        return Error::invalid(QStringLiteral("users"),
            tr("The demo records its work as the users 'nurse' and 'manager': add them on central (vaxcentral admin user add) "
               "and sync this device first."));
    const Session manager{*managerUser};
    const Session nurse{*nurseUser};

    say(tr("Stock on hand…"));
    StockService stock(m_store, m_clock);
    const QDate today = m_clock.today();
    for (const DemoLot& l : kCurrentLots) {
        ReceiptDraft d{QLatin1String(l.product), QLatin1String(l.lot), today.addDays(l.expiresInDays).toString(Qt::ISODate),
            QString::number(l.doses), {}, tr("demo shipment")};
        if (auto r = stock.receive(manager, d); !r.ok())
            return r.error();
        ++summary.lots;
    }

    say(tr("Registering %n people…", nullptr, options.persons));
    DemoPeople people(m_units, options.seed);
    QList<PersonDraft> drafts;
    drafts.reserve(options.persons);
    for (int i = 0; i < options.persons; ++i)
        drafts << people.next(today);
    RegistrationService registration(m_store, m_clock, m_units);
    const auto bulk = registration.registerMany(manager, drafts, 2000, [&](int done, int total) {
        if (done % 20000 == 0 || done == total)
            say(tr("Registered %1 of %2").arg(done).arg(total));
        return true;
    });
    if (!bulk.rejected.isEmpty())
        return bulk.rejected.first().second;
    summary.persons = bulk.registered;

    InjectionService injections(m_store, m_clock);
    QRandomGenerator random(options.seed);
    if (options.history && summary.persons > 0) {
        say(tr("Earlier doses…"));
        // The 2021 lots, received in 2021 as the campaign's shipments were.
        QList<std::pair<QString, QString>> historic;  // lot id, product code
        auto r = m_store.write(manager.userId(), [&](RecordWriter& w) -> Result<void> {
            for (const HistoricLot& h : kHistoricLots) {
                const VaccineProduct* p = m_catalogue.byCode(QLatin1String(h.product));
                if (!p)
                    continue;
                Lot lot;
                lot.productId = p->stamp.id;
                lot.lotNumber = QLatin1String(h.lot);
                lot.stamp.id = Lot::idFor(p->stamp.id, lot.lotNumber);
                lot.expiry = QDate::fromString(QLatin1String(h.expiry), Qt::ISODate);
                if (auto a = w.add(Entity::Lot, lot); !a.ok())
                    return a.error();
                StockMovement m;
                m.holderId = m_store.identity().holderId();
                m.lotId = lot.stamp.id;
                m.kind = MovementKind::Receipt;
                m.doses = (options.persons * 2 / p->dosesPerVial + 1) * p->dosesPerVial;  // whole vials
                m.occurredAt = QDateTime(lot.expiry.addMonths(-6), QTime(8, 0));
                m.note = tr("demo: 2021 campaign shipment");
                if (auto a = w.add(Entity::StockMovement, m); !a.ok())
                    return a.error();
                historic << std::pair{lot.stamp.id, QLatin1String(h.product)};
            }
            return {};
        });
        if (!r.ok())
            return r.error();
        // Two of three people had their primary series in 2021, with the same product.
        const int withHistory = std::min(summary.persons, 400);
        const QList<Person> someone = registration.search(QStringLiteral("nguyen"), withHistory).people;
        for (int i = 0; i < someone.size(); ++i) {
            if (i % 3 == 2)
                continue;
            const auto& [lotId, code] = historic[random.bounded(int(historic.size()))];
            const VaccineProduct* p = m_catalogue.byCode(code);
            // July–August 2021, when the city's campaign ran: both doses fall before every demo lot expires.
            const QDateTime first(QDate(2021, 7, 1).addDays(random.bounded(60)), QTime(8 + random.bounded(9), random.bounded(60)));
            const int gap = p && p->intervalBefore(2) ? p->intervalBefore(2)->minDays + random.bounded(14) : 28;
            for (const QDateTime& when : {first, first.addDays(gap)}) {
                DoseRequest d;
                d.personId = someone[i].stamp.id;
                d.lotId = lotId;
                d.bodySite = random.bounded(2) ? BodySite::LeftArm : BodySite::RightArm;
                d.injectedAt = when;
                d.requireScreening = false;
                auto dose = injections.record(nurse, d);
                if (!dose.ok())
                    return dose.error();
                ++summary.historicDoses;
            }
        }
        if (auto closed = endHistoricLots(manager, historic); !closed.ok())
            return closed.error();
    }

    if (options.today && summary.persons >= 8) {
        say(tr("This morning's queue…"));
        ScreeningService screening(m_store, m_clock, m_form);
        ObservationService observation(m_store, m_clock);
        const QList<Person> queue = registration.search(QStringLiteral("tran"), 8).people;
        ScreeningAnswers allNo;
        for (const ScreeningForm::Item& item : m_form.items())
            allNo.answers.insert(item.key, QStringLiteral("no"));
        allNo.temperatureC = 36.6;
        allNo.pulse = 78;
        allNo.systolic = 118;
        allNo.diastolic = 76;
        allNo.spo2 = 98;
        const QList<LotChoice> lots = injections.lotChoices();
        for (int i = 0; i < queue.size(); ++i) {
            auto visit = screening.checkIn(nurse, queue[i].stamp.id);
            if (!visit.ok())
                return visit.error();
            ++summary.visitsToday;
            if (i >= 5)
                continue;  // still waiting to be screened
            if (auto s = screening.record(nurse, visit->stamp.id, allNo); !s.ok())
                return s.error();
            if (i >= 3 || lots.isEmpty())
                continue;  // screened, waiting for the injection
            DoseRequest d;
            d.personId = queue[i].stamp.id;
            d.visitId = visit->stamp.id;
            d.lotId = lots.first().balance.lot.stamp.id;
            // One past the 30 minutes (red on the board), two still counting down.
            const int minutesAgo[] = {34, 17, 6};
            d.injectedAt = m_clock.now().addSecs(-60 * minutesAgo[i]);
            if (auto dose = injections.record(nurse, d); !dose.ok())
                return dose.error();
        }
    }
    say(tr("Demo site ready."));
    return summary;
}

} // namespace vax

#include "ConvergenceWorld.h"

#include "app/org/Site.h"
#include "app/people/AdminUnits.h"
#include "app/services/InjectionService.h"
#include "app/services/ObservationService.h"
#include "app/services/RegistrationService.h"
#include "app/services/ScreeningService.h"
#include "app/services/StockService.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/PersonRepository.h"
#include "db/Connection.h"
#include "sync/CredentialStore.h"
#include "tests/support/Screenings.h"

namespace vax::test {

const QString ConvergenceWorld::kSiteA = QStringLiteral("HN-BD-PX01");
const QString ConvergenceWorld::kTeam = QStringLiteral("HN-BD-PX01-T1");
const QString ConvergenceWorld::kSiteB = QStringLiteral("HN-HK-HB02");

namespace {

// The lots sites receive: the same lot number always with the same expiry, as on the boxes.
struct LotSpec {
    const char* product;
    const char* number;
    int expiryDays;
};
constexpr LotSpec kLots[] = {{"VAXZEVRIA", "ABX4521", 150}, {"VAXZEVRIA", "ABX4522", 210}, {"VAXZEVRIA", "ABV7710", 270},
    {"COMIRNATY", "FN7792", 120}, {"COMIRNATY", "FN8801", 180}, {"COMIRNATY", "FP1203", 240}, {"VEROCELL", "G202109", 160},
    {"VEROCELL", "G202110", 200}, {"VEROCELL", "G202111", 300}};

const char* const kPhonePrefixes[] = {"090", "091", "093", "094", "096", "097", "098", "032", "033", "070", "077", "083", "086", "088"};
const char* const kStreets[] = {"phố Hàng Bông", "phố Phúc Xá", "ngõ Văn Chương", "đường Nguyễn Trãi", "phố Đội Cấn",
    "đường Láng", "phố Tôn Đức Thắng", "ngõ Thịnh Hào 1", "phố Quán Thánh", "đường Hoàng Hoa Thám"};

QString fieldStampOf(ConvergenceNode& n, const QString& personId, const QString& field)
{
    return n.store()
        .connection()
        .scalar(QStringLiteral("SELECT coalesce(json_extract(field_hlc, ?), hlc) FROM person WHERE id = ?"),
            {QString(QStringLiteral("$.") + field), personId})
        .toString();
}

} // namespace

QString ConvergenceNode::holderId() const
{
    return isTeam() ? Site::idFor(teamCode) : Site::idFor(siteCode);
}

QString ConvergenceNode::siteId() const
{
    return Site::idFor(siteCode);
}

QMap<HolderLot, qint64> ConvergenceTruth::expectedStock() const
{
    QMap<HolderLot, qint64> out;
    for (const Receipt& r : receipts)
        out[{r.holderId, r.lotId}] += r.doses;
    for (const Dose& d : doses)
        out[{d.holderId, d.lotId}] -= 1;
    for (const Void& v : voids) {
        const Dose& d = doses[v.injectionId];
        out[{d.holderId, d.lotId}] += 1;
    }
    return out;
}

ConvergenceWorld::ConvergenceWorld(PostgresCluster* pg, const Options& options)
    : m_options(options)
    , m_pg(pg)
    , m_rng(options.seed)
    , m_people(AdminUnits::builtin(), options.seed)
{
}

ConvergenceWorld::~ConvergenceWorld()
{
    m_nodes.clear();
    m_central.reset();
}

ConvergenceNode& ConvergenceWorld::node(const QString& name)
{
    for (const auto& n : m_nodes) {
        if (n->name == name)
            return *n;
    }
    qFatal("no device %s", qPrintable(name));
}

QList<ConvergenceNode*> ConvergenceWorld::siteNodes(const QString& siteCode)
{
    QList<ConvergenceNode*> out;
    for (const auto& n : m_nodes) {
        if (n->siteCode == siteCode)
            out << n.get();
    }
    return out;
}

QString ConvergenceWorld::setUp()
{
    auto form = ScreeningForm::builtin();
    if (!form.ok())
        return form.error().message();
    m_form = form.value();
    m_central = std::make_unique<CentralRig>(m_pg);
    if (!m_central->start())
        return QStringLiteral("central does not start:\n") + m_central->log();
    m_serverUp = true;
    if (!m_central->addSite(kSiteA, QStringLiteral("Trạm Y tế phường Phúc Xá"))
        || !m_central->addSite(kTeam, QStringLiteral("Đội lưu động 1"), kSiteA)
        || !m_central->addSite(kSiteB, QStringLiteral("Trạm Y tế phường Hàng Bông")))
        return m_central->lastAdmin().describe();
    for (const auto& [site, user, role] : {std::tuple{kSiteA, "nurse-a", "nurse"}, std::tuple{kSiteA, "manager-a", "site_manager"},
             std::tuple{kSiteB, "nurse-b", "nurse"}, std::tuple{kSiteB, "manager-b", "site_manager"}}) {
        if (!m_central->addUser(site, QLatin1String(user), QLatin1String(role)))
            return m_central->lastAdmin().describe();
    }
    const QList<std::tuple<QString, QString, QString>> devices{{QStringLiteral("A1"), kSiteA, QString()},
        {QStringLiteral("A2"), kSiteA, QString()}, {QStringLiteral("T"), kSiteA, kTeam}, {QStringLiteral("B1"), kSiteB, QString()},
        {QStringLiteral("B2"), kSiteB, QString()}};
    for (const auto& [name, site, team] : devices) {
        auto n = std::make_unique<ConvergenceNode>();
        n->name = name;
        n->siteCode = site;
        n->teamCode = team;
        n->device = std::make_unique<TestDevice>(name, site, team);
        n->clockSkewMs = below(6001) - 3000;
        auto enrolled = n->device->enrol(m_central->url(), m_central->enrolCode(site, team));
        if (!enrolled.ok())
            return QStringLiteral("%1 does not enrol: %2").arg(name, enrolled.error().message());
        // The first sync brings the site's users: the team laptop's only talk with central.
        const SyncRun first = n->device->sync();
        if (!first.ok())
            return QStringLiteral("%1's first sync fails: %2").arg(name, first.error);
        const QString suffix = site == kSiteA ? QStringLiteral("-a") : QStringLiteral("-b");
        n->nurse = n->device->session(QStringLiteral("nurse") + suffix);
        n->manager = n->device->session(QStringLiteral("manager") + suffix);
        if (!n->nurse || !n->manager)
            return QStringLiteral("%1 did not get its site's users from central").arg(name);
        sync::CredentialStore credentials(n->device->path());
        credentials.load(n->store().identity().deviceId, [&n](Result<sync::DeviceCredential> c) {
            if (c.ok())
                n->credential = c.value();
        });
        if (!n->credential.isValid())
            return QStringLiteral("%1 has no credential").arg(name);
        m_nodes.push_back(std::move(n));
    }
    return {};
}

void ConvergenceWorld::incident(const QString& kind, const QString& what)
{
    const QString when = m_step <= m_options.operations ? QStringLiteral("operation %1").arg(m_step) : QStringLiteral("coming back online");
    m_incidents[kind] << QStringLiteral("[%1] %2").arg(when, what);
}

QString ConvergenceWorld::randomId(ConvergenceNode& n, const QString& sql, const QVariantList& binds)
{
    db::Connection& c = n.store().connection();
    const int rows = c.scalar(QStringLiteral("SELECT count(*) FROM (%1)").arg(sql), binds).toInt();
    if (rows == 0)
        return {};
    return c.scalar(QStringLiteral("%1 LIMIT 1 OFFSET ?").arg(sql), QVariantList(binds) << below(rows)).toString();
}

QString ConvergenceWorld::randomPhone()
{
    QString out = QLatin1String(kPhonePrefixes[below(int(std::size(kPhonePrefixes)))]);
    for (int i = 0; i < 7; ++i)
        out += QChar(u'0' + below(10));
    return out;
}

QString ConvergenceWorld::randomAddress()
{
    return QStringLiteral("Số %1 %2").arg(1 + below(200)).arg(QString::fromUtf8(kStreets[below(int(std::size(kStreets)))]));
}

ConvergenceNode& ConvergenceWorld::anyNode()
{
    return *m_nodes[size_t(below(int(m_nodes.size())))];
}

ConvergenceNode* ConvergenceWorld::onlineLaptop()
{
    QList<ConvergenceNode*> online;
    for (const auto& n : m_nodes) {
        if (!n->isTeam() && n->online)
            online << n.get();
    }
    return online.isEmpty() ? nullptr : online[below(int(online.size()))];
}

bool ConvergenceWorld::run()
{
    QElapsedTimer timer;
    timer.start();
    for (m_step = 1; m_step <= m_options.operations && m_incidents.value(QStringLiteral("server")).isEmpty(); ++m_step)
        step();
    m_runMs = timer.elapsed();
    return m_incidents.value(QStringLiteral("server")).isEmpty();
}

void ConvergenceWorld::step()
{
    if (!m_serverUp && --m_downFor <= 0)
        restartServer(false);
    for (const auto& n : m_nodes)
        n->device->clock().set(QDateTime::currentDateTime().addMSecs(n->clockSkewMs));
    struct Op {
        int weight;  // per thousand
        const char* name;
        std::function<void()> run;
    };
    const Op ops[] = {
        {150, "register", [this] { registerPerson(anyNode()); }},
        {230, "inject", [this] { inject(anyNode()); }},
        {50, "receive", [this] { receive(anyNode()); }},
        {50, "void", [this] { voidDose(anyNode()); }},
        {80, "edit", [this] { editOne(anyNode()); }},
        {30, "conflicting edits", [this] { conflictingEdits(); }},
        {40, "observe", [this] { observe(anyNode()); }},
        {20, "reaction", [this] { reportReaction(anyNode()); }},
        {45, "offline/online",
            [this] {
                // A laptop that is offline just does not sync.
                ConvergenceNode& n = anyNode();
                if (!n.isTeam()) {
                    n.online = !n.online;
                    count(n.online ? QStringLiteral("back online") : QStringLiteral("gone offline"));
                }
            }},
        {170, "sync",
            [this] {
                if (ConvergenceNode* n = onlineLaptop())
                    sync(*n);
            }},
        {35, "bundle export", [this] { exportBundle(chance(0.1)); }},
        {40, "bundle import", [this] { importSomeBundle(); }},
        {20, "push again", [this] { replayPush(); }},
        {10, "push out of order", [this] { pushOutOfOrder(); }},
        {15, "relay again", [this] { relayAgain(); }},
        {7, "restart central",
            [this] {
                if (m_serverUp)
                    restartServer(false);
            }},
        {4, "crash central",
            [this] {
                if (m_serverUp)
                    restartServer(true);
            }},
        {4, "crash central mid-sync",
            [this] {
                if (ConvergenceNode* n = onlineLaptop())
                    sync(*n, true);
            }},
    };
    int roll = below(1000);
    for (const Op& op : ops) {
        roll -= op.weight;
        if (roll < 0) {
            QElapsedTimer timer;
            timer.start();
            op.run();
            m_opMs[QLatin1String(op.name)] += timer.elapsed();
            return;
        }
    }
}

void ConvergenceWorld::registerPerson(ConvergenceNode& n)
{
    RegistrationService registration(n.store(), n.device->clock(), AdminUnits::builtin());
    auto p = registration.registerPerson(*n.nurse, m_people.next(n.device->clock().today()));
    if (!p.ok())
        incident(QStringLiteral("operation"), QStringLiteral("%1: registering a person failed: %2").arg(n.name, p.error().message()));
    count(QStringLiteral("people registered"));
}

void ConvergenceWorld::receive(ConvergenceNode& n)
{
    const LotSpec& lot = kLots[below(int(std::size(kLots)))];
    const int doses = 30 * (1 + below(4));
    const QString expiry = QDate::currentDate().addDays(lot.expiryDays).toString(Qt::ISODate);
    StockService stock(n.store(), n.device->clock());
    auto b = stock.receive(*n.manager, {QLatin1String(lot.product), QLatin1String(lot.number), expiry, QString::number(doses), {}, {}});
    if (!b.ok()) {
        incident(QStringLiteral("operation"), QStringLiteral("%1: receiving %2 doses of lot %3 failed: %4")
                                                  .arg(n.name)
                                                  .arg(doses)
                                                  .arg(QLatin1String(lot.number), b.error().message()));
        return;
    }
    m_truth.receipts << ConvergenceTruth::Receipt{n.name, n.holderId(), b->lot.stamp.id, doses};
    count(QStringLiteral("receipts"));
}

void ConvergenceWorld::inject(ConvergenceNode& n)
{
    const QString person = randomId(n, QStringLiteral("SELECT id FROM person"));
    InjectionService injections(n.store(), n.device->clock());
    const QList<LotChoice> lots = injections.lotChoices();
    if (person.isEmpty() || lots.isEmpty()) {
        person.isEmpty() ? registerPerson(n) : receive(n);
        return;
    }
    DoseRequest request;
    request.personId = person;
    request.lotId = lots[below(int(lots.size()))].balance.lot.stamp.id;
    request.requireScreening = false;
    request.bodySite = chance(0.5) ? BodySite::LeftArm : BodySite::RightArm;
    if (chance(0.25)) {
        // The injection station's way: check in, screen, inject.
        ScreeningService screening(n.store(), n.device->clock(), *m_form);
        auto visit = screening.checkIn(*n.nurse, person);
        auto screened = visit.ok() ? screening.record(*n.nurse, visit->stamp.id, allNoExcept(*m_form)) : visit.error();
        if (!screened.ok()) {
            incident(QStringLiteral("operation"), QStringLiteral("%1: check-in and screening failed: %2").arg(n.name, screened.error().message()));
            return;
        }
        if (screened->outcome.mayInject) {
            request.visitId = visit->stamp.id;
            request.requireScreening = true;
            request.cautionConfirmed = true;
        }
        count(QStringLiteral("screenings"));
    }
    auto done = injections.record(*n.nurse, request);
    if (!done.ok()) {
        incident(QStringLiteral("operation"), QStringLiteral("%1: recording a dose for %2 failed: %3").arg(n.name, person, done.error().message()));
        return;
    }
    const Injection& i = done->injection;
    m_truth.doses.insert(i.stamp.id, {i.stamp.id, n.name, n.siteId(), n.holderId(), i.lotId, i.personId});
    count(QStringLiteral("doses"));
}

void ConvergenceWorld::voidDose(ConvergenceNode& n)
{
    // A dose this device's holder gave, recorded here or by another device of the site.
    const QString id = randomId(n,
        QStringLiteral("SELECT i.id FROM injection i JOIN stock_movement m ON m.id = i.movement_id WHERE m.holder_id = ? AND NOT EXISTS "
                       "(SELECT 1 FROM correction c WHERE c.target_id = i.id AND c.action = 'void')"),
        {n.holderId()});
    if (id.isEmpty() || !m_truth.doses.contains(id))
        return;
    InjectionService injections(n.store(), n.device->clock());
    auto r = injections.voidInjection(*n.manager, id, QStringLiteral("Ghi nhầm người được tiêm"));
    if (!r.ok()) {
        incident(QStringLiteral("operation"), QStringLiteral("%1: voiding dose %2 failed: %3").arg(n.name, id, r.error().message()));
        return;
    }
    m_truth.voids << ConvergenceTruth::Void{id, n.name};
    count(QStringLiteral("voids"));
}

std::optional<int> ConvergenceWorld::edit(ConvergenceNode& n, const QString& personId, const QString& field, const QString& raw)
{
    RegistrationService registration(n.store(), n.device->clock(), AdminUnits::builtin());
    const auto current = n.store().persons().byId(personId);
    if (!current)
        return std::nullopt;
    PersonDraft draft = PersonDraft::fromPerson(*current);
    (field == QLatin1String("phone") ? draft.phone : draft.address) = raw;
    const QString base = fieldStampOf(n, personId, field);
    auto updated = registration.updatePerson(*n.nurse, personId, draft);
    if (!updated.ok()) {
        incident(QStringLiteral("operation"),
            QStringLiteral("%1: changing %2 of person %3 to %4 failed: %5").arg(n.name, field, personId, raw, updated.error().message()));
        return std::nullopt;
    }
    const QString stamp = fieldStampOf(n, personId, field);
    if (stamp == base)
        return std::nullopt;  // the value it had already
    const QJsonObject record = updated->toRecord();
    m_truth.edits << ConvergenceTruth::Edit{n.name, personId, field, record.value(field), base, stamp};
    count(QStringLiteral("edits"));
    return int(m_truth.edits.size() - 1);
}

void ConvergenceWorld::editOne(ConvergenceNode& n)
{
    // Only the owner edits: the site's laptops the site's people, the team its own.
    const QString person = randomId(n, QStringLiteral("SELECT id FROM person WHERE site_id = ? AND coalesce(team_id, '') = ?"),
        {n.siteId(), n.isTeam() ? n.holderId() : QString(QLatin1String(""))});
    if (person.isEmpty())
        return;
    if (chance(0.5))
        edit(n, person, QStringLiteral("phone"), randomPhone());
    else
        edit(n, person, QStringLiteral("address"), randomAddress());
}

void ConvergenceWorld::conflictingEdits()
{
    // Two laptops of one site change the same field of the same person, neither having synced
    // the other's change: a conflict for the review list (unless they typed the same).
    const QString site = chance(0.5) ? kSiteA : kSiteB;
    QList<ConvergenceNode*> laptops;
    for (ConvergenceNode* n : siteNodes(site)) {
        if (!n->isTeam())
            laptops << n;
    }
    if (chance(0.5))
        std::swap(laptops[0], laptops[1]);
    ConvergenceNode& x = *laptops[0];
    ConvergenceNode& y = *laptops[1];
    const QString person = randomId(x, QStringLiteral("SELECT id FROM person WHERE site_id = ? AND team_id IS NULL"), {x.siteId()});
    if (person.isEmpty() || !y.store().persons().byId(person))
        return;
    const QString field = chance(0.5) ? QStringLiteral("phone") : QStringLiteral("address");
    const bool same = chance(0.15);
    const QString valueX = field == QLatin1String("phone") ? randomPhone() : randomAddress();
    const QString valueY = same ? valueX : (field == QLatin1String("phone") ? randomPhone() : randomAddress());
    const auto first = edit(x, person, field, valueX);
    const auto second = edit(y, person, field, valueY);
    if (first && second) {
        m_truth.conflicts << ConvergenceTruth::Conflict{*first, *second};
        // Two random addresses can also come out the same: the values decide, not the dice.
        count(valueX == valueY ? QStringLiteral("concurrent same-value edits") : QStringLiteral("conflicting edits"));
    }
}

void ConvergenceWorld::observe(ConvergenceNode& n)
{
    const QString id = randomId(n,
        QStringLiteral("SELECT i.id FROM injection i JOIN stock_movement m ON m.id = i.movement_id WHERE m.holder_id = ? "
                       "AND NOT EXISTS (SELECT 1 FROM observation o WHERE o.injection_id = i.id) "
                       "AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.target_id = i.id AND c.action = 'void')"),
        {n.holderId()});
    if (id.isEmpty())
        return;
    ObservationService observation(n.store(), n.device->clock());
    const bool transferred = chance(0.2);
    const QString note = transferred ? QStringLiteral("Chuyển Bệnh viện Xanh Pôn theo dõi")
                                     : QStringLiteral("Xin về sớm, đã được dặn dấu hiệu cần quay lại");
    auto r = observation.release(*n.nurse, id, transferred ? ObservationOutcome::Transferred : ObservationOutcome::LeftEarly, note);
    if (!r.ok())
        incident(QStringLiteral("operation"), QStringLiteral("%1: releasing dose %2 from observation failed: %3").arg(n.name, id, r.error().message()));
    count(QStringLiteral("observations"));
}

void ConvergenceWorld::reportReaction(ConvergenceNode& n)
{
    const QString id = randomId(n, QStringLiteral("SELECT i.id FROM injection i JOIN stock_movement m ON m.id = i.movement_id WHERE m.holder_id = ?"),
        {n.holderId()});
    if (id.isEmpty())
        return;
    AdverseEventDraft draft;
    draft.injectionId = id;
    // Not before the dose, whose time another laptop's clock may have set a little ahead.
    draft.onsetAt = std::max(n.device->clock().now(), n.store().clinical().injection(id)->injectedAt.addSecs(1));
    draft.symptoms = chance(0.5) ? QStringList{QStringLiteral("fever"), QStringLiteral("headache")} : QStringList{QStringLiteral("injection_site_pain")};
    draft.description = QStringLiteral("Sốt nhẹ sau tiêm");
    draft.outcome = AefiOutcome::Recovering;
    auto r = ObservationService(n.store(), n.device->clock()).reportAdverseEvent(*n.nurse, draft);
    if (!r.ok())
        incident(QStringLiteral("operation"), QStringLiteral("%1: reporting a reaction to dose %2 failed: %3").arg(n.name, id, r.error().message()));
    count(QStringLiteral("reactions"));
}

QString ConvergenceWorld::summary() const
{
    QStringList parts;
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it) {
        if (it.value() != 0)
            parts << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
    }
    QStringList times;
    for (auto it = m_opMs.cbegin(); it != m_opMs.cend(); ++it)
        times << QStringLiteral("%1 %2 s").arg(it.key()).arg(double(it.value()) / 1000, 0, 'f', 1);
    return parts.join(QStringLiteral(", ")) + QStringLiteral("; time by operation: ") + times.join(QStringLiteral(", "));
}

} // namespace vax::test

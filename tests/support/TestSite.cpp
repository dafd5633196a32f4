#include "TestSite.h"

#include "app/clinical/ScreeningForm.h"
#include "app/services/AuthService.h"
#include "app/services/RegistrationService.h"
#include "app/services/SiteSetup.h"
#include "app/services/StockService.h"
#include "app/vaccines/VaccineCatalogue.h"
#include "db/Connection.h"

#include <QStandardPaths>
#include <QTest>

namespace vax::test {

namespace {

constexpr int kFastIterations = 1000;

} // namespace

TestSite::TestSite(const QString& teamCode, const QString& siteCode)
{
    QStandardPaths::setTestModeEnabled(true);
    m_path = m_dir.filePath(QStringLiteral("site.vaxdb"));
    auto store = db::SqliteSiteStore::create(m_path, {siteCode, QStringLiteral("Trạm Y tế thử nghiệm"), QStringLiteral("01"), teamCode, {}}, m_clock);
    if (!store.ok())
        qFatal("cannot create test site: %s", qPrintable(store.error().message()));
    m_store = std::move(store).value();
    m_catalogue = std::make_unique<VaccineCatalogue>(VaccineCatalogue::builtin().value());
    m_form = std::make_unique<ScreeningForm>(ScreeningForm::builtin().value());
    if (auto r = SiteSetup::loadCatalogue(*m_store, *m_catalogue); !r.ok())
        qFatal("cannot load catalogue: %s", qPrintable(r.error().message()));
    AuthService auth(*m_store);
    auto make = [&](const char* name, Role role) {
        auto u = auth.createUser(nullptr, {QLatin1String(name), QStringLiteral("Test ") + QLatin1String(name), role,
                                              QStringLiteral("password-") + QLatin1String(name)},
            kFastIterations);
        if (!u.ok())
            qFatal("cannot create user: %s", qPrintable(u.error().message()));
        return Session{u.value()};
    };
    m_admin = make("admin", Role::Admin);
    m_manager = make("manager", Role::SiteManager);
    m_nurse = make("nurse", Role::Nurse);
}

TestSite::~TestSite() = default;

void TestSite::reopen()
{
    m_store.reset();
    auto store = db::SqliteSiteStore::open(m_path, m_clock);
    if (!store.ok())
        qFatal("cannot open the test site again: %s", qPrintable(store.error().message()));
    m_store = std::move(store).value();
}

qint64 TestSite::count(const QString& table)
{
    return m_store->connection().scalar(QStringLiteral("SELECT count(*) FROM ") + table).toLongLong();
}

QString TestSite::receive(const QString& product, const QString& lot, int doses, int expiresInDays)
{
    StockService stock(*m_store, m_clock);
    auto b = stock.receive(m_manager, {product, lot, m_clock.today().addDays(expiresInDays).toString(Qt::ISODate),
                                          QString::number(doses), {}, {}});
    if (!b.ok())
        qFatal("cannot receive stock: %s", qPrintable(b.error().message()));
    return b->lot.stamp.id;
}

QString TestSite::registerPerson(const QString& name, const QString& dob, const QString& sex, const QString& cccd)
{
    RegistrationService registration(*m_store, m_clock, units());
    PersonDraft d;
    d.fullName = name;
    d.birthDate = dob;
    d.sex = sex;
    d.cccd = cccd;
    if (cccd.isEmpty())
        d.passport = QStringLiteral("C") + QString::number(1000000 + int(count(QStringLiteral("person"))));
    auto p = registration.registerPerson(m_nurse, d);
    if (!p.ok())
        qFatal("cannot register: %s", qPrintable(p.error().message()));
    return p->stamp.id;
}

} // namespace vax::test

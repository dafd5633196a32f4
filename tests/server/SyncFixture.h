#pragma once

// What the sync end-to-end tests share (tst_syncflow, tst_syncreview): the real vaxcentral on
// SQLite or PostgreSQL with one site, its mobile team and another site, users made on central,
// devices enrolled against it, and the site work the tests do through the real services.
#include "app/common/Uuid.h"
#include "app/services/InjectionService.h"
#include "app/services/RegistrationService.h"
#include "app/services/StockService.h"
#include "app/store/PersonRepository.h"
#include "sync/CredentialStore.h"
#include "sync/DeviceCredential.h"
#include "sync/Protocol.h"
#include "tests/support/Must.h"
#include "tests/support/PersonDrafts.h"
#include "tests/support/PostgresCluster.h"
#include "tests/support/SyncRig.h"

#include <QTest>

#include <memory>

namespace vax::test {

inline const QString kSite = QStringLiteral("HN-BD-PX01");
inline const QString kTeam = QStringLiteral("HN-BD-PX01-T1");
inline const QString kOtherSite = QStringLiteral("HN-HK-HB02");

inline QString registerPerson(TestDevice& d, const Session& nurse, const QString& name, const QString& cccd)
{
    RegistrationService registration(d.store(), d.clock(), AdminUnits::builtin());
    auto p = registration.registerPerson(nurse, draftFromCccd(name, cccd));
    if (!p.ok())
        qFatal("register: %s", qPrintable(why(p)));
    return p->stamp.id;
}

inline QString receive(TestDevice& d, const Session& manager, const QString& product, const QString& lot, int doses)
{
    StockService stock(d.store(), d.clock());
    auto b = stock.receive(manager, {product, lot, d.clock().today().addDays(120).toString(Qt::ISODate), QString::number(doses), {}, {}});
    if (!b.ok())
        qFatal("receive: %s", qPrintable(why(b)));
    return b->lot.stamp.id;
}

inline void inject(TestDevice& d, const Session& nurse, const QString& person, const QString& lot)
{
    InjectionService injections(d.store(), d.clock());
    DoseRequest r;
    r.personId = person;
    r.lotId = lot;
    r.requireScreening = false;
    auto done = injections.record(nurse, r);
    if (!done.ok())
        qFatal("inject: %s", qPrintable(why(done)));
}

inline bool setPhone(TestDevice& d, const Session& session, const QString& person, const QString& phone)
{
    RegistrationService registration(d.store(), d.clock(), AdminUnits::builtin());
    PersonDraft draft = PersonDraft::fromPerson(*d.store().persons().byId(person));
    draft.phone = phone;
    auto r = registration.updatePerson(session, person, draft);
    if (!r.ok())
        qWarning() << "update:" << r.error().message();
    return r.ok();
}

inline sync::DeviceCredential credentialOf(TestDevice& d)
{
    sync::CredentialStore store(d.path());
    sync::DeviceCredential out;
    store.load(d.store().identity().deviceId, [&](Result<sync::DeviceCredential> c) { out = c.value(); });
    return out;
}

inline QList<QPair<QByteArray, QByteArray>> deviceHeaders(const sync::DeviceCredential& c)
{
    return {{"X-Vax-Protocol", QByteArray::number(sync::kProtocolVersion)}, {"Authorization", c.bearer()},
        {"X-Vax-Install", sync::installIdFor(c.deviceId).toLatin1()}};
}

// The base of the sync end-to-end test classes: each test function runs on SQLite and on
// PostgreSQL (the cluster started once, on the first test of the postgresql row) against a
// fresh central, which has one site with a nurse and a manager and, unless the test class
// asks for a bare central, the site's mobile team and another site with its own users.
class SyncFixture : public QObject
{
    Q_OBJECT

public:
    explicit SyncFixture(bool neighbours = true)
        : m_neighbours(neighbours)
    {
    }

protected:
    std::unique_ptr<PostgresCluster> m_pg;
    std::unique_ptr<CentralRig> m_central;

    // Enrols a new device; `firstSync` pulls what it may see straight away.
    std::unique_ptr<TestDevice> device(const QString& name, const QString& site, const QString& team = {}, bool firstSync = true)
    {
        auto d = std::make_unique<TestDevice>(name, site, team);
        auto enrolled = d->enrol(m_central->url(), m_central->enrolCode(site, team));
        if (!enrolled.ok()) {
            qWarning() << "enrol:" << enrolled.error().message();
            return nullptr;
        }
        if (firstSync) {
            const SyncRun first = d->sync();
            if (!first.ok()) {
                qWarning() << "first sync:" << first.error;
                return nullptr;
            }
        }
        return d;
    }

    qint64 feedCount() { return m_central->scalar(QStringLiteral("SELECT count(*) FROM change_feed")).toLongLong(); }

private slots:
    void initTestCase_data()
    {
        QTest::addColumn<bool>("postgres");
        QTest::newRow("sqlite") << false;
        QTest::newRow("postgresql") << true;
    }

    void init()
    {
        QFETCH_GLOBAL(bool, postgres);
        if (postgres && !m_pg) {
            m_pg = std::make_unique<PostgresCluster>();
            QVERIFY2(m_pg->ok(), qPrintable(m_pg->errorText()));
        }
        m_central = std::make_unique<CentralRig>(postgres ? m_pg.get() : nullptr);
        QVERIFY2(m_central->start(), qPrintable(m_central->log()));
        QVERIFY(m_central->addSite(kSite, QStringLiteral("Trạm Y tế phường Phúc Xá")));
        QVERIFY(m_central->addUser(kSite, QStringLiteral("nurse"), QStringLiteral("nurse")));
        QVERIFY(m_central->addUser(kSite, QStringLiteral("manager"), QStringLiteral("site_manager")));
        if (!m_neighbours)
            return;
        QVERIFY(m_central->addSite(kTeam, QStringLiteral("Đội lưu động 1"), kSite));
        QVERIFY(m_central->addSite(kOtherSite, QStringLiteral("Trạm Y tế phường Hàng Bông")));
        QVERIFY(m_central->addUser(kOtherSite, QStringLiteral("nurse-b"), QStringLiteral("nurse")));
        QVERIFY(m_central->addUser(kOtherSite, QStringLiteral("manager-b"), QStringLiteral("site_manager")));
    }

    void cleanup() { m_central.reset(); }
    void cleanupTestCase() { m_pg.reset(); }

private:
    bool m_neighbours;
};

} // namespace vax::test

#include "FaultWorkload.h"

#include "app/common/Clock.h"
#include "app/people/AdminUnits.h"
#include "app/services/InjectionService.h"
#include "app/services/RegistrationService.h"
#include "app/services/StockService.h"
#include "db/Connection.h"
#include "sync/CentralApi.h"
#include "sync/CredentialStore.h"
#include "tests/support/Must.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QSqlQuery>
#include <QSqlRecord>

namespace vax::test {

namespace {

Session sessionOf(TestDevice& device, const QString& username)
{
    const auto s = device.session(username);
    if (!s)
        qFatal("device %s has no user %s: sync it once first", qPrintable(device.name()), qPrintable(username));
    return *s;
}

} // namespace

FaultWorkload::FaultWorkload(TestDevice& device, quint32 seed)
    : m_device(device)
    , m_nurse(sessionOf(device, QStringLiteral("nurse")))
    , m_manager(sessionOf(device, QStringLiteral("manager")))
    , m_people(AdminUnits::builtin(), seed)
{
}

PersonDraft FaultWorkload::adult()
{
    const QDate today = m_device.clock().today();
    for (;;) {
        PersonDraft d = m_people.next(today);
        const QDate born = QDate::fromString(d.birthDate, Qt::ISODate);
        if (born.isValid() && born.addYears(18) <= today && born.addYears(65) > today)
            return d;
    }
}

void FaultWorkload::tick()
{
    ManualClock& clock = m_device.clock();
    clock.set(std::max(clock.now().addMSecs(1), QDateTime::currentDateTime()));
}

void FaultWorkload::registerMany(int count, int perTransaction)
{
    const QDate today = m_device.clock().today();
    QList<PersonDraft> drafts;
    drafts.reserve(count);
    for (int i = 0; i < count; ++i)
        drafts << m_people.next(today);
    RegistrationService registration(m_device.store(), m_device.clock(), AdminUnits::builtin());
    tick();
    const auto done = registration.registerMany(m_manager, drafts, perTransaction, [this](int, int) {
        tick();
        return true;
    });
    if (done.registered != count)
        qFatal("registered %d of %d people: %s", done.registered, count,
            done.rejected.isEmpty() ? "" : qPrintable(done.rejected.first().second.message()));
}

QString FaultWorkload::receive(int doses)
{
    tick();
    StockService stock(m_device.store(), m_device.clock());
    const QString lot = QStringLiteral("FLT%1-%2").arg(m_device.name()).arg(++m_lots, 4, 10, QLatin1Char('0'));
    const QString expiry = m_device.clock().today().addDays(150).toString(Qt::ISODate);
    const int vials = (doses + 5) / 6; // Comirnaty comes in 6-dose vials
    return must(stock.receive(m_manager, {QStringLiteral("COMIRNATY"), lot, expiry, QString::number(vials * 6), {}, {}})).lot.stamp.id;
}

void FaultWorkload::clinicRound(int people)
{
    const QString lot = receive(people + 10);
    RegistrationService registration(m_device.store(), m_device.clock(), AdminUnits::builtin());
    InjectionService injections(m_device.store(), m_device.clock());
    for (int i = 0; i < people; ++i) {
        tick();
        const Person p = must(registration.registerPerson(m_nurse, adult()));
        tick();
        DoseRequest r;
        r.personId = p.stamp.id;
        r.lotId = lot;
        r.requireScreening = false;
        must(injections.record(m_nurse, r));
    }
}

void FaultWorkload::doseSome(int count)
{
    const QString lot = receive(count + 10);
    const QString adultsFrom = m_device.clock().today().addYears(-18).toString(Qt::ISODate);
    QSqlQuery q(m_device.store().connection().database());
    q.prepare(QStringLiteral("SELECT id FROM person p WHERE birth_date <= ? AND NOT EXISTS "
                             "(SELECT 1 FROM injection i WHERE i.person_id = p.id) ORDER BY id LIMIT ?"));
    q.addBindValue(adultsFrom);
    q.addBindValue(count);
    if (!q.exec())
        qFatal("cannot list people to dose");
    QStringList ids;
    while (q.next())
        ids << q.value(0).toString();
    q.finish();
    if (ids.size() != count)
        qFatal("only %d adults without a dose, %d wanted", int(ids.size()), count);
    InjectionService injections(m_device.store(), m_device.clock());
    for (const QString& id : ids) {
        tick();
        DoseRequest r;
        r.personId = id;
        r.lotId = lot;
        r.requireScreening = false;
        must(injections.record(m_nurse, r));
    }
}

FaultSyncRun syncThrough(TestDevice& device, const QUrl& server, const sync::SyncSession::Limits& limits,
    std::chrono::milliseconds timeout)
{
    FaultSyncRun out;
    sync::CredentialStore credentials(device.path());
    std::optional<Result<sync::DeviceCredential>> credential;
    credentials.load(device.store().identity().deviceId, [&](Result<sync::DeviceCredential> c) { credential = std::move(c); });
    if (!credential || !credential->ok()) {
        out.run.error = QStringLiteral("no credential");
        out.failure = ErrorCode::Forbidden;
        return out;
    }
    QNetworkAccessManager network;
    sync::CentralApi api(network, server);
    api.setCredential(credential->value());
    api.setTimeout(timeout);
    sync::SyncSession session(device.store(), api, device.clock());
    session.setLimits(limits);
    QElapsedTimer elapsed;
    elapsed.start();
    std::optional<SyncRun> done;
    QEventLoop loop;
    session.start([&](const SyncRun& r) {
        done = r;
        loop.quit();
    });
    if (!done)
        loop.exec();
    out.run = *done;
    if (session.failure())
        out.failure = session.failure()->code();
    out.elapsedMs = elapsed.elapsed();
    return out;
}

QList<QStringList> tableRows(TestDevice& device, const QString& table)
{
    QSqlQuery q(device.store().connection().database());
    if (!q.exec(QStringLiteral("SELECT * FROM %1 ORDER BY id").arg(table)))
        qFatal("cannot read table %s", qPrintable(table));
    QList<QStringList> out;
    while (q.next()) {
        QStringList row;
        const QSqlRecord r = q.record();
        for (int c = 0; c < r.count(); ++c) {
            if (r.fieldName(c) != QLatin1String("pk"))
                row << r.fieldName(c) + QLatin1Char('=') + (q.isNull(c) ? QStringLiteral("NULL") : q.value(c).toString());
        }
        out << row;
    }
    return out;
}

QString firstDifference(const QList<QStringList>& expected, const QList<QStringList>& actual)
{
    for (qsizetype i = 0; i < std::min(expected.size(), actual.size()); ++i) {
        if (expected[i] != actual[i]) {
            return QStringLiteral("row %1 differs:\n  expected %2\n  actual   %3")
                .arg(i)
                .arg(expected[i].join(QLatin1Char(' ')), actual[i].join(QLatin1Char(' ')));
        }
    }
    if (expected.size() != actual.size())
        return QStringLiteral("%1 rows expected, %2 found").arg(expected.size()).arg(actual.size());
    return {};
}

QMap<QString, qint64> countsByEntity(const QList<QVariantList>& rows)
{
    QMap<QString, qint64> out;
    for (const QVariantList& r : rows)
        out.insert(r.value(0).toString(), r.value(1).toLongLong());
    return out;
}

QMap<QString, qint64> deviceChangeCounts(TestDevice& device)
{
    QSqlQuery q(device.store().connection().database());
    if (!q.exec(QStringLiteral("SELECT entity, count(*) FROM change_log GROUP BY entity")))
        qFatal("cannot read the change log");
    QList<QVariantList> rows;
    while (q.next())
        rows << QVariantList{q.value(0), q.value(1)};
    return countsByEntity(rows);
}

} // namespace vax::test

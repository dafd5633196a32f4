#include "SqliteSiteStore.h"

#include "app/common/Clock.h"
#include "app/common/TimeText.h"
#include "app/common/Uuid.h"
#include "app/org/Site.h"
#include "app/store/OwnStock.h"
#include "db/AuditChain.h"
#include "db/CatalogueTables.h"
#include "db/ClinicalTables.h"
#include "db/Connection.h"
#include "db/FirstPull.h"
#include "db/IntegrityCheck.h"
#include "db/PersonTable.h"
#include "db/RemoteApply.h"
#include "db/Schema.h"
#include "db/Statement.h"
#include "db/StockTables.h"
#include "db/SyncTables.h"
#include "db/UserTable.h"
#include "db/WriteSession.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>

namespace vax::db {

namespace {

Result<void> putMeta(Connection& c, const QString& key, const QString& value)
{
    QSqlQuery& q = c.prepared(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"));
    q.bindValue(0, key);
    q.bindValue(1, value.isNull() ? QStringLiteral("") : value);
    return c.run(q);
}

QString nodeOf(const QString& deviceId)
{
    // The random tail of the device's UUIDv7: unique enough to break HLC ties between devices.
    QString hex = deviceId;
    hex.remove(QLatin1Char('-'));
    return hex.right(16);
}

} // namespace

SqliteSiteStore::SqliteSiteStore(std::unique_ptr<Connection> connection, const Clock& clock)
    : m_connection(std::move(connection))
    , m_clock(clock)
    , m_audit(std::make_unique<AuditChain>(*m_connection))
    , m_persons(std::make_unique<PersonTable>(*m_connection))
    , m_catalogue(std::make_unique<CatalogueTables>(*m_connection))
    , m_stock(std::make_unique<StockTables>(*m_connection))
    , m_clinical(std::make_unique<ClinicalTables>(*m_connection))
    , m_users(std::make_unique<UserTable>(*m_connection))
    , m_sync(std::make_unique<SyncTables>(*m_connection, clock))
    , m_firstPull(std::make_unique<FirstPull>(*m_connection))
{
}

SqliteSiteStore::~SqliteSiteStore() = default;

Result<std::unique_ptr<SqliteSiteStore>> SqliteSiteStore::create(const QString& path, const SiteSeed& seed, const Clock& clock)
{
    if (seed.siteCode.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("site"), QCoreApplication::translate("Database", "Site code is empty: give the code central assigned to this site (--site)."));
    if (seed.siteName.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("name"), QCoreApplication::translate("Database", "Site name is empty: give the site's name (--name)."));

    auto connection = Connection::open(path, Connection::Mode::CreateNew);
    if (!connection.ok())
        return connection.error();
    std::unique_ptr<Connection> c = std::move(connection).value();
    auto fail = [&path, &c](const Error& e) -> Error {
        c.reset();
        QFile::remove(path);
        QFile::remove(path + QStringLiteral("-wal"));
        QFile::remove(path + QStringLiteral("-shm"));
        return e;
    };
    if (auto r = Schema::migrate(*c); !r.ok())
        return fail(r.error());

    const QDateTime now = clock.now();
    Site site;
    site.code = seed.siteCode.trimmed().toUpper();
    site.name = seed.siteName.trimmed();
    site.provinceCode = seed.provinceCode;
    site.kind = SiteKind::Site;
    site.stamp.id = Site::idFor(site.code);
    std::optional<Site> team;
    if (!seed.teamCode.trimmed().isEmpty()) {
        team = Site();
        team->code = seed.teamCode.trimmed().toUpper();
        team->name = seed.teamName.trimmed().isEmpty() ? team->code : seed.teamName.trimmed();
        team->kind = SiteKind::Team;
        team->parentId = site.stamp.id;
        team->provinceCode = seed.provinceCode;
        team->stamp.id = Site::idFor(team->code);
    }
    const QString deviceId = Uuid::v7(now.toMSecsSinceEpoch());
    auto writeMeta = [&]() -> Result<void> {
        Transaction txn(*c);
        if (auto r = txn.begin(); !r.ok())
            return r;
        const QList<std::pair<QString, QString>> meta{
            {QStringLiteral("device_id"), deviceId},
            {QStringLiteral("site_id"), site.stamp.id},
            {QStringLiteral("team_id"), team ? team->stamp.id : QString()},
            {QStringLiteral("site_code"), site.code},
            {QStringLiteral("site_name"), site.name},
            {QStringLiteral("created_at"), toIsoWithOffset(now)},
        };
        for (const auto& [key, value] : meta) {
            if (auto r = putMeta(*c, key, value); !r.ok())
                return r;
        }
        return txn.commit();
    };
    if (auto r = writeMeta(); !r.ok())
        return fail(r.error());
    std::unique_ptr<SqliteSiteStore> store(new SqliteSiteStore(std::move(c), clock));
    if (auto r = store->loadIdentity(); !r.ok())
        return r.error();
    // Placeholders until central's records of the site (and team) arrive: stamped before any
    // real stamp, so central's name, kind and place win every field in the merge.
    QList<QJsonObject> sites{site.toRecord()};
    if (team)
        sites << team->toRecord();
    for (QJsonObject& r : sites)
        r.insert(QStringLiteral("hlc"), Hlc{0, 0, nodeOf(deviceId)}.toString());
    if (auto r = store->importReference(Entity::Site, sites, QStringLiteral("init")); !r.ok())
        return r.error();
    QJsonObject device;
    device.insert(QStringLiteral("id"), deviceId);
    device.insert(QStringLiteral("name"), QStringLiteral("%1 device").arg(team ? team->code : site.code));
    device.insert(QStringLiteral("site_id"), site.stamp.id);
    if (team)
        device.insert(QStringLiteral("team_id"), team->stamp.id);
    if (auto r = store->importReference(Entity::Device, {device}, QStringLiteral("init")); !r.ok())
        return r.error();
    return store;
}

Result<std::unique_ptr<SqliteSiteStore>> SqliteSiteStore::open(const QString& path, const Clock& clock)
{
    auto connection = Connection::open(path, Connection::Mode::OpenExisting);
    if (!connection.ok())
        return connection.error();
    std::unique_ptr<Connection> c = std::move(connection).value();
    if (auto r = Schema::migrate(*c); !r.ok())
        return r.error();
    std::unique_ptr<SqliteSiteStore> store(new SqliteSiteStore(std::move(c), clock));
    if (auto r = store->loadIdentity(); !r.ok())
        return r.error();
    return store;
}

Result<void> SqliteSiteStore::loadIdentity()
{
    auto meta = [this](const char* key) {
        return m_connection->scalar(QStringLiteral("SELECT value FROM meta WHERE key = ?"), {QLatin1String(key)}).toString();
    };
    m_identity.deviceId = meta("device_id");
    m_identity.siteId = meta("site_id");
    m_identity.teamId = meta("team_id");
    m_identity.siteCode = meta("site_code");
    m_identity.siteName = meta("site_name");
    if (m_identity.deviceId.isEmpty() || m_identity.siteId.isEmpty()) {
        return Error(ErrorCode::Invalid,
            QCoreApplication::translate("Database", "%1 is not a VaxStation site database (it has no device identity).")
                .arg(m_connection->path()));
    }
    m_hlc = std::make_unique<HlcClock>(nodeOf(m_identity.deviceId), m_clock);
    catchUpClock();
    return {};
}

void SqliteSiteStore::catchUpClock()
{
    // Another connection (the sync worker) may have written since: never stamp behind it.
    const QString last = m_connection->scalar(QStringLiteral("SELECT hlc FROM change_log ORDER BY seq DESC LIMIT 1")).toString();
    if (auto h = Hlc::parse(last))
        m_hlc->witness(*h);
    // The highest stamp pulled from central (RemoteApply): local stamps come after what was seen.
    const QString seen = m_connection->scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'hlc_seen'")).toString();
    if (auto h = Hlc::parse(seen))
        m_hlc->witness(*h);
}

Result<void> SqliteSiteStore::write(const QString& userId, const std::function<Result<void>(RecordWriter&)>& work)
{
    if (m_writing) {
        return Error(ErrorCode::Storage,
            QCoreApplication::translate("Database", "A write was started inside another write; nothing was saved."));
    }
    m_writing = true;
    auto done = qScopeGuard([this] { m_writing = false; });

    Transaction txn(*m_connection);
    if (auto r = txn.begin(); !r.ok())
        return r;
    // Holding the write lock: if nobody else committed since we last looked, the audit chain
    // head and the HLC in memory are current and need no query.
    const qint64 version = m_connection->dataVersion();
    if (version != m_seenVersion) {
        m_audit->reset();
        catchUpClock();
        m_seenVersion = version;
    }
    WriteSession session({*m_connection, m_identity, m_clock, *m_hlc, *m_audit, userId});
    Result<void> result = work(session);
    if (result.ok())
        result = txn.commit();
    if (!result.ok()) {
        txn.rollback();
        m_audit->reset();
    }
    return result;
}

Result<void> SqliteSiteStore::importReference(Entity entity, const QList<QJsonObject>& records, const QString& source)
{
    Transaction txn(*m_connection);
    if (auto r = txn.begin(); !r.ok())
        return r;
    m_audit->reset();
    WriteSession session({*m_connection, m_identity, m_clock, *m_hlc, *m_audit, QString()});
    for (const QJsonObject& record : records) {
        if (auto r = session.importRecord(entity, record, source); !r.ok()) {
            m_audit->reset();
            return r;
        }
    }
    auto r = txn.commit();
    if (!r.ok())
        m_audit->reset();
    if (entity == Entity::VaccineProduct)
        m_catalogue->invalidate();
    return r;
}

Result<void> SqliteSiteStore::auditEvent(const QString& userId, const QString& action, const QString& detail)
{
    Transaction txn(*m_connection);
    if (auto r = txn.begin(); !r.ok())
        return r;
    m_audit->reset();
    AuditEntry e;
    e.at = toIsoWithOffset(m_clock.now());
    e.deviceId = m_identity.deviceId;
    e.userId = userId;
    e.action = action;
    e.detail = detail;
    if (auto r = m_audit->append(e); !r.ok())
        return r;
    return txn.commit();
}

PersonRepository& SqliteSiteStore::persons()
{
    // People are looked up by their indexes: a first pull that stopped half-way gives them back.
    restoreIfIdle();
    return *m_persons;
}

CatalogueRepository& SqliteSiteStore::catalogue()
{
    return *m_catalogue;
}

StockRepository& SqliteSiteStore::stock()
{
    return *m_stock;
}

ClinicalRepository& SqliteSiteStore::clinical()
{
    return *m_clinical;
}

UserRepository& SqliteSiteStore::users()
{
    return *m_users;
}

qint64 SqliteSiteStore::pendingChanges()
{
    // Central acknowledges pushes in change-log order, so what waits is everything after the
    // acknowledged cursor: a range scan of the unsent tail, not of the whole log.
    return m_connection
        ->scalar(QStringLiteral("SELECT count(*) FROM change_log WHERE seq > "
                                "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'pushed_through_seq'), 0)"))
        .toLongLong();
}

QList<ChangeEntry> SqliteSiteStore::changesAfter(qint64 seq, int limit, ChangeForm form)
{
    Statement& s = m_connection->statement(QStringLiteral(
        "SELECT seq, id, entity, record_id, op, payload, hlc, user_id, created_at, base FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?"));
    s.bind(0, seq).bind(1, limit);
    QList<ChangeEntry> out;
    while (s.step()) {
        ChangeEntry c{s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), {}, s.text(6), s.text(7), s.text(8),
            s.isNull(9) ? QJsonObject() : QJsonDocument::fromJson(s.text(9).toUtf8()).object(), {}};
        if (form == ChangeForm::AsStored)
            c.payloadJson = s.text(5).toUtf8();
        else
            c.payload = QJsonDocument::fromJson(s.text(5).toUtf8()).object();
        out << c;
    }
    s.reset();
    return out;
}

SyncRepository& SqliteSiteStore::sync()
{
    return *m_sync;
}

Result<ApplyReport> SqliteSiteStore::applyPulled(const QList<RemoteChange>& changes, qint64 newCursor)
{
    if (m_writing) {
        return Error(ErrorCode::Storage,
            QCoreApplication::translate("Database", "Pulled changes were applied inside a write; nothing was saved."));
    }
    m_writing = true;
    auto done = qScopeGuard([this] { m_writing = false; });

    // The page, its audit entries, the seen HLC and the pull cursor commit
    // together: a crash halfway leaves none of them, and the pull resumes from the old cursor.
    Transaction txn(*m_connection);
    if (auto r = txn.begin(); !r.ok())
        return r.error();
    m_audit->reset();
    catchUpClock();
    RemoteApply apply({*m_connection, m_identity, m_clock, *m_hlc, *m_audit, *m_sync, !m_firstPull->droppedIndexes().isEmpty()});
    Result<ApplyReport> report = apply.applyPage(changes, newCursor);
    Result<void> committed = report.ok() ? txn.commit() : Result<void>(report.error());
    if (!committed.ok()) {
        txn.rollback();
        m_audit->reset();
        if (!report.ok())
            return report.error();
        // Deferred foreign keys are checked here: a record points to one the page never brought.
        return Error(committed.error().code(),
            QCoreApplication::translate("Database", "The pulled changes up to #%1 were not applied: %2")
                .arg(QString::number(newCursor), committed.error().message()));
    }
    if (apply.productsChanged())
        m_catalogue->invalidate();
    return report;
}

Result<void> SqliteSiteStore::beginPull()
{
    return m_firstPull->begin(m_sync->state().pullCursor);
}

Result<void> SqliteSiteStore::endPull(bool caughtUp)
{
    return m_firstPull->end(caughtUp);
}

void SqliteSiteStore::restoreIfIdle()
{
    if (auto r = m_firstPull->restoreIfIdle(); !r.ok())
        qCWarning(lcDb) << "the person indexes of a first pull that stopped could not be built now:" << r.error().message();
}

IntegrityReport SqliteSiteStore::checkIntegrity()
{
    restoreIfIdle();
    m_audit->reset();
    IntegrityReport report = IntegrityCheck(*m_connection, *m_audit).run();
    if (const QStringList down = m_firstPull->droppedIndexes(); !down.isEmpty()) {
        report.warnings << QCoreApplication::translate("Database",
            "A first pull from central is under way: people are found by slower scans until it ends and builds %n index(es).",
            nullptr, int(down.size()));
    }
    // Only this device's holders: another holder's movements pulled with ours are partial here.
    for (const HolderBalance& b : OwnStock(*this).belowZero())
        report.warnings << OwnStock::belowZeroText(b);
    return report;
}

} // namespace vax::db

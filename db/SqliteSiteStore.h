#pragma once

#include "app/common/Hlc.h"
#include "app/store/SiteStore.h"

#include <memory>

namespace vax {
class Clock;
}

namespace vax::db {

class AuditChain;
class CatalogueTables;
class ClinicalTables;
class Connection;
class FirstPull;
class PersonTable;
class StockTables;
class SyncTables;
class UserTable;

// What a new site database is made for.
struct SiteSeed {
    QString siteCode;
    QString siteName;
    QString provinceCode;
    QString teamCode;  // set for a mobile team's laptop
    QString teamName;
};

// The site database on a SQLite file. One per thread: the sync worker opens its own.
class SqliteSiteStore final : public SiteStore
{
public:
    static Result<std::unique_ptr<SqliteSiteStore>> create(const QString& path, const SiteSeed& seed, const Clock& clock);
    static Result<std::unique_ptr<SqliteSiteStore>> open(const QString& path, const Clock& clock);
    ~SqliteSiteStore() override;
    Q_DISABLE_COPY_MOVE(SqliteSiteStore)

    const SiteIdentity& identity() const override { return m_identity; }
    Result<void> write(const QString& userId, const std::function<Result<void>(RecordWriter&)>& work) override;
    Result<void> importReference(Entity entity, const QList<QJsonObject>& records, const QString& source) override;
    Result<void> auditEvent(const QString& userId, const QString& action, const QString& detail) override;

    PersonRepository& persons() override;
    CatalogueRepository& catalogue() override;
    StockRepository& stock() override;
    ClinicalRepository& clinical() override;
    UserRepository& users() override;
    IntegrityReport checkIntegrity() override;
    qint64 pendingChanges() override;
    QList<ChangeEntry> changesAfter(qint64 seq, int limit, ChangeForm form = ChangeForm::Parsed) override;
    Result<ApplyReport> applyPulled(const QList<RemoteChange>& changes, qint64 newCursor) override;
    Result<void> beginPull() override;
    Result<void> endPull(bool caughtUp) override;
    SyncRepository& sync() override;

    Connection& connection() { return *m_connection; }

private:
    SqliteSiteStore(std::unique_ptr<Connection> connection, const Clock& clock);
    Result<void> loadIdentity();
    void catchUpClock();
    // A first pull that stopped half-way, with none running now: the person indexes come back.
    void restoreIfIdle();

    std::unique_ptr<Connection> m_connection;
    const Clock& m_clock;
    SiteIdentity m_identity;
    std::unique_ptr<HlcClock> m_hlc;
    std::unique_ptr<AuditChain> m_audit;
    std::unique_ptr<PersonTable> m_persons;
    std::unique_ptr<CatalogueTables> m_catalogue;
    std::unique_ptr<StockTables> m_stock;
    std::unique_ptr<ClinicalTables> m_clinical;
    std::unique_ptr<UserTable> m_users;
    std::unique_ptr<SyncTables> m_sync;
    std::unique_ptr<FirstPull> m_firstPull;
    bool m_writing = false;
    qint64 m_seenVersion = -1;  // data_version when this connection last caught up
};

} // namespace vax::db

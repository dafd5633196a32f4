#pragma once

#include "app/common/Result.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <memory>
#include <unordered_map>

Q_DECLARE_LOGGING_CATEGORY(lcServer)

namespace vax::server {

enum class Backend { Sqlite, Postgres };

// Central's database: an embedded SQLite file (a laptop, a test) or PostgreSQL (production,
// several vaxcentral processes on one cluster). One schema and one set of statements serve
// both; the few differences (how a write transaction starts, bulk load) are asked of it here.
class CentralDatabase
{
public:
    static Result<std::unique_ptr<CentralDatabase>> openSqlite(const QString& path);
    // conninfo: libpq keywords ("host=… port=… dbname=… user=… password=…") or a
    // postgresql://user:password@host:port/dbname URL.
    static Result<std::unique_ptr<CentralDatabase>> openPostgres(const QString& conninfo);
    ~CentralDatabase();
    Q_DISABLE_COPY_MOVE(CentralDatabase)

    Backend backend() const { return m_backend; }
    QString backendName() const { return m_backend == Backend::Sqlite ? QStringLiteral("sqlite") : QStringLiteral("postgresql"); }
    QSqlDatabase& database() { return m_db; }

    QSqlQuery& prepared(const QString& sql);
    Result<void> exec(const QString& sql);
    Result<void> run(QSqlQuery& query);
    // Prepares, binds and runs; the query is positioned before the first row.
    Result<QSqlQuery*> query(const QString& sql, const QVariantList& binds = {});
    QVariant scalar(const QString& sql, const QVariantList& binds = {});
    // SQL for a top-level text field of a JSON column, on either backend.
    QString jsonText(const QString& column, const QString& key) const;

    // A write transaction that serialises with every other writer (SQLite BEGIN IMMEDIATE;
    // PostgreSQL takes row locks as it goes, see ChangeIngest).
    Result<void> begin();
    Result<void> commit();
    void rollback();

    Error error(const QSqlQuery& query) const;

    // libpq's connection when on PostgreSQL (COPY for bulk load), else null.
    void* pgConnection();

private:
    CentralDatabase(Backend backend, const QString& name);
    Result<void> open();

    Backend m_backend;
    QString m_name;
    QSqlDatabase m_db;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_statements;
};

// Rolls back on scope exit unless committed.
class CentralTransaction
{
public:
    explicit CentralTransaction(CentralDatabase& db) : m_db(db) {}
    ~CentralTransaction() { if (m_open) m_db.rollback(); }
    Q_DISABLE_COPY_MOVE(CentralTransaction)

    Result<void> begin()
    {
        auto r = m_db.begin();
        m_open = r.ok();
        return r;
    }
    Result<void> commit()
    {
        auto r = m_db.commit();
        if (r.ok())
            m_open = false;
        return r;
    }

private:
    CentralDatabase& m_db;
    bool m_open = false;
};

} // namespace vax::server

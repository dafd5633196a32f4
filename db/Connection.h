#pragma once

#include "app/common/Result.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>
#include <unordered_map>

Q_DECLARE_LOGGING_CATEGORY(lcDb)

struct sqlite3;

namespace vax::db {

class Statement;

// One SQLite connection with the house pragmas (WAL, synchronous=NORMAL, foreign keys) and a
// cache of prepared statements. Each thread opens its own (Qt SQL connections are per thread).
class Connection
{
public:
    enum class Mode { OpenExisting, CreateNew };

    static Result<std::unique_ptr<Connection>> open(const QString& path, Mode mode);
    ~Connection();
    Q_DISABLE_COPY_MOVE(Connection)

    const QString& path() const { return m_path; }
    QSqlDatabase& database() { return m_db; }
    sqlite3* handle();

    // A prepared statement for this SQL, prepared once per connection and reused. Bind with
    // bindValue(i, …) and exec(); call finish() after reading.
    QSqlQuery& prepared(const QString& sql);
    // A raw prepared statement for this SQL on the same handle (the hot paths), cached.
    Statement& statement(const QString& sql);
    Error statementError(const Statement& statement) const;
    // Whether a transaction is open on this connection.
    bool inTransaction();
    // Rows the last INSERT, UPDATE or DELETE on this connection changed.
    int changes();
    // Bumped whenever another connection commits: caches of this one are stale then.
    qint64 dataVersion();

    // Runs statements that bind nothing (DDL, pragmas, BEGIN/COMMIT).
    Result<void> exec(const QString& sql);
    // Runs a prepared statement, turning a failure into an Error that names the statement.
    Result<void> run(QSqlQuery& query);
    // First column of the first row, or an invalid QVariant.
    QVariant scalar(const QString& sql, const QVariantList& binds = {});

    Error storageError(const QSqlQuery& query) const;

private:
    Connection(QString path, QString name);

    QString m_path;
    QString m_name;
    QSqlDatabase m_db;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_statements;
    std::unordered_map<QString, std::unique_ptr<Statement>> m_raw;
    sqlite3* m_handle = nullptr;
};

// BEGIN IMMEDIATE … COMMIT, rolled back on destruction unless committed.
class Transaction
{
public:
    explicit Transaction(Connection& connection);
    ~Transaction();
    Q_DISABLE_COPY_MOVE(Transaction)

    Result<void> begin();
    Result<void> commit();
    void rollback();

private:
    Connection& m_connection;
    bool m_open = false;
};

} // namespace vax::db

#include "Connection.h"

#include "db/Statement.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>

#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcDb, "vax.db")

namespace vax::db {

namespace {

QString nextConnectionName()
{
    static QAtomicInteger<int> counter;
    return QStringLiteral("vax-db-%1").arg(counter.fetchAndAddRelaxed(1));
}

const char* const kPragmas[] = {
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA cache_size = -65536",
};

} // namespace

Connection::Connection(QString path, QString name)
    : m_path(std::move(path))
    , m_name(std::move(name))
    , m_db(QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name))
{
}

Connection::~Connection()
{
    m_raw.clear();
    m_statements.clear();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

Result<std::unique_ptr<Connection>> Connection::open(const QString& path, Mode mode)
{
    const bool exists = QFileInfo::exists(path);
    if (mode == Mode::OpenExisting && !exists) {
        return Error(ErrorCode::NotFound,
            QCoreApplication::translate("Database", "There is no site database at %1: create one with 'vaxctl --db %1 init'.").arg(path));
    }
    if (mode == Mode::CreateNew && exists) {
        return Error(ErrorCode::Conflict,
            QCoreApplication::translate("Database", "%1 already exists: choose another file name or open it instead.").arg(path));
    }
    // SQLite counts every allocation under one process-wide lock unless told not to, which
    // it can only be before its first connection (later, it says no and counts on); nothing
    // here reads the counts.
    static const bool uncounted = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
    Q_UNUSED(uncounted);
    std::unique_ptr<Connection> c(new Connection(path, nextConnectionName()));
    c->m_db.setDatabaseName(path);
    if (!c->m_db.open()) {
        return Error(ErrorCode::Storage,
            QCoreApplication::translate("Database", "Cannot open the site database %1: %2").arg(path, c->m_db.lastError().text()));
    }
    for (const char* pragma : kPragmas) {
        if (auto r = c->exec(QLatin1String(pragma)); !r.ok())
            return r.error();
    }
    return c;
}

sqlite3* Connection::handle()
{
    if (!m_handle) {
        const QVariant v = m_db.driver()->handle();
        if (v.isValid() && qstrcmp(v.typeName(), "sqlite3*") == 0)
            m_handle = *static_cast<sqlite3* const*>(v.data());
    }
    return m_handle;
}

bool Connection::inTransaction()
{
    return sqlite3_get_autocommit(handle()) == 0;
}

int Connection::changes()
{
    return sqlite3_changes(handle());
}

Statement& Connection::statement(const QString& sql)
{
    auto it = m_raw.find(sql);
    if (it == m_raw.end())
        it = m_raw.emplace(sql, std::make_unique<Statement>(handle(), sql)).first;
    return *it->second;
}

Error Connection::statementError(const Statement& statement) const
{
    return Error(ErrorCode::Storage,
        QCoreApplication::translate("Database", "The site database refused the change (%1); nothing was saved.").arg(statement.errorText()));
}

qint64 Connection::dataVersion()
{
    Statement& s = statement(QStringLiteral("PRAGMA data_version"));
    const qint64 v = s.step() ? s.integer(0) : -1;
    s.reset();
    return v;
}

QSqlQuery& Connection::prepared(const QString& sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        auto q = std::make_unique<QSqlQuery>(m_db);
        q->setForwardOnly(true);
        if (!q->prepare(sql))
            qCCritical(lcDb) << "cannot prepare" << sql << q->lastError().text();
        it = m_statements.emplace(sql, std::move(q)).first;
    }
    return *it->second;
}

Result<void> Connection::exec(const QString& sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        return storageError(q);
    return {};
}

Result<void> Connection::run(QSqlQuery& query)
{
    if (!query.exec())
        return storageError(query);
    return {};
}

QVariant Connection::scalar(const QString& sql, const QVariantList& binds)
{
    QSqlQuery& q = prepared(sql);
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds[i]);
    QVariant v;
    if (q.exec() && q.next())
        v = q.value(0);
    q.finish();
    return v;
}

Error Connection::storageError(const QSqlQuery& query) const
{
    const QSqlError e = query.lastError();
    qCWarning(lcDb) << "SQL failed:" << query.lastQuery() << e.text();
    return Error(ErrorCode::Storage,
        QCoreApplication::translate("Database", "The site database refused the change (%1); nothing was saved.")
            .arg(e.databaseText().isEmpty() ? e.text() : e.databaseText()));
}

Transaction::Transaction(Connection& connection)
    : m_connection(connection)
{
}

Transaction::~Transaction()
{
    rollback();
}

Result<void> Transaction::begin()
{
    Statement& s = m_connection.statement(QStringLiteral("BEGIN IMMEDIATE"));
    if (!s.exec())
        return m_connection.statementError(s);
    m_open = true;
    return {};
}

Result<void> Transaction::commit()
{
    Statement& s = m_connection.statement(QStringLiteral("COMMIT"));
    if (!s.exec())
        return m_connection.statementError(s);
    m_open = false;
    return {};
}

void Transaction::rollback()
{
    if (m_open) {
        m_open = false;
        (void)m_connection.statement(QStringLiteral("ROLLBACK")).exec();
    }
}

} // namespace vax::db

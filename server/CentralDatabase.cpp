#include "CentralDatabase.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QSqlDriver>
#include <QSqlError>
#include <QUrl>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcServer, "vax.server")

namespace vax::server {

namespace {

QString nextName()
{
    static QAtomicInteger<int> counter;
    return QStringLiteral("vax-central-%1").arg(counter.fetchAndAddRelaxed(1));
}

} // namespace

CentralDatabase::CentralDatabase(Backend backend, const QString& name)
    : m_backend(backend)
    , m_name(name)
    , m_db(QSqlDatabase::addDatabase(backend == Backend::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL"), name))
{
}

CentralDatabase::~CentralDatabase()
{
    m_statements.clear();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

Result<std::unique_ptr<CentralDatabase>> CentralDatabase::openSqlite(const QString& path)
{
    std::unique_ptr<CentralDatabase> c(new CentralDatabase(Backend::Sqlite, nextName()));
    c->m_db.setDatabaseName(path);
    if (auto r = c->open(); !r.ok())
        return r.error();
    for (const char* pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA busy_timeout = 10000",
             "PRAGMA foreign_keys = ON", "PRAGMA cache_size = -65536"}) {
        if (auto r = c->exec(QLatin1String(pragma)); !r.ok())
            return r.error();
    }
    return c;
}

Result<std::unique_ptr<CentralDatabase>> CentralDatabase::openPostgres(const QString& conninfo)
{
    std::unique_ptr<CentralDatabase> c(new CentralDatabase(Backend::Postgres, nextName()));
    QString host, port, dbname, user, password;
    if (conninfo.startsWith(QLatin1String("postgres"))) {
        const QUrl url(conninfo);
        host = url.host();
        port = url.port() > 0 ? QString::number(url.port()) : QString();
        dbname = url.path().mid(1);
        user = url.userName();
        password = url.password();
    } else {
        for (const QString& part : conninfo.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            const qsizetype eq = part.indexOf(QLatin1Char('='));
            if (eq < 0)
                continue;
            const QString key = part.left(eq);
            const QString value = part.mid(eq + 1);
            if (key == QLatin1String("host") || key == QLatin1String("hostaddr"))
                host = value;
            else if (key == QLatin1String("port"))
                port = value;
            else if (key == QLatin1String("dbname"))
                dbname = value;
            else if (key == QLatin1String("user"))
                user = value;
            else if (key == QLatin1String("password"))
                password = value;
        }
    }
    c->m_db.setHostName(host);
    if (!port.isEmpty())
        c->m_db.setPort(port.toInt());
    c->m_db.setDatabaseName(dbname);
    c->m_db.setUserName(user);
    c->m_db.setPassword(password);
    if (auto r = c->open(); !r.ok())
        return r.error();
    (void)c->exec(QStringLiteral("SET client_min_messages = WARNING"));
    // Statements are prepared once, when tables may still be empty: a generic plan made then
    // (a sequential scan of a tiny table) would stay for good as they grow. Plan per execution.
    (void)c->exec(QStringLiteral("SET plan_cache_mode = force_custom_plan"));
    return c;
}

Result<void> CentralDatabase::open()
{
    if (!m_db.open()) {
        return Error(ErrorCode::Storage,
            QCoreApplication::translate("vaxcentral", "Cannot open central's %1 database: %2").arg(backendName(), m_db.lastError().text()));
    }
    return {};
}

QSqlQuery& CentralDatabase::prepared(const QString& sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        auto q = std::make_unique<QSqlQuery>(m_db);
        q->setForwardOnly(true);
        if (!q->prepare(sql))
            qCCritical(lcServer) << "cannot prepare" << sql << q->lastError().text();
        it = m_statements.emplace(sql, std::move(q)).first;
    }
    return *it->second;
}

Result<void> CentralDatabase::exec(const QString& sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        return error(q);
    return {};
}

Result<void> CentralDatabase::run(QSqlQuery& query)
{
    if (!query.exec())
        return error(query);
    return {};
}

Result<QSqlQuery*> CentralDatabase::query(const QString& sql, const QVariantList& binds)
{
    QSqlQuery& q = prepared(sql);
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds[i]);
    if (!q.exec())
        return error(q);
    return &q;
}

QVariant CentralDatabase::scalar(const QString& sql, const QVariantList& binds)
{
    auto q = query(sql, binds);
    QVariant v;
    if (q.ok() && q.value()->next())
        v = q.value()->value(0);
    if (q.ok())
        q.value()->finish();
    return v;
}

QString CentralDatabase::jsonText(const QString& column, const QString& key) const
{
    return m_backend == Backend::Sqlite ? QStringLiteral("json_extract(%1, '$.%2')").arg(column, key)
                                        : QStringLiteral("(%1::jsonb ->> '%2')").arg(column, key);
}

Result<void> CentralDatabase::begin()
{
    return exec(m_backend == Backend::Sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN"));
}

Result<void> CentralDatabase::commit()
{
    return exec(QStringLiteral("COMMIT"));
}

void CentralDatabase::rollback()
{
    (void)exec(QStringLiteral("ROLLBACK"));
}

Error CentralDatabase::error(const QSqlQuery& query) const
{
    const QSqlError e = query.lastError();
    qCWarning(lcServer) << "SQL failed:" << query.lastQuery().left(300) << e.text();
    return Error(ErrorCode::Storage,
        QCoreApplication::translate("vaxcentral", "Central's database refused the change (%1); nothing was saved.")
            .arg(e.databaseText().isEmpty() ? e.text() : e.databaseText()));
}

void* CentralDatabase::pgConnection()
{
    if (m_backend != Backend::Postgres)
        return nullptr;
    const QVariant v = m_db.driver()->handle();
    // QPSQL declares the metatype of its handle as PGconn*, which Qt names after the struct.
    if (!v.isValid() || (qstrcmp(v.typeName(), "PGconn*") != 0 && qstrcmp(v.typeName(), "pg_conn*") != 0))
        return nullptr;
    return *static_cast<void* const*>(v.data());
}

} // namespace vax::server

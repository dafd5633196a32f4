#include "Statement.h"

#include "db/Connection.h"

#include <sqlite3.h>

namespace vax::db {

Statement::Statement(sqlite3* db, const QString& sql)
    : m_db(db)
    , m_sql(sql)
{
    const QByteArray utf8 = sql.toUtf8();
    if (sqlite3_prepare_v3(db, utf8.constData(), int(utf8.size()), SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) != SQLITE_OK) {
        qCCritical(lcDb) << "cannot prepare" << sql << sqlite3_errmsg(db);
        m_error = QString::fromUtf8(sqlite3_errmsg(db));
        m_stmt = nullptr;
        m_ok = false;
    }
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, const QString& text)
{
    if (text.isNull())
        return bindNull(index);
    // The database is UTF-8: Qt's conversion is much cheaper than SQLite translating UTF-16.
    return bindUtf8(index, text.toUtf8());
}

Statement& Statement::bindUtf8(int index, QByteArrayView text)
{
    sqlite3_bind_text(m_stmt, index + 1, text.data() ? text.data() : "", int(text.size()), SQLITE_TRANSIENT);  // '' is not NULL
    return *this;
}

Statement& Statement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index + 1, value);
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    sqlite3_bind_double(m_stmt, index + 1, value);
    return *this;
}

Statement& Statement::bindBlob(int index, const QByteArray& bytes)
{
    sqlite3_bind_blob64(m_stmt, index + 1, bytes.constData(), sqlite3_uint64(bytes.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index + 1);
    return *this;
}

Statement& Statement::bind(int index, const QVariant& value)
{
    if (value.isNull())
        return bindNull(index);
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Bool:
        return bind(index, value.toLongLong());
    case QMetaType::Double:
        return bind(index, value.toDouble());
    default:
        return bind(index, value.toString());
    }
}

bool Statement::step()
{
    if (!m_stmt) {
        m_ok = false;
        return false;
    }
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    m_ok = rc == SQLITE_DONE;
    if (!m_ok) {
        m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
        qCWarning(lcDb) << "SQL failed:" << m_sql << m_error;
    }
    return false;
}

bool Statement::exec()
{
    while (step()) {
    }
    const bool ok = m_ok;
    const QString error = m_error;
    reset();
    m_ok = ok;
    m_error = error;
    return ok;
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

QString Statement::text(int column) const
{
    const unsigned char* data = sqlite3_column_text(m_stmt, column);
    if (!data)
        return {};
    return QString::fromUtf8(reinterpret_cast<const char*>(data), sqlite3_column_bytes(m_stmt, column));
}

QByteArray Statement::blob(int column) const
{
    const void* data = sqlite3_column_blob(m_stmt, column);
    if (!data)
        return {};
    return QByteArray(static_cast<const char*>(data), sqlite3_column_bytes(m_stmt, column));
}

qint64 Statement::integer(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

void Statement::reset()
{
    if (m_stmt) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
    m_ok = true;
    m_error.clear();
}

} // namespace vax::db

#pragma once

#include <QString>
#include <QVariant>

struct sqlite3;
struct sqlite3_stmt;

namespace vax::db {

// A prepared SQLite statement on the connection's own handle, for the hot paths (the write
// path, balances, dose history) where Qt SQL's per-call record and variant handling costs
// more than the database work. Prepared once per connection, bound and reset per use.
class Statement
{
public:
    Statement(sqlite3* db, const QString& sql);
    ~Statement();
    Q_DISABLE_COPY_MOVE(Statement)

    bool isValid() const { return m_stmt != nullptr; }
    const QString& sql() const { return m_sql; }

    Statement& bind(int index, const QString& text);   // 0-based; a null QString binds NULL
    Statement& bind(int index, qint64 value);
    Statement& bind(int index, int value) { return bind(index, qint64(value)); }
    Statement& bind(int index, double value);
    Statement& bindNull(int index);
    Statement& bindBlob(int index, const QByteArray& bytes);
    Statement& bindUtf8(int index, QByteArrayView text);  // text already in UTF-8 (copied)
    Statement& bind(int index, const QVariant& value);

    // Runs one step: true when a row is ready, false when done or failed (see ok()).
    bool step();
    // Runs to completion (for INSERT/UPDATE); false on failure.
    bool exec();
    bool ok() const { return m_ok; }
    const QString& errorText() const { return m_error; }

    bool isNull(int column) const;
    QString text(int column) const;
    qint64 integer(int column) const;
    double real(int column) const;
    QByteArray blob(int column) const;

    // Ready for the next use: bindings cleared, cursor closed (read locks released).
    void reset();

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
    QString m_sql;
    bool m_ok = true;
    QString m_error;
};

} // namespace vax::db

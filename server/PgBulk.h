#pragma once

#include "app/common/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

struct pg_conn;
struct pg_result;

namespace vax::server {

class CentralDatabase;

// Bulk work on PostgreSQL through libpq, on the very connection (and so the transaction) that
// QPSQL holds (QSqlDriver::handle()): what Qt SQL cannot do well. A batch's rows go in with
// one COPY per table instead of statements whose values QPSQL spells out as literals, and
// look-ups take their keys as one array parameter, not chunks of IN lists. Call only between
// Qt statements (none of them with rows left unread): libpq runs one command at a time.
class PgBulk
{
    Q_DISABLE_COPY_MOVE(PgBulk)

public:
    // Rows in COPY text format, built value by value (tab-separated, one line a row).
    class CopyRows
    {
    public:
        CopyRows& text(const QString& value);     // an empty QString is NULL
        CopyRows& utf8(const QByteArray& value);  // UTF-8 bytes; an empty one is NULL
        CopyRows& number(qint64 value);
        CopyRows& null();
        void endRow();
        void reserve(qsizetype bytes) { m_data.reserve(bytes); }
        qsizetype count() const { return m_rows; }
        const QByteArray& data() const { return m_data; }

    private:
        void separate();
        QByteArray m_data;
        qsizetype m_rows = 0;
        bool m_rowOpen = false;
    };

    // The rows of a query, read whole (one result, not one per row as QPSQL reads them).
    class Table final
    {
    public:
        ~Table();
        Table(Table&& other) noexcept;
        Table(const Table&) = delete;
        Table& operator=(const Table&) = delete;
        Table& operator=(Table&&) = delete;

        int rows() const;
        bool isNull(int row, int column) const;
        QString text(int row, int column) const;  // NULL is an empty string
        QByteArray bytes(int row, int column) const;
        qint64 integer(int row, int column) const;

    private:
        friend class PgBulk;
        explicit Table(pg_result* result) : m_result(result) {}
        pg_result* m_result;
    };

    // Null when the database is not PostgreSQL (or QPSQL gives no handle).
    static std::unique_ptr<PgBulk> on(CentralDatabase& db);

    // `COPY table (columns) FROM STDIN` with these rows; nothing when there are none.
    Result<void> copy(const char* tableAndColumns, const CopyRows& rows);
    // A query with text parameters ($1, $2, …), e.g. an array made by textArray().
    Result<Table> query(const char* sql, const QList<QByteArray>& params);

    // A text[] literal: {"a","b"}, every element quoted.
    static QByteArray textArray(const QStringList& values);

private:
    explicit PgBulk(pg_conn* connection) : m_connection(connection) {}
    Error failure(const QString& what, pg_result* result = nullptr) const;

    pg_conn* m_connection;
};

} // namespace vax::server

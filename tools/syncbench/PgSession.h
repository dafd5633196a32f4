#pragma once

#include "app/common/Result.h"

#include <QByteArray>
#include <QString>

#include <memory>

struct pg_conn;

namespace vax::bench {

// One libpq connection to central's database, for what QPSQL cannot do: COPY both ways and
// statements that cannot be prepared (ANALYZE). Blocking; errors carry libpq's message.
class PgSession final
{
    Q_DISABLE_COPY_MOVE(PgSession)

public:
    static Result<std::unique_ptr<PgSession>> connect(const QString& conninfo);
    ~PgSession();

    Result<void> exec(const QByteArray& sql);
    // The first column of the first row of a query.
    Result<QByteArray> value(const QByteArray& sql);
    // Every row `COPY (…) TO STDOUT` gives, in COPY text format (one line a row).
    Result<QByteArray> copyOut(const QByteArray& sql);
    // `COPY … FROM STDIN`: start, put any number of pieces of text (rows need not be whole),
    // then end.
    Result<void> copyInStart(const QByteArray& sql);
    Result<void> copyInPut(const QByteArray& data);
    Result<void> copyInEnd();

    // A value in COPY text format: backslash, tab, newline and carriage return escaped.
    static void appendCopyText(QByteArray& line, const QString& value);
    static void appendCopyNull(QByteArray& line) { line.append("\\N"); }

private:
    explicit PgSession(pg_conn* connection);
    Error failure(const QString& what) const;

    pg_conn* m_connection;
};

} // namespace vax::bench

#include "PgBulk.h"

#include "server/CentralDatabase.h"

#include <QCoreApplication>

#include <libpq-fe.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

namespace vax::server {

namespace {

struct ResultCloser {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultCloser>;

// COPY data goes to libpq in pieces of this size.
constexpr qsizetype kPieceBytes = 1 << 20;

void appendEscaped(QByteArray& out, const char* data, qsizetype size)
{
    // Only backslash and the three control characters COPY's text format reserves need escaping;
    // a run without any is appended whole.
    qsizetype from = 0;
    for (qsizetype i = 0; i < size; ++i) {
        const char c = data[i];
        const char* escape = nullptr;
        switch (c) {
        case '\\': escape = "\\\\"; break;
        case '\t': escape = "\\t"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        default: continue;
        }
        out.append(data + from, i - from);
        out.append(escape);
        from = i + 1;
    }
    out.append(data + from, size - from);
}

} // namespace

void PgBulk::CopyRows::separate()
{
    if (m_rowOpen)
        m_data.append('\t');
    m_rowOpen = true;
}

PgBulk::CopyRows& PgBulk::CopyRows::text(const QString& value)
{
    if (value.isEmpty())
        return null();
    return utf8(value.toUtf8());
}

PgBulk::CopyRows& PgBulk::CopyRows::utf8(const QByteArray& value)
{
    if (value.isEmpty())
        return null();
    separate();
    appendEscaped(m_data, value.constData(), value.size());
    return *this;
}

PgBulk::CopyRows& PgBulk::CopyRows::number(qint64 value)
{
    separate();
    m_data.append(QByteArray::number(value));
    return *this;
}

PgBulk::CopyRows& PgBulk::CopyRows::null()
{
    separate();
    m_data.append("\\N");
    return *this;
}

void PgBulk::CopyRows::endRow()
{
    m_data.append('\n');
    m_rowOpen = false;
    ++m_rows;
}

PgBulk::Table::~Table()
{
    PQclear(m_result);
}

PgBulk::Table::Table(Table&& other) noexcept
    : m_result(std::exchange(other.m_result, nullptr))
{
}

int PgBulk::Table::rows() const
{
    return PQntuples(m_result);
}

bool PgBulk::Table::isNull(int row, int column) const
{
    return PQgetisnull(m_result, row, column) != 0;
}

QString PgBulk::Table::text(int row, int column) const
{
    return QString::fromUtf8(PQgetvalue(m_result, row, column), PQgetlength(m_result, row, column));
}

QByteArray PgBulk::Table::bytes(int row, int column) const
{
    return QByteArray(PQgetvalue(m_result, row, column), PQgetlength(m_result, row, column));
}

qint64 PgBulk::Table::integer(int row, int column) const
{
    return QByteArray::fromRawData(PQgetvalue(m_result, row, column), PQgetlength(m_result, row, column)).toLongLong();
}

std::unique_ptr<PgBulk> PgBulk::on(CentralDatabase& db)
{
    auto* connection = static_cast<PGconn*>(db.pgConnection());
    if (!connection)
        return nullptr;
    return std::unique_ptr<PgBulk>(new PgBulk(connection));
}

Error PgBulk::failure(const QString& what, PGresult* result) const
{
    const QString text = QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(m_connection)).trimmed();
    qCWarning(lcServer) << "SQL failed:" << what.left(300) << text;
    return Error(ErrorCode::Storage,
        QCoreApplication::translate("vaxcentral", "Central's database refused the change (%1); nothing was saved.").arg(text));
}

Result<void> PgBulk::copy(const char* tableAndColumns, const CopyRows& rows)
{
    if (rows.count() == 0)
        return {};
    const QByteArray command = QByteArrayLiteral("COPY ") + tableAndColumns + QByteArrayLiteral(" FROM STDIN");
    {
        PgResult start(PQexec(m_connection, command.constData()));
        if (PQresultStatus(start.get()) != PGRES_COPY_IN)
            return failure(QString::fromLatin1(command), start.get());
    }
    const QByteArray& data = rows.data();
    bool sent = true;
    for (qsizetype at = 0; at < data.size() && sent; at += kPieceBytes)
        sent = PQputCopyData(m_connection, data.constData() + at, int(std::min(kPieceBytes, data.size() - at))) == 1;
    // Ended either way, so the connection leaves COPY mode; an abort message fails it.
    if (PQputCopyEnd(m_connection, sent ? nullptr : "vaxcentral could not send the rows") != 1)
        return failure(QString::fromLatin1(command));
    std::optional<Error> error;
    for (PgResult r(PQgetResult(m_connection)); r; r.reset(PQgetResult(m_connection))) {
        if (PQresultStatus(r.get()) != PGRES_COMMAND_OK && !error)
            error = failure(QString::fromLatin1(command), r.get());
    }
    if (error)
        return *error;
    return {};
}

Result<PgBulk::Table> PgBulk::query(const char* sql, const QList<QByteArray>& params)
{
    std::vector<const char*> values;
    std::vector<int> lengths;
    values.reserve(size_t(params.size()));
    lengths.reserve(size_t(params.size()));
    for (const QByteArray& p : params) {
        values.push_back(p.constData());
        lengths.push_back(int(p.size()));
    }
    PGresult* r = PQexecParams(m_connection, sql, int(params.size()), nullptr, values.data(), lengths.data(), nullptr, 0);
    const ExecStatusType status = PQresultStatus(r);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        const Error e = failure(QString::fromUtf8(sql), r);
        PQclear(r);
        return e;
    }
    return Table(r);
}

QByteArray PgBulk::textArray(const QStringList& values)
{
    QByteArray out;
    out.reserve(values.size() * 40 + 2);
    out.append('{');
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i > 0)
            out.append(',');
        out.append('"');
        for (const char c : values[i].toUtf8()) {
            if (c == '"' || c == '\\')
                out.append('\\');
            out.append(c);
        }
        out.append('"');
    }
    out.append('}');
    return out;
}

} // namespace vax::server

#include "PgSession.h"

#include <libpq-fe.h>

#include <algorithm>

namespace vax::bench {

namespace {

struct ResultCloser {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultCloser>;

constexpr qsizetype kChunkBytes = 1 << 20;

} // namespace

Result<std::unique_ptr<PgSession>> PgSession::connect(const QString& conninfo)
{
    std::unique_ptr<PgSession> s(new PgSession(PQconnectdb(conninfo.toUtf8().constData())));
    if (PQstatus(s->m_connection) != CONNECTION_OK)
        return s->failure(QStringLiteral("connect"));
    if (auto r = s->exec("SET client_min_messages = WARNING"); !r.ok())
        return r.error();
    return s;
}

PgSession::PgSession(pg_conn* connection)
    : m_connection(connection)
{
}

PgSession::~PgSession()
{
    PQfinish(m_connection);
}

Error PgSession::failure(const QString& what) const
{
    return Error(ErrorCode::Storage, what + QStringLiteral(": ") + QString::fromUtf8(PQerrorMessage(m_connection)).trimmed());
}

Result<void> PgSession::exec(const QByteArray& sql)
{
    PgResult r(PQexec(m_connection, sql.constData()));
    const ExecStatusType s = PQresultStatus(r.get());
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        return failure(QString::fromUtf8(sql.left(200)));
    return {};
}

Result<QByteArray> PgSession::value(const QByteArray& sql)
{
    PgResult r(PQexec(m_connection, sql.constData()));
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) < 1)
        return failure(QString::fromUtf8(sql.left(200)));
    return QByteArray(PQgetvalue(r.get(), 0, 0));
}

Result<QByteArray> PgSession::copyOut(const QByteArray& sql)
{
    PgResult start(PQexec(m_connection, sql.constData()));
    if (PQresultStatus(start.get()) != PGRES_COPY_OUT)
        return failure(QString::fromUtf8(sql.left(200)));
    QByteArray out;
    char* buffer = nullptr;
    int n = 0;
    while ((n = PQgetCopyData(m_connection, &buffer, 0)) > 0) {
        out.append(buffer, n);
        PQfreemem(buffer);
    }
    if (n == -2)
        return failure(QStringLiteral("COPY TO STDOUT"));
    bool ok = true;
    for (PgResult r(PQgetResult(m_connection)); r; r.reset(PQgetResult(m_connection)))
        ok = ok && PQresultStatus(r.get()) == PGRES_COMMAND_OK;
    if (!ok)
        return failure(QStringLiteral("COPY TO STDOUT"));
    return out;
}

Result<void> PgSession::copyInStart(const QByteArray& sql)
{
    PgResult start(PQexec(m_connection, sql.constData()));
    if (PQresultStatus(start.get()) != PGRES_COPY_IN)
        return failure(QString::fromUtf8(sql.left(200)));
    return {};
}

Result<void> PgSession::copyInPut(const QByteArray& data)
{
    for (qsizetype at = 0; at < data.size(); at += kChunkBytes) {
        const int n = int(std::min(kChunkBytes, data.size() - at));
        if (PQputCopyData(m_connection, data.constData() + at, n) != 1)
            return failure(QStringLiteral("PQputCopyData"));
    }
    return {};
}

Result<void> PgSession::copyInEnd()
{
    if (PQputCopyEnd(m_connection, nullptr) != 1)
        return failure(QStringLiteral("PQputCopyEnd"));
    bool ok = true;
    for (PgResult r(PQgetResult(m_connection)); r; r.reset(PQgetResult(m_connection)))
        ok = ok && PQresultStatus(r.get()) == PGRES_COMMAND_OK;
    if (!ok)
        return failure(QStringLiteral("COPY FROM STDIN"));
    return {};
}

void PgSession::appendCopyText(QByteArray& line, const QString& value)
{
    const QByteArray utf8 = value.toUtf8();
    for (const char c : utf8) {
        switch (c) {
        case '\\': line.append("\\\\"); break;
        case '\t': line.append("\\t"); break;
        case '\n': line.append("\\n"); break;
        case '\r': line.append("\\r"); break;
        default: line.append(c);
        }
    }
}

} // namespace vax::bench

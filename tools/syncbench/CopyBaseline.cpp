#include "CopyBaseline.h"

#include "tools/syncbench/PgSession.h"

#include <QElapsedTimer>

#include <algorithm>

namespace vax::bench {

double CopyFigures::medianSeconds() const
{
    if (seconds.isEmpty())
        return 0;
    QList<double> s = seconds;
    std::sort(s.begin(), s.end());
    return s[s.size() / 2];
}

double CopyFigures::rowsPerSecond() const
{
    const double t = medianSeconds();
    return t > 0 ? double(rows) / t : 0;
}

namespace {

// `repeats` timed loads of `data` by `copy`, each after `before` and ended by `end` (untimed
// when `end` is ROLLBACK: nothing is left to make durable).
Result<void> timedCopies(PgSession& s, const QByteArray& data, const QByteArray& before, const QByteArray& copy, const QByteArray& end,
    int repeats, CopyFigures& out)
{
    for (int i = 0; i < repeats; ++i) {
        if (!before.isEmpty()) {
            if (auto r = s.exec(before); !r.ok())
                return r.error();
        }
        QElapsedTimer t;
        t.start();
        Result<void> r = s.exec("BEGIN");
        if (r.ok())
            r = s.copyInStart(copy);
        if (r.ok())
            r = s.copyInPut(data);
        if (r.ok())
            r = s.copyInEnd();
        const bool timedEnd = end != "ROLLBACK";
        if (r.ok() && timedEnd)
            r = s.exec(end);
        if (!r.ok())
            return r.error();
        out.seconds << double(t.nsecsElapsed()) / 1e9;
        if (!timedEnd) {
            if (auto e = s.exec(end); !e.ok())
                return e.error();
        }
    }
    return {};
}

// The rows a select gives, as COPY text, and the session that read them.
struct Rows {
    std::unique_ptr<PgSession> session;
    QByteArray data;
    CopyFigures figures;  // rows and bytes
};

Result<Rows> readRows(const QString& conninfo, const QString& select)
{
    auto pg = PgSession::connect(conninfo);
    if (!pg.ok())
        return pg.error();
    auto data = pg.value()->copyOut(QStringLiteral("COPY (%1) TO STDOUT").arg(select).toUtf8());
    if (!data.ok())
        return data.error();
    Rows out{std::move(pg).value(), std::move(data).value(), {}};
    out.figures.bytes = out.data.size();
    out.figures.rows = out.data.count('\n');  // text format escapes newlines inside values
    return out;
}

} // namespace

Result<CopyFigures> copyBaseline(const QString& conninfo, qint64 afterGseq, qint64 throughGseq, int repeats)
{
    auto read = readRows(conninfo, QStringLiteral("SELECT * FROM change_feed WHERE gseq > %1 AND gseq <= %2 ORDER BY gseq").arg(afterGseq).arg(throughGseq));
    if (!read.ok())
        return read.error();
    PgSession& s = *read->session;
    CopyFigures out = read->figures;
    if (auto r = s.exec("DROP TABLE IF EXISTS change_feed_copy"); !r.ok())
        return r.error();
    if (auto r = s.exec("CREATE TABLE change_feed_copy (LIKE change_feed INCLUDING ALL)"); !r.ok())
        return r.error();
    if (auto r = timedCopies(s, read->data, "TRUNCATE change_feed_copy", "COPY change_feed_copy FROM STDIN", "COMMIT", repeats, out); !r.ok())
        return r.error();
    auto count = s.value("SELECT count(*) FROM change_feed_copy");
    if (!count.ok())
        return count.error();
    if (count->toLongLong() != out.rows)
        return Error(ErrorCode::Storage, QStringLiteral("change_feed_copy holds %1 rows, not the %2 copied").arg(QString::fromLatin1(count.value())).arg(out.rows));
    if (auto r = s.exec("DROP TABLE change_feed_copy"); !r.ok())
        return r.error();
    return out;
}

Result<CopyFigures> copyIntoFeed(const QString& conninfo, qint64 afterGseq, qint64 throughGseq, int repeats)
{
    // Shifted past every gseq and device seq there is, ids made unique by a suffix: each row
    // lands in the index pages its original did, or at their right end, as a push's would.
    // Each repeat has its own shift and suffix: no row meets the dead one of a repeat before.
    constexpr qint64 kShift = 1'000'000'000'000LL;
    CopyFigures out;
    for (int i = 1; i <= repeats; ++i) {
        auto read = readRows(conninfo, QStringLiteral("SELECT gseq + %3, id || '+%4', device_id, device_seq + %3, entity, record_id, op, payload, "
                                                      "hlc, user_id, created_at, site_id, team_id, person_id, received_at, via, to_site_id "
                                                      "FROM change_feed WHERE gseq > %1 AND gseq <= %2 ORDER BY gseq")
                                           .arg(afterGseq)
                                           .arg(throughGseq)
                                           .arg(kShift * i)
                                           .arg(i));
        if (!read.ok())
            return read.error();
        PgSession& s = *read->session;
        const QByteArray copy = "COPY change_feed (gseq, id, device_id, device_seq, entity, record_id, op, payload, hlc, user_id, created_at, "
                                "site_id, team_id, person_id, received_at, via, to_site_id) FROM STDIN";
        if (auto r = timedCopies(s, read->data, {}, copy, "ROLLBACK", 1, out); !r.ok())
            return r.error();
        out.rows = read->figures.rows;
        out.bytes = read->figures.bytes;
        auto left = s.value(QStringLiteral("SELECT count(*) FROM change_feed WHERE gseq > %1").arg(kShift).toUtf8());
        if (!left.ok())
            return left.error();
        if (left->toLongLong() != 0)
            return Error(ErrorCode::Storage, QStringLiteral("%1 copied rows were left in change_feed").arg(QString::fromLatin1(left.value())));
    }
    return out;
}

} // namespace vax::bench

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

enum class Then { Commit, RollBack };

// One timed load of `data` by `copy`: BEGIN, COPY and COMMIT; a load rolled back is timed
// through its COPY (nothing is left to make durable).
Result<void> timedCopy(PgSession& s, const QByteArray& data, const QByteArray& copy, Then then, CopyFigures& out)
{
    QElapsedTimer t;
    t.start();
    Result<void> r = s.exec("BEGIN");
    if (r.ok())
        r = s.copyInStart(copy);
    if (r.ok())
        r = s.copyInPut(data);
    if (r.ok())
        r = s.copyInEnd();
    if (r.ok() && then == Then::Commit)
        r = s.exec("COMMIT");
    if (!r.ok())
        return r.error();
    out.seconds << double(t.nsecsElapsed()) / 1e9;
    if (then == Then::RollBack)
        return s.exec("ROLLBACK");
    return {};
}

// The rows a select gives, as COPY text (counted into `out`), and the session that read them.
struct Rows {
    std::unique_ptr<PgSession> session;
    QByteArray data;
};

Result<Rows> readRows(const QString& conninfo, const QString& select, CopyFigures& out)
{
    auto pg = PgSession::connect(conninfo);
    if (!pg.ok())
        return pg.error();
    auto data = pg.value()->copyOut(QStringLiteral("COPY (%1) TO STDOUT").arg(select).toUtf8());
    if (!data.ok())
        return data.error();
    out.bytes = data->size();
    out.rows = data->count('\n');  // text format escapes newlines inside values
    return Rows{std::move(pg).value(), std::move(data).value()};
}

} // namespace

Result<CopyFigures> copyBaseline(const QString& conninfo, qint64 afterGseq, qint64 throughGseq, int repeats)
{
    CopyFigures out;
    auto read = readRows(conninfo, QStringLiteral("SELECT * FROM change_feed WHERE gseq > %1 AND gseq <= %2 ORDER BY gseq").arg(afterGseq).arg(throughGseq), out);
    if (!read.ok())
        return read.error();
    PgSession& s = *read->session;
    if (auto r = s.exec("DROP TABLE IF EXISTS change_feed_copy"); !r.ok())
        return r.error();
    if (auto r = s.exec("CREATE TABLE change_feed_copy (LIKE change_feed INCLUDING ALL)"); !r.ok())
        return r.error();
    for (int i = 0; i < repeats; ++i) {
        if (auto r = s.exec("TRUNCATE change_feed_copy"); !r.ok())
            return r.error();
        if (auto r = timedCopy(s, read->data, "COPY change_feed_copy FROM STDIN", Then::Commit, out); !r.ok())
            return r.error();
    }
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
    const QByteArray copy = "COPY change_feed (gseq, id, device_id, device_seq, entity, record_id, op, payload, hlc, user_id, created_at, "
                            "site_id, team_id, person_id, received_at, via, to_site_id) FROM STDIN";
    CopyFigures out;
    for (int i = 1; i <= repeats; ++i) {
        auto read = readRows(conninfo, QStringLiteral("SELECT gseq + %3, id || '+%4', device_id, device_seq + %3, entity, record_id, op, payload, "
                                                      "hlc, user_id, created_at, site_id, team_id, person_id, received_at, via, to_site_id "
                                                      "FROM change_feed WHERE gseq > %1 AND gseq <= %2 ORDER BY gseq")
                                           .arg(afterGseq)
                                           .arg(throughGseq)
                                           .arg(kShift * i)
                                           .arg(i),
            out);
        if (!read.ok())
            return read.error();
        PgSession& s = *read->session;
        if (auto r = timedCopy(s, read->data, copy, Then::RollBack, out); !r.ok())
            return r.error();
        auto left = s.value(QStringLiteral("SELECT count(*) FROM change_feed WHERE gseq > %1").arg(kShift).toUtf8());
        if (!left.ok())
            return left.error();
        if (left->toLongLong() != 0)
            return Error(ErrorCode::Storage, QStringLiteral("%1 copied rows were left in change_feed").arg(QString::fromLatin1(left.value())));
    }
    return out;
}

} // namespace vax::bench

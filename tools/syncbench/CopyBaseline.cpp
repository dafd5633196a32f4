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

Result<CopyFigures> copyBaseline(const QString& conninfo, qint64 afterGseq, qint64 throughGseq, int repeats)
{
    auto pg = PgSession::connect(conninfo);
    if (!pg.ok())
        return pg.error();
    PgSession& s = *pg.value();
    if (auto r = s.exec("DROP TABLE IF EXISTS change_feed_copy"); !r.ok())
        return r.error();
    if (auto r = s.exec("CREATE TABLE change_feed_copy (LIKE change_feed INCLUDING ALL)"); !r.ok())
        return r.error();
    auto data = s.copyOut(QStringLiteral("COPY (SELECT * FROM change_feed WHERE gseq > %1 AND gseq <= %2 ORDER BY gseq) TO STDOUT")
                              .arg(afterGseq)
                              .arg(throughGseq)
                              .toUtf8());
    if (!data.ok())
        return data.error();
    CopyFigures out;
    out.bytes = data->size();
    out.rows = data->count('\n');  // text format escapes newlines inside values
    for (int i = 0; i < repeats; ++i) {
        if (auto r = s.exec("TRUNCATE change_feed_copy"); !r.ok())
            return r.error();
        QElapsedTimer t;
        t.start();
        Result<void> r = s.exec("BEGIN");
        if (r.ok())
            r = s.copyInStart("COPY change_feed_copy FROM STDIN");
        if (r.ok())
            r = s.copyInPut(data.value());
        if (r.ok())
            r = s.copyInEnd();
        if (r.ok())
            r = s.exec("COMMIT");
        if (!r.ok())
            return r.error();
        out.seconds << double(t.nsecsElapsed()) / 1e9;
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

} // namespace vax::bench

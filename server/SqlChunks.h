#pragma once

#include "app/common/Result.h"
#include "server/CentralDatabase.h"

#include <QSqlQuery>
#include <QString>
#include <QStringList>

#include <algorithm>

namespace vax::server {

// "(?, ?, ?), (?, ?, ?)" for a multi-row statement of `rows` rows of `columns` values.
inline QString valueRows(int rows, int columns)
{
    QStringList one;
    for (int c = 0; c < columns; ++c)
        one << QStringLiteral("?");
    const QString row = QLatin1Char('(') + one.join(QStringLiteral(", ")) + QLatin1Char(')');
    QStringList all;
    for (int r = 0; r < rows; ++r)
        all << row;
    return all.join(QStringLiteral(", "));
}

// "?, ?, ?" for an IN list.
inline QString marks(int n)
{
    QStringList out;
    for (int i = 0; i < n; ++i)
        out << QStringLiteral("?");
    return out.join(QStringLiteral(", "));
}

// Rows per multi-row statement: well under SQLite's and PostgreSQL's bound-value limits, and
// a fixed shape so the prepared statements are reused.
constexpr int kChunkRows = 100;

// Runs `sql` (which ends in an IN list of kChunkRows marks after `fixed` leading binds) over
// `values` in fixed-shape chunks, padding the last one with its own last value.
template <typename Row>
Result<void> forChunks(CentralDatabase& db, const QString& sql, const QVariantList& fixed, const QStringList& values, Row&& row)
{
    for (qsizetype start = 0; start < values.size(); start += kChunkRows) {
        QSqlQuery& q = db.prepared(sql);
        int i = 0;
        for (const QVariant& f : fixed)
            q.bindValue(i++, f);
        for (int k = 0; k < kChunkRows; ++k)
            q.bindValue(i++, values[std::min(values.size() - 1, start + k)]);
        if (auto r = db.run(q); !r.ok())
            return r;
        while (q.next())
            row(q);
        q.finish();
    }
    return {};
}

} // namespace vax::server

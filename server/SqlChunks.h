#pragma once

#include <QString>
#include <QStringList>

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

} // namespace vax::server

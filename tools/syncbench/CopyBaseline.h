#pragma once

#include "app/common/Result.h"

#include <QList>
#include <QString>

namespace vax::bench {

// The baseline for a push: the plainest bulk load PostgreSQL has. The rows vaxcentral wrote to
// change_feed for a push (gseq in (after, through]) are read back as COPY text, then COPYed
// (libpq PQputCopyData) into change_feed_copy, a table made LIKE change_feed INCLUDING ALL
// (the same columns, keys and indexes), in one transaction, `repeats` times over an emptied
// table. The table is dropped afterwards.
struct CopyFigures {
    qint64 rows = 0;
    qint64 bytes = 0;           // COPY text
    QList<double> seconds;      // each repeat: BEGIN, COPY, COMMIT
    double medianSeconds() const;
    double rowsPerSecond() const;
};

Result<CopyFigures> copyBaseline(const QString& conninfo, qint64 afterGseq, qint64 throughGseq, int repeats);

// The same rows COPYed into change_feed itself, beside the history it holds (its indexes as
// big as the push found them): read back with gseq, id and device_seq shifted out of the way
// of the rows they copy (by another amount each repeat), each repeat in a transaction rolled
// back. Timed: BEGIN and COPY.
Result<CopyFigures> copyIntoFeed(const QString& conninfo, qint64 afterGseq, qint64 throughGseq, int repeats);

} // namespace vax::bench

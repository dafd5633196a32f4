#pragma once

#include "db/Connection.h"
#include "db/SqliteSiteStore.h"
#include "tests/support/ManualClock.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QTemporaryDir>

namespace vax::test {

// Every object sqlite_master lists (tables, FTS5's own among them, indexes, triggers) with the
// SQL that made it, sorted: two site databases of one schema give the same list, whatever order
// their objects were made in.
inline QStringList schemaShape(db::Connection& connection)
{
    QSqlQuery q(connection.database());
    q.exec(QStringLiteral("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master"));
    QStringList out;
    while (q.next())
        out << QStringList{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()}.join(QLatin1Char('|'));
    out.sort();
    return out;
}

// The shape of a site database just made: what the schema defines.
inline QStringList freshSchemaShape()
{
    QTemporaryDir dir;
    ManualClock clock;
    auto store = db::SqliteSiteStore::create(dir.filePath(QStringLiteral("fresh.vaxdb")), {QStringLiteral("SHAPE"), QStringLiteral("Shape"), {}, {}, {}}, clock);
    if (!store.ok())
        qFatal("cannot make a site database: %s", qPrintable(store.error().message()));
    return schemaShape(store.value()->connection());
}

// What is wrong with name search: FTS5's own check of its index against the person table
// (every person in it, with the name the row holds). Empty when nothing is.
inline QString searchIndexProblem(db::Connection& connection)
{
    QSqlQuery q(connection.database());
    if (!q.exec(QStringLiteral("INSERT INTO person_fts (person_fts, rank) VALUES ('integrity-check', 1)")))
        return q.lastError().text();
    return {};
}

} // namespace vax::test

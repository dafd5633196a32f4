#pragma once

#include "db/Connection.h"
#include "db/EntitySpec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QVariantList>

#include <optional>

namespace vax::db {

// Small helpers for the repositories: bind, run, and turn rows into domain records.

inline void bindAll(QSqlQuery& query, const QVariantList& values)
{
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values[i]);
}

// A list as one bound value: `holder_id IN (SELECT value FROM json_each(?))`.
inline QString jsonList(const QStringList& values)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact));
}

// Runs `query` and calls `row` for each result row; false if the statement failed.
template <typename Fn>
bool forEachRow(Connection& connection, QSqlQuery& query, Fn&& row)
{
    if (!query.exec()) {
        (void)connection.storageError(query);
        return false;
    }
    while (query.next())
        row(query);
    query.finish();
    return true;
}

template <typename T>
QList<T> fetchAll(Connection& connection, const EntitySpec& spec, const QString& sql, const QVariantList& binds = {})
{
    QSqlQuery& q = connection.prepared(sql);
    bindAll(q, binds);
    QList<T> out;
    forEachRow(connection, q, [&](const QSqlQuery& row) { out << T::fromRecord(spec.read(row)); });
    return out;
}

template <typename T>
std::optional<T> fetchOne(Connection& connection, const EntitySpec& spec, const QString& sql, const QVariantList& binds = {})
{
    QList<T> all = fetchAll<T>(connection, spec, sql, binds);
    if (all.isEmpty())
        return std::nullopt;
    return all.first();
}

} // namespace vax::db

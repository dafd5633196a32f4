#pragma once

#include "app/common/Result.h"
#include "app/store/Entity.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <vector>

namespace vax::db {

class Statement;

enum class ColumnType { Text, Integer, Real, Bool, Json };

struct Column {
    const char* name;
    ColumnType type;
};

// How one entity's records map to its table. Record keys are column names; the stamp columns
// (id, site_id, team_id, created_by, created_at, hlc) are common to all. Mutable entities also
// keep a per-field HLC map in field_hlc, which is local bookkeeping, not part of the record.
struct EntitySpec {
    Entity entity;
    const char* table;
    bool mutableRecord;
    std::vector<Column> columns;  // every column of the record, stamp columns included
    QString columnList;           // "id, full_name, …" (made once)
    QString insertSql;            // "INSERT INTO t (…) VALUES (?, …)" (made once)
    QHash<QString, int> columnIndex;  // column name → its place in `columns` (made once)

    QString tableName() const { return QLatin1String(table); }
    const Column* column(const QString& name) const;
    QStringList columnNames() const;
    QString selectList(const QString& alias = {}) const;  // "t.id, t.full_name, …"

    // The canonical form of a record: known keys only, empty values dropped, numbers and
    // booleans in their column's type. What is stored, logged, hashed and synced.
    Result<QJsonObject> normalize(const QJsonObject& record) const;
    // Reads the record from the current row of a query that selected selectList().
    QJsonObject read(const QSqlQuery& query, int firstColumn = 0) const;
    QJsonObject read(const Statement& statement, int firstColumn = 0) const;

    static QVariant toSql(ColumnType type, const QJsonValue& value);
    static void bind(Statement& statement, int index, ColumnType type, const QJsonValue& value);
};

const EntitySpec& specFor(Entity entity);
const std::vector<EntitySpec>& allSpecs();

} // namespace vax::db

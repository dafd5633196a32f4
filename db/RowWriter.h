#pragma once

#include "app/common/Result.h"
#include "db/EntitySpec.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace vax::db {

class Connection;

// A record as its row holds it, with the per-field stamps of a mutable record.
struct StoredRecord {
    QJsonObject record;    // canonical: what EntitySpec::read gives
    QJsonObject fieldHlc;  // field → stamp of its last change; empty for events
};

// The row-level SQL of the write path, shared by every writer of records (the local write
// path in WriteSession and the applying of pulled changes in RemoteApply): insert a row, set
// some of its fields with their new stamp, read it back, tell which fields a change touches.
// Inside a transaction the caller holds; nothing here logs a change or an audit entry.
class RowWriter
{
public:
    explicit RowWriter(Connection& connection);

    // Inserts a canonical record; a mutable record starts with no field stamps (field_hlc '{}':
    // every field carries the record's hlc). Returns its canonical bytes (canonical(record)),
    // made in the same pass as the values bound.
    Result<QByteArray> insert(const EntitySpec& spec, const QJsonObject& record);
    // Sets the fields of `changed` (a null value clears) and stamps each with `hlc`.
    Result<void> update(const EntitySpec& spec, const QString& id, const QJsonObject& changed, const QString& hlc);
    std::optional<QJsonObject> load(const EntitySpec& spec, const QString& id);
    // The record and, for a mutable one, its field stamps.
    std::optional<StoredRecord> loadStamped(const EntitySpec& spec, const QString& id);
    bool exists(const EntitySpec& spec, const QString& id);
    // A mutable record created in two places keeps the stamp of its first creation everywhere:
    // takes `first`'s stamp fields, and pins every field that had none to the old record stamp
    // (so no field's stamp changes). Returns the record as stored now.
    Result<StoredRecord> adoptStamp(const EntitySpec& spec, const StoredRecord& stored, const QJsonObject& first);
    // The same, on a record and its field stamps held as JSON (central's state).
    static void adoptStamp(QJsonObject& record, QJsonObject& fieldHlc, const QJsonObject& first);

    // The stamp every record carries (id, site_id, team_id, created_by, created_at, hlc): set
    // by the write path, never changed by an update.
    static const QStringList& stampKeys();
    // The bytes that are logged, hashed and synced: the canonical record as compact JSON.
    static QByteArray canonical(const QJsonObject& record);

    // The fields of `wanted` whose canonical value differs from `current`, a cleared field as
    // null. An unknown field or a value of the wrong type is an error.
    static Result<QJsonObject> changedFields(const EntitySpec& spec, const QJsonObject& current, const QJsonObject& wanted);

private:
    Connection& m_connection;
};

} // namespace vax::db

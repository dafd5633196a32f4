#pragma once

#include "app/common/Result.h"
#include "app/store/Entity.h"

#include <QJsonObject>

namespace vax {

// The only way a service changes data. It exists only inside SiteStore::write(), so
// everything written through it commits in one transaction. For each record it writes the
// row, its change-log entry (what sync pushes) and its hash-chained audit entry.
class RecordWriter
{
public:
    virtual ~RecordWriter() = default;

    // Fills what the record leaves empty (id, site_id, team_id, created_by, created_at, hlc),
    // writes it and returns it as stored.
    virtual Result<QJsonObject> insert(Entity entity, QJsonObject record) = 0;
    // Mutable records only: sets these fields, each stamped with a new HLC. Fields equal to
    // the stored value are skipped; an update that changes nothing writes nothing.
    virtual Result<void> update(Entity entity, const QString& id, const QJsonObject& fields) = 0;

    // insert() for a domain record type: returns the record as stored.
    template <typename T>
    Result<T> add(Entity entity, const T& value)
    {
        auto stored = insert(entity, value.toRecord());
        if (!stored.ok())
            return stored.error();
        return T::fromRecord(stored.value());
    }
};

} // namespace vax

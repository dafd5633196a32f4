#include "CentralSchema.h"

#include "server/CentralDatabase.h"

#include <QCoreApplication>

namespace vax::server::CentralSchema {

namespace {

// Version 1: devices and their enrolment, the change feed (every accepted change in global
// order), the current state of every record (merged per field), the person index for lookups
// and duplicate checks, attachments of people to sites, and the review list.
const char* const kStep1[] = {
    R"(CREATE TABLE seq_counter (
        name TEXT PRIMARY KEY,
        value BIGINT NOT NULL
    ))",
    "INSERT INTO seq_counter (name, value) VALUES ('change', 0)",
    "INSERT INTO seq_counter (name, value) VALUES ('central', 0)",

    R"(CREATE TABLE device (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL,
        team_id TEXT,
        name TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        install_id TEXT NOT NULL,
        public_key TEXT,
        enrolled_at TEXT NOT NULL,
        revoked_at TEXT,
        revoked_reason TEXT,
        clock_ahead_at TEXT,
        last_seen_at TEXT,
        last_seq BIGINT NOT NULL DEFAULT 0
    ))",

    R"(CREATE TABLE enrol_code (
        code_hash TEXT PRIMARY KEY,
        site_id TEXT NOT NULL,
        team_id TEXT,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT,
        used_by TEXT
    ))",

    R"(CREATE TABLE change_feed (
        gseq BIGINT PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        device_id TEXT NOT NULL,
        device_seq BIGINT NOT NULL,
        entity TEXT NOT NULL,
        record_id TEXT NOT NULL,
        op TEXT NOT NULL,
        payload TEXT NOT NULL,
        hlc TEXT NOT NULL,
        user_id TEXT,
        created_at TEXT,
        site_id TEXT,
        team_id TEXT,
        person_id TEXT,
        received_at TEXT NOT NULL,
        via TEXT NOT NULL,
        UNIQUE (device_id, device_seq)
    ))",
    "CREATE INDEX change_feed_site ON change_feed (site_id, gseq)",
    "CREATE INDEX change_feed_person ON change_feed (person_id) WHERE person_id IS NOT NULL",

    R"(CREATE TABLE record_state (
        entity TEXT NOT NULL,
        id TEXT NOT NULL,
        site_id TEXT,
        team_id TEXT,
        data TEXT NOT NULL,
        field_hlc TEXT NOT NULL,
        hlc TEXT NOT NULL,
        gseq BIGINT NOT NULL,
        PRIMARY KEY (entity, id)
    ))",

    R"(CREATE TABLE person_index (
        id TEXT PRIMARY KEY,
        site_id TEXT,
        full_name TEXT,
        name_folded TEXT,
        birth_date TEXT,
        cccd TEXT,
        cmnd TEXT,
        passport TEXT,
        phone TEXT,
        merged_into TEXT
    ))",
    "CREATE INDEX person_index_cccd ON person_index (cccd) WHERE cccd IS NOT NULL",
    "CREATE INDEX person_index_cmnd ON person_index (cmnd) WHERE cmnd IS NOT NULL",
    "CREATE INDEX person_index_passport ON person_index (passport) WHERE passport IS NOT NULL",
    "CREATE INDEX person_index_phone ON person_index (phone) WHERE phone IS NOT NULL",
    "CREATE INDEX person_index_name ON person_index (name_folded)",

    // What duplicate-dose checks need of every injection, without reading its JSON.
    R"(CREATE TABLE injection_index (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL,
        dose_number INTEGER NOT NULL,
        site_id TEXT
    ))",
    "CREATE INDEX injection_index_person ON injection_index (person_id)",

    // Voids of doses, to catch a dose voided on two laptops while both were offline (its stock
    // would come back twice).
    R"(CREATE TABLE void_index (
        correction_id TEXT PRIMARY KEY,
        target_id TEXT NOT NULL,
        site_id TEXT
    ))",
    "CREATE INDEX void_index_target ON void_index (target_id)",

    R"(CREATE TABLE attachment (
        site_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        attached_at TEXT NOT NULL,
        PRIMARY KEY (site_id, person_id)
    ))",

    R"(CREATE TABLE review_item (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        site_id TEXT,
        entity TEXT NOT NULL,
        record_id TEXT NOT NULL,
        other_id TEXT,
        field TEXT,
        kept_value TEXT,
        lost_value TEXT,
        kept_hlc TEXT,
        lost_hlc TEXT,
        created_at TEXT NOT NULL,
        resolved_at TEXT,
        resolution TEXT
    ))",
    "CREATE INDEX review_item_site ON review_item (site_id, created_at)",
};

// Version 2: stock crosses sites. A store's shipment goes to a site, and the site's receipt
// answers the store: each change may be seen by a second site, the movement's counterpart.
// Nothing before this version crossed sites, so old rows need no value.
const char* const kStep2[] = {
    "ALTER TABLE change_feed ADD COLUMN to_site_id TEXT",
    "CREATE INDEX change_feed_to_site ON change_feed (to_site_id, gseq) WHERE to_site_id IS NOT NULL",
};

// Version 3: an event (a dose, a stock movement, a vial, a correction, a review item…) is never
// changed, so its one insert in the feed is its current state: it gets no record_state row (half
// of what a pushed dose wrote) and is found in the feed by its record id. The duplicate-dose
// check reads the doses of the batch's people from the feed (by person), so injection_index goes.
const char* const kStep3[] = {
    "CREATE INDEX change_feed_record ON change_feed (record_id)",
    "DELETE FROM record_state WHERE entity IN ('stock_movement', 'visit', 'screening', 'injection', 'observation', "
    "'adverse_event', 'correction', 'review_item', 'vial')",
    "DROP TABLE injection_index",
};

// Version 4: a refused device is enrolled again (docs/sync-protocol.md "Enrolling again"). A
// code may be bound to one known device; central notes when a request came from another
// computer, when a device was enrolled again, and whether the credential it last gave was
// ever used (until then the same code may ask again: its answer may have been lost); the
// secrets a re-enrolment replaced tell the copy left behind why it is refused. A device that
// pushed before this version has used its credential.
const char* const kStep4[] = {
    "ALTER TABLE enrol_code ADD COLUMN device_id TEXT",
    "CREATE INDEX enrol_code_device ON enrol_code (device_id) WHERE device_id IS NOT NULL",
    "ALTER TABLE device ADD COLUMN other_install_at TEXT",
    "ALTER TABLE device ADD COLUMN reenrolled_at TEXT",
    "ALTER TABLE device ADD COLUMN credential_used_at TEXT",
    "UPDATE device SET credential_used_at = last_seen_at",
    R"(CREATE TABLE retired_secret (
        secret_hash TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        retired_at TEXT NOT NULL
    ))",
};

// Version 5: a device enrolled again gets back its own changes that its database lacks (it was
// restored from a backup, or another copy of it sent them): central echoes the device's changes
// with device_seq in (echo_after, echo_through] to it, which a pull otherwise never does.
const char* const kStep5[] = {
    "ALTER TABLE device ADD COLUMN echo_after INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE device ADD COLUMN echo_through INTEGER NOT NULL DEFAULT 0",
};

QStringList stepStatements(int version)
{
    QStringList out;
    auto add = [&out](const auto& statements) {
        for (const char* s : statements)
            out << QLatin1String(s);
    };
    if (version == 1)
        add(kStep1);
    else if (version == 2)
        add(kStep2);
    else if (version == 3)
        add(kStep3);
    else if (version == 4)
        add(kStep4);
    else if (version == 5)
        add(kStep5);
    return out;
}

} // namespace

int version(CentralDatabase& db)
{
    return db.scalar(QStringLiteral("SELECT value FROM central_meta WHERE key = 'schema_version'")).toInt();
}

Result<void> migrate(CentralDatabase& db)
{
    if (auto r = db.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS central_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")); !r.ok())
        return r;
    for (;;) {
        CentralTransaction txn(db);
        if (auto r = txn.begin(); !r.ok())
            return r;
        if (db.backend() == Backend::Postgres) {
            // One migrator at a time across every process on the cluster.
            if (auto r = db.exec(QStringLiteral("LOCK TABLE central_meta IN EXCLUSIVE MODE")); !r.ok())
                return r;
        }
        const int from = version(db);
        if (from > kCurrentVersion) {
            return Error(ErrorCode::Conflict,
                QCoreApplication::translate("vaxcentral", "Central's database is schema %1, newer than this vaxcentral (%2): update vaxcentral.")
                    .arg(from)
                    .arg(kCurrentVersion));
        }
        if (from == kCurrentVersion)
            return txn.commit();
        const int next = from + 1;
        for (const QString& sql : stepStatements(next)) {
            if (auto r = db.exec(sql); !r.ok())
                return r;
        }
        auto& q = db.prepared(from == 0 ? QStringLiteral("INSERT INTO central_meta (key, value) VALUES ('schema_version', ?)")
                                        : QStringLiteral("UPDATE central_meta SET value = ? WHERE key = 'schema_version'"));
        q.bindValue(0, QString::number(next));
        if (auto r = db.run(q); !r.ok())
            return r;
        if (auto r = txn.commit(); !r.ok())
            return r;
        qCInfo(lcServer) << "central database migrated to schema" << next << "on" << db.backendName();
    }
}

} // namespace vax::server::CentralSchema

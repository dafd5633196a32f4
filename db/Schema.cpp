#include "Schema.h"

#include "db/Connection.h"

#include <QCoreApplication>

namespace vax::db::Schema {

namespace {

// Version 1: identity, reference data, people, the stock ledger, the change log and the audit
// chain.
const char* const kStep1[] = {
    R"(CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID)",

    R"(CREATE TABLE site (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        parent_id TEXT REFERENCES site(id),
        province_code TEXT,
        address TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL,
        field_hlc TEXT NOT NULL DEFAULT '{}'
    ))",

    R"(CREATE TABLE device (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        enrolled_at TEXT,
        revoked_at TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL,
        field_hlc TEXT NOT NULL DEFAULT '{}'
    ))",

    R"(CREATE TABLE app_user (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        full_name TEXT NOT NULL,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL,
        field_hlc TEXT NOT NULL DEFAULT '{}'
    ))",

    R"(CREATE TABLE person (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        full_name TEXT NOT NULL,
        name_folded TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
        cccd TEXT,
        cmnd TEXT,
        passport TEXT,
        phone TEXT,
        address TEXT,
        province_code TEXT,
        district_code TEXT,
        ward_code TEXT,
        priority_group INTEGER,
        occupation TEXT,
        ethnicity TEXT,
        nationality TEXT,
        insurance_no TEXT,
        note TEXT,
        merged_into TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL,
        field_hlc TEXT NOT NULL DEFAULT '{}'
    ))",
    // Not unique: the same person registered at two sites offline is expected, and reviewed.
    "CREATE INDEX person_cccd ON person(cccd) WHERE cccd IS NOT NULL",
    "CREATE INDEX person_cmnd ON person(cmnd) WHERE cmnd IS NOT NULL",
    "CREATE INDEX person_passport ON person(passport) WHERE passport IS NOT NULL",
    "CREATE INDEX person_phone ON person(phone) WHERE phone IS NOT NULL",

    R"(CREATE TABLE vaccine_product (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        manufacturer TEXT,
        mp TEXT,
        ma TEXT,
        vp TEXT,
        vaccine_type TEXT,
        doses_per_vial INTEGER NOT NULL CHECK (doses_per_vial >= 1),
        dose_volume_ml REAL,
        open_vial_hours INTEGER,
        storage_min_c REAL,
        storage_max_c REAL,
        primary_doses INTEGER NOT NULL,
        schedule TEXT,
        gtins TEXT,
        unconfirmed TEXT,
        notes TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL,
        field_hlc TEXT NOT NULL DEFAULT '{}'
    ))",

    R"(CREATE TABLE lot (
        id TEXT PRIMARY KEY,
        product_id TEXT NOT NULL REFERENCES vaccine_product(id),
        lot_number TEXT NOT NULL,
        expiry_date TEXT NOT NULL,
        gtin TEXT,
        vvm_stage INTEGER,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL,
        field_hlc TEXT NOT NULL DEFAULT '{}',
        UNIQUE (product_id, lot_number)
    ))",

    R"(CREATE TABLE stock_movement (
        id TEXT PRIMARY KEY,
        holder_id TEXT NOT NULL REFERENCES site(id),
        lot_id TEXT NOT NULL REFERENCES lot(id),
        kind TEXT NOT NULL,
        doses INTEGER NOT NULL,
        counterpart_id TEXT,
        reason TEXT,
        ref_id TEXT,
        reverses_id TEXT REFERENCES stock_movement(id),
        occurred_at TEXT NOT NULL,
        note TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    ))",
    "CREATE INDEX stock_movement_holder_lot ON stock_movement(holder_id, lot_id)",
    // A cache of the ledger sums, kept by trigger and checked by vaxctl check; never the truth.
    R"(CREATE TABLE stock_balance (
        holder_id TEXT NOT NULL,
        lot_id TEXT NOT NULL,
        doses INTEGER NOT NULL,
        PRIMARY KEY (holder_id, lot_id)
    ) WITHOUT ROWID)",
    R"(CREATE TRIGGER stock_movement_balance AFTER INSERT ON stock_movement BEGIN
        INSERT INTO stock_balance (holder_id, lot_id, doses) VALUES (NEW.holder_id, NEW.lot_id, NEW.doses)
        ON CONFLICT (holder_id, lot_id) DO UPDATE SET doses = doses + excluded.doses;
    END)",
    R"(CREATE TRIGGER stock_movement_no_update BEFORE UPDATE ON stock_movement BEGIN
        SELECT RAISE(ABORT, 'stock movements are append-only: record a reversal instead');
    END)",
    R"(CREATE TRIGGER stock_movement_no_delete BEFORE DELETE ON stock_movement BEGIN
        SELECT RAISE(ABORT, 'stock movements are append-only: record a reversal instead');
    END)",

    // What this device changed, in order; sync pushes from its cursor on (seq is never reused:
    // rows are only appended, and acknowledged ones are kept).
    R"(CREATE TABLE change_log (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        entity TEXT NOT NULL,
        record_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('insert', 'update')),
        payload TEXT NOT NULL,
        hlc TEXT NOT NULL,
        user_id TEXT,
        created_at TEXT NOT NULL,
        server_seq INTEGER,
        acked_at TEXT
    ))",

    // Append-only and hash-chained: each entry's hash covers the one before it.
    R"(CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        device_id TEXT NOT NULL,
        user_id TEXT,
        action TEXT NOT NULL,
        entity TEXT,
        record_id TEXT,
        digest TEXT,
        detail TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    ))",
    R"(CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
    END)",
    R"(CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
    END)",
};

// Version 2: the clinical events of a visit: check-in, screening, injection, observation,
// adverse events, and the corrections that void or amend them.
const char* const kStep2[] = {
    R"(CREATE TABLE visit (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES person(id),
        arrived_at TEXT NOT NULL,
        day TEXT NOT NULL,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    ))",
    "CREATE INDEX visit_day ON visit(day)",
    "CREATE INDEX visit_person ON visit(person_id)",

    R"(CREATE TABLE screening (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES person(id),
        visit_id TEXT REFERENCES visit(id),
        form_code TEXT NOT NULL,
        form_version INTEGER NOT NULL,
        answers TEXT NOT NULL,
        conclusion TEXT NOT NULL,
        screened_at TEXT NOT NULL,
        note TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    ))",
    "CREATE INDEX screening_visit ON screening(visit_id)",
    "CREATE INDEX screening_person ON screening(person_id)",

    R"(CREATE TABLE injection (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES person(id),
        visit_id TEXT REFERENCES visit(id),
        screening_id TEXT REFERENCES screening(id),
        product_id TEXT NOT NULL REFERENCES vaccine_product(id),
        lot_id TEXT NOT NULL REFERENCES lot(id),
        dose_number INTEGER NOT NULL CHECK (dose_number >= 1),
        body_site TEXT NOT NULL,
        injected_at TEXT NOT NULL,
        injected_by TEXT NOT NULL,
        movement_id TEXT REFERENCES stock_movement(id),
        note TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    ))",
    "CREATE INDEX injection_person ON injection(person_id)",
    "CREATE INDEX injection_visit ON injection(visit_id) WHERE visit_id IS NOT NULL",
    "CREATE INDEX injection_time ON injection(injected_at)",

    R"(CREATE TABLE observation (
        id TEXT PRIMARY KEY,
        injection_id TEXT NOT NULL REFERENCES injection(id),
        person_id TEXT NOT NULL REFERENCES person(id),
        outcome TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        note TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    ))",
    "CREATE INDEX observation_injection ON observation(injection_id)",

    R"(CREATE TABLE adverse_event (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES person(id),
        injection_id TEXT REFERENCES injection(id),
        onset_at TEXT NOT NULL,
        symptoms TEXT,
        description TEXT,
        serious INTEGER NOT NULL,
        serious_criteria TEXT,
        outcome TEXT NOT NULL,
        treatment TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    ))",
    "CREATE INDEX adverse_event_person ON adverse_event(person_id)",
    "CREATE INDEX adverse_event_injection ON adverse_event(injection_id)",

    R"(CREATE TABLE correction (
        id TEXT PRIMARY KEY,
        entity TEXT NOT NULL,
        target_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('void', 'amend')),
        reason TEXT NOT NULL,
        changes TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    ))",
    "CREATE INDEX correction_target ON correction(target_id)",
};

// Version 3: name search without diacritics. The folded name (đ → d done by the app, which
// FTS5's remove_diacritics does not do) is indexed with prefixes, so "nguyen van d" is fast.
const char* const kStep3[] = {
    R"(CREATE VIRTUAL TABLE person_fts USING fts5(
        name_folded, content='person', content_rowid='pk', tokenize='unicode61', prefix='1 2 3'
    ))",
    R"(CREATE TRIGGER person_fts_insert AFTER INSERT ON person BEGIN
        INSERT INTO person_fts (rowid, name_folded) VALUES (NEW.pk, NEW.name_folded);
    END)",
    R"(CREATE TRIGGER person_fts_update AFTER UPDATE OF name_folded ON person BEGIN
        INSERT INTO person_fts (person_fts, rowid, name_folded) VALUES ('delete', OLD.pk, OLD.name_folded);
        INSERT INTO person_fts (rowid, name_folded) VALUES (NEW.pk, NEW.name_folded);
    END)",
    R"(CREATE TRIGGER person_fts_delete AFTER DELETE ON person BEGIN
        INSERT INTO person_fts (person_fts, rowid, name_folded) VALUES ('delete', OLD.pk, OLD.name_folded);
    END)",
    "INSERT INTO person_fts (person_fts) VALUES ('rebuild')",
};

// Version 4: sync bookkeeping — each update's base stamps, what central refused and why, central's
// review items (merge conflicts, suspected duplicates; settled by a correction), the history of
// sync runs, bundles of other devices waiting to be applied and carried to central, and how far
// each other device's changes have been applied here (origin_progress). The cursors live in
// meta (pushed_through_seq, pull_cursor, bundled_through_seq).
const char* const kStep4[] = {
    "ALTER TABLE change_log ADD COLUMN base TEXT",
    // Applying a pulled page, people are indexed for search once per page, not one by one
    // (each FTS5 insert from a trigger flushes its buffer): fts_mode.bulk = 1 queues them in
    // fts_pending, and the page indexes the queue before it commits (RemoteApply).
    "CREATE TABLE fts_mode (bulk INTEGER NOT NULL)",
    "INSERT INTO fts_mode (bulk) VALUES (0)",
    "CREATE TABLE fts_pending (pk INTEGER PRIMARY KEY)",
    "DROP TRIGGER person_fts_insert",
    R"(CREATE TRIGGER person_fts_insert AFTER INSERT ON person WHEN (SELECT bulk FROM fts_mode) = 0 BEGIN
        INSERT INTO person_fts (rowid, name_folded) VALUES (NEW.pk, NEW.name_folded);
    END)",
    R"(CREATE TRIGGER person_fts_queue AFTER INSERT ON person WHEN (SELECT bulk FROM fts_mode) = 1 BEGIN
        INSERT INTO fts_pending (pk) VALUES (NEW.pk);
    END)",
    R"(CREATE TABLE sync_rejection (
        change_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        entity TEXT,
        record_id TEXT,
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        rejected_at TEXT NOT NULL
    ))",
    R"(CREATE TABLE review_item (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        entity TEXT NOT NULL,
        record_id TEXT NOT NULL,
        other_id TEXT,
        field TEXT,
        kept_value TEXT,
        lost_value TEXT,
        kept_hlc TEXT,
        lost_hlc TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    ))",
    "CREATE INDEX review_item_created ON review_item(created_at)",
    R"(CREATE TABLE sync_history (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        pushed INTEGER NOT NULL DEFAULT 0,
        pulled INTEGER NOT NULL DEFAULT 0,
        rejected INTEGER NOT NULL DEFAULT 0,
        conflicts INTEGER NOT NULL DEFAULT 0,
        relayed INTEGER NOT NULL DEFAULT 0,
        error TEXT
    ))",
    R"(CREATE TABLE relay_bundle (
        bundle_id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        from_seq INTEGER NOT NULL,
        to_seq INTEGER NOT NULL,
        changes INTEGER NOT NULL,
        file BLOB NOT NULL,
        imported_at TEXT NOT NULL,
        applied_at TEXT,
        relayed_at TEXT,
        outcome TEXT
    ))",
    R"(CREATE TABLE origin_progress (
        device_id TEXT PRIMARY KEY,
        applied_through INTEGER NOT NULL
    ))",
};

// Version 5: the full stock ledger — opened multi-dose vials (each dose drawn names its vial,
// and so does the discard of what was left), transfers matched to their confirmation, and the
// lookups the stock screen and the injection station make.
const char* const kStep5[] = {
    "ALTER TABLE stock_movement ADD COLUMN vial_id TEXT",
    R"(CREATE TABLE vial (
        id TEXT PRIMARY KEY,
        holder_id TEXT NOT NULL REFERENCES site(id),
        lot_id TEXT NOT NULL REFERENCES lot(id),
        doses INTEGER NOT NULL CHECK (doses > 0),
        opened_at TEXT NOT NULL,
        discard_at TEXT NOT NULL,
        session_day TEXT NOT NULL,
        note TEXT,
        site_id TEXT, team_id TEXT, created_by TEXT, created_at TEXT NOT NULL, hlc TEXT NOT NULL
    ))",
    // With the id and size, the open-vial query finds the open ones among a lot's thousands of
    // vials from the indexes alone.
    "CREATE INDEX vial_holder_lot ON vial(holder_id, lot_id, id, doses)",
    // Holds what the open-vial query reads of a vial's movements (for every dose of a
    // multi-dose lot), so it never reads the table itself.
    "CREATE INDEX stock_movement_vial ON stock_movement(vial_id, kind, doses) WHERE vial_id IS NOT NULL",
    "CREATE INDEX stock_movement_ref ON stock_movement(ref_id) WHERE ref_id IS NOT NULL",
    "CREATE INDEX stock_movement_counterpart ON stock_movement(counterpart_id) WHERE counterpart_id IS NOT NULL",
    "CREATE INDEX stock_movement_holder_time ON stock_movement(holder_id, occurred_at)",
    // A holder's lot in time order: its newest movements for the stock screen's lot filter, and
    // whether it had moved by a given time in one look (the period figures ask it of every
    // lot). The time joins schema 1's holder and lot.
    "DROP INDEX stock_movement_holder_lot",
    "CREATE INDEX stock_movement_holder_lot ON stock_movement(holder_id, lot_id, occurred_at)",
    // The few movements looked for among a holder's hundreds of thousands of doses: quarantines
    // and releases (checked for every dose and every lot list) and shipments sent.
    "CREATE INDEX stock_movement_hold ON stock_movement(holder_id, lot_id, occurred_at) WHERE kind IN ('quarantine', 'release')",
    "CREATE INDEX stock_movement_sent ON stock_movement(holder_id, occurred_at) WHERE kind IN ('transfer_out', 'issue')",
};

// Version 6: a person waiting in fts_pending (a pulled page's, or a first pull's until it ends)
// is not in name search yet, and FTS5 refuses to remove what it never indexed: a new name of
// theirs leaves the index alone, and the queue indexes the name the row holds when it runs.
const char* const kStep6[] = {
    "DROP TRIGGER person_fts_update",
    R"(CREATE TRIGGER person_fts_update AFTER UPDATE OF name_folded ON person
        WHEN NOT EXISTS (SELECT 1 FROM fts_pending WHERE pk = OLD.pk) BEGIN
        INSERT INTO person_fts (person_fts, rowid, name_folded) VALUES ('delete', OLD.pk, OLD.name_folded);
        INSERT INTO person_fts (rowid, name_folded) VALUES (NEW.pk, NEW.name_folded);
    END)",
    "DROP TRIGGER person_fts_delete",
    R"(CREATE TRIGGER person_fts_delete AFTER DELETE ON person
        WHEN NOT EXISTS (SELECT 1 FROM fts_pending WHERE pk = OLD.pk) BEGIN
        INSERT INTO person_fts (person_fts, rowid, name_folded) VALUES ('delete', OLD.pk, OLD.name_folded);
    END)",
};

// Version 7: the open multi-dose vials, kept by trigger like stock_balance (and, like it, a
// cache that vaxctl check holds against the ledger). Recording a dose looks at the few vials
// open now, not at every vial a lot ever had and each one's doses: with a lot of 100,000
// doses that scan was nearly all of a dose's time.
const char* const kStep7[] = {
    // The rule, once: drawn is the doses given from the vial less those given back by a void;
    // it is closed by the open-vial wastage naming it, or once nothing is left in it. A void
    // of a dose from a used-up vial opens it again, as the ledger then says it holds a dose.
    R"(CREATE VIEW vial_state AS SELECT v.id AS vial_id, v.holder_id, v.lot_id, v.doses,
        coalesce((SELECT -sum(m.doses) FROM stock_movement m WHERE m.vial_id = v.id AND m.kind IN ('dose_given', 'reversal')), 0) AS drawn,
        EXISTS (SELECT 1 FROM stock_movement w WHERE w.vial_id = v.id AND w.kind = 'wastage') AS discarded
        FROM vial v)",
    R"(CREATE TABLE open_vial (
        vial_id TEXT PRIMARY KEY,
        holder_id TEXT NOT NULL,
        lot_id TEXT NOT NULL,
        doses INTEGER NOT NULL,
        drawn INTEGER NOT NULL
    ) WITHOUT ROWID)",
    "CREATE INDEX open_vial_holder ON open_vial(holder_id, lot_id)",
    // A vial and its movements arrive in any order from sync (a page may hold a dose before its
    // vial): the vial's row is set from the movements here when it arrives.
    R"(CREATE TRIGGER vial_open AFTER INSERT ON vial BEGIN
        INSERT INTO open_vial (vial_id, holder_id, lot_id, doses, drawn)
        SELECT vial_id, holder_id, lot_id, doses, drawn FROM vial_state WHERE vial_id = NEW.id AND NOT discarded AND drawn < doses;
    END)",
    // Every dose: one more drawn from an open vial, which its last dose closes. A vial not in
    // the table is closed for good by a dose (discarded, used up) or not here yet (its own
    // trigger counts the dose). It costs a tenth of summing the vial's movements again
    // (measured on 50,000 doses).
    R"(CREATE TRIGGER stock_movement_dose_drawn AFTER INSERT ON stock_movement
        WHEN NEW.vial_id IS NOT NULL AND NEW.kind = 'dose_given' AND NEW.doses <= 0 BEGIN
        UPDATE open_vial SET drawn = drawn - NEW.doses WHERE vial_id = NEW.vial_id;
        DELETE FROM open_vial WHERE vial_id = NEW.vial_id AND drawn >= doses;
    END)",
    // The rest, rare (a void gives a dose back and may open a used-up vial again; a discard
    // closes one): the vial's row is set again from all its movements.
    R"(CREATE TRIGGER stock_movement_open_vial AFTER INSERT ON stock_movement
        WHEN NEW.vial_id IS NOT NULL AND (NEW.kind IN ('reversal', 'wastage') OR (NEW.kind = 'dose_given' AND NEW.doses > 0)) BEGIN
        DELETE FROM open_vial WHERE vial_id = NEW.vial_id;
        INSERT INTO open_vial (vial_id, holder_id, lot_id, doses, drawn)
        SELECT vial_id, holder_id, lot_id, doses, drawn FROM vial_state WHERE vial_id = NEW.vial_id AND NOT discarded AND drawn < doses;
    END)",
    // The vials open in the file as it is.
    R"(INSERT INTO open_vial (vial_id, holder_id, lot_id, doses, drawn)
        SELECT vial_id, holder_id, lot_id, doses, drawn FROM vial_state WHERE NOT discarded AND drawn < doses)",
};

// Append-only events refuse updates and deletes in the database itself, not just in the app.
QStringList appendOnlyTriggers(const char* table)
{
    QStringList out;
    for (const char* op : {"update", "delete"}) {
        out << QStringLiteral("CREATE TRIGGER %1_no_%2 BEFORE %3 ON %1 BEGIN "
                              "SELECT RAISE(ABORT, '%1 records are append-only: record a correction instead'); END")
                   .arg(QLatin1String(table), QLatin1String(op), QString::fromLatin1(op).toUpper());
    }
    return out;
}

QStringList stepStatements(int version)
{
    QStringList out;
    auto add = [&out](const auto& list) {
        for (const char* s : list)
            out << QLatin1String(s);
    };
    switch (version) {
    case 1:
        add(kStep1);
        break;
    case 2:
        add(kStep2);
        for (const char* t : {"visit", "screening", "injection", "observation", "adverse_event", "correction"})
            out << appendOnlyTriggers(t);
        break;
    case 3:
        add(kStep3);
        break;
    case 4:
        add(kStep4);
        out << appendOnlyTriggers("review_item");
        break;
    case 5:
        add(kStep5);
        out << appendOnlyTriggers("vial");
        break;
    case 6:
        add(kStep6);
        break;
    case 7:
        add(kStep7);
        break;
    default:
        break;
    }
    return out;
}

} // namespace

int version(Connection& connection)
{
    return connection.scalar(QStringLiteral("PRAGMA user_version")).toInt();
}

Result<void> migrate(Connection& connection, int targetVersion)
{
    const int from = version(connection);
    if (from > kCurrentVersion) {
        return Error(ErrorCode::Conflict,
            QCoreApplication::translate("Database",
                "This site database was made by a newer VaxStation (schema %1, this one knows %2): update VaxStation to open it.")
                .arg(from)
                .arg(kCurrentVersion));
    }
    for (int v = from + 1; v <= targetVersion; ++v) {
        Transaction txn(connection);
        if (auto r = txn.begin(); !r.ok())
            return r;
        for (const QString& sql : stepStatements(v)) {
            if (auto r = connection.exec(sql); !r.ok()) {
                qCCritical(lcDb) << "migration to schema" << v << "failed at" << sql;
                return r;
            }
        }
        if (auto r = connection.exec(QStringLiteral("PRAGMA user_version = %1").arg(v)); !r.ok())
            return r;
        if (auto r = txn.commit(); !r.ok())
            return r;
        qCInfo(lcDb) << "site database migrated to schema" << v;
    }
    return {};
}

} // namespace vax::db::Schema

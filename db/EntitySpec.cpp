#include "EntitySpec.h"

#include "db/Statement.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace vax::db {

namespace {

using T = ColumnType;

std::vector<Column> withStamp(std::initializer_list<Column> own)
{
    std::vector<Column> cols{{"id", T::Text}};
    cols.insert(cols.end(), own.begin(), own.end());
    for (const char* c : {"site_id", "team_id", "created_by", "created_at", "hlc"})
        cols.push_back({c, T::Text});
    return cols;
}

// A spec with the SQL every write and read of it uses, made once, not per record.
EntitySpec make(Entity entity, const char* table, bool mutableRecord, std::vector<Column> columns)
{
    EntitySpec spec{entity, table, mutableRecord, std::move(columns), {}, {}, {}};
    QStringList names;
    QStringList marks;
    for (const Column& c : spec.columns) {
        spec.columnIndex.insert(QLatin1String(c.name), int(names.size()));
        names << QLatin1String(c.name);
        marks << QStringLiteral("?");
    }
    spec.columnList = names.join(QStringLiteral(", "));
    spec.insertSql = QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)").arg(spec.tableName(), spec.columnList, marks.join(QLatin1Char(',')));
    return spec;
}

std::vector<EntitySpec> makeSpecs()
{
    return {
        make(Entity::Site, "site", true, withStamp({
            {"code", T::Text}, {"name", T::Text}, {"kind", T::Text}, {"parent_id", T::Text},
            {"province_code", T::Text}, {"address", T::Text}, {"active", T::Bool}})),
        make(Entity::Device, "device", true, withStamp({
            {"name", T::Text}, {"enrolled_at", T::Text}, {"revoked_at", T::Text}})),
        make(Entity::User, "app_user", true, withStamp({
            {"username", T::Text}, {"full_name", T::Text}, {"role", T::Text},
            {"password_hash", T::Text}, {"active", T::Bool}})),
        make(Entity::Person, "person", true, withStamp({
            {"full_name", T::Text}, {"name_folded", T::Text}, {"birth_date", T::Text}, {"sex", T::Text},
            {"cccd", T::Text}, {"cmnd", T::Text}, {"passport", T::Text}, {"phone", T::Text},
            {"address", T::Text}, {"province_code", T::Text}, {"district_code", T::Text},
            {"ward_code", T::Text}, {"priority_group", T::Integer}, {"occupation", T::Text},
            {"ethnicity", T::Text}, {"nationality", T::Text}, {"insurance_no", T::Text},
            {"note", T::Text}, {"merged_into", T::Text}})),
        make(Entity::VaccineProduct, "vaccine_product", true, withStamp({
            {"code", T::Text}, {"name", T::Text}, {"manufacturer", T::Text}, {"mp", T::Text},
            {"ma", T::Text}, {"vp", T::Text}, {"vaccine_type", T::Text},
            {"doses_per_vial", T::Integer}, {"dose_volume_ml", T::Real},
            {"open_vial_hours", T::Integer}, {"storage_min_c", T::Real}, {"storage_max_c", T::Real},
            {"primary_doses", T::Integer}, {"schedule", T::Json}, {"gtins", T::Json},
            {"unconfirmed", T::Json}, {"notes", T::Text}, {"active", T::Bool}})),
        make(Entity::Lot, "lot", true, withStamp({
            {"product_id", T::Text}, {"lot_number", T::Text}, {"expiry_date", T::Text},
            {"gtin", T::Text}, {"vvm_stage", T::Integer}})),
        make(Entity::StockMovement, "stock_movement", false, withStamp({
            {"holder_id", T::Text}, {"lot_id", T::Text}, {"kind", T::Text}, {"doses", T::Integer},
            {"counterpart_id", T::Text}, {"reason", T::Text}, {"ref_id", T::Text},
            {"reverses_id", T::Text}, {"occurred_at", T::Text}, {"note", T::Text}, {"vial_id", T::Text}})),
        make(Entity::Vial, "vial", false, withStamp({
            {"holder_id", T::Text}, {"lot_id", T::Text}, {"doses", T::Integer}, {"opened_at", T::Text},
            {"discard_at", T::Text}, {"session_day", T::Text}, {"note", T::Text}})),
        make(Entity::Visit, "visit", false, withStamp({
            {"person_id", T::Text}, {"arrived_at", T::Text}, {"day", T::Text}})),
        make(Entity::Screening, "screening", false, withStamp({
            {"person_id", T::Text}, {"visit_id", T::Text}, {"form_code", T::Text},
            {"form_version", T::Integer}, {"answers", T::Json}, {"conclusion", T::Text},
            {"screened_at", T::Text}, {"note", T::Text}})),
        make(Entity::Injection, "injection", false, withStamp({
            {"person_id", T::Text}, {"visit_id", T::Text}, {"screening_id", T::Text},
            {"product_id", T::Text}, {"lot_id", T::Text}, {"dose_number", T::Integer},
            {"body_site", T::Text}, {"injected_at", T::Text}, {"injected_by", T::Text},
            {"movement_id", T::Text}, {"note", T::Text}})),
        make(Entity::Observation, "observation", false, withStamp({
            {"injection_id", T::Text}, {"person_id", T::Text}, {"outcome", T::Text},
            {"ended_at", T::Text}, {"note", T::Text}})),
        make(Entity::AdverseEvent, "adverse_event", false, withStamp({
            {"person_id", T::Text}, {"injection_id", T::Text}, {"onset_at", T::Text},
            {"symptoms", T::Json}, {"description", T::Text}, {"serious", T::Bool},
            {"serious_criteria", T::Json}, {"outcome", T::Text}, {"treatment", T::Text}})),
        make(Entity::Correction, "correction", false, withStamp({
            {"entity", T::Text}, {"target_id", T::Text}, {"action", T::Text},
            {"reason", T::Text}, {"changes", T::Json}})),
        // kept_value and lost_value hold the field's JSON value as text ("[value]").
        make(Entity::ReviewItem, "review_item", false, withStamp({
            {"kind", T::Text}, {"entity", T::Text}, {"record_id", T::Text}, {"other_id", T::Text},
            {"field", T::Text}, {"kept_value", T::Text}, {"lost_value", T::Text}, {"kept_hlc", T::Text},
            {"lost_hlc", T::Text}})),
    };
}

bool isEmptyValue(const QJsonValue& v)
{
    return v.isNull() || v.isUndefined() || (v.isString() && v.toString().isEmpty());
}

// Whether a (non-empty) value has the column's type: numbers of integer columns whole.
bool fits(ColumnType type, const QJsonValue& v)
{
    switch (type) {
    case T::Text: return v.isString();
    case T::Integer: return v.isDouble() && v.toDouble() == double(v.toInteger());
    case T::Real: return v.isDouble();
    case T::Bool: return v.isBool();
    case T::Json: return v.isObject() || v.isArray();
    }
    return false;
}

QString typeName(ColumnType type)
{
    switch (type) {
    case T::Text: return QStringLiteral("text");
    case T::Integer: return QStringLiteral("a whole number");
    case T::Real: return QStringLiteral("a number");
    case T::Bool: return QStringLiteral("true or false");
    case T::Json: return QStringLiteral("an object or a list");
    }
    return {};
}

// One column of the current row, read from a QSqlQuery (the value fetched once) or from a
// raw Statement, so that readRow() serves both.
struct VariantCell {
    QVariant value;
    bool isNull() const { return value.isNull(); }
    QString text() const { return value.toString(); }
    qint64 integer() const { return value.toLongLong(); }
    double real() const { return value.toDouble(); }
};

struct StatementCell {
    const Statement& statement;
    int column;
    bool isNull() const { return statement.isNull(column); }
    QString text() const { return statement.text(column); }
    qint64 integer() const { return statement.integer(column); }
    double real() const { return statement.real(column); }
};

// The record in the current row, the columns from `firstColumn` on; `cellAt(i)` gives column i.
template <typename CellAt>
QJsonObject readRow(const std::vector<Column>& columns, int firstColumn, CellAt cellAt)
{
    QJsonObject out;
    int i = firstColumn;
    for (const Column& c : columns) {
        const auto cell = cellAt(i++);
        if (cell.isNull())
            continue;
        const QLatin1String key(c.name);
        switch (c.type) {
        case T::Text: {
            const QString s = cell.text();
            if (!s.isEmpty())
                out.insert(key, s);
            break;
        }
        case T::Integer:
            out.insert(key, cell.integer());
            break;
        case T::Real:
            out.insert(key, cell.real());
            break;
        case T::Bool:
            out.insert(key, cell.integer() != 0);
            break;
        case T::Json: {
            const QJsonDocument doc = QJsonDocument::fromJson(cell.text().toUtf8());
            if (doc.isObject())
                out.insert(key, doc.object());
            else if (doc.isArray())
                out.insert(key, doc.array());
            break;
        }
        }
    }
    return out;
}

} // namespace

const std::vector<EntitySpec>& allSpecs()
{
    static const std::vector<EntitySpec> specs = makeSpecs();
    return specs;
}

const EntitySpec& specFor(Entity entity)
{
    for (const EntitySpec& s : allSpecs()) {
        if (s.entity == entity)
            return s;
    }
    Q_UNREACHABLE();
}

const Column* EntitySpec::column(const QString& name) const
{
    const auto it = columnIndex.constFind(name);
    return it == columnIndex.cend() ? nullptr : &columns[size_t(it.value())];
}

QStringList EntitySpec::columnNames() const
{
    QStringList out;
    for (const Column& c : columns)
        out << QLatin1String(c.name);
    return out;
}

QString EntitySpec::selectList(const QString& alias) const
{
    if (alias.isEmpty() && !columnList.isEmpty())
        return columnList;
    QStringList out;
    for (const Column& c : columns)
        out << (alias.isEmpty() ? QString() : alias + QLatin1Char('.')) + QLatin1String(c.name);
    return out.join(QStringLiteral(", "));
}

Result<QJsonObject> EntitySpec::normalize(const QJsonObject& record) const
{
    // Most records come from toRecord() already canonical: check before rebuilding.
    bool canonical = true;
    for (auto it = record.begin(); it != record.end() && canonical; ++it) {
        const Column* c = column(it.key());
        const QJsonValue v = it.value();
        if (!c || isEmptyValue(v)) {
            canonical = false;
            break;
        }
        canonical = fits(c->type, v);
    }
    if (canonical)
        return record;
    QJsonObject out;
    for (auto it = record.begin(); it != record.end(); ++it) {
        const Column* c = column(it.key());
        if (!c) {
            return Error(ErrorCode::Invalid,
                QCoreApplication::translate("Database", "A %1 record has no field '%2'.").arg(tableName(), it.key()));
        }
        const QJsonValue v = it.value();
        if (isEmptyValue(v))
            continue;
        if (!fits(c->type, v)) {
            return Error(ErrorCode::Invalid,
                QCoreApplication::translate("Database", "Field '%1' of a %2 record must be %3.")
                    .arg(it.key(), tableName(), typeName(c->type)));
        }
        out.insert(it.key(), c->type == T::Integer ? QJsonValue(v.toInteger()) : v);
    }
    return out;
}

QJsonObject EntitySpec::read(const QSqlQuery& query, int firstColumn) const
{
    return readRow(columns, firstColumn, [&query](int column) { return VariantCell{query.value(column)}; });
}

QJsonObject EntitySpec::read(const Statement& statement, int firstColumn) const
{
    return readRow(columns, firstColumn, [&statement](int column) { return StatementCell{statement, column}; });
}

QVariant EntitySpec::toSql(ColumnType type, const QJsonValue& value)
{
    if (isEmptyValue(value))
        return QVariant();
    switch (type) {
    case T::Text: return value.toString();
    case T::Integer: return value.toInteger();
    case T::Real: return value.toDouble();
    case T::Bool: return value.toBool() ? 1 : 0;
    case T::Json:
        return QString::fromUtf8(value.isObject() ? QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)
                                                  : QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    }
    return QVariant();
}

void EntitySpec::bind(Statement& statement, int index, ColumnType type, const QJsonValue& value)
{
    if (isEmptyValue(value)) {
        statement.bindNull(index);
        return;
    }
    switch (type) {
    case T::Text:
        statement.bind(index, value.toString());
        return;
    case T::Integer:
        statement.bind(index, value.toInteger());
        return;
    case T::Real:
        statement.bind(index, value.toDouble());
        return;
    case T::Bool:
        statement.bind(index, qint64(value.toBool() ? 1 : 0));
        return;
    case T::Json:
        statement.bind(index, toSql(type, value).toString());
        return;
    }
}

} // namespace vax::db

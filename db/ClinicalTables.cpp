#include "ClinicalTables.h"

#include "app/common/TimeText.h"
#include "db/Rows.h"
#include "db/Statement.h"

#include <QJsonDocument>

namespace vax::db {

namespace {

const QLatin1String kNotVoided("NOT EXISTS (SELECT 1 FROM correction c WHERE c.target_id = %1.id AND c.action = 'void')");

QString notVoided(const char* alias)
{
    return QString(kNotVoided).arg(QLatin1String(alias));
}

} // namespace

ClinicalTables::ClinicalTables(Connection& connection)
    : m_connection(connection)
{
}

QJsonObject ClinicalTables::amended(QJsonObject record)
{
    QSqlQuery& q = m_connection.prepared(QStringLiteral(
        "SELECT changes FROM correction WHERE target_id = ? AND action = 'amend' ORDER BY hlc"));
    bindAll(q, {record.value(QLatin1String("id")).toString()});
    forEachRow(m_connection, q, [&](const QSqlQuery& row) {
        const QJsonObject changes = QJsonDocument::fromJson(row.value(0).toString().toUtf8()).object();
        for (auto it = changes.begin(); it != changes.end(); ++it)
            record.insert(it.key(), it.value());
    });
    return record;
}

std::optional<Visit> ClinicalTables::visit(const QString& id)
{
    const EntitySpec& spec = specFor(Entity::Visit);
    return fetchOne<Visit>(m_connection, spec, QStringLiteral("SELECT %1 FROM visit WHERE id = ?").arg(spec.selectList()), {id});
}

std::optional<Visit> ClinicalTables::openVisit(const QString& personId, const QDate& day)
{
    const EntitySpec& spec = specFor(Entity::Visit);
    return fetchOne<Visit>(m_connection, spec,
        QStringLiteral("SELECT %1 FROM visit v WHERE v.person_id = ? AND v.day = ? AND %2 "
                       "AND NOT EXISTS (SELECT 1 FROM injection i WHERE i.visit_id = v.id AND %3) "
                       "ORDER BY v.arrived_at DESC LIMIT 1")
            .arg(spec.selectList(QStringLiteral("v")), notVoided("v"), notVoided("i")),
        {personId, toIsoDate(day)});
}

QList<QueueEntry> ClinicalTables::queue(const QDate& day)
{
    const EntitySpec& visitSpec = specFor(Entity::Visit);
    const EntitySpec& personSpec = specFor(Entity::Person);
    const int personAt = int(visitSpec.columns.size());
    const int cancelledAt = personAt + int(personSpec.columns.size());
    QSqlQuery& q = m_connection.prepared(
        QStringLiteral("SELECT %1, %2, NOT %3 FROM visit v JOIN person p ON p.id = v.person_id "
                       "WHERE v.day = ? ORDER BY v.arrived_at")
            .arg(visitSpec.selectList(QStringLiteral("v")), personSpec.selectList(QStringLiteral("p")), notVoided("v")));
    bindAll(q, {toIsoDate(day)});
    QList<QueueEntry> out;
    forEachRow(m_connection, q, [&](const QSqlQuery& row) {
        QueueEntry e;
        e.visit = Visit::fromRecord(visitSpec.read(row));
        e.person = Person::fromRecord(personSpec.read(row, personAt));
        e.cancelled = row.value(cancelledAt).toBool();
        out << e;
    });
    for (QueueEntry& e : out) {
        e.screening = latestScreening(e.visit.stamp.id);
        e.injection = injectionOfVisit(e.visit.stamp.id);
    }
    return out;
}

std::optional<Injection> ClinicalTables::injectionOfVisit(const QString& visitId)
{
    const EntitySpec& spec = specFor(Entity::Injection);
    return fetchOne<Injection>(m_connection, spec,
        QStringLiteral("SELECT %1 FROM injection i WHERE i.visit_id = ? AND %2 ORDER BY i.injected_at DESC LIMIT 1")
            .arg(spec.selectList(QStringLiteral("i")), notVoided("i")),
        {visitId});
}

std::optional<Screening> ClinicalTables::screening(const QString& id)
{
    const EntitySpec& spec = specFor(Entity::Screening);
    return fetchOne<Screening>(m_connection, spec, QStringLiteral("SELECT %1 FROM screening WHERE id = ?").arg(spec.selectList()), {id});
}

std::optional<Screening> ClinicalTables::latestScreening(const QString& visitId)
{
    const EntitySpec& spec = specFor(Entity::Screening);
    return fetchOne<Screening>(m_connection, spec,
        QStringLiteral("SELECT %1 FROM screening s WHERE s.visit_id = ? AND %2 ORDER BY s.screened_at DESC, s.hlc DESC LIMIT 1")
            .arg(spec.selectList(QStringLiteral("s")), notVoided("s")),
        {visitId});
}

std::optional<Injection> ClinicalTables::injection(const QString& id)
{
    const EntitySpec& spec = specFor(Entity::Injection);
    QSqlQuery& q = m_connection.prepared(QStringLiteral("SELECT %1 FROM injection WHERE id = ?").arg(spec.selectList()));
    bindAll(q, {id});
    std::optional<QJsonObject> record;
    forEachRow(m_connection, q, [&](const QSqlQuery& row) { record = spec.read(row); });
    if (!record)
        return std::nullopt;
    return Injection::fromRecord(amended(*record));
}

QList<InjectionView> ClinicalTables::injectionsOf(const QString& personId)
{
    const EntitySpec& spec = specFor(Entity::Injection);
    const int extra = int(spec.columns.size());
    QSqlQuery& q = m_connection.prepared(
        QStringLiteral("SELECT %1, vp.code, vp.name, l.lot_number, u.full_name, "
                       "(SELECT c.reason FROM correction c WHERE c.target_id = i.id AND c.action = 'void' ORDER BY c.hlc LIMIT 1) "
                       "FROM injection i JOIN vaccine_product vp ON vp.id = i.product_id JOIN lot l ON l.id = i.lot_id "
                       "LEFT JOIN app_user u ON u.id = i.injected_by WHERE i.person_id = ? ORDER BY i.injected_at, i.id")
            .arg(spec.selectList(QStringLiteral("i"))));
    bindAll(q, {personId});
    QList<QJsonObject> records;
    QList<InjectionView> out;
    forEachRow(m_connection, q, [&](const QSqlQuery& row) {
        InjectionView v;
        records << spec.read(row);
        v.productCode = row.value(extra).toString();
        v.productName = row.value(extra + 1).toString();
        v.lotNumber = row.value(extra + 2).toString();
        v.nurseName = row.value(extra + 3).toString();
        v.voided = !row.value(extra + 4).isNull();
        v.voidReason = row.value(extra + 4).toString();
        out << v;
    });
    for (int i = 0; i < out.size(); ++i)
        out[i].injection = Injection::fromRecord(amended(records[i]));
    return out;
}

QList<DoseSummary> ClinicalTables::dosesOf(const QString& personId)
{
    Statement& s = m_connection.statement(
        QStringLiteral("SELECT i.injected_at, i.product_id, vp.name, i.dose_number FROM injection i "
                       "JOIN vaccine_product vp ON vp.id = i.product_id WHERE i.person_id = ? AND %1 ORDER BY i.injected_at, i.id")
            .arg(notVoided("i")));
    s.bind(0, personId);
    QList<DoseSummary> out;
    while (s.step())
        out << DoseSummary{QDateTime::fromString(s.text(0), Qt::ISODateWithMs), s.text(1), s.text(2), int(s.integer(3))};
    s.reset();
    return out;
}

QList<Screening> ClinicalTables::screeningsOf(const QString& personId)
{
    const EntitySpec& spec = specFor(Entity::Screening);
    return fetchAll<Screening>(m_connection, spec,
        QStringLiteral("SELECT %1 FROM screening s WHERE s.person_id = ? AND %2 ORDER BY s.screened_at")
            .arg(spec.selectList(QStringLiteral("s")), notVoided("s")),
        {personId});
}

QList<ObservationEntry> ClinicalTables::underObservation(const QDateTime& since)
{
    const EntitySpec& spec = specFor(Entity::Injection);
    const int extra = int(spec.columns.size());
    QSqlQuery& q = m_connection.prepared(
        QStringLiteral("SELECT %1, p.full_name, p.birth_date, vp.name, l.lot_number, "
                       "(SELECT count(*) FROM adverse_event a WHERE a.injection_id = i.id AND %2), "
                       "(SELECT count(*) FROM adverse_event a WHERE a.injection_id = i.id AND a.serious = 1 AND %2) "
                       "FROM injection i JOIN person p ON p.id = i.person_id "
                       "JOIN vaccine_product vp ON vp.id = i.product_id JOIN lot l ON l.id = i.lot_id "
                       "WHERE i.injected_at >= ? AND %3 "
                       "AND NOT EXISTS (SELECT 1 FROM observation o WHERE o.injection_id = i.id AND %4) "
                       "ORDER BY i.injected_at")
            .arg(spec.selectList(QStringLiteral("i")), notVoided("a"), notVoided("i"), notVoided("o")));
    bindAll(q, {toIsoWithOffset(since)});
    QList<ObservationEntry> out;
    forEachRow(m_connection, q, [&](const QSqlQuery& row) {
        ObservationEntry e;
        e.injection = Injection::fromRecord(spec.read(row));
        e.personName = row.value(extra).toString();
        e.birthDate = QDate::fromString(row.value(extra + 1).toString(), Qt::ISODate);
        e.productName = row.value(extra + 2).toString();
        e.lotNumber = row.value(extra + 3).toString();
        e.adverseEvents = row.value(extra + 4).toInt();
        e.seriousEvent = row.value(extra + 5).toInt() > 0;
        out << e;
    });
    return out;
}

std::optional<Observation> ClinicalTables::observationOf(const QString& injectionId)
{
    const EntitySpec& spec = specFor(Entity::Observation);
    return fetchOne<Observation>(m_connection, spec,
        QStringLiteral("SELECT %1 FROM observation o WHERE o.injection_id = ? AND %2 ORDER BY o.hlc DESC LIMIT 1")
            .arg(spec.selectList(QStringLiteral("o")), notVoided("o")),
        {injectionId});
}

QList<AdverseEvent> ClinicalTables::adverseEventsOf(const QString& personId)
{
    const EntitySpec& spec = specFor(Entity::AdverseEvent);
    QSqlQuery& q = m_connection.prepared(
        QStringLiteral("SELECT %1 FROM adverse_event a WHERE a.person_id = ? AND %2 ORDER BY a.onset_at")
            .arg(spec.selectList(QStringLiteral("a")), notVoided("a")));
    bindAll(q, {personId});
    QList<QJsonObject> records;
    forEachRow(m_connection, q, [&](const QSqlQuery& row) { records << spec.read(row); });
    QList<AdverseEvent> out;
    for (const QJsonObject& r : records)
        out << AdverseEvent::fromRecord(amended(r));
    return out;
}

QList<Correction> ClinicalTables::correctionsOf(const QString& targetId)
{
    const EntitySpec& spec = specFor(Entity::Correction);
    return fetchAll<Correction>(m_connection, spec,
        QStringLiteral("SELECT %1 FROM correction WHERE target_id = ? ORDER BY hlc").arg(spec.selectList()), {targetId});
}

bool ClinicalTables::isVoided(const QString& targetId)
{
    return m_connection
        .scalar(QStringLiteral("SELECT EXISTS (SELECT 1 FROM correction WHERE target_id = ? AND action = 'void')"), {targetId})
        .toBool();
}

} // namespace vax::db

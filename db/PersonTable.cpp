#include "PersonTable.h"

#include "db/Connection.h"
#include "db/EntitySpec.h"
#include "db/Statement.h"

#include <algorithm>

namespace vax::db {

namespace {

const EntitySpec& spec()
{
    return specFor(Entity::Person);
}

QString selectFrom(const QString& where)
{
    return QStringLiteral("SELECT %1 FROM person p WHERE %2").arg(spec().selectList(QStringLiteral("p")), where);
}

} // namespace

PersonTable::PersonTable(Connection& connection)
    : m_connection(connection)
{
}

QList<Person> PersonTable::fetch(QSqlQuery& q)
{
    QList<Person> out;
    if (!q.exec()) {
        (void)m_connection.storageError(q);
        return out;
    }
    while (q.next())
        out << Person::fromRecord(spec().read(q));
    q.finish();
    return out;
}

std::optional<Person> PersonTable::byId(const QString& id)
{
    QSqlQuery& q = m_connection.prepared(selectFrom(QStringLiteral("p.id = ?")));
    q.bindValue(0, id);
    const QList<Person> found = fetch(q);
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

bool PersonTable::exists(const QString& id)
{
    Statement& s = m_connection.statement(QStringLiteral("SELECT 1 FROM person WHERE id = ? AND merged_into IS NULL"));
    const bool found = s.bind(0, id).step();
    s.reset();
    return found;
}

QList<Person> PersonTable::byDocument(const QString& number)
{
    QSqlQuery& q = m_connection.prepared(
        selectFrom(QStringLiteral("(p.cccd = ? OR p.cmnd = ? OR p.passport = ?) AND p.merged_into IS NULL LIMIT 20")));
    for (int i = 0; i < 3; ++i)
        q.bindValue(i, number);
    return fetch(q);
}

QList<Person> PersonTable::byPhone(const QString& e164, int limit)
{
    QSqlQuery& q = m_connection.prepared(selectFrom(QStringLiteral("p.phone = ? AND p.merged_into IS NULL LIMIT ?")));
    q.bindValue(0, e164);
    q.bindValue(1, limit);
    return fetch(q);
}

QString PersonTable::matchExpression(const NameQuery& query)
{
    QStringList parts;
    for (int i = 0; i < query.tokens.size(); ++i) {
        QString token = query.tokens[i];
        token.remove(QLatin1Char('"'));
        if (token.isEmpty())
            continue;
        QString part = QLatin1Char('"') + token + QLatin1Char('"');
        if (query.prefixLast && i == query.tokens.size() - 1)
            part += QLatin1Char('*');
        parts << part;
    }
    return parts.join(QLatin1Char(' '));
}

QList<Person> PersonTable::byName(const NameQuery& query)
{
    const QString match = matchExpression(query);
    if (match.isEmpty())
        return {};
    const QString sql = QStringLiteral("SELECT %1 FROM person_fts f JOIN person p ON p.pk = f.rowid "
                                       "WHERE person_fts MATCH ? AND p.merged_into IS NULL %2 LIMIT ?")
                            .arg(spec().selectList(QStringLiteral("p")),
                                query.birthYear > 0 ? QStringLiteral("AND substr(p.birth_date, 1, 4) = ?") : QString());
    QSqlQuery& q = m_connection.prepared(sql);
    int i = 0;
    q.bindValue(i++, match);
    if (query.birthYear > 0)
        q.bindValue(i++, QString::number(query.birthYear));
    q.bindValue(i, query.limit);
    QList<Person> found = fetch(q);
    if (found.size() < query.limit) {
        for (const Person& p : waitingByName(query, query.limit)) {
            const bool seen = std::any_of(found.cbegin(), found.cend(), [&p](const Person& f) { return f.stamp.id == p.stamp.id; });
            if (!seen && found.size() < query.limit)
                found << p;
        }
    }
    return found;
}

QList<Person> PersonTable::waitingByName(const NameQuery& query, int limit)
{
    Statement& waiting = m_connection.statement(QStringLiteral("SELECT 1 FROM fts_pending LIMIT 1"));
    const bool any = waiting.step();
    waiting.reset();
    if (!any)
        return {};
    // Each word a whole word of the folded name (the last one its start, if asked), as the
    // index would match it, though split at spaces only.
    QStringList where{QStringLiteral("p.merged_into IS NULL")};
    QStringList patterns;
    for (int i = 0; i < query.tokens.size(); ++i) {
        QString token = query.tokens[i];
        token.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('%'), QStringLiteral("\\%")).replace(QLatin1Char('_'), QStringLiteral("\\_"));
        const bool prefix = query.prefixLast && i == query.tokens.size() - 1;
        patterns << QStringLiteral("% ") + token + (prefix ? QStringLiteral("%") : QStringLiteral(" %"));
        where << QStringLiteral("(' ' || p.name_folded || ' ') LIKE ? ESCAPE '\\'");
    }
    if (query.birthYear > 0)
        where << QStringLiteral("substr(p.birth_date, 1, 4) = ?");
    QSqlQuery& q = m_connection.prepared(QStringLiteral("SELECT %1 FROM fts_pending f JOIN person p ON p.pk = f.pk WHERE %2 LIMIT ?")
                                             .arg(spec().selectList(QStringLiteral("p")), where.join(QStringLiteral(" AND "))));
    int i = 0;
    for (const QString& pattern : std::as_const(patterns))
        q.bindValue(i++, pattern);
    if (query.birthYear > 0)
        q.bindValue(i++, QString::number(query.birthYear));
    q.bindValue(i, limit);
    return fetch(q);
}

qint64 PersonTable::count()
{
    return m_connection.scalar(QStringLiteral("SELECT count(*) FROM person WHERE merged_into IS NULL")).toLongLong();
}

} // namespace vax::db

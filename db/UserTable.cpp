#include "UserTable.h"

#include "db/Rows.h"

namespace vax::db {

namespace {

QString selectUsers(const QString& where)
{
    return QStringLiteral("SELECT %1 FROM app_user WHERE %2 ORDER BY username").arg(specFor(Entity::User).selectList(), where);
}

} // namespace

UserTable::UserTable(Connection& connection)
    : m_connection(connection)
{
}

std::optional<User> UserTable::byId(const QString& id)
{
    return fetchOne<User>(m_connection, specFor(Entity::User), selectUsers(QStringLiteral("id = ?")), {id});
}

std::optional<User> UserTable::byUsername(const QString& username)
{
    return fetchOne<User>(m_connection, specFor(Entity::User), selectUsers(QStringLiteral("username = ?")), {username.trimmed()});
}

QList<User> UserTable::all()
{
    return fetchAll<User>(m_connection, specFor(Entity::User), selectUsers(QStringLiteral("1")));
}

} // namespace vax::db

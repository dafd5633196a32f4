#include "AuthService.h"

#include "app/store/RecordWriter.h"
#include "app/store/SiteStore.h"
#include "app/store/UserRepository.h"

#include <QRegularExpression>

namespace vax {

AuthService::AuthService(SiteStore& store)
    : m_store(store)
{
}

Result<Session> AuthService::login(const QString& username, const QString& password)
{
    const auto user = m_store.users().byUsername(username);
    const bool good = user && PasswordHash::verify(password, user->passwordHash);
    if (!good) {
        (void)m_store.auditEvent(user ? user->stamp.id : QString(), QStringLiteral("login_failed"), username.trimmed());
        return Error(ErrorCode::Forbidden, tr("Wrong user name or password: check both and try again (Caps Lock?)."));
    }
    if (!user->active) {
        (void)m_store.auditEvent(user->stamp.id, QStringLiteral("login_refused"), tr("account disabled"));
        return Error(ErrorCode::Forbidden, tr("The account %1 is disabled: ask the site manager.").arg(user->username));
    }
    if (auto r = m_store.auditEvent(user->stamp.id, QStringLiteral("login"), {}); !r.ok())
        return r.error();
    return Session{*user};
}

Result<User> AuthService::createUser(const Session* by, const NewUser& input, int iterations)
{
    if (by) {
        if (auto r = by->require(Permission::ManageUsers, tr("add users")); !r.ok())
            return r.error();
    }
    QList<FieldError> errors;
    const QString username = input.username.trimmed().toLower();
    static const QRegularExpression kUserName(QStringLiteral("^[a-z0-9][a-z0-9._-]{2,31}$"));
    if (!kUserName.match(username).hasMatch()) {
        errors << FieldError{QStringLiteral("username"),
            tr("User name must be 3–32 letters a–z, digits, dots, dashes or underscores, starting with a letter or digit.")};
    } else if (m_store.users().byUsername(username)) {
        errors << FieldError{QStringLiteral("username"), tr("User name %1 is taken: choose another.").arg(username)};
    }
    if (input.fullName.trimmed().isEmpty())
        errors << FieldError{QStringLiteral("full_name"), tr("Full name is empty: enter the person's name as on their ID.")};
    if (input.password.size() < 8)
        errors << FieldError{QStringLiteral("password"), tr("Password must have at least 8 characters.")};
    if (!errors.isEmpty())
        return Error::invalid(errors);

    User user;
    user.username = username;
    user.fullName = input.fullName.trimmed();
    user.role = input.role;
    user.passwordHash = PasswordHash::make(input.password, iterations);
    user.active = true;
    return writeReturning<User>(m_store, by ? by->userId() : QString(),
        [&](RecordWriter& w) { return w.add(Entity::User, user); });
}

} // namespace vax

#pragma once

#include "app/auth/PasswordHash.h"
#include "app/services/Session.h"

#include <QCoreApplication>

namespace vax {

class SiteStore;

struct NewUser {
    QString username;
    QString fullName;
    Role role = Role::Nurse;
    QString password;
};

// Local login, offline too: users and their slow password hashes live in the site database
// (central syncs them). Every login and failed login goes into the audit trail.
class AuthService
{
    Q_DECLARE_TR_FUNCTIONS(AuthService)

public:
    explicit AuthService(SiteStore& store);

    Result<Session> login(const QString& username, const QString& password);
    // `by` is null only while a new site is set up (its first administrator).
    Result<User> createUser(const Session* by, const NewUser& user, int iterations = PasswordHash::kDefaultIterations);

private:
    SiteStore& m_store;
};

} // namespace vax

#pragma once

#include "app/auth/User.h"

#include <QList>

#include <optional>

namespace vax {

class UserRepository
{
public:
    virtual ~UserRepository() = default;

    virtual std::optional<User> byId(const QString& id) = 0;
    virtual std::optional<User> byUsername(const QString& username) = 0;
    virtual QList<User> all() = 0;
};

} // namespace vax

#pragma once

#include "app/store/UserRepository.h"

namespace vax::db {

class Connection;

class UserTable final : public UserRepository
{
public:
    explicit UserTable(Connection& connection);

    std::optional<User> byId(const QString& id) override;
    std::optional<User> byUsername(const QString& username) override;
    QList<User> all() override;

private:
    Connection& m_connection;
};

} // namespace vax::db

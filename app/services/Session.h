#pragma once

#include "app/auth/User.h"
#include "app/common/Result.h"

namespace vax {

// The user logged in on this device. Services take it for every change, stamp records with
// it and check its role.
struct Session {
    User user;

    const QString& userId() const { return user.stamp.id; }
    bool may(Permission permission) const { return user.may(permission); }
    // An error to return when the role does not allow `permission`.
    Result<void> require(Permission permission, const QString& what) const;
};

} // namespace vax

#include "Session.h"

#include <QCoreApplication>

namespace vax {

Result<void> Session::require(Permission permission, const QString& what) const
{
    if (may(permission))
        return {};
    return Error(ErrorCode::Forbidden,
        QCoreApplication::translate("Session", "%1 may not %2: ask a site manager to log in.")
            .arg(roleTitle(user.role), what));
}

} // namespace vax

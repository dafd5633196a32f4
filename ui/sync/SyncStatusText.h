#pragma once

#include "sync/SyncStatus.h"

#include <QColor>
#include <QString>

namespace vax::SyncStatusText {

// The one line the header shows: whether central answers, what waits, when it last worked.
QString headline(const sync::SyncStatus& status, const QDateTime& now);
// The longer explanation (tooltip, sync page): what it means and what to do.
QString details(const sync::SyncStatus& status, const QDateTime& now);
// Green online, amber offline or running, red refused, grey alone.
QColor colour(const sync::SyncStatus& status);
// "10:42 (3 min ago)", or "never".
QString when(const QString& isoTime, const QDateTime& now);

} // namespace vax::SyncStatusText

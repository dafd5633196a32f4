#include "SyncStatusText.h"

#include "app/common/TimeText.h"

#include <QCoreApplication>

namespace vax::SyncStatusText {

namespace {

QString tr(const char* text, const char* disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("SyncStatusText", text, disambiguation, n);
}

QString ago(qint64 secs)
{
    if (secs < 60)
        return tr("just now");
    if (secs < 3600)
        return tr("%n min ago", nullptr, int(secs / 60));
    if (secs < 48 * 3600)
        return tr("%n h ago", nullptr, int(secs / 3600));
    return tr("%n days ago", nullptr, int(secs / 86400));
}

} // namespace

QString when(const QString& isoTime, const QDateTime& now)
{
    const QDateTime t = fromIsoWithOffset(isoTime);
    if (!t.isValid())
        return tr("never");
    const QString clock = t.toLocalTime().date() == now.date() ? t.toLocalTime().toString(QStringLiteral("HH:mm"))
                                                               : t.toLocalTime().toString(QStringLiteral("dd/MM HH:mm"));
    return QStringLiteral("%1 (%2)").arg(clock, ago(std::max<qint64>(0, t.secsTo(now))));
}

QString headline(const sync::SyncStatus& s, const QDateTime& now)
{
    using Link = sync::SyncStatus::Link;
    const QString waiting = tr("%n waiting", nullptr, int(s.waiting));
    switch (s.link) {
    case Link::NotEnrolled:
        return tr("● Not enrolled · %n change(s) kept here", nullptr, int(s.waiting));
    case Link::Refused:
        return tr("● Refused by central · %1").arg(waiting);
    case Link::Unknown:
    case Link::Online:
        if (s.running)
            return tr("● Syncing… · %1").arg(waiting);
        if (s.link == Link::Unknown)
            return tr("● Connecting · %1").arg(waiting);
        if (s.clockAheadMs > 0)
            return tr("● Online · %1 · clock %n min ahead: set it right", nullptr, int(s.clockAheadMs / 60000)).arg(waiting);
        return tr("● Online · %1 · synced %2").arg(waiting, when(s.lastSyncAt, now));
    case Link::Offline:
        if (s.running)
            return tr("● Trying central… · %1").arg(waiting);
        return tr("● Offline · %1 · last sync %2").arg(waiting, when(s.lastSyncAt, now));
    }
    return {};
}

QString details(const sync::SyncStatus& s, const QDateTime& now)
{
    using Link = sync::SyncStatus::Link;
    QStringList lines;
    switch (s.link) {
    case Link::NotEnrolled:
        lines << tr("This device works alone: everything is saved on this computer. To send it to central, enrol the device "
                    "with a code from the district (Sync page).");
        break;
    case Link::Refused:
        lines << tr("Central refuses this device: %1").arg(s.message)
              << tr("Changes made here stay on this computer.");
        break;
    case Link::Offline:
        lines << tr("Central cannot be reached. Work goes on as usual; changes wait on this computer and are sent when the "
                    "connection is back.");
        if (!s.message.isEmpty())
            lines << s.message;
        break;
    case Link::Unknown:
    case Link::Online:
        lines << tr("Connected to central at %1.").arg(s.server);
        if (!s.message.isEmpty())
            lines << tr("The last sync stopped: %1").arg(s.message);
        break;
    }
    lines << tr("%n change(s) waiting to be sent.", nullptr, int(s.waiting))
          << tr("Last successful sync: %1.").arg(when(s.lastSyncAt, now));
    if (s.nextAttempt.isValid() && !s.running && s.link != Link::NotEnrolled) {
        const QString at = s.nextAttempt.toString(QStringLiteral("HH:mm:ss"));
        // Refused, nothing syncs: the laptop only asks now and then whether the refusal was lifted.
        lines << (s.link == Link::Refused ? tr("Next check with central: %1 (it syncs again once the district lifts the refusal).").arg(at)
                                          : tr("Next automatic sync: %1.").arg(at));
    }
    if (s.rejected > 0)
        lines << tr("%n change(s) refused by central: see the Sync page for the reasons.", nullptr, s.rejected);
    if (s.toReview > 0)
        lines << tr("%n item(s) to review.", nullptr, s.toReview);
    return lines.join(QLatin1Char('\n'));
}

QColor colour(const sync::SyncStatus& s)
{
    using Link = sync::SyncStatus::Link;
    switch (s.link) {
    case Link::NotEnrolled:
        return QColor(0xbd, 0xbd, 0xbd);
    case Link::Refused:
        return QColor(0xff, 0x52, 0x52);
    case Link::Offline:
        return QColor(0xff, 0xb3, 0x00);
    case Link::Unknown:
    case Link::Online:
        return s.running || s.clockAheadMs > 0 ? QColor(0xff, 0xd5, 0x4f) : QColor(0x69, 0xf0, 0xae);
    }
    return {};
}

} // namespace vax::SyncStatusText

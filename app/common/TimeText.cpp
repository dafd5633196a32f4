#include "TimeText.h"

#include <cstdio>

namespace vax {

QString toIsoWithOffset(const QDateTime& time)
{
    if (!time.isValid())
        return {};
    // Written by hand: QDateTime::toString is slow, and every record carries a few of these.
    const int offset = time.offsetFromUtc();
    const QDateTime local = time.toUTC().addSecs(offset);
    const QDate d = local.date();
    const QTime t = local.time();
    const int minutes = offset < 0 ? -offset / 60 : offset / 60;
    char buf[40];
    const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d", d.year(), d.month(),
        d.day(), t.hour(), t.minute(), t.second(), t.msec(), offset < 0 ? '-' : '+', minutes / 60, minutes % 60);
    return QString::fromLatin1(buf, n);
}

QDateTime fromIsoWithOffset(const QString& text)
{
    return QDateTime::fromString(text, Qt::ISODateWithMs);
}

QString toIsoDate(const QDate& date)
{
    return date.isValid() ? date.toString(Qt::ISODate) : QString();
}

QString dayText(const QDate& date)
{
    return date.toString(QStringLiteral("dd/MM/yyyy"));
}

} // namespace vax

#include "TimeText.h"

namespace vax {

QString toIsoWithOffset(const QDateTime& time)
{
    if (!time.isValid())
        return {};
    const QDateTime fixed = time.toOffsetFromUtc(time.offsetFromUtc());
    return fixed.toString(Qt::ISODateWithMs);
}

QDateTime fromIsoWithOffset(const QString& text)
{
    return QDateTime::fromString(text, Qt::ISODateWithMs);
}

QString toIsoDate(const QDate& date)
{
    return date.isValid() ? date.toString(Qt::ISODate) : QString();
}

} // namespace vax

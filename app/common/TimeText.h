#pragma once

#include <QDateTime>
#include <QString>

namespace vax {

// Wall-clock times are stored as the device saw them, with its UTC offset
// ("2026-11-25T11:23:12.345+07:00"), so a record says both when and where it happened.
QString toIsoWithOffset(const QDateTime& time);
// Parses what toIsoWithOffset() wrote (also plain ISO dates with Z or an offset); invalid on error.
QDateTime fromIsoWithOffset(const QString& text);
QString toIsoDate(const QDate& date);
// A date in messages for people, as Vietnam writes it: 31/12/2027.
QString dayText(const QDate& date);

} // namespace vax

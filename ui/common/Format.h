#pragma once

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QStringList>

namespace vax {

struct Person;

// How the app shows dates, times, durations and people: one place, so every screen agrees.
namespace Format {

QString date(const QDate& date);              // 12/03/1985
QString time(const QDateTime& time);          // 09:41
QString dateTime(const QDateTime& time);      // 12/03/2026 09:41
QString countdown(qint64 seconds);            // 12:05, or −03:10 when overdue
QString duration(qint64 seconds);             // "1 h 12 min", "25 min", "< 1 min" (whole minutes, down)
QString vials(int doses, int dosesPerVial);   // "50", or "5 + 7 doses" for a part vial
QString age(const Person& person, const QDate& today);   // "41 y", "8 mo"
QString sex(const Person& person);            // Nam / Nữ in Vietnamese, Male / Female in English
QString identity(const Person& person);       // the first of CCCD, CMND, passport
QString phone(const Person& person);
// The person at the top of a station, as rich text: the name large, then age · sex · ID and the
// `more` facts (plain text) on the line below.
QString personHeading(const Person& person, const QDate& today, const QStringList& more = {});

} // namespace Format
} // namespace vax

#include "Format.h"

#include "app/people/Person.h"
#include "app/people/PhoneNumber.h"

#include <QCoreApplication>

namespace vax::Format {

QString date(const QDate& d)
{
    return d.isValid() ? d.toString(QStringLiteral("dd/MM/yyyy")) : QString();
}

QString time(const QDateTime& t)
{
    return t.isValid() ? t.toString(QStringLiteral("HH:mm")) : QString();
}

QString dateTime(const QDateTime& t)
{
    return t.isValid() ? t.toString(QStringLiteral("dd/MM/yyyy HH:mm")) : QString();
}

QString countdown(qint64 seconds)
{
    const qint64 s = seconds < 0 ? -seconds : seconds;
    return QStringLiteral("%1%2:%3")
        .arg(seconds < 0 ? QStringLiteral("−") : QString())
        .arg(s / 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString duration(qint64 seconds)
{
    const qint64 minutes = qMax<qint64>(0, seconds) / 60;
    if (minutes == 0)
        return QCoreApplication::translate("Format", "< 1 min");
    if (minutes < 60)
        return QCoreApplication::translate("Format", "%1 min").arg(minutes);
    if (minutes % 60 == 0)
        return QCoreApplication::translate("Format", "%1 h").arg(minutes / 60);
    return QCoreApplication::translate("Format", "%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

QString vials(int doses, int dosesPerVial)
{
    const int perVial = qMax(1, dosesPerVial);
    if (doses < 0)
        return QStringLiteral("—");  // below zero: there are no vials to count
    if (doses % perVial == 0)
        return QString::number(doses / perVial);
    return QCoreApplication::translate("Format", "%1 + %n dose(s)", nullptr, doses % perVial).arg(doses / perVial);
}

QString age(const Person& person, const QDate& today)
{
    const int years = person.ageOn(today);
    if (years >= 2)
        return QCoreApplication::translate("Format", "%n y", nullptr, years);
    const int months = int(person.birthDate.daysTo(today) / 30);
    return QCoreApplication::translate("Format", "%n mo", nullptr, months);
}

QString sex(const Person& person)
{
    return person.sex == Sex::Male ? QCoreApplication::translate("Format", "Male") : QCoreApplication::translate("Format", "Female");
}

QString identity(const Person& p)
{
    if (!p.cccd.isEmpty())
        return p.cccd;
    if (!p.cmnd.isEmpty())
        return p.cmnd;
    return p.passport;
}

QString phone(const Person& p)
{
    return p.phone.isEmpty() ? QString() : PhoneNumber::formatNational(p.phone);
}

QString personHeading(const Person& person, const QDate& today, const QStringList& more)
{
    const QString id = identity(person);
    QStringList facts{age(person, today), sex(person),
        id.isEmpty() ? QCoreApplication::translate("Format", "no ID")
                     : QCoreApplication::translate("Format", "ID %1").arg(id.toHtmlEscaped())};
    for (const QString& fact : more)
        facts << fact.toHtmlEscaped();
    return QStringLiteral("<span style='font-size:15pt; font-weight:bold;'>%1</span><br>%2")
        .arg(person.fullName.toHtmlEscaped(), facts.join(QStringLiteral(" · ")));
}

} // namespace vax::Format

#include "CliFormat.h"

#include "app/people/PhoneNumber.h"

#include <QCoreApplication>

namespace vax::cli {

namespace {

QString date(const QDate& d)
{
    return d.toString(QStringLiteral("dd/MM/yyyy"));
}

} // namespace

QJsonObject personJson(const Person& person, const QDate& today)
{
    QJsonObject o = person.toRecord();
    o.insert(QStringLiteral("age"), person.ageOn(today));
    return o;
}

QString personLine(const Person& p, const QDate& today)
{
    QStringList ids;
    if (!p.cccd.isEmpty())
        ids << QStringLiteral("CCCD ") + p.cccd;
    if (!p.cmnd.isEmpty())
        ids << QStringLiteral("CMND ") + p.cmnd;
    if (!p.passport.isEmpty())
        ids << QCoreApplication::translate("vaxctl", "passport ") + p.passport;
    if (!p.phone.isEmpty())
        ids << PhoneNumber::formatNational(p.phone);
    return QStringLiteral("%1  %2  %3 %4 (%5)  %6")
        .arg(p.stamp.id, p.fullName, sexCode(p.sex), date(p.birthDate))
        .arg(p.ageOn(today))
        .arg(ids.join(QStringLiteral(" · ")));
}

QJsonObject lotBalanceJson(const LotBalance& b)
{
    return QJsonObject{
        {QStringLiteral("lot_id"), b.lot.stamp.id},
        {QStringLiteral("product"), b.productCode},
        {QStringLiteral("product_name"), b.productName},
        {QStringLiteral("lot"), b.lot.lotNumber},
        {QStringLiteral("expiry_date"), b.lot.expiry.toString(Qt::ISODate)},
        {QStringLiteral("doses"), b.doses},
        {QStringLiteral("doses_per_vial"), b.dosesPerVial},
    };
}

QString lotBalanceLine(const LotBalance& b)
{
    return QStringLiteral("%1  %2  %3  %4 doses")
        .arg(b.productCode, -10)
        .arg(b.lot.lotNumber, -14)
        .arg(b.lot.expiry.toString(Qt::ISODate))
        .arg(b.doses, 6);
}

QJsonObject injectionJson(const InjectionView& v)
{
    QJsonObject o = v.injection.toRecord();
    o.insert(QStringLiteral("product"), v.productCode);
    o.insert(QStringLiteral("product_name"), v.productName);
    o.insert(QStringLiteral("lot"), v.lotNumber);
    o.insert(QStringLiteral("voided"), v.voided);
    if (v.voided)
        o.insert(QStringLiteral("void_reason"), v.voidReason);
    return o;
}

QString injectionLine(const InjectionView& v)
{
    QString line = QCoreApplication::translate("vaxctl", "dose %1  %2  %3 lot %4  %5  by %6")
                       .arg(v.injection.doseNumber)
                       .arg(v.injection.injectedAt.toString(QStringLiteral("dd/MM/yyyy HH:mm")), v.productName, v.lotNumber,
                           bodySiteKey(v.injection.bodySite), v.nurseName);
    if (v.voided)
        line += QCoreApplication::translate("vaxctl", "  [VOID: %1]").arg(v.voidReason);
    return line;
}

} // namespace vax::cli

#include "Person.h"

#include "app/common/RecordJson.h"
#include "app/common/TimeText.h"
#include "app/people/NameText.h"
#include "app/people/PhoneNumber.h"

namespace vax {

using RecordJson::putText;
using RecordJson::text;

QString sexCode(Sex sex)
{
    return sex == Sex::Male ? QStringLiteral("M") : QStringLiteral("F");
}

std::optional<Sex> sexFromCode(const QString& code)
{
    if (code == QLatin1String("M"))
        return Sex::Male;
    if (code == QLatin1String("F"))
        return Sex::Female;
    return std::nullopt;
}

int Person::ageOn(const QDate& day) const
{
    if (!birthDate.isValid() || !day.isValid())
        return -1;
    int age = day.year() - birthDate.year();
    if (day.month() < birthDate.month()
        || (day.month() == birthDate.month() && day.day() < birthDate.day()))
        --age;
    return age;
}

QJsonObject Person::toRecord() const
{
    QJsonObject r;
    stamp.writeTo(r);
    r.insert(QLatin1String("full_name"), fullName);
    r.insert(QLatin1String("name_folded"), NameText::fold(fullName));
    r.insert(QLatin1String("birth_date"), toIsoDate(birthDate));
    r.insert(QLatin1String("sex"), sexCode(sex));
    putText(r, QLatin1String("cccd"), cccd);
    putText(r, QLatin1String("cmnd"), cmnd);
    putText(r, QLatin1String("passport"), passport);
    putText(r, QLatin1String("phone"), phone);
    putText(r, QLatin1String("address"), address);
    putText(r, QLatin1String("province_code"), provinceCode);
    putText(r, QLatin1String("district_code"), districtCode);
    putText(r, QLatin1String("ward_code"), wardCode);
    if (priorityGroup > 0)
        r.insert(QLatin1String("priority_group"), priorityGroup);
    putText(r, QLatin1String("occupation"), occupation);
    putText(r, QLatin1String("ethnicity"), ethnicity);
    putText(r, QLatin1String("nationality"), nationality);
    putText(r, QLatin1String("insurance_no"), insuranceNumber);
    putText(r, QLatin1String("note"), note);
    putText(r, QLatin1String("merged_into"), mergedInto);
    return r;
}

Person Person::fromRecord(const QJsonObject& r)
{
    Person p;
    p.stamp = Stamp::readFrom(r);
    p.fullName = text(r, QLatin1String("full_name"));
    p.birthDate = QDate::fromString(text(r, QLatin1String("birth_date")), Qt::ISODate);
    p.sex = sexFromCode(text(r, QLatin1String("sex"))).value_or(Sex::Female);
    p.cccd = text(r, QLatin1String("cccd"));
    p.cmnd = text(r, QLatin1String("cmnd"));
    p.passport = text(r, QLatin1String("passport"));
    p.phone = text(r, QLatin1String("phone"));
    p.address = text(r, QLatin1String("address"));
    p.provinceCode = text(r, QLatin1String("province_code"));
    p.districtCode = text(r, QLatin1String("district_code"));
    p.wardCode = text(r, QLatin1String("ward_code"));
    p.priorityGroup = r.value(QLatin1String("priority_group")).toInt();
    p.occupation = text(r, QLatin1String("occupation"));
    p.ethnicity = text(r, QLatin1String("ethnicity"));
    p.nationality = text(r, QLatin1String("nationality"));
    p.insuranceNumber = text(r, QLatin1String("insurance_no"));
    p.note = text(r, QLatin1String("note"));
    p.mergedInto = text(r, QLatin1String("merged_into"));
    return p;
}

PersonDraft PersonDraft::fromPerson(const Person& p)
{
    PersonDraft d;
    d.fullName = p.fullName;
    d.birthDate = toIsoDate(p.birthDate);
    d.sex = sexCode(p.sex);
    d.cccd = p.cccd;
    d.cmnd = p.cmnd;
    d.passport = p.passport;
    d.phone = p.phone.isEmpty() ? QString() : PhoneNumber::formatNational(p.phone);
    d.address = p.address;
    d.provinceCode = p.provinceCode;
    d.districtCode = p.districtCode;
    d.wardCode = p.wardCode;
    d.priorityGroup = p.priorityGroup > 0 ? QString::number(p.priorityGroup) : QString();
    d.occupation = p.occupation;
    d.ethnicity = p.ethnicity;
    d.nationality = p.nationality;
    d.insuranceNumber = p.insuranceNumber;
    d.note = p.note;
    return d;
}

} // namespace vax

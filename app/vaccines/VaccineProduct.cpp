#include "VaccineProduct.h"

#include "app/common/RecordJson.h"

#include <QJsonArray>

namespace vax {

namespace {

QJsonArray toArray(const QStringList& list)
{
    QJsonArray array;
    for (const QString& s : list)
        array.append(s);
    return array;
}

QStringList toStringList(const QJsonValue& value)
{
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue& v : array)
        list << v.toString();
    return list;
}

} // namespace

const DoseInterval* VaccineProduct::intervalBefore(int dose) const
{
    for (const DoseInterval& interval : intervals) {
        if (interval.dose == dose)
            return &interval;
    }
    return nullptr;
}

bool VaccineProduct::isConfirmed(const QString& field) const
{
    for (const QString& open : unconfirmed) {
        if (field == open || field.startsWith(open + QLatin1Char('.')))
            return false;
    }
    return true;
}

QJsonObject VaccineProduct::toRecord() const
{
    using namespace RecordJson;
    QJsonObject r;
    stamp.writeTo(r);
    putText(r, QLatin1String("code"), code);
    putText(r, QLatin1String("name"), name);
    putText(r, QLatin1String("manufacturer"), manufacturer);
    putText(r, QLatin1String("mp"), mp);
    putText(r, QLatin1String("ma"), ma);
    putText(r, QLatin1String("vp"), vp);
    putText(r, QLatin1String("vaccine_type"), vaccineType);
    putInt(r, QLatin1String("doses_per_vial"), dosesPerVial);
    r.insert(QLatin1String("dose_volume_ml"), doseVolumeMl);
    putInt(r, QLatin1String("open_vial_hours"), openVialHours);
    r.insert(QLatin1String("storage_min_c"), storageMinC);
    r.insert(QLatin1String("storage_max_c"), storageMaxC);
    putInt(r, QLatin1String("primary_doses"), primaryDoses);

    QJsonArray presentationArray;
    for (const VaccinePresentation& p : presentations) {
        QJsonObject o;
        o.insert(QLatin1String("doses_per_vial"), p.dosesPerVial);
        o.insert(QLatin1String("volume_ml"), p.volumeMl);
        putText(o, QLatin1String("label"), p.label);
        presentationArray.append(o);
    }
    QJsonArray intervalArray;
    for (const DoseInterval& i : intervals) {
        intervalArray.append(QJsonObject{
            {QLatin1String("dose"), i.dose},
            {QLatin1String("min_days"), i.minDays},
            {QLatin1String("max_days"), i.maxDays},
        });
    }
    QJsonObject schedule;
    schedule.insert(QLatin1String("presentations"), presentationArray);
    schedule.insert(QLatin1String("intervals"), intervalArray);
    putText(schedule, QLatin1String("components"), components);
    r.insert(QLatin1String("schedule"), schedule);

    r.insert(QLatin1String("gtins"), toArray(gtins));
    r.insert(QLatin1String("active"), active);
    if (!unconfirmed.isEmpty())
        r.insert(QLatin1String("unconfirmed"), toArray(unconfirmed));
    putText(r, QLatin1String("notes"), notes);
    return r;
}

VaccineProduct VaccineProduct::fromRecord(const QJsonObject& r)
{
    using namespace RecordJson;
    VaccineProduct p;
    p.stamp = Stamp::readFrom(r);
    p.code = text(r, QLatin1String("code"));
    p.name = text(r, QLatin1String("name"));
    p.manufacturer = text(r, QLatin1String("manufacturer"));
    p.mp = text(r, QLatin1String("mp"));
    p.ma = text(r, QLatin1String("ma"));
    p.vp = text(r, QLatin1String("vp"));
    p.vaccineType = text(r, QLatin1String("vaccine_type"));
    p.doseVolumeMl = r.value(QLatin1String("dose_volume_ml")).toDouble(p.doseVolumeMl);
    p.openVialHours = integer(r, QLatin1String("open_vial_hours"));
    p.storageMinC = r.value(QLatin1String("storage_min_c")).toDouble(p.storageMinC);
    p.storageMaxC = r.value(QLatin1String("storage_max_c")).toDouble(p.storageMaxC);
    p.primaryDoses = integer(r, QLatin1String("primary_doses"), p.primaryDoses);

    const QJsonObject schedule = r.value(QLatin1String("schedule")).toObject();
    const QJsonArray presentationArray = schedule.value(QLatin1String("presentations")).toArray();
    for (const QJsonValue& v : presentationArray) {
        const QJsonObject o = v.toObject();
        p.presentations.append({integer(o, QLatin1String("doses_per_vial"), 1),
                                o.value(QLatin1String("volume_ml")).toDouble(),
                                text(o, QLatin1String("label"))});
    }
    const QJsonArray intervalArray = schedule.value(QLatin1String("intervals")).toArray();
    for (const QJsonValue& v : intervalArray) {
        const QJsonObject o = v.toObject();
        p.intervals.append({integer(o, QLatin1String("dose")),
                            integer(o, QLatin1String("min_days")),
                            integer(o, QLatin1String("max_days"))});
    }
    p.components = text(schedule, QLatin1String("components"));

    // The catalogue file may leave doses_per_vial out: it is the default presentation's.
    const int defaultDoses = p.presentations.isEmpty() ? 1 : p.presentations.first().dosesPerVial;
    p.dosesPerVial = integer(r, QLatin1String("doses_per_vial"), defaultDoses);
    p.gtins = toStringList(r.value(QLatin1String("gtins")));
    p.active = r.value(QLatin1String("active")).toBool(true);
    p.unconfirmed = toStringList(r.value(QLatin1String("unconfirmed")));
    p.notes = text(r, QLatin1String("notes"));
    return p;
}

} // namespace vax

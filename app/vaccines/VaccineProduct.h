#pragma once

#include "app/common/Stamp.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace vax {

// The wait before a dose of the primary series, counted from the dose before it.
struct DoseInterval {
    int dose = 2;       // the dose this wait leads to: 2 = the second dose
    int minDays = 0;
    int maxDays = 0;    // last day of the recommended window (later is overdue); 0 = no maximum

    bool operator==(const DoseInterval&) const = default;
};

// One way the product is packed: a 10-dose vial, a purple-cap vial to dilute, …
struct VaccinePresentation {
    int dosesPerVial = 1;
    double volumeMl = 0;    // the vial's volume, after dilution where the product is diluted
    QString label;          // tells the presentations of one product apart

    bool operator==(const VaccinePresentation&) const = default;
};

// A vaccine product as central ships it (reference data: resources/vaccines/catalogue.json,
// then synced). Facts the source did not confirm are named in `unconfirmed`.
struct VaccineProduct {
    Stamp stamp;                 // stamp.id = Uuid::fromName("vaccine_product:" + code)
    QString code;                // "COMIRNATY": upper case, unique
    QString name;
    QString manufacturer;
    QString mp;                  // EU DCC medicinal product
    QString ma;                  // EU DCC marketing authorisation holder
    QString vp;                  // EU DCC vaccine prophylaxis (SNOMED CT)
    QString vaccineType;         // "mrna", "viral_vector", "inactivated", "protein_subunit"
    QList<VaccinePresentation> presentations;   // the default one first
    int dosesPerVial = 1;        // of the default presentation
    double doseVolumeMl = 0.5;
    int openVialHours = 0;       // discard an opened multi-dose vial after this; 0 = not applicable
    double storageMinC = 2;
    double storageMaxC = 8;
    int primaryDoses = 1;
    QList<DoseInterval> intervals;   // one per dose 2 … primaryDoses, in order
    QStringList gtins;           // GS1 GTIN-14 of its packs
    QString components;          // optional note, e.g. Sputnik V's two components
    bool active = true;
    QStringList unconfirmed;     // record fields whose value the source did not confirm
    QString notes;               // for people: storage after thawing, room-temperature limits, …

    // The interval before `dose` (2 = the second dose), or nullptr when there is none.
    const DoseInterval* intervalBefore(int dose) const;
    // False when `field` (a record key such as "open_vial_hours") is listed as unconfirmed,
    // or a sub-field of it ("schedule.presentations.volume_ml" under "schedule.presentations").
    bool isConfirmed(const QString& field) const;

    // The record as stored and synced: snake_case keys, `schedule` holding presentations,
    // intervals and components, `gtins` an array, plus the stamp keys.
    QJsonObject toRecord() const;
    static VaccineProduct fromRecord(const QJsonObject& record);
};

} // namespace vax

#pragma once

#include "app/people/AdminUnits.h"
#include "app/people/Person.h"

#include <QDate>
#include <QList>
#include <QString>

#include <vector>

namespace vax {

// Realistic Vietnamese people for the demo site and the 1,000,000-person benchmark. Every draft
// passes PersonValidator::validate for the same `today`. Deterministic for a given seed. CCCD,
// CMND, passport and phone numbers are unique among the first 1,000,000 of each kind that one
// generator makes (serials come from a counter through a permutation, not from chance).
class DemoPeople
{
public:
    DemoPeople(const AdminUnits& units, quint32 seed);

    PersonDraft next(const QDate& today);

    quint64 generated() const { return m_generated; }

private:
    struct Place {
        QString provinceCode;
        QString districtCode;
        QString wardCode;
        quint32 cumulativeWeight = 0;
    };

    void preparePlaces(const QDate& today);
    const Place& pickPlace();

    quint64 nextRandom();
    quint32 below(quint32 n); // uniform in [0, n)

    QString name(Sex sex, int age);
    QString address(const Place& place);
    QString phone();
    QString insurance(const Place& place);

    const AdminUnits* m_units;
    quint64 m_state;
    quint64 m_generated = 0;

    // Serial counters and the offsets of their permutations.
    quint32 m_cccdCount = 0;
    quint32 m_cmndCount = 0;
    quint32 m_passportCount = 0;
    quint32 m_phoneCount = 0;
    quint32 m_cccdOffset;
    quint32 m_cmndOffset;
    quint32 m_passportOffset;
    quint32 m_phoneOffset;

    QDate m_placesFrom; // the places below hold for today in [m_placesFrom, m_placesTo]
    QDate m_placesTo;
    bool m_placesReady = false;
    std::vector<Place> m_places;
    QList<QString> m_cccdProvinces; // "001" … "096"
};

} // namespace vax

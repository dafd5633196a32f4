#pragma once

#include <QDate>
#include <QList>

namespace vax::bench {

// A product the simulated site gives, with its share of the doses on the first and on the last
// day (straight line between). One is phased out, so its last lots end as expired wastage.
struct ProductShare {
    const char* code;
    double first;
    double last;
};

// What the simulated site does over its period, fixed up front: which products in what shares,
// which days the site and each mobile team work, and how many doses each holder gives on each
// of those days, in campaign waves, so that the whole run ends near the movements asked for.
class LedgerPlan
{
public:
    LedgerPlan(const QDate& firstDay, const QDate& lastDay, int teams, qint64 movements);

    static const QList<ProductShare>& products();

    QDate firstDay() const { return m_first; }
    QDate lastDay() const { return m_last; }
    int teams() const { return m_teams; }
    // Holder 0 is the site (every day but Sunday, half a day on Saturday); holders 1… are its
    // teams (every other weekday each, on different days).
    bool works(int holder, const QDate& day) const;
    // The product's share of the day's doses (shares of a day add up to 1).
    double share(int product, const QDate& day) const;
    // Doses given by all holders on an average calendar day: what stock is ordered by.
    double dailyDoses() const;
    // The doses `holder` gives on `day`: what is left of the target at the share of doses
    // among the movements so far, spread over the working weight left (the last day gets its
    // ordinary share). Call once per holder and day, in order.
    int dosesFor(int holder, const QDate& day, qint64 movementsSoFar, qint64 dosesSoFar, double random01);

private:
    double weight(int holder, const QDate& day) const;

    QDate m_first;
    QDate m_last;
    int m_teams;
    qint64 m_movements;
    double m_weightLeft = 0;
    double m_weightTotal = 0;
};

} // namespace vax::bench

#include "LedgerPlan.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace vax::bench {

namespace {

// Before anything is written, the guess at the share of doses among the movements (the rest:
// vials' leftovers, transfers, counts, wastage, receipts).
constexpr double kFirstDoseShare = 0.95;
constexpr double kTeamWeight = 0.6;   // a team's session day against a full site day

} // namespace

LedgerPlan::LedgerPlan(const QDate& firstDay, const QDate& lastDay, int teams, qint64 movements)
    : m_first(firstDay)
    , m_last(lastDay)
    , m_teams(teams)
    , m_movements(movements)
{
    for (QDate d = m_first; d <= m_last; d = d.addDays(1)) {
        for (int h = 0; h <= m_teams; ++h)
            m_weightTotal += weight(h, d);
    }
    m_weightLeft = m_weightTotal;
}

const QList<ProductShare>& LedgerPlan::products()
{
    // Multi-dose vials of 10, 6 and 5 doses and a single-dose product (catalogue figures).
    static const QList<ProductShare> list{
        {"VAXZEVRIA", 0.35, 0.0},
        {"COMIRNATY", 0.25, 0.35},
        {"SPIKEVAX", 0.15, 0.25},
        {"VEROCELL", 0.20, 0.30},
        {"JCOVDEN", 0.05, 0.10},
    };
    return list;
}

bool LedgerPlan::works(int holder, const QDate& day) const
{
    const int weekday = day.dayOfWeek();
    if (holder == 0)
        return weekday != Qt::Sunday;
    return weekday <= Qt::Friday && (m_first.daysTo(day) + holder) % 2 == 0;
}

double LedgerPlan::share(int product, const QDate& day) const
{
    const double span = std::max<qint64>(1, m_first.daysTo(m_last));
    const double f = double(m_first.daysTo(day)) / span;
    auto at = [f](const ProductShare& p) { return p.first + (p.last - p.first) * f; };
    double total = 0;
    for (const ProductShare& p : products())
        total += at(p);
    return at(products().at(product)) / total;
}

double LedgerPlan::dailyDoses() const
{
    return double(m_movements) * kFirstDoseShare / double(m_first.daysTo(m_last) + 1);
}

double LedgerPlan::weight(int holder, const QDate& day) const
{
    if (!works(holder, day))
        return 0;
    // Campaign waves about every six months, from 0.4 to 1 of the busiest days.
    const double wave = 0.4 + 0.6 * std::pow(std::sin(std::numbers::pi * double(m_first.daysTo(day)) / 180.0), 2);
    if (holder > 0)
        return kTeamWeight * wave;
    return day.dayOfWeek() == Qt::Saturday ? 0.5 * wave : wave;
}

int LedgerPlan::dosesFor(int holder, const QDate& day, qint64 movementsSoFar, qint64 dosesSoFar, double random01)
{
    const double w = weight(holder, day);
    if (w <= 0 || m_weightLeft <= 0)
        return 0;
    const double doseShare = movementsSoFar > 1000 ? double(dosesSoFar) / double(movementsSoFar) : kFirstDoseShare;
    const double left = double(std::max<qint64>(0, m_movements - movementsSoFar)) * doseShare;
    // The last morning is an ordinary one, however close the count already is: the benchmark
    // stands in it, with vials open.
    const double doses = day == m_last ? double(m_movements) * kFirstDoseShare * w / m_weightTotal : left * w / m_weightLeft;
    m_weightLeft -= w;
    return int(doses + random01);
}

} // namespace vax::bench

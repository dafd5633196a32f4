#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>

#include <algorithm>
#include <numeric>

namespace vax::bench {

// Latencies in microseconds; percentiles by nearest rank. Shared by the benchmark tools
// (vaxbench, syncbench, stockbench) so that their figures mean the same thing.
struct Stats {
    QList<double> samples;

    void add(double micros) { samples << micros; }
    double percentile(double p) const
    {
        if (samples.isEmpty())
            return 0;
        QList<double> s = samples;
        std::sort(s.begin(), s.end());
        const qsizetype rank = std::clamp<qsizetype>(qsizetype(p / 100.0 * double(s.size()) + 0.5) - 1, 0, s.size() - 1);
        return s[rank];
    }
    double p50() const { return percentile(50); }
    double p95() const { return percentile(95); }
    double max() const { return samples.isEmpty() ? 0 : *std::max_element(samples.cbegin(), samples.cend()); }
    double mean() const
    {
        return samples.isEmpty() ? 0 : std::accumulate(samples.cbegin(), samples.cend(), 0.0) / double(samples.size());
    }
};

// How long `fn` took, in microseconds.
template <typename Fn>
double micros(Fn&& fn)
{
    QElapsedTimer t;
    t.start();
    fn();
    return double(t.nsecsElapsed()) / 1000.0;
}

// The figures in milliseconds, as the tools write them into their JSON.
inline QJsonObject toJson(const Stats& s)
{
    return QJsonObject{{QStringLiteral("p50_ms"), s.p50() / 1000.0}, {QStringLiteral("p95_ms"), s.p95() / 1000.0},
        {QStringLiteral("mean_ms"), s.mean() / 1000.0}, {QStringLiteral("max_ms"), s.max() / 1000.0},
        {QStringLiteral("n"), s.samples.size()}};
}

} // namespace vax::bench

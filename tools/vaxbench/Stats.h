#pragma once

#include <QList>

#include <algorithm>

namespace vax::bench {

// Latencies in microseconds; percentiles by nearest rank.
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
};

} // namespace vax::bench

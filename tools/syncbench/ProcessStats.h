#pragma once

#include <QList>
#include <QObject>
#include <QTimer>

#include <sys/types.h>

namespace vax::bench {

// Resident memory of a process from /proc/PID/status, in KiB (-1 when it cannot be read).
struct Rss {
    qint64 nowKb = -1;  // VmRSS
    qint64 peakKb = -1; // VmHWM: the high-water mark since start or since resetPeak()
};

namespace ProcessStats {

Rss of(pid_t pid);
Rss self();
// User plus system CPU time a process has used so far, in seconds (-1 when it cannot be read).
double cpuSeconds(pid_t pid);
// The processes whose parent is `pid`.
QList<pid_t> children(pid_t pid);
// Starts a new high-water mark (writes 5 to /proc/PID/clear_refs; Linux ≥ 4.0). False when the
// kernel refuses; the sampler's maximum still holds then.
bool resetPeak(pid_t pid);
// Gives freed heap back to the system first, so a phase's figures do not carry the last one's.
void trimSelf();
// The child of this process running `program` (matched on /proc/PID/comm), or 0.
pid_t childNamed(const QByteArray& program);

} // namespace ProcessStats

// Polls the RSS of this process and of one other (the server) while a phase runs, and keeps
// the maximum of each: a backstop for the kernel's VmHWM, and a record of when memory grew.
// Samples are taken from the event loop, i.e. between requests and pages.
class RssSampler final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RssSampler)

public:
    explicit RssSampler(pid_t other, QObject* parent = nullptr);

    // Resets both high-water marks and starts polling every `intervalMs`.
    void start(int intervalMs = 100);
    void stop();

    // The largest of the samples and the kernel's high-water mark since start().
    qint64 selfPeakKb() const;
    qint64 otherPeakKb() const;
    qint64 selfEndKb() const { return m_selfEnd; }
    qint64 otherEndKb() const { return m_otherEnd; }

private:
    void sample();

    pid_t m_other;
    QTimer m_timer;
    qint64 m_selfMax = -1;
    qint64 m_otherMax = -1;
    qint64 m_selfHwm = -1;
    qint64 m_otherHwm = -1;
    qint64 m_selfEnd = -1;
    qint64 m_otherEnd = -1;
    bool m_selfReset = false;
    bool m_otherReset = false;
};

} // namespace vax::bench

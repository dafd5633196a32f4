#include "ProcessStats.h"

#include <QDir>
#include <QFile>

#include <algorithm>

#include <malloc.h>
#include <unistd.h>

namespace vax::bench {

namespace ProcessStats {

namespace {

QByteArray readProc(pid_t pid, const char* file)
{
    QFile f(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(file)));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

qint64 kbField(const QByteArray& status, const QByteArray& name)
{
    for (const QByteArray& line : status.split('\n')) {
        if (line.startsWith(name))
            return line.mid(name.size()).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

} // namespace

Rss of(pid_t pid)
{
    const QByteArray status = readProc(pid, "status");
    if (status.isEmpty())
        return {};
    return Rss{kbField(status, "VmRSS:"), kbField(status, "VmHWM:")};
}

Rss self()
{
    return of(::getpid());
}

bool resetPeak(pid_t pid)
{
    QFile f(QStringLiteral("/proc/%1/clear_refs").arg(pid));
    return f.open(QIODevice::WriteOnly) && f.write("5") == 1;
}

void trimSelf()
{
    ::malloc_trim(0);
}

// stat: "pid (comm) state ppid … utime stime …"; comm may hold spaces, so split after the last ')'.
QList<QByteArray> statFields(pid_t pid)
{
    const QByteArray stat = readProc(pid, "stat");
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return {};
    return stat.mid(close + 2).split(' ');  // [0] state, [1] ppid, … [11] utime, [12] stime
}

double cpuSeconds(pid_t pid)
{
    const QList<QByteArray> f = statFields(pid);
    if (f.size() < 13)
        return -1;
    return double(f[11].toLongLong() + f[12].toLongLong()) / double(::sysconf(_SC_CLK_TCK));
}

QList<pid_t> children(pid_t parent)
{
    QList<pid_t> out;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& entry : entries) {
        bool numeric = false;
        const pid_t pid = pid_t(entry.toInt(&numeric));
        if (!numeric)
            continue;
        const QList<QByteArray> f = statFields(pid);
        if (f.size() > 1 && f[1].toInt() == parent)
            out << pid;
    }
    return out;
}

pid_t childNamed(const QByteArray& program)
{
    for (const pid_t pid : children(::getpid())) {
        if (readProc(pid, "comm").trimmed() == program.left(15))
            return pid;
    }
    return 0;
}

} // namespace ProcessStats

RssSampler::RssSampler(pid_t other, QObject* parent)
    : QObject(parent)
    , m_other(other)
{
    connect(&m_timer, &QTimer::timeout, this, &RssSampler::sample);
}

void RssSampler::start(int intervalMs)
{
    ProcessStats::trimSelf();
    m_selfReset = ProcessStats::resetPeak(::getpid());
    m_otherReset = m_other > 0 && ProcessStats::resetPeak(m_other);
    m_selfMax = m_otherMax = m_selfHwm = m_otherHwm = -1;
    sample();
    m_timer.start(intervalMs);
}

void RssSampler::stop()
{
    m_timer.stop();
    sample();
    const Rss self = ProcessStats::self();
    m_selfEnd = self.nowKb;
    m_selfHwm = m_selfReset ? self.peakKb : -1;
    if (m_other > 0) {
        const Rss other = ProcessStats::of(m_other);
        m_otherEnd = other.nowKb;
        m_otherHwm = m_otherReset ? other.peakKb : -1;
    }
}

qint64 RssSampler::selfPeakKb() const
{
    return std::max(m_selfMax, m_selfHwm);
}

qint64 RssSampler::otherPeakKb() const
{
    return std::max(m_otherMax, m_otherHwm);
}

void RssSampler::sample()
{
    m_selfMax = std::max(m_selfMax, ProcessStats::self().nowKb);
    if (m_other > 0)
        m_otherMax = std::max(m_otherMax, ProcessStats::of(m_other).nowKb);
}

} // namespace vax::bench

#pragma once

#include <QFile>
#include <QString>
#include <QSysInfo>
#include <QThread>

#include <sqlite3.h>

namespace vax::bench {

// The first line every benchmark prints: what the figures were measured on.
inline QString machineLine(const QString& title)
{
    return QStringLiteral("%1 — %2, %3 cores, SQLite %4, Qt %5")
        .arg(title, QSysInfo::prettyProductName())
        .arg(QThread::idealThreadCount())
        .arg(QLatin1String(sqlite3_libversion()), QLatin1String(qVersion()));
}

// This process's resident memory now (VmRSS), in KiB; -1 where /proc cannot be read.
inline qint64 rssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

} // namespace vax::bench

#include "ServerLog.h"

#include <QRegularExpression>

namespace vax::bench {

ServerTime serverTime(const QString& log, const QString& path)
{
    static const QRegularExpression line(QStringLiteral("[A-Za-z]+ (/\\S*) (\\d{3}) (\\d+)B ([0-9.]+)ms"));
    ServerTime out;
    for (auto it = line.globalMatch(log); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (m.captured(1) != path)
            continue;
        ++out.requests;
        if (m.captured(2).toInt() >= 400)
            ++out.failed;
        out.bytesOut += m.captured(3).toLongLong();
        out.seconds += m.captured(4).toDouble() / 1000.0;
    }
    return out;
}

} // namespace vax::bench

#include "Uuid.h"

#include <QDateTime>
#include <QMutex>
#include <QRandomGenerator>
#include <QUuid>

#include <array>

namespace vax::Uuid {

namespace {

const QUuid kNamespace(QStringLiteral("8f0f4b7e-2d5c-4c1e-9b7a-5d3e6a1c2b90"));

QString format(const std::array<quint8, 16>& b)
{
    QByteArray raw(reinterpret_cast<const char*>(b.data()), int(b.size()));
    return QUuid::fromRfc4122(raw).toString(QUuid::WithoutBraces);
}

} // namespace

QString v7(qint64 unixMs)
{
    // Monotonic within the process: the 12-bit rand_a field counts up inside one millisecond
    // (RFC 9562, method 1); when it overflows, time moves on by a millisecond.
    static QMutex mutex;
    static qint64 lastMs = 0;
    static quint16 counter = 0;
    {
        QMutexLocker lock(&mutex);
        if (unixMs <= lastMs) {
            unixMs = lastMs;
            if (++counter > 0x0FFF) {
                ++unixMs;
                counter = quint16(QRandomGenerator::system()->bounded(0x0400));
            }
        } else {
            counter = quint16(QRandomGenerator::system()->bounded(0x0400));
        }
        lastMs = unixMs;
    }
    std::array<quint8, 16> b{};
    for (int i = 0; i < 6; ++i)
        b[size_t(i)] = quint8(quint64(unixMs) >> (40 - 8 * i));
    b[6] = quint8(0x70 | ((counter >> 8) & 0x0F));
    b[7] = quint8(counter & 0xFF);
    const quint64 random = QRandomGenerator::system()->generate64();
    for (int i = 0; i < 8; ++i)
        b[size_t(8 + i)] = quint8(random >> (56 - 8 * i));
    b[8] = quint8(0x80 | (b[8] & 0x3F));
    return format(b);
}

QString v7()
{
    return v7(QDateTime::currentMSecsSinceEpoch());
}

QString fromName(const QString& name)
{
    return QUuid::createUuidV5(kNamespace, name).toString(QUuid::WithoutBraces);
}

bool isValid(const QString& text)
{
    if (text.size() != 36)
        return false;
    const QUuid id(text);
    return !id.isNull() && id.toString(QUuid::WithoutBraces) == text;
}

qint64 v7Time(const QString& text)
{
    if (!isValid(text))
        return -1;
    const QByteArray raw = QUuid(text).toRfc4122();
    if ((quint8(raw[6]) >> 4) != 7)
        return -1;
    qint64 ms = 0;
    for (int i = 0; i < 6; ++i)
        ms = (ms << 8) | quint8(raw[i]);
    return ms;
}

} // namespace vax::Uuid

#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace vax::sync::json {

// Compact JSON written by hand, for the messages of thousands of changes (push batches, pull
// pages): their envelope costs more to build as QJsonObjects than the records inside it, and a
// record that is already compact JSON text goes in as it is.

// A string value, quoted and escaped (UTF-8 as it is; quote, backslash and controls escaped).
void appendString(QByteArray& out, QByteArrayView utf8);
inline void appendString(QByteArray& out, const QString& text)
{
    appendString(out, QByteArrayView(text.toUtf8()));
}
// `"key":` (keys are plain ASCII names).
inline void appendKey(QByteArray& out, const char* key)
{
    out.append('"').append(key).append("\":");
}
inline void appendNumber(QByteArray& out, qint64 value)
{
    out.append(QByteArray::number(value));
}

} // namespace vax::sync::json

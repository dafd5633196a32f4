#include "JsonText.h"

namespace vax::sync::json {

void appendString(QByteArray& out, QByteArrayView utf8)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.append('"');
    const char* data = utf8.data();
    const qsizetype size = utf8.size();
    qsizetype from = 0;
    for (qsizetype i = 0; i < size; ++i) {
        const auto c = static_cast<unsigned char>(data[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(data + from, i - from);
        from = i + 1;
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default: out.append("\\u00").append(kHex[c >> 4]).append(kHex[c & 0xf]);
        }
    }
    out.append(data + from, size - from);
    out.append('"');
}

} // namespace vax::sync::json

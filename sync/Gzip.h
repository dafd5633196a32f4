#pragma once

#include <QByteArray>

#include <optional>

namespace vax::sync {

// gzip (RFC 1952) for HTTP bodies, through zlib. qCompress writes zlib's own format, which
// HTTP's Content-Encoding: gzip is not.
QByteArray gzip(const QByteArray& data, int level = 6);
// nullopt on a corrupt or truncated stream, or when the result would exceed maxSize (a
// decompression bomb is refused, not expanded).
std::optional<QByteArray> gunzip(const QByteArray& data, qsizetype maxSize);

} // namespace vax::sync

#pragma once

#include <QString>

namespace vax {

// Record ids are made on the device. UUIDv7 (RFC 9562) starts with the Unix time in
// milliseconds, so ids made one after another sort together and inserts stay local in the
// B-tree; within one millisecond a counter keeps them increasing.
namespace Uuid {

QString v7(qint64 unixMs);
QString v7();
// Name-based id (UUIDv5 over a VaxStation namespace): the same name gives the same id on every
// device, so the same lot received at two sites offline is one record, not two.
QString fromName(const QString& name);
bool isValid(const QString& text);
// The Unix milliseconds inside a UUIDv7, or -1 if text is not one.
qint64 v7Time(const QString& text);

} // namespace Uuid
} // namespace vax

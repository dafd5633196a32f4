#pragma once

#include "app/common/Result.h"

#include <QString>
#include <QtGlobal>

#include <utility>

namespace vax::test {

// The value of a step a test stands on (a check-in, a screening, a dose), or the test stops
// there with the error: a fixture that failed only makes later checks fail for the wrong reason.
template <typename T>
T must(Result<T> result)
{
    if (!result.ok())
        qFatal("%s", qPrintable(result.error().message()));
    return std::move(result).value();
}

inline void must(const Result<void>& result)
{
    if (!result.ok())
        qFatal("%s", qPrintable(result.error().message()));
}

// The error's message, or nothing when there is none: for QVERIFY2, which builds its message
// whether or not the check fails.
template <typename T>
QString why(const Result<T>& result)
{
    return result.ok() ? QString() : result.error().message();
}

} // namespace vax::test

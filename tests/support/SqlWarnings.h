#pragma once

#include <QRegularExpression>
#include <QTest>

namespace vax::test {

// A failed SQL statement is logged, not thrown; a test that ends green while SQL failed
// underneath is lying. Call from init(); expected failures use QTest::ignoreMessage.
inline void failOnSqlWarnings()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral("SQL failed|cannot prepare")));
}

} // namespace vax::test

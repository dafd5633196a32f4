#include "app/merge/FieldMerge.h"

#include <QTest>

using namespace vax;

namespace {

const QString kEarly = QStringLiteral("1764500000000.0.aaaa");
const QString kLate = QStringLiteral("1764500005000.0.bbbb");

FieldVersion field(const QJsonValue& value, const QString& hlc, bool changed = false)
{
    return FieldVersion{value, hlc, changed};
}

} // namespace

// DESIGN.md rule 4 as one pure function: what every device and central decide for one field.
class TestFieldMerge : public QObject
{
    Q_OBJECT

private slots:
    void theLaterStampWinsEitherWay()
    {
        QVERIFY(mergeField(field(QStringLiteral("a"), kEarly), field(QStringLiteral("b"), kLate)).takeIncoming);
        QVERIFY(!mergeField(field(QStringLiteral("a"), kLate), field(QStringLiteral("b"), kEarly)).takeIncoming);
    }

    void aValueChangedOnlyOnOneSideIsNoConflict()
    {
        const auto r = mergeField(field(QStringLiteral("0912"), kEarly, false), field(QStringLiteral("0987"), kLate));
        QVERIFY(r.takeIncoming);
        QVERIFY(!r.conflict);
    }

    void bothSidesChangingItToDifferentValuesIsAConflictWhoeverWins()
    {
        auto r = mergeField(field(QStringLiteral("0912"), kEarly, true), field(QStringLiteral("0987"), kLate));
        QVERIFY(r.takeIncoming);
        QVERIFY(r.conflict);
        r = mergeField(field(QStringLiteral("0912"), kLate, true), field(QStringLiteral("0987"), kEarly));
        QVERIFY(!r.takeIncoming);
        QVERIFY(r.conflict);
    }

    void theSameValueTypedTwiceIsNoConflictButCarriesTheLaterStamp()
    {
        const auto r = mergeField(field(QStringLiteral("0912"), kEarly, true), field(QStringLiteral("0912"), kLate));
        QVERIFY(!r.conflict);
        QVERIFY(r.takeIncoming);  // so every side ends with the same stamp
        QVERIFY(!mergeField(field(QStringLiteral("0912"), kLate, true), field(QStringLiteral("0912"), kEarly)).takeIncoming);
    }

    void emptyAndClearedAreTheSame()
    {
        const auto r = mergeField(field(QJsonValue(QJsonValue::Null), kEarly, true), field(QString(), kLate));
        QVERIFY(!r.conflict);
        const auto cleared = mergeField(field(QStringLiteral("0912"), kEarly, true), field(QJsonValue(QJsonValue::Null), kLate));
        QVERIFY(cleared.conflict);
        QVERIFY(cleared.takeIncoming);
    }
};

QTEST_GUILESS_MAIN(TestFieldMerge)
#include "tst_fieldmerge.moc"

// The stock screen's models: columns, roles, the partial vial, the ceiling in red, and the
// model contract (QAbstractItemModelTester) across resets.
#include "app/stock/StockReasons.h"
#include "ui/stock/LedgerModel.h"
#include "ui/stock/OnHandModel.h"
#include "ui/stock/ShipmentModel.h"
#include "ui/stock/WastageModel.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QTest>

using namespace vax;

namespace {

LotBalance balance(int doses, int perVial)
{
    LotBalance b;
    b.lot.stamp.id = QStringLiteral("lot-%1").arg(doses);
    b.lot.lotNumber = QStringLiteral("ABV%1").arg(doses);
    b.lot.expiry = QDate(2027, 12, 31);
    b.productCode = QStringLiteral("VAXZEVRIA");
    b.productName = QStringLiteral("Vaxzevria");
    b.dosesPerVial = perVial;
    b.doses = doses;
    return b;
}

} // namespace

class TestStockModels : public QObject
{
    Q_OBJECT

private slots:
    void onHandShowsWholeAndPartialVialsAndQuarantine()
    {
        OnHandModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setItems({OnHandRow{balance(20, 10), QStringLiteral("site-id"), QStringLiteral("SITE"), 396, false},
            OnHandRow{balance(17, 10), QStringLiteral("site-id"), QStringLiteral("SITE"), 396, true}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(OnHandModel::ColumnCount));
        QCOMPARE(model.index(0, OnHandModel::VialsColumn).data().toString(), QStringLiteral("2"));
        QCOMPARE(model.index(1, OnHandModel::VialsColumn).data().toString(), QStringLiteral("1 + 7 dose(s)"));
        QCOMPARE(model.index(1, OnHandModel::ExpiryColumn).data().toString(), QStringLiteral("31/12/2027"));
        QCOMPARE(model.index(1, 0).data(OnHandModel::LotIdRole).toString(), QStringLiteral("lot-17"));
        QVERIFY(!model.index(0, 0).data(OnHandModel::QuarantinedRole).toBool());
        QVERIFY(model.index(1, 0).data(OnHandModel::QuarantinedRole).toBool());
        QVERIFY(!model.index(1, OnHandModel::QuarantineColumn).data().toString().isEmpty());
        model.setItems({});
        QCOMPARE(model.rowCount(), 0);
    }

    void aBalanceBelowZeroAfterAMergeIsFlaggedNotHidden()
    {
        // Two laptops gave the same last doses offline: the merged ledger sums to −3.
        OnHandModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setItems({OnHandRow{balance(20, 10), QStringLiteral("site-id"), QStringLiteral("SITE"), 396, false},
            OnHandRow{balance(-3, 10), QStringLiteral("site-id"), QStringLiteral("SITE"), 396, false}});
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(model.index(0, OnHandModel::QuarantineColumn).data().toString().isEmpty());
        QVERIFY(model.index(1, OnHandModel::QuarantineColumn).data().toString().contains(QStringLiteral("count it")));
        QVERIFY(model.index(1, 0).data(Qt::ForegroundRole).isValid());
        QVERIFY(!model.index(0, 0).data(Qt::ForegroundRole).isValid());
        QVERIFY(model.index(1, OnHandModel::DosesColumn).data(Qt::ToolTipRole).toString().contains(QStringLiteral("offline")));
        QCOMPARE(model.index(1, OnHandModel::VialsColumn).data().toString(), QStringLiteral("—"));
    }

    void shipmentsSayWhatIsInTransitAndTheDifference()
    {
        ShipmentModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Shipment pending;
        pending.sent.stamp.id = QStringLiteral("sent-1");
        pending.sent.doses = -30;
        pending.sent.occurredAt = QDateTime(QDate(2026, 11, 30), QTime(8, 0));
        pending.productCode = QStringLiteral("VAXZEVRIA");
        pending.lotNumber = QStringLiteral("ABV7001");
        Shipment shortOne = pending;
        shortOne.sent.stamp.id = QStringLiteral("sent-2");
        StockMovement got;
        got.doses = 20;
        got.reason = receiptDifferenceKey(ReceiptDifference::Damaged);
        got.occurredAt = pending.sent.occurredAt.addSecs(3600);
        shortOne.received = got;
        model.setItems({ShipmentRow{pending, true, QStringLiteral("SITE"), QStringLiteral("T1")},
            ShipmentRow{shortOne, false, QStringLiteral("SITE"), QStringLiteral("T1")}});
        QCOMPARE(model.index(0, ShipmentModel::DosesColumn).data().toInt(), 30);
        QCOMPARE(model.index(0, ShipmentModel::StatusColumn).data().toString(), QStringLiteral("in transit"));
        QVERIFY(model.index(0, 0).data(ShipmentModel::PendingIncomingRole).toBool());
        QVERIFY(!model.index(1, 0).data(ShipmentModel::PendingIncomingRole).toBool());
        QCOMPARE(model.index(1, 0).data(ShipmentModel::ShipmentIdRole).toString(), QStringLiteral("sent-2"));
        const QString difference = model.index(1, ShipmentModel::DifferenceColumn).data().toString();
        QVERIFY2(difference.contains(QStringLiteral("10")) && difference.contains(StockReasonText::label(got.reason)),
            qPrintable(difference));
    }

    void ledgerSignsDosesAndNamesReasons()
    {
        LedgerModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        LedgerRow in;
        in.movement.kind = MovementKind::Receipt;
        in.movement.doses = 20;
        in.movement.lotId = QStringLiteral("lot-1");
        LedgerRow out;
        out.movement.kind = MovementKind::Wastage;
        out.movement.doses = -7;
        out.movement.reason = wastageReasonKey(WastageReason::OpenVial);
        model.setItems({out, in});
        QCOMPARE(model.index(0, LedgerModel::DosesColumn).data().toString(), QStringLiteral("-7"));
        QCOMPARE(model.index(1, LedgerModel::DosesColumn).data().toString(), QStringLiteral("+20"));
        QCOMPARE(model.index(0, LedgerModel::ReasonColumn).data().toString(), StockReasonText::label(out.movement.reason));
        QCOMPARE(model.index(1, 0).data(LedgerModel::LotIdRole).toString(), QStringLiteral("lot-1"));
        QCOMPARE(model.index(0, 0).data(LedgerModel::KindKeyRole).toString(), movementKindKey(MovementKind::Wastage));
    }

    void wastageAboveTheCeilingIsRed()
    {
        WastageModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        WastageLine high;
        high.flow.productName = QStringLiteral("Vaxzevria");
        high.flow.dosesPerVial = 10;
        high.flow.wastedOpen = 7;
        high.figures.issued = 10;
        high.figures.administered = 3;
        high.figures.usageRate = 30.0;
        high.figures.wastageRate = 70.0;
        high.figures.wastageFactor = 100.0 / 30.0;
        high.ceilingPercent = 25;
        WastageLine none = high;
        none.figures = {};
        none.ceilingPercent = 25;
        model.setItems({high, none});
        QCOMPARE(model.index(0, WastageModel::RateColumn).data().toString(), QStringLiteral("70.0 %"));
        QCOMPARE(model.index(0, WastageModel::FactorColumn).data().toString(), QStringLiteral("3.33"));
        QCOMPARE(model.index(0, WastageModel::CeilingColumn).data().toString(), QStringLiteral("25 %"));
        QVERIFY(model.index(0, 0).data(WastageModel::OverCeilingRole).toBool());
        QCOMPARE(model.index(0, 0).data(Qt::ForegroundRole).value<QBrush>().color(), QColor(0xc6, 0x28, 0x28));
        QVERIFY(!model.index(1, 0).data(WastageModel::OverCeilingRole).toBool());
        QCOMPARE(model.index(1, WastageModel::RateColumn).data().toString(), QStringLiteral("—"));
        QVERIFY(!model.index(1, 0).data(Qt::ForegroundRole).isValid());
    }
};

QTEST_GUILESS_MAIN(TestStockModels)
#include "tst_stockmodels.moc"

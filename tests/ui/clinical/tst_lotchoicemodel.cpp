#include "app/services/InjectionService.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"
#include "ui/injection/LotChoiceModel.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QSignalSpy>
#include <QTest>

using namespace vax;

class TestLotChoiceModel : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }

    void lotsFirstExpiryFirstWithNearExpiryInAmber()
    {
        test::TestSite site;
        const QString later = site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("LATE200"), 30, 200);
        const QString soon = site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("SOON10"), 30, 10);
        site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("GONE"), 10, 1);
        const QDate received = site.clock().today();
        site.clock().advanceSecs(2 * 24 * 3600);  // GONE has expired: never offered
        InjectionService injections(site.store(), site.clock());

        LotChoiceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setChoices(injections.lotChoices());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, 0).data(LotChoiceModel::IdRole).toString(), soon);
        QCOMPARE(model.index(1, 0).data(LotChoiceModel::IdRole).toString(), later);
        QCOMPARE(model.rowOf(later), 1);

        QCOMPARE(model.index(0, LotChoiceModel::ProductColumn).data().toString(), QStringLiteral("Vaxzevria"));
        QCOMPARE(model.index(0, LotChoiceModel::LotColumn).data().toString(), QStringLiteral("SOON10"));
        QCOMPARE(model.index(0, LotChoiceModel::ExpiryColumn).data().toString(),
            received.addDays(10).toString(QStringLiteral("dd/MM/yyyy")));
        QCOMPARE(model.index(0, LotChoiceModel::DaysLeftColumn).data().toInt(), 8);
        QCOMPARE(model.index(0, LotChoiceModel::DosesColumn).data().toInt(), 30);
        const int perVial = model.choice(0).balance.dosesPerVial;
        QVERIFY(perVial > 1);
        QCOMPARE(model.index(0, LotChoiceModel::VialsColumn).data().toString(), QString::number(30 / perVial));

        QVERIFY(model.index(0, 0).data(LotChoiceModel::NearExpiryRole).toBool());
        const QColor amber = model.index(0, LotChoiceModel::LotColumn).data(Qt::BackgroundRole).value<QBrush>().color();
        QVERIFY(amber.isValid());
        QVERIFY2(amber.red() > 200 && amber.green() > 150 && amber.blue() < 200, qPrintable(amber.name()));
        QVERIFY(model.index(0, LotChoiceModel::LotColumn).data(Qt::ToolTipRole).toString().contains(QStringLiteral("8 day(s)")));
        QVERIFY(!model.index(1, 0).data(LotChoiceModel::NearExpiryRole).toBool());
        QVERIFY(!model.index(1, LotChoiceModel::LotColumn).data(Qt::BackgroundRole).isValid());
        QCOMPARE(model.headerData(LotChoiceModel::DosesColumn, Qt::Horizontal).toString(), QStringLiteral("Doses left"));
    }

    void aDoseGivenUpdatesTheRowInPlace()
    {
        test::TestSite site;
        const QString lot = site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABX4521"), 20);
        InjectionService injections(site.store(), site.clock());
        LotChoiceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setChoices(injections.lotChoices());
        QCOMPARE(model.index(0, LotChoiceModel::VialsColumn).data().toString(), QString::number(20 / model.choice(0).balance.dosesPerVial));

        DoseRequest d;
        d.personId = site.registerPerson();
        d.lotId = lot;
        d.requireScreening = false;
        QVERIFY(injections.record(site.nurse(), d).ok());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setChoices(injections.lotChoices());
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(0, LotChoiceModel::DosesColumn).data().toInt(), 19);
        // An opened vial: whole vials and the doses left in the open one.
        const int perVial = model.choice(0).balance.dosesPerVial;
        QCOMPARE(model.index(0, LotChoiceModel::VialsColumn).data().toString(),
            QStringLiteral("%1 + %2 dose(s)").arg(19 / perVial).arg(19 % perVial));
    }
};

QTEST_MAIN(TestLotChoiceModel)
#include "tst_lotchoicemodel.moc"

#include "app/services/InjectionService.h"
#include "app/services/VialService.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"
#include "ui/injection/LotChoiceModel.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QFont>
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
        model.setChoices(injections.lotChoices(), site.clock().now());
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
        model.setChoices(injections.lotChoices(), site.clock().now());
        QCOMPARE(model.index(0, LotChoiceModel::VialsColumn).data().toString(), QString::number(20 / model.choice(0).balance.dosesPerVial));

        DoseRequest d;
        d.personId = site.registerPerson();
        d.lotId = lot;
        d.requireScreening = false;
        QVERIFY(injections.record(site.nurse(), d).ok());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setChoices(injections.lotChoices(), site.clock().now());
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(0, LotChoiceModel::DosesColumn).data().toInt(), 19);
        // An opened vial: whole vials and the doses left in the open one.
        const int perVial = model.choice(0).balance.dosesPerVial;
        QCOMPARE(model.index(0, LotChoiceModel::VialsColumn).data().toString(),
            QStringLiteral("%1 + %2 dose(s)").arg(19 / perVial).arg(19 % perVial));
    }

    void anOpenVialCountsDownToItsDiscardTimeAmberInTheLastHalfHour()
    {
        test::TestSite site;  // 09:00
        const QString lot = site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABX4521"), 20);
        const QString sealedOnly = site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("LATER01"), 20, 300);
        InjectionService injections(site.store(), site.clock());
        for (int i = 0; i < 3; ++i) {
            DoseRequest d;
            d.personId = site.registerPerson();
            d.lotId = lot;
            d.requireScreening = false;
            QVERIFY(injections.record(site.nurse(), d).ok());
        }
        LotChoiceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setChoices(injections.lotChoices(), site.clock().now());
        QCOMPARE(model.rowOf(lot), 0);
        const QModelIndex vial = model.index(0, LotChoiceModel::OpenVialColumn);
        // A 10-dose vial opened at 09:00 for the first of three doses: discard at 15:00.
        QCOMPARE(vial.data().toString(), QStringLiteral("7 dose(s) left · discard in 6 h"));
        QCOMPARE(vial.data(LotChoiceModel::OpenVialDosesRole).toInt(), 7);
        QCOMPARE(vial.data(LotChoiceModel::DiscardAtRole).toDateTime(), QDateTime(site.clock().today(), QTime(15, 0)));
        QVERIFY(vial.data(Qt::ToolTipRole).toString().contains(QStringLiteral("15:00")));
        QVERIFY(!vial.data(LotChoiceModel::DiscardSoonRole).toBool());
        QVERIFY(!vial.data(Qt::BackgroundRole).isValid());
        const QModelIndex none = model.index(model.rowOf(sealedOnly), LotChoiceModel::OpenVialColumn);
        QVERIFY(none.data().toString().isEmpty());
        QCOMPARE(none.data(LotChoiceModel::OpenVialDosesRole).toInt(), 0);

        // 13:48: a tick moves the countdown in place, that column only.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        site.clock().set(QDateTime(site.clock().today(), QTime(13, 48)));
        model.tick(site.clock().now());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex(), vial);
        QCOMPARE(changed.first().at(1).toModelIndex(), vial);
        QCOMPARE(vial.data().toString(), QStringLiteral("7 dose(s) left · discard in 1 h 12 min"));
        QVERIFY(!vial.data(LotChoiceModel::DiscardSoonRole).toBool());

        // 14:30 is exactly VialService::kWarnMinutes before: amber and bold from there.
        site.clock().set(QDateTime(site.clock().today(), QTime(15, 0)).addSecs(-60 * VialService::kWarnMinutes - 1));
        model.tick(site.clock().now());
        QVERIFY(!vial.data(LotChoiceModel::DiscardSoonRole).toBool());
        site.clock().advanceSecs(1);
        model.tick(site.clock().now());
        QCOMPARE(vial.data().toString(), QStringLiteral("⚠ 7 dose(s) left · discard in 30 min"));
        QVERIFY(vial.data(LotChoiceModel::DiscardSoonRole).toBool());
        const QColor amber = vial.data(Qt::BackgroundRole).value<QBrush>().color();
        QVERIFY2(amber.red() > 200 && amber.green() > 150 && amber.blue() < 100, qPrintable(amber.name()));
        QVERIFY(vial.data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(!model.index(0, LotChoiceModel::LotColumn).data(Qt::FontRole).isValid());
        site.clock().set(QDateTime(site.clock().today(), QTime(14, 59, 30)));
        model.tick(site.clock().now());
        QCOMPARE(vial.data().toString(), QStringLiteral("⚠ 7 dose(s) left · discard in < 1 min"));

        // Past 15:00 the service offers the lot without the vial: the next dose opens another.
        site.clock().set(QDateTime(site.clock().today(), QTime(15, 0)));
        model.setChoices(injections.lotChoices(), site.clock().now());
        QVERIFY(!model.choice(model.rowOf(lot)).openVial);
        QVERIFY(model.index(model.rowOf(lot), LotChoiceModel::OpenVialColumn).data().toString().isEmpty());
    }
};

QTEST_MAIN(TestLotChoiceModel)
#include "tst_lotchoicemodel.moc"

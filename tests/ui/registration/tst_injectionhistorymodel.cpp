#include "ui/history/InjectionHistoryModel.h"

#include "app/services/InjectionService.h"
#include "app/services/ScreeningService.h"
#include "app/store/ClinicalRepository.h"
#include "tests/support/Screenings.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QFont>
#include <QTest>

using namespace vax;

namespace {

// A screened person gets a dose in the right arm; returns the injection id.
QString giveDose(test::TestSite& site, const QString& person, const QString& lot)
{
    ScreeningService screening(site.store(), site.clock(), site.form());
    InjectionService injections(site.store(), site.clock());
    DoseRequest request;
    request.personId = person;
    request.visitId = test::checkInAndScreen(screening, site.nurse(), person, test::allNoExcept(site.form()));
    request.lotId = lot;
    request.bodySite = BodySite::RightArm;
    return test::must(injections.record(site.nurse(), request)).injection.stamp.id;
}

} // namespace

class TestInjectionHistoryModel : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }

    void listsDosesOldestFirstWithVoidsStruckThrough()
    {
        test::TestSite site;
        const QString lot = site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABX4521"), 20);
        const QString person = site.registerPerson();
        const QString first = giveDose(site, person, lot);
        site.clock().advanceSecs(60LL * 60 * 24 * 60);
        const QString second = giveDose(site, person, lot);
        InjectionService injections(site.store(), site.clock());
        QVERIFY(injections.voidInjection(site.nurse(), second, QStringLiteral("wrong person")).ok());

        InjectionHistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setHistory(site.store().clinical().injectionsOf(person));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(InjectionHistoryModel::ColumnCount));
        auto cell = [&](int row, InjectionHistoryModel::Column c, int role = Qt::DisplayRole) {
            return model.index(row, c).data(role);
        };

        // Oldest first: dose 1 on top, given on the first day.
        QCOMPARE(cell(0, InjectionHistoryModel::DoseColumn).toInt(), 1);
        QCOMPARE(cell(0, InjectionHistoryModel::DoseColumn,
                     InjectionHistoryModel::IdRole).toString(), first);
        QCOMPARE(cell(0, InjectionHistoryModel::DateTimeColumn).toString(), QStringLiteral("25/11/2026 09:00"));
        QCOMPARE(cell(1, InjectionHistoryModel::DoseColumn).toInt(), 2);
        QCOMPARE(cell(1, InjectionHistoryModel::DateTimeColumn).toString(), QStringLiteral("24/01/2027 09:00"));
        QCOMPARE(cell(0, InjectionHistoryModel::LotColumn).toString(), QStringLiteral("ABX4521"));
        QVERIFY(!cell(0, InjectionHistoryModel::VaccineColumn).toString().isEmpty());
        QCOMPARE(cell(0, InjectionHistoryModel::BodySiteColumn).toString(), QStringLiteral("Right arm"));
        QCOMPARE(cell(0, InjectionHistoryModel::NurseColumn).toString(), QStringLiteral("Test nurse"));

        // A valid dose reads as valid; the voided one says why, greyed and struck through.
        QCOMPARE(cell(0, InjectionHistoryModel::StatusColumn).toString(), QStringLiteral("Valid"));
        QVERIFY(!cell(0, InjectionHistoryModel::StatusColumn, InjectionHistoryModel::VoidedRole).toBool());
        QVERIFY(!cell(0, InjectionHistoryModel::LotColumn, Qt::FontRole).value<QFont>().strikeOut());
        QCOMPARE(cell(1, InjectionHistoryModel::StatusColumn).toString(), QStringLiteral("Void: wrong person"));
        QVERIFY(cell(1, InjectionHistoryModel::StatusColumn, InjectionHistoryModel::VoidedRole).toBool());
        QCOMPARE(cell(1, InjectionHistoryModel::DoseColumn, InjectionHistoryModel::IdRole).toString(), second);
        for (int c = 0; c < InjectionHistoryModel::ColumnCount; ++c) {
            QVERIFY(model.index(1, c).data(Qt::FontRole).value<QFont>().strikeOut());
            QVERIFY(model.index(1, c).data(Qt::ForegroundRole).canConvert<QBrush>());
        }
        QVERIFY(cell(1, InjectionHistoryModel::StatusColumn, Qt::ToolTipRole).toString().contains(QStringLiteral("wrong person")));
        QCOMPARE(model.rowOf(second), 1);

        QCOMPARE(model.headerData(InjectionHistoryModel::DoseColumn, Qt::Horizontal).toString(), QStringLiteral("Dose"));
        QCOMPARE(model.headerData(InjectionHistoryModel::StatusColumn, Qt::Horizontal).toString(), QStringLiteral("Status"));
        QCOMPARE(model.headerData(InjectionHistoryModel::BodySiteColumn, Qt::Horizontal).toString(), QStringLiteral("Site"));

        model.setHistory({});
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.injectionAt(0), nullptr);
    }
};

QTEST_MAIN(TestInjectionHistoryModel)
#include "tst_injectionhistorymodel.moc"

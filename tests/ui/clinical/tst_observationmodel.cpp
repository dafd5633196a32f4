#include "app/services/InjectionService.h"
#include "app/services/ObservationService.h"
#include "tests/support/Must.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"
#include "ui/observation/ObservationModel.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QFont>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace vax;

namespace {

struct Board {
    test::TestSite site;
    InjectionService injections{site.store(), site.clock()};
    ObservationService observation{site.store(), site.clock()};
    QString lot = site.receive(QStringLiteral("COMIRNATY"), QStringLiteral("FN7792"), 12);

    QString inject(const QString& name, const QString& cccd, qint64 secsAgo = 0)
    {
        DoseRequest d;
        d.personId = site.registerPerson(name, QStringLiteral("1975-04-30"), QStringLiteral("F"), cccd);
        d.lotId = lot;
        d.requireScreening = false;
        d.injectedAt = site.clock().now().addSecs(-secsAgo);
        return test::must(injections.record(site.nurse(), d)).injection.stamp.id;
    }
};

bool isRed(const QVariant& background)
{
    const QColor c = background.value<QBrush>().color();
    return c.isValid() && (c.hslHue() <= 15 || c.hslHue() >= 345) && c.hslSaturation() > 100;
}

} // namespace

class TestObservationModel : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }

    void sortedByDueTimeWithTheCountdown()
    {
        Board b;
        const QString first = b.inject(QStringLiteral("Hồ Thị Xuân"), QStringLiteral("001175000001"));      // 09:00
        b.site.clock().advanceSecs(10 * 60);
        const QString last = b.inject(QStringLiteral("Lê Văn Tám"), QStringLiteral("001175000002"));        // 09:10
        const QString middle = b.inject(QStringLiteral("Trần Thị Hoa"), QStringLiteral("001175000003"), 5 * 60);  // 09:05

        ObservationModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<ObservationItem> board = b.observation.board();
        std::reverse(board.begin(), board.end());
        model.setBoard(board, b.site.clock().now());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, 0).data(ObservationModel::IdRole).toString(), first);
        QCOMPARE(model.index(1, 0).data(ObservationModel::IdRole).toString(), middle);
        QCOMPARE(model.index(2, 0).data(ObservationModel::IdRole).toString(), last);

        QCOMPARE(model.index(0, ObservationModel::NameColumn).data().toString(), QStringLiteral("Hồ Thị Xuân"));
        QCOMPARE(model.index(0, ObservationModel::AgeColumn).data().toString(), QStringLiteral("51 y"));
        QCOMPARE(model.index(0, ObservationModel::VaccineColumn).data().toString(), QStringLiteral("Comirnaty · FN7792"));
        QCOMPARE(model.index(0, ObservationModel::InjectedAtColumn).data().toString(), QStringLiteral("09:00"));
        QCOMPARE(model.index(0, ObservationModel::DueAtColumn).data().toString(), QStringLiteral("09:30"));
        QCOMPARE(model.index(0, ObservationModel::TimeLeftColumn).data().toString(), QStringLiteral("20:00"));
        QCOMPARE(model.index(2, ObservationModel::TimeLeftColumn).data().toString(), QStringLiteral("30:00"));
        QVERIFY(!model.index(0, ObservationModel::NameColumn).data(Qt::BackgroundRole).isValid());
        QCOMPARE(model.overdueCount(), 0);
    }

    void eachTickChangesOnlyTheCountdownColumnAndKeepsTheSelection()
    {
        Board b;
        b.inject(QStringLiteral("Hồ Thị Xuân"), QStringLiteral("001175000001"));
        b.site.clock().advanceSecs(60);
        const QString second = b.inject(QStringLiteral("Lê Văn Tám"), QStringLiteral("001175000002"));
        ObservationModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setBoard(b.observation.board(), b.site.clock().now());
        QItemSelectionModel selection(&model);
        selection.select(model.index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        b.site.clock().advanceSecs(75);
        model.tick(b.site.clock().now());
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        const auto topLeft = changed.first().at(0).value<QModelIndex>();
        const auto bottomRight = changed.first().at(1).value<QModelIndex>();
        QCOMPARE(topLeft.column(), int(ObservationModel::TimeLeftColumn));
        QCOMPARE(bottomRight.column(), int(ObservationModel::TimeLeftColumn));
        QCOMPARE(topLeft.row(), 0);
        QCOMPARE(bottomRight.row(), 1);
        QCOMPARE(model.index(0, ObservationModel::TimeLeftColumn).data().toString(), QStringLiteral("27:45"));
        QCOMPARE(model.index(1, ObservationModel::TimeLeftColumn).data().toString(), QStringLiteral("28:45"));
        QCOMPARE(selection.selectedRows().size(), 1);
        QCOMPARE(selection.selectedRows().first().data(ObservationModel::IdRole).toString(), second);

        // The same people again after a write elsewhere: updated in place, no reset.
        model.setBoard(b.observation.board(), b.site.clock().now());
        QCOMPARE(reset.count(), 0);
        QCOMPARE(selection.selectedRows().size(), 1);
    }

    void whenTheTimeIsUpTheRowTurnsRedAndSaysReady()
    {
        Board b;
        b.inject(QStringLiteral("Hồ Thị Xuân"), QStringLiteral("001175000001"));
        ObservationModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setBoard(b.observation.board(), b.site.clock().now());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        b.site.clock().advanceSecs(30 * 60 + 10);
        model.tick(b.site.clock().now());
        // The countdown column, and the whole row once as it became due (its background).
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.at(1).at(0).value<QModelIndex>().column(), 0);
        QCOMPARE(changed.at(1).at(1).value<QModelIndex>().column(), int(ObservationModel::ColumnCount) - 1);

        QVERIFY(model.index(0, 0).data(ObservationModel::OverdueRole).toBool());
        QCOMPARE(model.index(0, 0).data(ObservationModel::SecondsLeftRole).toLongLong(), -10);
        QCOMPARE(model.index(0, ObservationModel::TimeLeftColumn).data().toString(), QStringLiteral("Ready to release (+00:10)"));
        QVERIFY(model.index(0, ObservationModel::TimeLeftColumn).data(Qt::FontRole).value<QFont>().bold());
        for (int column = 0; column < model.columnCount(); ++column)
            QVERIFY2(isRed(model.index(0, column).data(Qt::BackgroundRole)), qPrintable(QString::number(column)));
        QCOMPARE(model.overdueCount(), 1);

        // Later ticks only move the countdown.
        changed.clear();
        b.site.clock().advanceSecs(1);
        model.tick(b.site.clock().now());
        QCOMPARE(changed.count(), 1);
    }

    void reactionsShowTheSymptomsAndSeriousness()
    {
        Board b;
        const QString id = b.inject(QStringLiteral("Hồ Thị Xuân"), QStringLiteral("001175000001"));
        AdverseEventDraft draft;
        draft.injectionId = id;
        draft.symptoms = {QStringLiteral("urticaria_rash")};
        draft.serious = true;
        draft.seriousCriteria = {SeriousCriterion::Hospitalisation};
        QVERIFY(b.observation.reportAdverseEvent(b.site.nurse(), draft).ok());

        ObservationModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setBoard(b.observation.board(), b.site.clock().now(), {{id, {QStringLiteral("Hives or rash")}}});
        QCOMPARE(model.index(0, 0).data(ObservationModel::ReactionCountRole).toInt(), 1);
        QVERIFY(model.index(0, 0).data(ObservationModel::SeriousReactionRole).toBool());
        QCOMPARE(model.index(0, ObservationModel::ReactionsColumn).data().toString(), QStringLiteral("⚠ SERIOUS: Hives or rash"));
        QVERIFY(model.index(0, ObservationModel::ReactionsColumn).data(Qt::FontRole).value<QFont>().bold());

        model.setBoard(b.observation.board(), b.site.clock().now());  // no symptom texts given
        QCOMPARE(model.index(0, ObservationModel::ReactionsColumn).data().toString(), QStringLiteral("⚠ SERIOUS: 1 reaction(s)"));
    }
};

QTEST_MAIN(TestObservationModel)
#include "tst_observationmodel.moc"

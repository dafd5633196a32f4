#include "app/clinical/QueueStage.h"
#include "app/services/InjectionService.h"
#include "app/services/ScreeningService.h"
#include "tests/support/Screenings.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"
#include "ui/screening/QueueFilter.h"
#include "ui/screening/QueueModel.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QSignalSpy>
#include <QTest>

using namespace vax;

namespace {

// A day at the site: one person at each stage, five minutes apart.
struct Day {
    test::TestSite site;
    ScreeningService screening{site.store(), site.clock(), site.form()};
    InjectionService injections{site.store(), site.clock()};
    QString lot = site.receive(QStringLiteral("VAXZEVRIA"), QStringLiteral("ABX4521"), 20);
    QStringList visits;

    QString arrive(const QString& name, const QString& cccd)
    {
        const QString person = site.registerPerson(name, QStringLiteral("1980-01-15"), QStringLiteral("F"), cccd);
        const QString visit = test::must(screening.checkIn(site.nurse(), person)).stamp.id;
        site.clock().advanceSecs(5 * 60);
        visits << visit;
        return visit;
    }
    void screen(const QString& visit, const QString& yesItem = {})
    {
        test::must(screening.record(site.nurse(), visit, test::allNoExcept(site.form(), yesItem)));
    }

    Day()
    {
        arrive(QStringLiteral("An Waiting"), QStringLiteral("001180000001"));
        screen(arrive(QStringLiteral("Bình Eligible"), QStringLiteral("001180000002")));
        screen(arrive(QStringLiteral("Chi Caution"), QStringLiteral("001180000003")), test::itemLeadingTo(site.form(), ScreeningConclusion::Caution));
        screen(arrive(QStringLiteral("Dung Deferred"), QStringLiteral("001180000004")), test::itemLeadingTo(site.form(), ScreeningConclusion::Defer));
        const QString injected = arrive(QStringLiteral("Em Injected"), QStringLiteral("001180000005"));
        screen(injected);
        DoseRequest d;
        d.personId = site.store().clinical().visit(injected)->personId;
        d.visitId = injected;
        d.lotId = lot;
        test::must(injections.record(site.nurse(), d));
        const QString gone = arrive(QStringLiteral("Giang Cancelled"), QStringLiteral("001180000006"));
        test::must(screening.cancelVisit(site.nurse(), gone, QStringLiteral("went home")));
    }
};

QStringList names(const QAbstractItemModel& model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, QueueModel::NameColumn).data().toString();
    return out;
}

} // namespace

class TestQueueModel : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }

    void theDomainSaysWhereEachVisitStands()
    {
        Day day;
        const QList<QueueEntry> queue = day.screening.queue();
        QCOMPARE(queue.size(), 6);
        const QList<QueueStage> expected{QueueStage::AwaitingScreening, QueueStage::AwaitingInjection, QueueStage::AwaitingInjection,
            QueueStage::NotToday, QueueStage::Injected, QueueStage::Cancelled};
        for (int i = 0; i < queue.size(); ++i)
            QCOMPARE(queueStage(queue.at(i)), expected.at(i));
        // Leaving the queue wins over anything screened before.
        QueueEntry screenedThenGone = queue.at(1);
        screenedThenGone.cancelled = true;
        QCOMPARE(queueStage(screenedThenGone), QueueStage::Cancelled);
    }

    void todaysVisitsInArrivalOrderWithTheirStatus()
    {
        Day day;
        QueueModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEntries(day.screening.queue(), day.site.clock().today());
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.columnCount(), int(QueueModel::ColumnCount));
        QCOMPARE(names(model), (QStringList{QStringLiteral("An Waiting"), QStringLiteral("Bình Eligible"), QStringLiteral("Chi Caution"),
                                   QStringLiteral("Dung Deferred"), QStringLiteral("Em Injected"), QStringLiteral("Giang Cancelled")}));
        QCOMPARE(model.index(0, QueueModel::NumberColumn).data().toInt(), 1);
        QCOMPARE(model.index(0, QueueModel::ArrivedColumn).data().toString(), QStringLiteral("09:00"));
        QCOMPARE(model.index(1, QueueModel::ArrivedColumn).data().toString(), QStringLiteral("09:05"));
        QCOMPARE(model.index(0, QueueModel::IdentityColumn).data().toString(), QStringLiteral("001180000001"));
        QCOMPARE(model.index(0, QueueModel::AgeColumn).data().toString(), QStringLiteral("46 y"));
        QCOMPARE(model.index(2, 0).data(QueueModel::IdRole).toString(), day.visits.at(2));
        QCOMPARE(model.rowOf(day.visits.at(3)), 3);
        QCOMPARE(model.index(2, 0).data(QueueModel::ConclusionRole).toString(), QStringLiteral("caution"));
        QCOMPARE(model.index(0, 0).data(QueueModel::StageRole).toInt(), int(QueueStage::AwaitingScreening));

        // The nurse at the injection table must see caution at a glance.
        QVERIFY(model.index(2, QueueModel::StatusColumn).data().toString().contains(QStringLiteral("Caution")));
        QVERIFY(model.index(2, QueueModel::NameColumn).data(Qt::BackgroundRole).value<QBrush>().color().isValid());
        QVERIFY(!model.index(1, QueueModel::NameColumn).data(Qt::BackgroundRole).isValid());
        QVERIFY(model.index(4, QueueModel::StatusColumn).data().toString().startsWith(QStringLiteral("Injected at")));
        QCOMPARE(model.headerData(QueueModel::NameColumn, Qt::Horizontal).toString(), QStringLiteral("Name"));
    }

    void theFilterShowsTheStagesAScreenWorksOn()
    {
        Day day;
        QueueModel model;
        QueueFilter filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEntries(day.screening.queue(), day.site.clock().today());

        filter.setStages({QueueStage::AwaitingScreening});
        QCOMPARE(names(filter), QStringList{QStringLiteral("An Waiting")});
        filter.setStages({QueueStage::AwaitingInjection});
        QCOMPARE(names(filter), (QStringList{QStringLiteral("Bình Eligible"), QStringLiteral("Chi Caution")}));
        filter.setShowAll(true);
        QCOMPARE(filter.rowCount(), 6);
        filter.setShowAll(false);
        QCOMPARE(filter.rowCount(), 2);
    }

    void aRefreshOfTheSameVisitsUpdatesInPlaceAndMovesTheRowBetweenFilters()
    {
        Day day;
        QueueModel model;
        QueueFilter waiting;
        waiting.setSourceModel(&model);
        waiting.setStages({QueueStage::AwaitingScreening});
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester filterTester(&waiting, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEntries(day.screening.queue(), day.site.clock().today());
        QCOMPARE(waiting.rowCount(), 1);

        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        day.screen(day.visits.first());
        model.setEntries(day.screening.queue(), day.site.clock().today());
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(waiting.rowCount(), 0);  // screened: off the screening queue

        day.arrive(QStringLiteral("Hà Newcomer"), QStringLiteral("001180000007"));
        model.setEntries(day.screening.queue(), day.site.clock().today());
        QCOMPARE(reset.count(), 1);
        QCOMPARE(names(waiting), QStringList{QStringLiteral("Hà Newcomer")});
    }
};

QTEST_MAIN(TestQueueModel)
#include "tst_queuemodel.moc"

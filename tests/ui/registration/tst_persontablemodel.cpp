#include "ui/registration/PersonTableModel.h"

#include "app/people/AdminUnits.h"
#include "app/services/RegistrationService.h"
#include "app/services/ScreeningService.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTest>

using namespace vax;

class TestPersonTableModel : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }

    void listsWhatTheSearchFoundUnderTheTester()
    {
        test::TestSite site;
        RegistrationService reg(site.store(), site.clock(), site.units());
        const QDate today = site.clock().today();
        const AdminUnits::Unit province = *site.units().find(QStringLiteral("01"), AdminUnits::Level::Province, today);  // Hà Nội
        const AdminUnits::Unit ward = site.units().children(province.code, AdminUnits::Level::Ward, today).first();
        PersonDraft d;
        d.fullName = QStringLiteral("Nguyễn Văn Đức");
        d.birthDate = QStringLiteral("12/03/1985");
        d.sex = QStringLiteral("Nam");
        d.cccd = QStringLiteral("001085001234");
        d.cmnd = QStringLiteral("012345678");
        d.phone = QStringLiteral("0912 345 678");
        d.address = QStringLiteral("12 Đội Cấn");
        d.provinceCode = province.code;
        d.wardCode = ward.code;
        auto duc = reg.registerPerson(site.nurse(), d);
        QVERIFY2(duc.ok(), qPrintable(duc.ok() ? QString() : duc.error().message()));
        const QString dung = site.registerPerson(QStringLiteral("Nguyễn Văn Dũng"), QStringLiteral("2025-05-01"));

        PersonTableModel model(site.units());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setToday(today);
        model.setPeople(reg.search(QStringLiteral("nguyen van d")).people);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(PersonTableModel::ColumnCount));

        const int row = model.rowOf(duc->stamp.id);
        QVERIFY(row >= 0);
        auto cell = [&](int r, PersonTableModel::Column c, int role = Qt::DisplayRole) { return model.index(r, c).data(role); };
        QCOMPARE(cell(row, PersonTableModel::NameColumn).toString(), QStringLiteral("Nguyễn Văn Đức"));
        QCOMPARE(cell(row, PersonTableModel::BirthDateColumn).toString(), QStringLiteral("12/03/1985"));
        QCOMPARE(cell(row, PersonTableModel::AgeColumn).toString(), QStringLiteral("41 y"));  // on 25/11/2026
        QCOMPARE(cell(row, PersonTableModel::SexColumn).toString(), QStringLiteral("Male"));
        QCOMPARE(cell(row, PersonTableModel::IdentityColumn).toString(), QStringLiteral("001085001234"));
        // Every document in the tooltip, not only the one shown.
        QVERIFY(cell(row, PersonTableModel::IdentityColumn, Qt::ToolTipRole).toString().contains(QStringLiteral("012345678")));
        QVERIFY(!cell(row, PersonTableModel::PhoneColumn).toString().isEmpty());
        const QString address = cell(row, PersonTableModel::AddressColumn).toString();
        QVERIFY2(address.startsWith(QStringLiteral("12 Đội Cấn, ")) && address.contains(ward.name) && address.contains(province.name),
            qPrintable(address));
        QCOMPARE(cell(row, PersonTableModel::NameColumn, PersonTableModel::IdRole).toString(), duc->stamp.id);
        QCOMPARE(cell(row, PersonTableModel::AgeColumn, PersonTableModel::BirthDateRole).toDate(), QDate(1985, 3, 12));
        // A baby's age is in months.
        QCOMPARE(cell(model.rowOf(dung), PersonTableModel::AgeColumn).toString(), QStringLiteral("19 mo"));

        QCOMPARE(model.headerData(PersonTableModel::NameColumn, Qt::Horizontal).toString(), QStringLiteral("Full name"));
        QCOMPARE(model.headerData(PersonTableModel::TodayColumn, Qt::Horizontal).toString(), QStringLiteral("Today"));
        QCOMPARE(model.headerData(PersonTableModel::IdentityColumn, Qt::Horizontal).toString(), QStringLiteral("ID number"));
    }

    void marksWhoIsAlreadyInTodaysQueue()
    {
        test::TestSite site;
        RegistrationService reg(site.store(), site.clock(), site.units());
        const QString a = site.registerPerson(QStringLiteral("Trần Thị Lan"), QStringLiteral("1990-05-06"), QStringLiteral("F"));
        const QString b = site.registerPerson(QStringLiteral("Trần Văn Nam"), QStringLiteral("1970-01-01"), QStringLiteral("M"));
        PersonTableModel model(site.units());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPeople(reg.search(QStringLiteral("tran")).people);
        QCOMPARE(model.rowCount(), 2);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setTodayStates({{a, PersonTableModel::TodayState::InQueue}, {b, PersonTableModel::TodayState::Vaccinated}});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().column(), int(PersonTableModel::TodayColumn));
        QCOMPARE(model.index(model.rowOf(a), PersonTableModel::TodayColumn).data().toString(), QStringLiteral("In queue"));
        QCOMPARE(model.index(model.rowOf(b), PersonTableModel::TodayColumn).data().toString(), QStringLiteral("Vaccinated"));
        QCOMPARE(model.index(model.rowOf(a), PersonTableModel::TodayColumn).data(PersonTableModel::TodayStateRole).toInt(),
            int(PersonTableModel::TodayState::InQueue));
        QVERIFY(model.index(model.rowOf(a), PersonTableModel::TodayColumn).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(!model.index(model.rowOf(a), PersonTableModel::TodayColumn).data(Qt::ToolTipRole).toString().isEmpty());

        // From the real queue: a check-in makes the person "In queue", the others are not here.
        ScreeningService screening(site.store(), site.clock(), site.form());
        QVERIFY(screening.checkIn(site.nurse(), b).ok());
        model.setQueue(screening.queue());
        QCOMPARE(model.index(model.rowOf(b), PersonTableModel::TodayColumn).data().toString(), QStringLiteral("In queue"));
        QCOMPARE(model.index(model.rowOf(a), PersonTableModel::TodayColumn).data().toString(), QString());

        model.setPeople({});
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.personAt(0), nullptr);
        QCOMPARE(model.rowOf(a), -1);
    }
};

QTEST_MAIN(TestPersonTableModel)
#include "tst_persontablemodel.moc"

#include "app/services/ScreeningService.h"
#include "tests/support/Pages.h"
#include "tests/support/Screenings.h"
#include "tests/support/SqlWarnings.h"
#include "tests/support/TestSite.h"
#include "ui/AppContext.h"
#include "ui/common/ReasonDialog.h"
#include "ui/screening/QueueModel.h"
#include "ui/screening/ScreeningPage.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTest>

using namespace vax;

namespace {

// A screening station on a real site database, one person checked in, the page on screen.
struct Station {
    test::TestSite site;
    AppContext context{site.store(), site.clock(), site.units(), site.form()};
    QString person;
    QString visit;
    ScreeningPage page{context};

    Station()
    {
        context.setSession(site.nurse());
        person = site.registerPerson(QStringLiteral("Nguyễn Văn Đức"), QStringLiteral("1985-03-12"), QStringLiteral("M"),
            QStringLiteral("001085012345"));
        visit = test::must(context.screening().checkIn(site.nurse(), person)).stamp.id;
        context.notifyDataChanged();
        test::showActive(page);
        page.selectVisit(visit);
    }

    template <typename T>
    T* child(const QString& name)
    {
        return test::child<T>(page, name);
    }
    QWidget* focus() { return QApplication::focusWidget(); }
    qint64 screenings() { return site.count(QStringLiteral("screening")); }
    int indexOf(const QString& itemKey) const
    {
        const auto& items = site.form().items();
        for (int i = 0; i < items.size(); ++i) {
            if (items.at(i).key == itemKey)
                return i;
        }
        return -1;
    }
};

} // namespace

class TestScreeningPage : public QObject
{
    Q_OBJECT

private slots:
    void init() { test::failOnSqlWarnings(); }

    void allNoTemperatureAndSaveMakesThePersonEligible()
    {
        Station s;
        QCOMPARE(s.page.objectName(), QStringLiteral("screeningPage"));
        QVERIFY(s.child<QLabel>(QStringLiteral("personSummaryLabel"))->text().contains(QStringLiteral("Nguyễn Văn Đức")));
        QVERIFY(s.child<QLabel>(QStringLiteral("personSummaryLabel"))->text().contains(QStringLiteral("001085012345")));
        QSignalSpy screened(&s.page, &ScreeningPage::screened);

        QTest::keyClick(s.focus(), Qt::Key_N, Qt::AltModifier);  // All No
        QCOMPARE(s.focus(), s.child<QLineEdit>(QStringLiteral("temperatureLineEdit")));
        for (const ScreeningForm::Item& item : s.site.form().items())
            QVERIFY(s.child<QRadioButton>(item.key + QStringLiteral("_noRadioButton"))->isChecked());
        QTest::keyClicks(s.focus(), QStringLiteral("36.6"));
        QTest::keyClick(s.focus(), Qt::Key_Return, Qt::ControlModifier);

        QCOMPARE(screened.count(), 1);
        QCOMPARE(screened.first().at(0).toString(), s.visit);
        QCOMPARE(screened.first().at(1).toBool(), true);
        QCOMPARE(s.screenings(), 1);
        const auto stored = s.site.store().clinical().latestScreening(s.visit);
        QVERIFY(stored);
        QCOMPARE(stored->conclusion, ScreeningConclusion::Eligible);
        QCOMPARE(stored->answers.temperatureC, std::optional<double>(36.6));
        auto* conclusion = s.child<QLabel>(QStringLiteral("conclusionLabel"));
        QVERIFY(conclusion->isVisible());
        QCOMPARE(conclusion->property("conclusion").toString(), QStringLiteral("eligible"));
        QVERIFY(conclusion->text().contains(s.site.form().conclusionText(ScreeningConclusion::Eligible, QLocale())));
        QVERIFY(conclusion->styleSheet().contains(QStringLiteral("#2e7d32")));  // green
        // Screened: off the screening queue, and a second Ctrl+Enter saves nothing more.
        auto* queue = s.child<QAbstractItemView>(QStringLiteral("screeningQueueTableView"));
        QCOMPARE(queue->model()->rowCount(), 0);
        // The empty queue says so, and where people come from.
        auto* nobody = queue->viewport()->findChild<QLabel*>(QStringLiteral("emptyHintLabel"));
        QVERIFY(nobody && !nobody->isHidden());
        QVERIFY2(nobody->text().contains(QStringLiteral("checked in at registration")), qPrintable(nobody->text()));
        QTest::keyClick(s.focus(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(s.screenings(), 1);
        // Everyone today shows them again.
        s.child<QCheckBox>(QStringLiteral("showAllCheckBox"))->setChecked(true);
        QCOMPARE(queue->model()->rowCount(), 1);
        QVERIFY(nobody->isHidden());
    }

    void anImplausibleTemperatureIsShownInlineAndNothingIsSaved()
    {
        Station s;
        QSignalSpy screened(&s.page, &ScreeningPage::screened);
        QTest::keyClick(s.focus(), Qt::Key_N, Qt::AltModifier);
        QTest::keyClicks(s.focus(), QStringLiteral("3.7"));
        QTest::keyClick(s.focus(), Qt::Key_S, Qt::ControlModifier);

        QCOMPARE(screened.count(), 0);
        QCOMPARE(s.screenings(), 0);
        auto* error = s.child<QLabel>(QStringLiteral("temperatureErrorLabel"));
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("3.7")), qPrintable(error->text()));
        QCOMPARE(s.focus(), s.child<QLineEdit>(QStringLiteral("temperatureLineEdit")));
        QVERIFY(!s.child<QLabel>(QStringLiteral("conclusionLabel"))->isVisible());
    }

    void unansweredItemsAreMarkedEachOnItsRow()
    {
        Station s;
        QTest::keyClicks(s.child<QLineEdit>(QStringLiteral("temperatureLineEdit")), QStringLiteral("36.8"));
        s.child<QLineEdit>(QStringLiteral("temperatureLineEdit"))->setFocus();
        QTest::keyClick(s.focus(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(s.screenings(), 0);
        for (const ScreeningForm::Item& item : s.site.form().items())
            QVERIFY2(s.child<QLabel>(item.key + QStringLiteral("ErrorLabel"))->isVisible(), qPrintable(item.key));
        // The cursor goes to the first question to answer.
        QCOMPARE(s.focus()->objectName(), s.site.form().items().first().key + QStringLiteral("_noRadioButton"));
    }

    void aYesThatDefersGivesARedConclusionAndNoInjection()
    {
        Station s;
        const QString key = test::itemLeadingTo(s.site.form(), ScreeningConclusion::Defer, false);
        QSignalSpy screened(&s.page, &ScreeningPage::screened);
        QTest::keyClick(s.focus(), Qt::Key_N, Qt::AltModifier);
        QTest::keyClicks(s.focus(), QStringLiteral("36,9"));  // a Vietnamese decimal comma is fine
        // To the question with the keyboard: from the first one, ↓ item by item.
        s.child<QRadioButton>(s.site.form().items().first().key + QStringLiteral("_noRadioButton"))->setFocus();
        for (int i = 0; i < s.indexOf(key); ++i)
            QTest::keyClick(s.focus(), Qt::Key_Down);
        QCOMPARE(s.focus()->objectName(), key + QStringLiteral("_noRadioButton"));
        QTest::keyClick(s.focus(), Qt::Key_Y);
        QVERIFY(s.child<QRadioButton>(key + QStringLiteral("_yesRadioButton"))->isChecked());
        QTest::keyClick(s.focus(), Qt::Key_Return, Qt::ControlModifier);

        QCOMPARE(screened.count(), 1);
        QCOMPARE(screened.first().at(1).toBool(), false);
        QCOMPARE(s.site.store().clinical().latestScreening(s.visit)->conclusion, ScreeningConclusion::Defer);
        auto* conclusion = s.child<QLabel>(QStringLiteral("conclusionLabel"));
        QCOMPARE(conclusion->property("conclusion").toString(), QStringLiteral("defer"));
        QVERIFY(conclusion->styleSheet().contains(QStringLiteral("#c62828")));  // red
        QVERIFY(conclusion->text().contains(s.site.form().item(key)->text(QLocale()).toHtmlEscaped()));
    }

    void anAllergyNeedsTheAllergenBeforeSaving()
    {
        Station s;
        const QString key = test::itemLeadingTo(s.site.form(), ScreeningConclusion::Caution, true);
        auto* detail = s.child<QLineEdit>(key + QStringLiteral("DetailLineEdit"));
        QVERIFY(!detail->isEnabled());
        QTest::keyClick(s.focus(), Qt::Key_N, Qt::AltModifier);
        QTest::keyClicks(s.focus(), QStringLiteral("36.5"));
        auto* no = s.child<QRadioButton>(key + QStringLiteral("_noRadioButton"));
        no->setFocus();
        QTest::keyClick(no, Qt::Key_Right);  // the arrow changes the answer to Yes
        QVERIFY(s.child<QRadioButton>(key + QStringLiteral("_yesRadioButton"))->isChecked());
        QVERIFY(detail->isEnabled());
        QTest::keyClick(s.focus(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(s.screenings(), 0);
        QVERIFY(s.child<QLabel>(key + QStringLiteral("ErrorLabel"))->isVisible());
        QCOMPARE(s.focus(), detail);

        QTest::keyClicks(detail, QStringLiteral("penicillin"));
        QTest::keyClick(detail, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(s.screenings(), 1);
        const auto stored = s.site.store().clinical().latestScreening(s.visit);
        QCOMPARE(stored->conclusion, ScreeningConclusion::Caution);
        QCOMPARE(stored->answers.details.value(key), QStringLiteral("penicillin"));
        QCOMPARE(s.child<QLabel>(QStringLiteral("conclusionLabel"))->property("conclusion").toString(), QStringLiteral("caution"));
    }

    void tabGoesQuestionByQuestionAndNumberKeysAnswer()
    {
        Station s;
        const auto& items = s.site.form().items();
        QCOMPARE(s.focus()->objectName(), items.first().key + QStringLiteral("_noRadioButton"));
        QTest::keyClick(s.focus(), Qt::Key_N, Qt::AltModifier);
        s.child<QRadioButton>(items.first().key + QStringLiteral("_noRadioButton"))->setFocus();
        // Answered items take one Tab each: the chosen option.
        QTest::keyClick(s.focus(), Qt::Key_Tab);
        QCOMPARE(s.focus()->objectName(), items.at(1).key + QStringLiteral("_noRadioButton"));

        // An item with three options: key 3 chooses the third and moves on.
        int pregnancy = -1;
        for (int i = 0; i < items.size(); ++i)
            pregnancy = items.at(i).options.size() == 3 && pregnancy < 0 ? i : pregnancy;
        QVERIFY(pregnancy > 0);
        auto* first = s.child<QRadioButton>(items.at(pregnancy).key + QLatin1Char('_') + items.at(pregnancy).options.first().value
            + QStringLiteral("RadioButton"));
        first->setFocus();
        QTest::keyClick(first, Qt::Key_3);
        QVERIFY(s.child<QRadioButton>(items.at(pregnancy).key + QLatin1Char('_') + items.at(pregnancy).options.at(2).value
                    + QStringLiteral("RadioButton"))
                    ->isChecked());
        QCOMPARE(s.focus()->objectName(), items.at(pregnancy + 1).key + QStringLiteral("_noRadioButton"));
    }

    void someoneCheckingInElsewhereDoesNotWipeTheFormBeingFilled()
    {
        Station s;
        QTest::keyClick(s.focus(), Qt::Key_N, Qt::AltModifier);
        QTest::keyClicks(s.focus(), QStringLiteral("36.6"));
        const QString other = s.site.registerPerson(QStringLiteral("Trần Thị Mai"), QStringLiteral("1992-07-01"), QStringLiteral("F"),
            QStringLiteral("001192000111"));
        QVERIFY(s.context.screening().checkIn(s.site.nurse(), other).ok());
        s.context.notifyDataChanged();  // as the registration desk does

        auto* queue = s.child<QAbstractItemView>(QStringLiteral("screeningQueueTableView"));
        QCOMPARE(queue->model()->rowCount(), 2);
        QCOMPARE(queue->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(queue->selectionModel()->selectedRows().first().data(QueueModel::IdRole).toString(), s.visit);
        QCOMPARE(s.child<QLineEdit>(QStringLiteral("temperatureLineEdit"))->text(), QStringLiteral("36.6"));
        QVERIFY(s.child<QRadioButton>(s.site.form().items().first().key + QStringLiteral("_noRadioButton"))->isChecked());
        QTest::keyClick(s.focus(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(s.site.store().clinical().latestScreening(s.visit)->personId, s.person);
    }

    void cancellingTheVisitTakesThePersonOffTheQueue()
    {
        Station s;
        ReasonDialog::setNextReason(QStringLiteral("Felt unwell, will come back next week"));
        QTest::keyClick(s.focus(), Qt::Key_C, Qt::AltModifier);
        QVERIFY(s.site.store().clinical().isVoided(s.visit));
        QCOMPARE(s.child<QAbstractItemView>(QStringLiteral("screeningQueueTableView"))->model()->rowCount(), 0);
        QVERIFY(s.child<QLabel>(QStringLiteral("conclusionLabel"))->text().contains(QStringLiteral("Felt unwell")));
        QVERIFY(!s.child<QPushButton>(QStringLiteral("saveScreeningButton"))->isEnabled());
    }
};

QTEST_MAIN(TestScreeningPage)
#include "tst_screeningpage.moc"

#pragma once

#include "app/clinical/ScreeningForm.h"
#include "ui/common/FieldErrors.h"

#include <QList>
#include <QWidget>

class QButtonGroup;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace vax {

// The screening form, built at run time from ScreeningForm data: one row per item with a
// radio group of its options (named "<item>_<option>RadioButton"), a detail box where the
// item asks for one ("<item>DetailLineEdit"), the vital signs, and an error line under each.
//
// Keyboard: Tab goes from item to item (only the chosen option of an answered item takes
// Tab), arrows change the answer, 1–9 choose the n-th option, N / Y (or K / C) choose No /
// Yes; a key that chooses moves on to the next item, or into the detail box when one is due.
class ScreeningChecklist final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScreeningChecklist)

public:
    explicit ScreeningChecklist(const ScreeningForm& form, QWidget* parent = nullptr);
    ~ScreeningChecklist() override;

    // What was entered. A vital sign that is not a number is an error naming that vital.
    Result<ScreeningAnswers> answers() const;
    // Answers "no" to every item that has it; the nurse then changes the exceptions.
    void setAllNo();
    void clear();

    // Errors by item and vital key under their rows; others go to the general label.
    void setGeneralErrorLabel(QLabel* label);
    QWidget* showErrors(const Error& error);
    void clearErrors();
    QString errorShown(const QString& key) const;

    // Where the nurse starts: the first item's chosen (or first) option.
    QWidget* firstInput() const;
    QLineEdit* vitalInput(const QString& vitalKey) const;
    // The object name of a vital's line edit: "temperatureLineEdit" for "temperature_c".
    static QString vitalObjectName(const QString& vitalKey);

signals:
    void changed();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct ItemRow {
        ScreeningForm::Item item;
        QButtonGroup* group = nullptr;
        QList<QRadioButton*> buttons;
        QLabel* text = nullptr;
        QLineEdit* detail = nullptr;
        QLabel* error = nullptr;
    };
    struct VitalRow {
        ScreeningForm::Vital vital;
        QLineEdit* edit = nullptr;
        QLabel* error = nullptr;
    };

    void buildItems(const QLocale& locale);
    void buildVitals(const QLocale& locale);
    void answerChanged(int row);
    void focusItem(int row);
    int rowOfButton(const QObject* button) const;
    void choose(int row, int option);

    QList<ItemRow> m_items;
    QList<VitalRow> m_vitals;
    FieldErrors m_errors;
};

} // namespace vax

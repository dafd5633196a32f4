#pragma once

#include "app/clinical/ScreeningForm.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace vax {

class AppContext;
class QueueList;
class ScreeningChecklist;

// The screening station: today's queue (those waiting for screening, or everyone), the
// person, the checklist with vital signs, and the conclusion in large coloured text.
// Keyboard: ↑/↓ in the queue picks the person, Alt+N answers No to everything, Ctrl+Return
// (or Ctrl+S) saves, Alt+C cancels the visit.
class ScreeningPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScreeningPage)

public:
    explicit ScreeningPage(AppContext& context, QWidget* parent = nullptr);
    ~ScreeningPage() override;

    // Shows the visit (everyone is shown when it is not waiting for screening) and puts the
    // cursor on the first question.
    void selectVisit(const QString& visitId);

signals:
    void screened(const QString& visitId, bool mayInject);

private:
    void refresh();
    void load(const QString& visitId);
    void unload();
    void deselect();
    void setAllNo();
    void save();
    void cancelVisit();
    void showConclusion(const QString& name, const ScreeningOutcome& outcome, const QString& when);

    AppContext& m_context;
    QueueList* m_queue = nullptr;
    QCheckBox* m_showAll = nullptr;
    QLabel* m_summary = nullptr;
    QPushButton* m_setAllNo = nullptr;
    ScreeningChecklist* m_checklist = nullptr;
    QLineEdit* m_note = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_cancelVisit = nullptr;
    QLabel* m_conclusion = nullptr;
    QString m_visitId;
    QString m_personName;
};

} // namespace vax

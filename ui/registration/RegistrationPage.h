#pragma once

#include "app/services/RegistrationService.h"
#include "ui/registration/PersonTableModel.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QShortcut;
class QTableView;
class QTimer;

namespace vax {

class AppContext;
class PersonForm;

// The registration desk: find a person as you type (a name without diacritics, an ID, a phone,
// or a scan of the chip-ID card's QR), register or correct them on the form beside the results,
// and check them in to today's queue. Keyboard and scanner only:
//   Ctrl+F search · Up/Down pick · Enter or Ctrl+E edit · Ctrl+N new · Ctrl+Enter check in ·
//   Ctrl+H history · in the form Ctrl+S or Ctrl+Enter save, Esc cancel.
class RegistrationPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistrationPage)

public:
    explicit RegistrationPage(AppContext& context, QWidget* parent = nullptr);
    ~RegistrationPage() override;

    // Focus in the search box with its text selected, ready for the next person.
    void focusSearch();
    QString selectedPersonId() const;

signals:
    void historyRequested(const QString& personId);
    void checkedIn(const QString& visitId);  // after a successful check-in

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void searchCentral();
    void buildUi();
    void runSearch();
    void searchEntered();
    void setSearchText(const QString& text);
    void refresh();
    void refreshTodayStates();
    void showInfo(const PersonSearch& search);
    void selectPerson(const QString& personId);
    void moveSelection(int rows);
    void updateActions();
    void showStatus(const QString& text, bool warning = false);

    void newPerson();
    void editPerson();
    void openForm();
    void closeForm();
    void cancelForm();
    void savePerson();
    void openExistingInstead(const Error& error, const PersonDraft& draft);
    void checkIn();
    void openHistory();

    AppContext& m_context;
    PersonTableModel* m_model = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_info = nullptr;
    QLabel* m_status = nullptr;
    QTableView* m_table = nullptr;
    QPushButton* m_newButton = nullptr;
    QPushButton* m_editButton = nullptr;
    QPushButton* m_checkInButton = nullptr;
    QPushButton* m_historyButton = nullptr;
    QPushButton* m_centralButton = nullptr;
    PersonForm* m_form = nullptr;
    QTimer* m_debounce = nullptr;
    QShortcut* m_checkInShortcut = nullptr;
    PersonSearch m_lastSearch;
    QString m_searchedText;  // the text m_lastSearch was made for
    QDate m_statesDay;       // the day the today-states were read for
};

} // namespace vax

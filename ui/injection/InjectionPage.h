#pragma once

#include "ui/common/FieldErrors.h"

#include <QDateTime>
#include <QWidget>

class QCheckBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QTableView;

namespace vax {

class AppContext;
class LotChoiceModel;
class QueueList;

// The injection station: those screened to inject today (a caution row in amber), the dose
// number from the person's history, the lot to take the vial from (an open vial first, then
// first expiry first, preselected), the arm, and Record. A lot's open vial shows its doses left
// and a countdown to its discard time; in the last VialService::kWarnMinutes a banner says so,
// and at that time the page records what is left as open-vial wastage and offers the lot
// without it. Keyboard: ↑/↓ in a list, L / R the arm, Ctrl+Return records, Ctrl+Shift+X closes
// the session (as on the stock screen).
class InjectionPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InjectionPage)

public:
    explicit InjectionPage(AppContext& context, QWidget* parent = nullptr);
    ~InjectionPage() override;

    // Shows the visit if it is waiting for injection and puts the cursor on the lot list.
    void selectVisit(const QString& visitId);
    // Moves the open vials' countdown to the context clock's now and discards those past their
    // time; a timer calls it every few seconds.
    void tick();

signals:
    void doseRecorded(const QString& injectionId);

private:
    void refresh();
    void refreshLots();
    void load(const QString& visitId);
    void unload();
    void selectLot(int row);
    QString selectedLotId() const;
    void recordDose();
    void showVialWarning(const QDateTime& now);
    void discardExpiredVials();
    void closeSession();
    void updateCloseSession();
    void showVialStatus(const QString& text, bool problem = false);

    AppContext& m_context;
    QueueList* m_queue = nullptr;
    LotChoiceModel* m_lots = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_screeningError = nullptr;
    QLabel* m_doseNumber = nullptr;
    QLabel* m_vialWarning = nullptr;
    QTableView* m_lotTable = nullptr;
    QLabel* m_lotError = nullptr;
    QRadioButton* m_leftArm = nullptr;
    QRadioButton* m_rightArm = nullptr;
    QFrame* m_cautionFrame = nullptr;
    QCheckBox* m_cautionConfirm = nullptr;
    QLabel* m_cautionError = nullptr;
    QLineEdit* m_note = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_record = nullptr;
    QPushButton* m_closeSession = nullptr;
    QLabel* m_vialStatus = nullptr;
    QLabel* m_warnings = nullptr;
    FieldErrors m_errors;
    QString m_visitId;
    QString m_personId;
    QString m_personName;
    QString m_preferredProduct;  // the product of the person's previous dose
    QDateTime m_nextDiscard;     // the soonest discard time of a vial open here
};

} // namespace vax

#pragma once

#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QTableView;

namespace vax {

class AefiSymptoms;
class AppContext;
class ObservationModel;

// The observation board: everyone injected and not yet released, by due time, with a live
// countdown (red once the time is up), release, reactions and transfer to hospital.
// Keyboard: ↑/↓ picks the person, Ctrl+R releases, Ctrl+E reports a reaction, Ctrl+T transfers.
class ObservationPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ObservationPage)

public:
    explicit ObservationPage(AppContext& context, QWidget* parent = nullptr);
    ~ObservationPage() override;

    void selectInjection(const QString& injectionId);
    // Moves the countdown to the context clock's now; a timer calls it every second.
    void tick();

private:
    void refresh();
    void updateSummary();
    int selectedRow() const;
    void selectRow(int row);
    void release();
    void transfer();
    void reportReaction();
    void showStatus(const QString& text, bool problem = false);

    AppContext& m_context;
    std::unique_ptr<AefiSymptoms> m_symptoms;
    ObservationModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_release = nullptr;
    QPushButton* m_reportReaction = nullptr;
    QPushButton* m_transfer = nullptr;
};

} // namespace vax

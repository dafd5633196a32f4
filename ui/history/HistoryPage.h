#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace vax {

class AppContext;
class InjectionHistoryModel;
struct Person;

// One person's record: who they are, every dose (voided ones struck through with the reason),
// their screenings and reactions; a dose recorded in error is voided here with a reason
// (Ctrl+D), which gives it back to stock.
class HistoryPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryPage)

public:
    explicit HistoryPage(AppContext& context, QWidget* parent = nullptr);
    ~HistoryPage() override;

    void showPerson(const QString& personId);
    const QString& personId() const { return m_personId; }

private:
    void buildUi();
    void reload();
    void showHeader(const Person* person);
    void showScreeningsAndReactions();
    void updateActions();
    void voidDose();

    AppContext& m_context;
    QString m_personId;
    InjectionHistoryModel* m_model = nullptr;
    QLabel* m_header = nullptr;
    QLabel* m_dosesLabel = nullptr;
    QLabel* m_status = nullptr;
    QTableView* m_table = nullptr;
    QPushButton* m_voidButton = nullptr;
    QTextBrowser* m_reactions = nullptr;
};

} // namespace vax

#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace vax {

class CentralPersonModel;
namespace sync {
class SyncController;
}

// Finds a person registered at another site on central (online), and brings the chosen one
// here with every dose: Enter searches, then Enter on a row brings them. Whatever other sites
// record for them later comes with every sync.
class CentralLookupDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CentralLookupDialog)

public:
    CentralLookupDialog(sync::SyncController& sync, const QString& text, QWidget* parent = nullptr);

signals:
    // The person is now in this site's database.
    void attached(const QString& personId);

private:
    void search();
    void attachSelected();
    void setBusy(bool busy, const QString& message = {});

    sync::SyncController& m_sync;
    CentralPersonModel* m_model = nullptr;
    QLineEdit* m_text = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_searchButton = nullptr;
    QPushButton* m_attachButton = nullptr;
};

} // namespace vax

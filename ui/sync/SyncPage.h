#pragma once

#include "app/store/SyncRepository.h"
#include "sync/SyncStatus.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;

namespace vax {

class AppContext;
class BundleModel;
class RejectionModel;
class ReviewModel;
class SyncHistoryModel;

// Where this device stands with central, for the site manager: online or not, what waits, the
// last sync and the next; sync now (F9); enrol the device; a bundle out (Ctrl+Shift+E) or in
// (Ctrl+Shift+I) when there is no internet; and the lists sync leaves for people: changes
// central refused with its reasons, values to review after a merge, past runs, bundles carried.
class SyncPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncPage)

public:
    explicit SyncPage(AppContext& context, QWidget* parent = nullptr);
    ~SyncPage() override;

    void reload();

private:
    void buildUi();
    void showStatus(const sync::SyncStatus& status);
    void syncNow();
    void enrol();
    void exportBundle();
    void importBundle();
    void keepReviewed();
    void useOtherValue();
    void updateActions();
    const ReviewItem* selectedReview() const;

    AppContext& m_context;
    SyncHistoryModel* m_history = nullptr;
    RejectionModel* m_rejections = nullptr;
    ReviewModel* m_review = nullptr;
    BundleModel* m_bundles = nullptr;
    QLabel* m_headline = nullptr;
    QLabel* m_details = nullptr;
    QPushButton* m_syncButton = nullptr;
    QPushButton* m_enrolButton = nullptr;
    QPushButton* m_exportButton = nullptr;
    QPushButton* m_importButton = nullptr;
    QPushButton* m_keepButton = nullptr;
    QPushButton* m_useOtherButton = nullptr;
    QTabWidget* m_lists = nullptr;
    QTableView* m_reviewTable = nullptr;
};

} // namespace vax

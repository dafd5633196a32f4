#include "SyncPage.h"

#include "app/common/Clock.h"
#include "app/services/ReviewService.h"
#include "app/store/SiteStore.h"
#include "sync/SyncController.h"
#include "ui/AppContext.h"
#include "ui/common/FileDialog.h"
#include "ui/common/EmptyHint.h"
#include "ui/common/ListTable.h"
#include "ui/common/MessageBox.h"
#include "ui/common/PageShortcut.h"
#include "ui/common/ReasonDialog.h"
#include "ui/sync/BundleModel.h"
#include "ui/sync/EnrolDialog.h"
#include "ui/sync/RejectionModel.h"
#include "ui/sync/ReviewModel.h"
#include "ui/sync/SyncHistoryModel.h"
#include "ui/sync/SyncStatusText.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace vax {

namespace {

constexpr int kHistoryShown = 200;
const QString kBundleFilter = QStringLiteral("VaxStation bundles (*.vaxbundle)");

} // namespace

SyncPage::SyncPage(AppContext& context, QWidget* parent)
    : QWidget(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("syncPage"));
    buildUi();
    connect(&context, &AppContext::dataChanged, this, &SyncPage::reload);
    if (sync::SyncController* sync = context.syncController()) {
        connect(sync, &sync::SyncController::statusChanged, this, &SyncPage::showStatus);
        connect(sync, &sync::SyncController::runFinished, this, &SyncPage::reload);
        showStatus(sync->status());
    } else {
        sync::SyncStatus alone;
        alone.waiting = context.store().pendingChanges();
        showStatus(alone);
    }
    reload();
}

SyncPage::~SyncPage() = default;

void SyncPage::buildUi()
{
    auto* layout = new QVBoxLayout(this);
    m_headline = new QLabel(this);
    m_headline->setObjectName(QStringLiteral("syncHeadlineLabel"));
    m_headline->setStyleSheet(QStringLiteral("font-size: 14pt; font-weight: bold;"));
    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("syncDetailsLabel"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_headline);
    layout->addWidget(m_details);

    auto* buttons = new QHBoxLayout;
    m_syncButton = new QPushButton(tr("Sync now  (F9)"), this);
    m_syncButton->setObjectName(QStringLiteral("syncNowPushButton"));
    m_enrolButton = new QPushButton(tr("Enrol this device…"), this);
    m_enrolButton->setObjectName(QStringLiteral("enrolPushButton"));
    m_exportButton = new QPushButton(tr("Export bundle…  (Ctrl+Shift+E)"), this);
    m_exportButton->setObjectName(QStringLiteral("exportBundlePushButton"));
    m_exportButton->setToolTip(tr("No internet here: write this device's unsent changes to a file (a USB stick) for another "
                                  "laptop of the site to carry to central."));
    m_importButton = new QPushButton(tr("Import bundle…  (Ctrl+Shift+I)"), this);
    m_importButton->setObjectName(QStringLiteral("importBundlePushButton"));
    m_importButton->setToolTip(tr("Take a mobile team's bundle file: its work shows here at once and goes to central with the next sync."));
    for (QPushButton* b : {m_syncButton, m_enrolButton, m_exportButton, m_importButton})
        buttons->addWidget(b);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    m_lists = new QTabWidget(this);
    m_lists->setObjectName(QStringLiteral("syncListsTabWidget"));
    m_history = new SyncHistoryModel(this);
    m_rejections = new RejectionModel(this);
    m_review = new ReviewModel(this);
    m_bundles = new BundleModel(this);
    auto* historyTable = newListTable(m_lists, QStringLiteral("syncHistoryTableView"), m_history);
    historyTable->horizontalHeader()->setSectionResizeMode(SyncHistoryModel::ResultColumn, QHeaderView::Stretch);
    auto* rejectionTable = newListTable(m_lists, QStringLiteral("rejectionTableView"), m_rejections);
    rejectionTable->horizontalHeader()->setSectionResizeMode(RejectionModel::ReasonColumn, QHeaderView::Stretch);
    rejectionTable->setWordWrap(true);
    auto* bundleTable = newListTable(m_lists, QStringLiteral("bundleTableView"), m_bundles);
    bundleTable->horizontalHeader()->setSectionResizeMode(BundleModel::OutcomeColumn, QHeaderView::Stretch);

    auto* reviewTab = new QWidget(m_lists);
    auto* reviewLayout = new QVBoxLayout(reviewTab);
    m_reviewTable = newListTable(reviewTab, QStringLiteral("reviewTableView"), m_review);
    m_reviewTable->horizontalHeader()->setSectionResizeMode(ReviewModel::OtherColumn, QHeaderView::Stretch);
    reviewLayout->addWidget(m_reviewTable, 1);
    auto* reviewButtons = new QHBoxLayout;
    m_keepButton = new QPushButton(tr("Keep this value"), reviewTab);
    m_keepButton->setObjectName(QStringLiteral("keepValuePushButton"));
    m_useOtherButton = new QPushButton(tr("Use the other value"), reviewTab);
    m_useOtherButton->setObjectName(QStringLiteral("useOtherValuePushButton"));
    reviewButtons->addStretch(1);
    reviewButtons->addWidget(m_keepButton);
    reviewButtons->addWidget(m_useOtherButton);
    reviewLayout->addLayout(reviewButtons);

    showWhenEmpty(historyTable, tr("No sync yet: the first runs as soon as central answers."));
    showWhenEmpty(rejectionTable, tr("Central has refused nothing from this laptop."));
    showWhenEmpty(m_reviewTable, tr("Nothing to review: no changes that clashed, and no suspected duplicates at this site."));
    showWhenEmpty(bundleTable, tr("No bundle imported here yet. A mobile team's bundle comes in with Import bundle… (Ctrl+Shift+I)."));
    m_lists->addTab(historyTable, tr("History"));
    m_lists->addTab(rejectionTable, tr("Refused by central"));
    m_lists->addTab(reviewTab, tr("To review"));
    m_lists->addTab(bundleTable, tr("Bundles carried"));
    layout->addWidget(m_lists, 1);

    connect(m_syncButton, &QPushButton::clicked, this, &SyncPage::syncNow);
    connect(m_enrolButton, &QPushButton::clicked, this, &SyncPage::enrol);
    connect(m_exportButton, &QPushButton::clicked, this, &SyncPage::exportBundle);
    connect(m_importButton, &QPushButton::clicked, this, &SyncPage::importBundle);
    connect(m_keepButton, &QPushButton::clicked, this, &SyncPage::keepReviewed);
    connect(m_useOtherButton, &QPushButton::clicked, this, &SyncPage::useOtherValue);
    connect(pageShortcut(this, {QKeySequence(Qt::Key_F9)}), &QShortcut::activated, this, &SyncPage::syncNow);
    connect(pageShortcut(this, {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)}), &QShortcut::activated, this, &SyncPage::exportBundle);
    connect(pageShortcut(this, {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I)}), &QShortcut::activated, this, &SyncPage::importBundle);
    connect(m_reviewTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SyncPage::updateActions);
}

void SyncPage::reload()
{
    SyncRepository& sync = m_context.store().sync();
    m_history->setItems(sync.history(kHistoryShown));
    m_rejections->setItems(sync.rejections());
    m_review->setItems(sync.reviewItems(false));
    m_bundles->setItems(sync.bundles());
    m_lists->setTabText(1, tr("Refused by central (%1)").arg(m_rejections->rowCount()));
    m_lists->setTabText(2, tr("To review (%1)").arg(m_review->rowCount()));
    m_lists->setTabText(3, tr("Bundles carried (%1)").arg(m_bundles->rowCount()));
    updateActions();
}

void SyncPage::showStatus(const sync::SyncStatus& status)
{
    const QDateTime now = m_context.clock().now();
    m_headline->setText(SyncStatusText::headline(status, now));
    m_headline->setStyleSheet(QStringLiteral("font-size: 14pt; font-weight: bold; color: %1;")
                                  .arg(SyncStatusText::colour(status).darker(150).name()));
    m_details->setText(SyncStatusText::details(status, now));
    const bool enrolled = status.link != sync::SyncStatus::Link::NotEnrolled;
    const bool refused = status.link == sync::SyncStatus::Link::Refused;
    const bool controller = m_context.syncController() != nullptr;
    m_syncButton->setEnabled(controller && enrolled && !status.running);
    m_enrolButton->setVisible(!enrolled || refused);
    m_enrolButton->setText(refused ? tr("Enrol this device again…") : tr("Enrol this device…"));
    m_enrolButton->setEnabled(controller);
    m_exportButton->setEnabled(controller && enrolled);
    m_importButton->setEnabled(controller && enrolled);
}

const ReviewItem* SyncPage::selectedReview() const
{
    const QModelIndexList rows = m_reviewTable->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : m_review->itemAt(rows.first().row());
}

void SyncPage::updateActions()
{
    const ReviewItem* item = selectedReview();
    const bool manager = m_context.loggedIn() && m_context.session().may(Permission::CorrectRecords);
    const QString kind = item ? item->kind : QString();
    if (kind == QLatin1String("duplicate_person")) {
        m_keepButton->setText(tr("Two different people"));
        m_useOtherButton->setText(tr("Same person: merge this site's record"));
    } else if (kind == QLatin1String("duplicate_dose")) {
        m_keepButton->setText(tr("Both doses are right"));
        m_useOtherButton->setText(tr("Recorded twice: void this site's copy…"));
    } else if (kind == QLatin1String("duplicate_void")) {
        m_keepButton->setText(tr("Leave the stock as it is"));
        m_useOtherButton->setText(tr("Take the extra dose out of stock"));
    } else {
        m_keepButton->setText(tr("Keep this value"));
        m_useOtherButton->setText(tr("Use the other value"));
    }
    const bool actionable = item && manager
        && (kind == QLatin1String("field_conflict") || !m_context.review().ownRecord(*item).isEmpty());
    m_keepButton->setEnabled(item && manager);
    m_useOtherButton->setEnabled(actionable);
    const QString why = manager ? QString() : tr("A site manager settles review items.");
    m_keepButton->setToolTip(why);
    m_useOtherButton->setToolTip(why);
}

void SyncPage::syncNow()
{
    if (sync::SyncController* sync = m_context.syncController(); sync && m_syncButton->isEnabled())
        sync->syncNow();
}

void SyncPage::enrol()
{
    sync::SyncController* sync = m_context.syncController();
    if (!sync)
        return;
    auto* dialog = new EnrolDialog(*sync, m_context.store().identity().deviceId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        MessageBox::information(this, tr("Enrolled"), dialog->summary());
        reload();
    });
    dialog->open();
}

void SyncPage::exportBundle()
{
    sync::SyncController* sync = m_context.syncController();
    if (!sync || !m_exportButton->isEnabled())
        return;
    const QString suggested = QStringLiteral("%1-%2.vaxbundle")
                                  .arg(m_context.store().identity().siteCode, m_context.clock().now().toString(QStringLiteral("yyyyMMdd-HHmm")));
    const QString path = FileDialog::saveFile(this, tr("Export a bundle"), suggested, kBundleFilter);
    if (path.isEmpty())
        return;
    QPointer<SyncPage> self(this);
    sync->exportBundle(path, false, [self, path](Result<sync::BundleExported> r) {
        if (!self)
            return;
        if (!r.ok()) {
            MessageBox::warning(self, tr("Export a bundle"), r.error().message());
            return;
        }
        MessageBox::information(self, tr("Export a bundle"),
            tr("%n change(s) written to %1. Take the file to a laptop of the site that has internet, and import it there.", nullptr,
                r->changes)
                .arg(path));
    });
}

void SyncPage::importBundle()
{
    sync::SyncController* sync = m_context.syncController();
    if (!sync || !m_importButton->isEnabled())
        return;
    const QString path = FileDialog::openFile(this, tr("Import a bundle"), kBundleFilter);
    if (path.isEmpty())
        return;
    QPointer<SyncPage> self(this);
    sync->importBundle(path, [self](Result<sync::BundleImported> r) {
        if (!self)
            return;
        if (!r.ok()) {
            MessageBox::warning(self, tr("Import a bundle"), r.error().message());
            return;
        }
        self->m_context.notifyDataChanged();
        QString text;
        if (r->alreadyHere)
            text = tr("This bundle was imported before: nothing changed.");
        else if (r->waiting)
            text = tr("Kept. An earlier bundle of the same device is missing (its changes from #%1): import that one too; this one shows "
                      "here then. Both go to central with the next sync.")
                       .arg(r->missingFrom);
        else
            text = tr("%n change(s) of the other device are now here; they go to central with the next sync.", nullptr, r->changes);
        MessageBox::information(self, tr("Import a bundle"), text);
    });
}

void SyncPage::keepReviewed()
{
    const ReviewItem* item = selectedReview();
    if (!item || !m_context.loggedIn())
        return;
    if (auto r = m_context.review().keep(m_context.session(), item->id); !r.ok()) {
        MessageBox::warning(this, tr("Review"), r.error().message());
        return;
    }
    m_context.notifyDataChanged();
}

void SyncPage::useOtherValue()
{
    const ReviewItem* selected = selectedReview();
    if (!selected || !m_context.loggedIn())
        return;
    const ReviewItem item = *selected;
    ReviewService& review = m_context.review();
    Result<void> done;
    if (item.kind == QLatin1String("duplicate_person")) {
        done = review.mergePerson(m_context.session(), item.id);
    } else if (item.kind == QLatin1String("duplicate_dose")) {
        const QString reason = ReasonDialog::ask(this, tr("Void a dose recorded twice"),
            tr("Why is this site's copy of the dose void? It goes back to stock."));
        if (reason.isEmpty())
            return;
        done = review.voidDuplicateDose(m_context.session(), item.id, reason);
    } else if (item.kind == QLatin1String("duplicate_void")) {
        done = review.undoExtraReturn(m_context.session(), item.id);
    } else {
        done = review.useOther(m_context.session(), item.id);
    }
    if (!done.ok()) {
        MessageBox::warning(this, tr("Review"), done.error().message());
        return;
    }
    m_context.notifyDataChanged();
}

} // namespace vax

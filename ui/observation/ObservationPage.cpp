#include "ObservationPage.h"

#include "app/clinical/AefiSymptoms.h"
#include "app/common/Clock.h"
#include "app/services/ObservationService.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/SiteStore.h"
#include "ui/AppContext.h"
#include "ui/common/PageShortcut.h"
#include "ui/common/Format.h"
#include "ui/common/MessageBox.h"
#include "ui/common/ReasonDialog.h"
#include "ui/common/Ticker.h"
#include "ui/observation/AdverseEventDialog.h"
#include "ui/observation/ObservationModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>

namespace vax {

ObservationPage::ObservationPage(AppContext& context, QWidget* parent)
    : QWidget(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("observationPage"));
    if (auto symptoms = AefiSymptoms::builtin(); symptoms.ok())
        m_symptoms = std::make_unique<AefiSymptoms>(std::move(symptoms).value());
    m_model = new ObservationModel(this);

    auto* title = new QLabel(tr("Observation board"), this);
    title->setStyleSheet(QStringLiteral("font-weight: bold; font-size: 13pt;"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("boardSummaryLabel"));
    m_summary->setStyleSheet(QStringLiteral("font-size: 13pt;"));
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("observationTableView"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    QFont board = m_table->font();
    board.setPointSizeF(board.pointSizeF() * 1.2);
    m_table->setFont(board);
    m_table->verticalHeader()->setDefaultSectionSize(QFontMetrics(board).height() + 12);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ObservationModel::ReactionsColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setMinimumSectionSize(60);

    m_release = new QPushButton(tr("Release  (Ctrl+R)"), this);
    m_release->setObjectName(QStringLiteral("releaseButton"));
    m_release->setStyleSheet(QStringLiteral("font-weight: bold; padding: 6px 16px;"));
    m_reportReaction = new QPushButton(tr("Report reaction…  (Ctrl+E)"), this);
    m_reportReaction->setObjectName(QStringLiteral("reportReactionButton"));
    m_transfer = new QPushButton(tr("Transferred to hospital…  (Ctrl+T)"), this);
    m_transfer->setObjectName(QStringLiteral("transferButton"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("observationStatusLabel"));
    m_status->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    auto* head = new QHBoxLayout;
    head->addWidget(title);
    head->addStretch(1);
    head->addWidget(m_summary);
    layout->addLayout(head);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_reportReaction);
    buttons->addWidget(m_transfer);
    buttons->addStretch(1);
    buttons->addWidget(m_release);
    layout->addLayout(buttons);

    const auto shortcut = [this](const QKeySequence& key, void (ObservationPage::*slot)()) {
        connect(pageShortcut(this, {key}), &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_R), &ObservationPage::release);
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_E), &ObservationPage::reportReaction);
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_T), &ObservationPage::transfer);
    connect(m_release, &QPushButton::clicked, this, &ObservationPage::release);
    connect(m_reportReaction, &QPushButton::clicked, this, &ObservationPage::reportReaction);
    connect(m_transfer, &QPushButton::clicked, this, &ObservationPage::transfer);
    connect(&context, &AppContext::dataChanged, this, &ObservationPage::refresh);

    startTicker(this, 1000, &ObservationPage::tick);
    refresh();
}

ObservationPage::~ObservationPage() = default;

void ObservationPage::refresh()
{
    const int row = selectedRow();
    const QString selected = row >= 0 ? m_model->item(row).entry.injection.stamp.id : QString();
    const QList<ObservationItem> board = m_context.observation().board();
    QHash<QString, QStringList> reactions;
    for (const ObservationItem& item : board) {
        if (item.entry.adverseEvents == 0)
            continue;
        QStringList& texts = reactions[item.entry.injection.stamp.id];
        for (const AdverseEvent& e : m_context.store().clinical().adverseEventsOf(item.entry.injection.personId)) {
            if (e.injectionId != item.entry.injection.stamp.id)
                continue;
            for (const QString& key : e.symptoms) {
                const QString text = m_symptoms ? m_symptoms->text(key, QLocale()) : key;
                if (!texts.contains(text))
                    texts << text;
            }
            if (e.symptoms.isEmpty() && !e.description.isEmpty())
                texts << e.description.left(40);
        }
    }
    m_model->setBoard(board, m_context.clock().now(), reactions);
    const int keep = m_model->rowOf(selected);
    if (keep >= 0 && keep != selectedRow())
        selectRow(keep);
    else if (selectedRow() < 0 && m_model->rowCount() > 0)
        selectRow(0);
    updateSummary();
}

void ObservationPage::tick()
{
    m_model->tick(m_context.clock().now());
    updateSummary();
}

void ObservationPage::updateSummary()
{
    const int all = m_model->rowCount();
    const int ready = m_model->overdueCount();
    m_summary->setText(tr("%n under observation", nullptr, all) + QStringLiteral(" · ")
        + tr("%n ready to release", nullptr, ready));
    const bool any = selectedRow() >= 0;
    m_release->setEnabled(any);
    m_reportReaction->setEnabled(any);
    m_transfer->setEnabled(any);
}

int ObservationPage::selectedRow() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void ObservationPage::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const QModelIndex index = m_model->index(row, ObservationModel::NameColumn);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

void ObservationPage::selectInjection(const QString& injectionId)
{
    refresh();
    selectRow(m_model->rowOf(injectionId));
    m_table->setFocus(Qt::OtherFocusReason);
    updateSummary();
}

void ObservationPage::showStatus(const QString& text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #c62828; font-weight: bold;") : QStringLiteral("color: #1b5e20;"));
}

void ObservationPage::release()
{
    const int row = selectedRow();
    if (row < 0) {
        showStatus(tr("Pick the person on the board first (↑/↓)."), true);
        return;
    }
    const ObservationItem item = m_model->item(row);
    const QString id = item.entry.injection.stamp.id;
    const QString name = item.entry.personName;
    if (item.entry.adverseEvents > 0
        && MessageBox::question(this, tr("Release"), tr("%1 had a reaction. Is the person well enough to go home?").arg(name))
            != QMessageBox::Yes)
        return;
    auto released = m_context.observation().release(m_context.session(), id);
    if (!released.ok() && released.error().hasField(QStringLiteral("outcome"))) {
        const QString question = tr("%1\n\nDoes %2 leave early, against advice?").arg(released.error().messageFor(QStringLiteral("outcome")), name);
        if (MessageBox::question(this, tr("Not yet time"), question) != QMessageBox::Yes) {
            showStatus(tr("%1 stays under observation until %2.").arg(name, Format::time(item.dueAt)));
            return;
        }
        const QString note = ReasonDialog::ask(this, tr("Left early"),
            tr("Note: say that %1 was told the risk and left anyway.").arg(name));
        if (note.isEmpty())
            return;
        released = m_context.observation().release(m_context.session(), id, ObservationOutcome::LeftEarly, note);
    }
    if (!released.ok()) {
        MessageBox::warning(this, tr("Release"), released.error().message());
        return;
    }
    showStatus(released->outcome == ObservationOutcome::LeftEarly ? tr("%1 left early at %2.").arg(name, Format::time(released->endedAt))
                                                                   : tr("%1 released at %2.").arg(name, Format::time(released->endedAt)));
    m_context.notifyDataChanged();
}

void ObservationPage::transfer()
{
    const int row = selectedRow();
    if (row < 0) {
        showStatus(tr("Pick the person on the board first (↑/↓)."), true);
        return;
    }
    const ObservationItem item = m_model->item(row);
    const QString where = ReasonDialog::ask(this, tr("Transferred to hospital"),
        tr("Where was %1 transferred, and why?").arg(item.entry.personName));
    if (where.isEmpty())
        return;
    auto done = m_context.observation().release(m_context.session(), item.entry.injection.stamp.id, ObservationOutcome::Transferred, where);
    if (!done.ok()) {
        MessageBox::warning(this, tr("Transferred to hospital"), done.error().message());
        return;
    }
    showStatus(tr("%1 transferred: %2").arg(item.entry.personName, where));
    m_context.notifyDataChanged();
}

void ObservationPage::reportReaction()
{
    const int row = selectedRow();
    if (row < 0) {
        showStatus(tr("Pick the person on the board first (↑/↓)."), true);
        return;
    }
    auto* dialog = new AdverseEventDialog(m_context, m_model->item(row).entry, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (!dialog->reported())
            return;
        const bool serious = dialog->reported()->serious;
        showStatus(serious ? tr("Serious reaction saved: report it to the district within 24 hours.") : tr("Reaction saved."), serious);
        m_table->setFocus(Qt::OtherFocusReason);
    });
    dialog->open();
    dialog->activateWindow();
}

} // namespace vax

#include "ScreeningPage.h"

#include "app/clinical/QueueStage.h"
#include "app/services/ScreeningService.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/SiteStore.h"
#include "app/common/Clock.h"
#include "ui/AppContext.h"
#include "ui/common/Format.h"
#include "ui/common/MessageBox.h"
#include "ui/common/ReasonDialog.h"
#include "ui/screening/QueueList.h"
#include "ui/screening/ScreeningChecklist.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>

namespace vax {

namespace {

QString conclusionStyle(ScreeningConclusion c)
{
    switch (c) {
    case ScreeningConclusion::Eligible:
        return QStringLiteral("background: #2e7d32; color: white;");
    case ScreeningConclusion::Caution:
        return QStringLiteral("background: #ffb300; color: #212121;");
    case ScreeningConclusion::Defer:
    case ScreeningConclusion::Contraindicated:
        return QStringLiteral("background: #c62828; color: white;");
    }
    return {};
}

// Earlier valid doses of the person, as "2 — Vaxzevria 03/08/2021, Comirnaty 01/11/2021".
QString earlierDoses(AppContext& context, const QString& personId)
{
    QStringList doses;
    for (const InjectionView& v : context.store().clinical().injectionsOf(personId)) {
        if (!v.voided)
            doses << QStringLiteral("%1 %2").arg(v.productName, Format::date(v.injection.injectedAt.date()));
    }
    if (doses.isEmpty())
        return ScreeningPage::tr("no earlier dose");
    return ScreeningPage::tr("%n earlier dose(s): %1", nullptr, int(doses.size())).arg(doses.join(QStringLiteral(", ")));
}

} // namespace

ScreeningPage::ScreeningPage(AppContext& context, QWidget* parent)
    : QWidget(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("screeningPage"));

    // Created in the order Tab should visit them.
    m_queue = new QueueList(tr("Queue for screening"),
        tr("Nobody is waiting for screening. People checked in at registration (F2, then Ctrl+Enter) come here."), this);
    m_queue->setObjectName(QStringLiteral("screeningQueueList"));
    m_queue->setStages({QueueStage::AwaitingScreening});
    m_queue->countLabel()->setObjectName(QStringLiteral("queueCountLabel"));
    m_queue->table()->setObjectName(QStringLiteral("screeningQueueTableView"));
    m_showAll = new QCheckBox(tr("Show &everyone today"), this);
    m_showAll->setObjectName(QStringLiteral("showAllCheckBox"));
    m_showAll->setToolTip(tr("Also those already screened, injected or gone"));

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("personSummaryLabel"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setMinimumHeight(48);
    m_setAllNo = new QPushButton(tr("All No  (Alt+N)"), this);
    m_setAllNo->setObjectName(QStringLiteral("setAllNoButton"));
    m_setAllNo->setToolTip(tr("Answer No to every question (Alt+N), then change the exceptions"));
    m_checklist = new ScreeningChecklist(context.screeningForm(), this);
    auto* noteLabel = new QLabel(tr("No&te:"), this);
    m_note = new QLineEdit(this);
    m_note->setObjectName(QStringLiteral("noteLineEdit"));
    noteLabel->setBuddy(m_note);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("screeningErrorLabel"));
    m_checklist->setGeneralErrorLabel(m_error);
    m_save = new QPushButton(tr("Save screening  (Ctrl+Enter)"), this);
    m_save->setObjectName(QStringLiteral("saveScreeningButton"));
    m_save->setStyleSheet(QStringLiteral("font-weight: bold; padding: 6px 16px;"));
    m_cancelVisit = new QPushButton(tr("Cancel visit…  (Alt+C)"), this);
    m_cancelVisit->setObjectName(QStringLiteral("cancelVisitButton"));
    m_cancelVisit->setToolTip(tr("The person leaves the queue without a dose: say why"));
    m_conclusion = new QLabel(this);
    m_conclusion->setObjectName(QStringLiteral("conclusionLabel"));
    m_conclusion->setWordWrap(true);
    m_conclusion->setTextFormat(Qt::RichText);
    m_conclusion->setMargin(10);
    m_conclusion->hide();

    auto* left = new QVBoxLayout;
    left->addWidget(m_queue, 1);
    left->addWidget(m_showAll);

    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("checklistScrollArea"));
    scroll->setFocusPolicy(Qt::NoFocus);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_checklist);

    auto* right = new QVBoxLayout;
    auto* head = new QHBoxLayout;
    head->addWidget(m_summary, 1);
    head->addWidget(m_setAllNo, 0, Qt::AlignTop);
    right->addLayout(head);
    right->addWidget(scroll, 1);
    auto* noteRow = new QHBoxLayout;
    noteRow->addWidget(noteLabel);
    noteRow->addWidget(m_note, 1);
    right->addLayout(noteRow);
    right->addWidget(m_error);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_cancelVisit);
    buttons->addStretch(1);
    buttons->addWidget(m_save);
    right->addLayout(buttons);
    right->addWidget(m_conclusion);

    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left, 2);
    layout->addSpacing(8);
    layout->addLayout(right, 3);

    for (const QKeySequence& key : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter),
             QKeySequence(Qt::CTRL | Qt::Key_S)}) {
        auto* shortcut = new QShortcut(key, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, &ScreeningPage::save);
    }
    // Not button mnemonics: those click 100 ms later, after the nurse has typed on.
    auto* allNo = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_N), this);
    allNo->setContext(Qt::WidgetWithChildrenShortcut);
    connect(allNo, &QShortcut::activated, this, &ScreeningPage::setAllNo);
    auto* cancel = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_C), this);
    cancel->setContext(Qt::WidgetWithChildrenShortcut);
    connect(cancel, &QShortcut::activated, this, &ScreeningPage::cancelVisit);
    connect(m_setAllNo, &QPushButton::clicked, this, &ScreeningPage::setAllNo);
    connect(m_save, &QPushButton::clicked, this, &ScreeningPage::save);
    connect(m_cancelVisit, &QPushButton::clicked, this, &ScreeningPage::cancelVisit);
    connect(m_showAll, &QCheckBox::toggled, this, [this](bool all) {
        m_queue->setShowAll(all);
        refresh();
    });
    connect(m_queue, &QueueList::visitPicked, this, &ScreeningPage::load);
    connect(&context, &AppContext::dataChanged, this, &ScreeningPage::refresh);

    refresh();
    unload();
}

ScreeningPage::~ScreeningPage() = default;

void ScreeningPage::refresh()
{
    m_queue->setEntries(m_context.screening().queue(), m_context.clock().today(), m_visitId);
}

void ScreeningPage::selectVisit(const QString& visitId)
{
    refresh();
    if (!m_queue->entry(visitId))
        return;
    if (!m_queue->select(visitId)) {
        m_showAll->setChecked(true);
        m_queue->select(visitId);
    }
    load(visitId);
    if (QWidget* first = m_checklist->firstInput())
        first->setFocus(Qt::OtherFocusReason);
}

void ScreeningPage::load(const QString& visitId)
{
    if (visitId == m_visitId)
        return;  // a refresh of the same person: keep what the nurse has typed
    const QueueEntry* entry = m_queue->entry(visitId);
    if (!entry)
        return;
    const QueueEntry& e = *entry;
    m_visitId = e.visit.stamp.id;
    m_personName = e.person.fullName;
    m_summary->setText(
        Format::personHeading(e.person, m_context.clock().today(), {earlierDoses(m_context, e.person.stamp.id)}));
    m_checklist->clear();
    m_note->clear();
    m_conclusion->hide();
    const bool open = queueStage(e) != QueueStage::Injected && queueStage(e) != QueueStage::Cancelled;
    for (QWidget* w : {static_cast<QWidget*>(m_checklist), static_cast<QWidget*>(m_note), static_cast<QWidget*>(m_save),
             static_cast<QWidget*>(m_setAllNo)})
        w->setEnabled(open);
    m_cancelVisit->setEnabled(open);
    if (e.screening) {
        // Screened earlier today: show what it concluded (screening again replaces it).
        auto earlier = m_context.screeningForm().evaluate(e.screening->answers, QLocale());
        if (earlier.ok())
            showConclusion(e.person.fullName, earlier.value(), Format::time(e.screening->screenedAt));
    }
}

void ScreeningPage::unload()
{
    m_visitId.clear();
    m_personName.clear();
    m_checklist->clear();
    m_note->clear();
    m_summary->setText(tr("<span style='font-size:13pt; color:#546e7a;'>Pick a person in the queue (↑/↓), "
                          "or check someone in at Registration (F2).</span>"));
    for (QWidget* w : {static_cast<QWidget*>(m_checklist), static_cast<QWidget*>(m_note), static_cast<QWidget*>(m_save),
             static_cast<QWidget*>(m_setAllNo), static_cast<QWidget*>(m_cancelVisit)})
        w->setEnabled(false);
}

void ScreeningPage::deselect()
{
    // No current row: when the person leaves the list the next one is not loaded over the
    // conclusion; ↓ in the list picks the next person.
    m_queue->clearSelection();
    m_queue->table()->setFocus(Qt::OtherFocusReason);
}

void ScreeningPage::setAllNo()
{
    if (m_visitId.isEmpty())
        return;
    m_checklist->setAllNo();
    // Temperature is the one vital every screening needs: type it next.
    const auto& vitals = m_context.screeningForm().vitals();
    for (const ScreeningForm::Vital& v : vitals) {
        if (v.required) {
            m_checklist->vitalInput(v.key)->setFocus(Qt::OtherFocusReason);
            return;
        }
    }
}

void ScreeningPage::save()
{
    if (m_visitId.isEmpty()) {
        m_checklist->showErrors(Error(ErrorCode::Invalid, tr("Pick a person in the queue first.")));
        m_queue->table()->setFocus();
        return;
    }
    m_checklist->clearErrors();
    const auto answers = m_checklist->answers();
    if (!answers.ok()) {
        if (QWidget* bad = m_checklist->showErrors(answers.error()))
            bad->setFocus(Qt::OtherFocusReason);
        return;
    }
    auto recorded = m_context.screening().record(m_context.session(), m_visitId, answers.value(), m_note->text(), QLocale());
    if (!recorded.ok()) {
        if (QWidget* bad = m_checklist->showErrors(recorded.error()))
            bad->setFocus(Qt::OtherFocusReason);
        return;
    }
    const QString visitId = m_visitId;
    const QString name = m_personName;
    const ScreeningOutcome outcome = recorded->outcome;
    unload();
    showConclusion(name, outcome, Format::time(recorded->screening.screenedAt));
    deselect();
    m_context.notifyDataChanged();
    emit screened(visitId, outcome.mayInject);
}

void ScreeningPage::showConclusion(const QString& name, const ScreeningOutcome& outcome, const QString& when)
{
    QString html = QStringLiteral("<div style='font-size:18pt; font-weight:bold;'>%1</div><div style='font-size:12pt;'>%2</div>")
                       .arg(m_context.screeningForm().conclusionText(outcome.conclusion, QLocale()).toHtmlEscaped(),
                           tr("%1 · screened at %2").arg(name.toHtmlEscaped(), when));
    if (!outcome.reasons.isEmpty()) {
        html += QStringLiteral("<ul style='margin:4px 0 0 0;'>");
        for (const QString& reason : outcome.reasons)
            html += QStringLiteral("<li>%1</li>").arg(reason.toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    if (outcome.needsConfirmation)
        html += QStringLiteral("<div>%1</div>").arg(tr("A doctor must agree before the injection.").toHtmlEscaped());
    m_conclusion->setText(html);
    m_conclusion->setStyleSheet(conclusionStyle(outcome.conclusion) + QStringLiteral(" border-radius: 6px;"));
    m_conclusion->setProperty("conclusion", conclusionKey(outcome.conclusion));
    m_conclusion->show();
}

void ScreeningPage::cancelVisit()
{
    if (m_visitId.isEmpty())
        return;
    const QString reason = ReasonDialog::ask(this, tr("Cancel visit"),
        tr("Why does %1 leave the queue without a dose?").arg(m_personName));
    if (reason.isEmpty())
        return;
    auto r = m_context.screening().cancelVisit(m_context.session(), m_visitId, reason);
    if (!r.ok()) {
        MessageBox::warning(this, tr("Cancel visit"), r.error().message());
        return;
    }
    const QString name = m_personName;
    unload();
    m_conclusion->setText(tr("%1 left the queue: %2").arg(name, reason).toHtmlEscaped());
    m_conclusion->setStyleSheet(QStringLiteral("background: #eceff1; color: #263238; font-size: 13pt; border-radius: 6px;"));
    m_conclusion->setProperty("conclusion", QString());
    m_conclusion->show();
    deselect();
    m_context.notifyDataChanged();
}

} // namespace vax

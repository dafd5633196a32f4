#include "InjectionPage.h"

#include "app/clinical/QueueStage.h"
#include "app/common/Clock.h"
#include "app/services/InjectionService.h"
#include "app/services/ScreeningService.h"
#include "app/services/VialService.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/SiteStore.h"
#include "ui/AppContext.h"
#include "ui/common/Format.h"
#include "ui/common/MessageBox.h"
#include "ui/common/ListTable.h"
#include "ui/common/Ticker.h"
#include "ui/injection/LotChoiceModel.h"
#include "ui/screening/QueueList.h"
#include "ui/screening/QueueModel.h"
#include "ui/stock/CloseSession.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>

namespace vax {

namespace {

constexpr int kTickMs = 5000;  // the open vials' countdown counts in minutes

} // namespace

InjectionPage::InjectionPage(AppContext& context, QWidget* parent)
    : QWidget(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("injectionPage"));
    m_lots = new LotChoiceModel(this);

    // Created in the order Tab should visit them.
    m_queue = new QueueList(tr("Ready for injection"), tr("Nobody is ready for injection. People come here once screening (F3) clears them."), this);
    m_queue->setObjectName(QStringLiteral("injectionQueueList"));
    m_queue->setStages({QueueStage::AwaitingInjection});
    m_queue->countLabel()->setObjectName(QStringLiteral("injectionQueueCountLabel"));
    m_queue->table()->setObjectName(QStringLiteral("injectionQueueTableView"));
    m_queue->table()->setColumnHidden(QueueModel::ArrivedColumn, true);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("personSummaryLabel"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_screeningError = new QLabel(this);
    m_screeningError->setObjectName(QStringLiteral("screeningErrorLabel"));
    m_doseNumber = new QLabel(this);
    m_doseNumber->setObjectName(QStringLiteral("doseNumberLabel"));
    m_doseNumber->setStyleSheet(QStringLiteral("font-size: 13pt; font-weight: bold; color: #0d47a1;"));
    m_doseNumber->setWordWrap(true);
    m_vialWarning = new QLabel(this);
    m_vialWarning->setObjectName(QStringLiteral("openVialWarningLabel"));
    m_vialWarning->setWordWrap(true);
    m_vialWarning->setMargin(6);
    m_vialWarning->setStyleSheet(
        QStringLiteral("background: #ffb300; color: #212121; font-size: 12pt; font-weight: bold; border-radius: 6px;"));
    m_vialWarning->hide();
    auto* lotTitle = new QLabel(tr("&Vial from lot:"), this);
    m_lotTable = newListTable(this, QStringLiteral("lotTableView"), m_lots);
    m_lotTable->horizontalHeader()->setSectionResizeMode(LotChoiceModel::OpenVialColumn, QHeaderView::Stretch);
    m_lotTable->setMinimumHeight(130);
    lotTitle->setBuddy(m_lotTable);
    m_lotError = new QLabel(this);
    m_lotError->setObjectName(QStringLiteral("lotErrorLabel"));

    auto* armTitle = new QLabel(tr("Injection site:"), this);
    m_leftArm = new QRadioButton(tr("&Left arm  (L)"), this);
    m_leftArm->setObjectName(QStringLiteral("leftArmRadioButton"));
    m_rightArm = new QRadioButton(tr("&Right arm  (R)"), this);
    m_rightArm->setObjectName(QStringLiteral("rightArmRadioButton"));
    auto* arms = new QButtonGroup(this);
    arms->addButton(m_leftArm);
    arms->addButton(m_rightArm);
    m_leftArm->setChecked(true);

    m_cautionFrame = new QFrame(this);
    m_cautionFrame->setObjectName(QStringLiteral("cautionFrame"));
    m_cautionFrame->setStyleSheet(QStringLiteral("#cautionFrame { background: #ffb300; border-radius: 6px; }"
                                                 "#cautionFrame QLabel { color: #212121; }"));
    auto* cautionText = new QLabel(tr("⚠ Screening says: vaccinate with caution. Inject only if a doctor agrees."), m_cautionFrame);
    cautionText->setStyleSheet(QStringLiteral("font-weight: bold; font-size: 12pt;"));
    cautionText->setWordWrap(true);
    m_cautionConfirm = new QCheckBox(tr("A &doctor agreed to vaccinate with caution"), m_cautionFrame);
    m_cautionConfirm->setObjectName(QStringLiteral("cautionConfirmCheckBox"));
    auto* cautionLayout = new QVBoxLayout(m_cautionFrame);
    cautionLayout->setContentsMargins(8, 6, 8, 6);
    cautionLayout->addWidget(cautionText);
    cautionLayout->addWidget(m_cautionConfirm);
    m_cautionError = new QLabel(this);
    m_cautionError->setObjectName(QStringLiteral("cautionErrorLabel"));
    auto* noteLabel = new QLabel(tr("No&te:"), this);
    m_note = new QLineEdit(this);
    m_note->setObjectName(QStringLiteral("injectionNoteLineEdit"));
    noteLabel->setBuddy(m_note);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("injectionErrorLabel"));
    m_record = new QPushButton(tr("Record dose  (Ctrl+Enter)"), this);
    m_record->setObjectName(QStringLiteral("recordDoseButton"));
    m_record->setStyleSheet(QStringLiteral("font-weight: bold; padding: 6px 16px;"));
    m_closeSession = new QPushButton(CloseSession::buttonText(), this);
    m_closeSession->setObjectName(QStringLiteral("closeSessionPushButton"));
    m_closeSession->setToolTip(CloseSession::toolTip());
    m_vialStatus = new QLabel(this);
    m_vialStatus->setObjectName(QStringLiteral("vialStatusLabel"));
    m_vialStatus->setWordWrap(true);
    m_warnings = new QLabel(this);
    m_warnings->setObjectName(QStringLiteral("warningsLabel"));
    m_warnings->setWordWrap(true);
    m_warnings->setTextFormat(Qt::RichText);
    m_warnings->setMargin(8);
    m_warnings->setStyleSheet(QStringLiteral("background: #ffb300; color: #212121; font-size: 12pt; border-radius: 6px;"));
    m_warnings->hide();

    m_errors.bind(QStringLiteral("screening"), m_queue->table(), m_screeningError);
    m_errors.bind(QStringLiteral("lot"), m_lotTable, m_lotError);
    m_errors.bind(QStringLiteral("caution"), m_cautionConfirm, m_cautionError);
    m_errors.setGeneral(m_error);

    auto* right = new QVBoxLayout;
    right->addWidget(m_summary);
    right->addWidget(m_screeningError);
    right->addWidget(m_doseNumber);
    right->addSpacing(6);
    right->addWidget(m_vialWarning);
    right->addWidget(lotTitle);
    right->addWidget(m_lotTable, 1);
    right->addWidget(m_lotError);
    auto* armRow = new QHBoxLayout;
    armRow->addWidget(armTitle);
    armRow->addWidget(m_leftArm);
    armRow->addSpacing(16);
    armRow->addWidget(m_rightArm);
    armRow->addStretch(1);
    right->addLayout(armRow);
    right->addWidget(m_cautionFrame);
    right->addWidget(m_cautionError);
    auto* noteRow = new QHBoxLayout;
    noteRow->addWidget(noteLabel);
    noteRow->addWidget(m_note, 1);
    right->addLayout(noteRow);
    right->addWidget(m_error);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_closeSession);
    buttons->addStretch(1);
    buttons->addWidget(m_record);
    right->addLayout(buttons);
    right->addWidget(m_vialStatus);
    right->addWidget(m_warnings);

    auto* layout = new QHBoxLayout(this);
    layout->addWidget(m_queue, 2);
    layout->addSpacing(8);
    layout->addLayout(right, 3);

    const auto shortcut = [this](const QKeySequence& key, auto slot) {
        auto* s = new QShortcut(key, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), [this] { recordDose(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), [this] { recordDose(); });
    shortcut(QKeySequence(Qt::Key_L), [this] { m_leftArm->setChecked(true); });
    shortcut(QKeySequence(Qt::Key_R), [this] { m_rightArm->setChecked(true); });
    shortcut(CloseSession::shortcut(), [this] { closeSession(); });
    connect(m_record, &QPushButton::clicked, this, &InjectionPage::recordDose);
    connect(m_closeSession, &QPushButton::clicked, this, &InjectionPage::closeSession);
    connect(m_queue, &QueueList::visitPicked, this, &InjectionPage::load);
    connect(&context, &AppContext::dataChanged, this, &InjectionPage::refresh);
    connect(&context, &AppContext::sessionChanged, this, &InjectionPage::updateCloseSession);
    startTicker(this, kTickMs, &InjectionPage::tick);

    refresh();
    unload();
    updateCloseSession();
}

InjectionPage::~InjectionPage() = default;

void InjectionPage::refresh()
{
    m_queue->setEntries(m_context.screening().queue(), m_context.clock().today(), m_visitId);
    refreshLots();
}

void InjectionPage::refreshLots()
{
    const QString selected = selectedLotId();
    const QDateTime now = m_context.clock().now();
    m_lots->setChoices(m_context.injections().lotChoices(), now);
    // Soonest discard first, whatever the lot (a quarantined lot's vial goes at its time too).
    const QList<OpenVial> open = m_context.vials().openVials();
    m_nextDiscard = open.isEmpty() ? QDateTime() : open.first().vial.discardAt;
    showVialWarning(now);
    const int row = m_lots->rowOf(selected);
    if (row >= 0) {
        selectLot(row);
        return;
    }
    // First expiry first, of the product of the person's previous dose if there is stock of it.
    int preferred = m_lots->rowCount() > 0 ? 0 : -1;
    for (int r = 0; r < m_lots->rowCount() && !m_preferredProduct.isEmpty(); ++r) {
        if (m_lots->choice(r).balance.productCode == m_preferredProduct) {
            preferred = r;
            break;
        }
    }
    selectLot(preferred);
}

void InjectionPage::tick()
{
    const QDateTime now = m_context.clock().now();
    if (m_nextDiscard.isValid() && now >= m_nextDiscard) {
        // A vial reached its discard time: what it holds is wasted, and it leaves the list.
        if (m_context.loggedIn())
            discardExpiredVials();
        else
            refreshLots();
        return;
    }
    m_lots->tick(now);
    showVialWarning(now);
}

void InjectionPage::showVialWarning(const QDateTime& now)
{
    QStringList lines;
    for (int row = 0; row < m_lots->rowCount(); ++row) {
        const std::optional<OpenVial>& v = m_lots->choice(row).openVial;
        if (!v || !VialService::discardSoon(*v, now))
            continue;
        lines << tr("⚠ Vial of lot %1 (%2) must be discarded by %3, in %4: use its %n dose(s) left first. "
                    "What is left then is recorded as open-vial wastage.", nullptr, v->left())
                     .arg(v->lotNumber, v->productName, Format::time(v->vial.discardAt), Format::duration(now.secsTo(v->vial.discardAt)));
    }
    m_vialWarning->setText(lines.join(QLatin1Char('\n')));
    m_vialWarning->setVisible(!lines.isEmpty());
}

void InjectionPage::discardExpiredVials()
{
    const QDateTime now = m_context.clock().now();
    QStringList lines;
    for (const OpenVial& v : m_context.vials().openVials()) {
        if (v.expiredAt(now)) {
            lines << tr("Vial of lot %1 passed its discard time (%2): its %n dose(s) left are recorded as open-vial wastage.",
                nullptr, v.left())
                         .arg(v.lotNumber, Format::time(v.vial.discardAt));
        }
    }
    const auto discarded = m_context.vials().discardExpired(m_context.session());
    if (!discarded.ok()) {
        showVialStatus(discarded.error().message(), true);
        return;
    }
    showVialStatus(lines.join(QLatin1Char('\n')));
    m_context.notifyDataChanged();
}

void InjectionPage::closeSession()
{
    if (!m_closeSession->isEnabled())
        return;
    if (const QString done = CloseSession::run(m_context, this); !done.isEmpty())
        showVialStatus(done);
}

void InjectionPage::updateCloseSession()
{
    m_closeSession->setEnabled(m_context.loggedIn() && m_context.session().may(Permission::RecordDose));
}

void InjectionPage::showVialStatus(const QString& text, bool problem)
{
    m_vialStatus->setText(text);
    m_vialStatus->setStyleSheet(problem ? QStringLiteral("color: #c62828; font-weight: bold;") : QStringLiteral("color: #1b5e20;"));
}

void InjectionPage::selectLot(int row)
{
    if (row < 0 || row >= m_lots->rowCount()) {
        m_lotTable->clearSelection();
        return;
    }
    const QModelIndex index = m_lots->index(row, LotChoiceModel::ProductColumn);
    m_lotTable->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_lotTable->scrollTo(index);
}

QString InjectionPage::selectedLotId() const
{
    const QModelIndexList rows = m_lotTable->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(LotChoiceModel::IdRole).toString();
}

void InjectionPage::selectVisit(const QString& visitId)
{
    refresh();
    const QueueEntry* entry = m_queue->entry(visitId);
    if (!entry)
        return;
    if (!m_queue->select(visitId)) {
        unload();
        m_errors.show(Error(ErrorCode::Invalid, tr("%1 is not waiting for an injection (%2).")
                                                    .arg(entry->person.fullName, m_queue->model().statusText(*entry))));
        return;
    }
    load(visitId);
    m_lotTable->setFocus(Qt::OtherFocusReason);
}

void InjectionPage::load(const QString& visitId)
{
    if (visitId == m_visitId)
        return;  // a refresh: keep the nurse's choices
    const QueueEntry* entry = m_queue->entry(visitId);
    if (!entry)
        return;
    const QueueEntry& e = *entry;
    m_visitId = e.visit.stamp.id;
    m_personId = e.person.stamp.id;
    m_personName = e.person.fullName;
    m_errors.clear();
    m_warnings->hide();
    m_summary->setText(Format::personHeading(e.person, m_context.clock().today()));

    QList<InjectionView> earlier;
    for (const InjectionView& v : m_context.store().clinical().injectionsOf(m_personId)) {
        if (!v.voided)
            earlier << v;
    }
    const int dose = m_context.injections().nextDoseNumber(m_personId);
    if (earlier.isEmpty()) {
        m_doseNumber->setText(tr("Dose %1 — first COVID-19 dose").arg(dose));
        m_preferredProduct.clear();
    } else {
        const InjectionView& last = earlier.last();
        m_doseNumber->setText(tr("Dose %1 — %2 dose %3 was on %4")
                                  .arg(dose)
                                  .arg(last.productName)
                                  .arg(last.injection.doseNumber)
                                  .arg(Format::date(last.injection.injectedAt.date())));
        m_preferredProduct = last.productCode;
    }
    const bool caution = e.screening && e.screening->conclusion == ScreeningConclusion::Caution;
    m_cautionConfirm->setChecked(false);
    m_cautionFrame->setVisible(caution);
    m_leftArm->setChecked(true);
    m_note->clear();
    for (QWidget* w : {static_cast<QWidget*>(m_lotTable), static_cast<QWidget*>(m_leftArm), static_cast<QWidget*>(m_rightArm),
             static_cast<QWidget*>(m_note), static_cast<QWidget*>(m_record)})
        w->setEnabled(true);
    m_lotTable->clearSelection();
    refreshLots();
}

void InjectionPage::unload()
{
    m_visitId.clear();
    m_personId.clear();
    m_personName.clear();
    m_preferredProduct.clear();
    m_summary->setText(tr("<span style='font-size:13pt; color:#546e7a;'>Pick a person in the list (↑/↓): "
                          "those screened to inject today.</span>"));
    m_doseNumber->clear();
    m_cautionConfirm->setChecked(false);
    m_cautionFrame->hide();
    m_note->clear();
    m_errors.clear();
    for (QWidget* w : {static_cast<QWidget*>(m_leftArm), static_cast<QWidget*>(m_rightArm),
             static_cast<QWidget*>(m_note), static_cast<QWidget*>(m_record)})
        w->setEnabled(false);
}

void InjectionPage::recordDose()
{
    m_errors.clear();
    if (m_visitId.isEmpty()) {
        m_errors.show(Error(ErrorCode::Invalid, tr("Pick the person in the list first.")));
        m_queue->table()->setFocus(Qt::OtherFocusReason);
        return;
    }
    DoseRequest request;
    request.personId = m_personId;
    request.visitId = m_visitId;
    request.lotId = selectedLotId();
    request.bodySite = m_rightArm->isChecked() ? BodySite::RightArm : BodySite::LeftArm;
    request.note = m_note->text();
    request.cautionConfirmed = !m_cautionFrame->isHidden() && m_cautionConfirm->isChecked();
    if (request.lotId.isEmpty()) {
        const QString message = m_lots->rowCount() == 0 ? tr("No lot has doses left here: the manager must receive stock.")
                                                        : tr("Pick the lot of the vial in your hand.");
        m_errors.show(Error::invalid(QStringLiteral("lot"), message));
        m_lotTable->setFocus(Qt::OtherFocusReason);
        return;
    }
    auto recorded = m_context.injections().record(m_context.session(), request);
    if (!recorded.ok()) {
        if (QWidget* bad = m_errors.show(recorded.error()))
            bad->setFocus(Qt::OtherFocusReason);
        return;
    }
    const QString injectionId = recorded->injection.stamp.id;
    const QStringList warnings = recorded->warnings;
    const QString name = m_personName;
    unload();
    // No current row: the next person is not loaded over the warnings; ↓ picks them.
    m_queue->clearSelection();
    m_queue->table()->setFocus(Qt::OtherFocusReason);
    if (!warnings.isEmpty()) {
        QString html = QStringLiteral("<b>%1</b><ul style='margin:2px 0 0 0;'>").arg(tr("Dose recorded for %1. Check:").arg(name).toHtmlEscaped());
        for (const QString& w : warnings)
            html += QStringLiteral("<li>%1</li>").arg(w.toHtmlEscaped());
        m_warnings->setText(html + QStringLiteral("</ul>"));
        m_warnings->show();
    } else {
        m_warnings->hide();
    }
    m_context.notifyDataChanged();
    if (!warnings.isEmpty())
        MessageBox::warning(this, tr("Dose recorded — check"), warnings.join(QLatin1Char('\n')));
    emit doseRecorded(injectionId);
}

} // namespace vax

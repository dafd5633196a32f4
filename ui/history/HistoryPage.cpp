#include "HistoryPage.h"

#include "app/clinical/ScreeningForm.h"
#include "app/common/Clock.h"
#include "app/people/AddressText.h"
#include "app/services/InjectionService.h"
#include "app/services/RegistrationService.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/SiteStore.h"
#include "ui/AppContext.h"
#include "ui/common/Format.h"
#include "ui/common/ListTable.h"
#include "ui/common/MessageBox.h"
#include "ui/common/ReasonDialog.h"
#include "ui/history/InjectionHistoryModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QShortcut>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace vax {

namespace {

QString html(const QString& text)
{
    return text.toHtmlEscaped();
}

QString symptomText(const QString& key)
{
    QString text = key;
    text.replace(QLatin1Char('_'), QLatin1Char(' '));
    return text;
}

} // namespace

HistoryPage::HistoryPage(AppContext& context, QWidget* parent)
    : QWidget(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("historyPage"));
    buildUi();
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &HistoryPage::updateActions);
    connect(m_voidButton, &QPushButton::clicked, this, &HistoryPage::voidDose);
    auto* voidShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_D), this);
    voidShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(voidShortcut, &QShortcut::activated, m_voidButton, &QPushButton::click);
    connect(&m_context, &AppContext::dataChanged, this, &HistoryPage::reload);
    reload();
}

HistoryPage::~HistoryPage() = default;

void HistoryPage::buildUi()
{
    QFont base = font();
    base.setPointSizeF(base.pointSizeF() * 1.2);
    setFont(base);

    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("personHeaderLabel"));
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setStyleSheet(QStringLiteral("QLabel { background: #e3f2fd; border-left: 6px solid #0d47a1; padding: 10px; }"));

    m_dosesLabel = new QLabel(this);
    m_dosesLabel->setStyleSheet(QStringLiteral("font-weight: bold;"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("historyStatusLabel"));
    m_status->setWordWrap(true);
    m_status->hide();

    m_model = new InjectionHistoryModel(this);
    m_table = newListTable(this, QStringLiteral("historyTableView"), m_model);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 12);
    m_table->horizontalHeader()->setSectionResizeMode(InjectionHistoryModel::StatusColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setHighlightSections(false);

    m_voidButton = new QPushButton(tr("Void dose…  Ctrl+D"), this);
    m_voidButton->setObjectName(QStringLiteral("voidDoseButton"));
    m_voidButton->setMinimumHeight(36);
    m_voidButton->setToolTip(tr("For a dose recorded in error: it stays in the record, struck through with the reason, "
                                "and goes back to stock."));

    auto* reactionsLabel = new QLabel(tr("Screenings and reactions"), this);
    reactionsLabel->setStyleSheet(QStringLiteral("font-weight: bold;"));
    m_reactions = new QTextBrowser(this);
    m_reactions->setObjectName(QStringLiteral("reactionsTextBrowser"));
    m_reactions->setOpenLinks(false);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_voidButton);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addWidget(m_status);
    layout->addWidget(m_dosesLabel);
    layout->addWidget(m_table, 3);
    layout->addLayout(buttons);
    layout->addWidget(reactionsLabel);
    layout->addWidget(m_reactions, 2);

    setFocusProxy(m_table);
    setTabOrder(m_table, m_voidButton);
    setTabOrder(m_voidButton, m_reactions);
}

void HistoryPage::showPerson(const QString& personId)
{
    if (personId != m_personId) {
        m_status->hide();
        m_model->setHistory({});
    }
    m_personId = personId;
    reload();
    m_table->setFocus(Qt::OtherFocusReason);
}

void HistoryPage::reload()
{
    const QString keep = m_table->currentIndex().data(InjectionHistoryModel::IdRole).toString();
    const auto person = m_personId.isEmpty() ? std::nullopt : m_context.registration().person(m_personId);
    showHeader(person ? &*person : nullptr);
    m_model->setHistory(person ? m_context.store().clinical().injectionsOf(m_personId) : QList<InjectionView>());
    const auto& history = m_model->history();
    const auto valid = std::count_if(history.cbegin(), history.cend(), [](const InjectionView& v) { return !v.voided; });
    m_dosesLabel->setText(!person ? QString()
            : history.isEmpty()   ? tr("Doses: none recorded")
            : valid == 1          ? tr("Doses: 1 valid dose, oldest first")
                                  : tr("Doses: %1 valid doses, oldest first").arg(valid));
    if (m_model->rowCount() > 0) {
        const int row = m_model->rowOf(keep) >= 0 ? m_model->rowOf(keep) : m_model->rowCount() - 1;
        m_table->selectRow(row);
    }
    showScreeningsAndReactions();
    updateActions();
}

void HistoryPage::showHeader(const Person* person)
{
    if (!person) {
        m_header->setText(tr("No person chosen: find one on the registration desk (F2) and press Ctrl+H."));
        return;
    }
    QStringList facts;
    facts << tr("Born %1 (%2)").arg(Format::date(person->birthDate), Format::age(*person, m_context.clock().today()))
          << Format::sex(*person);
    if (!person->cccd.isEmpty())
        facts << tr("CCCD %1").arg(person->cccd);
    if (!person->cmnd.isEmpty())
        facts << tr("CMND %1").arg(person->cmnd);
    if (!person->passport.isEmpty())
        facts << tr("Passport %1").arg(person->passport);
    if (!person->phone.isEmpty())
        facts << tr("Phone %1").arg(Format::phone(*person));
    if (person->priorityGroup > 0)
        facts << tr("Priority group %1").arg(person->priorityGroup);
    for (QString& fact : facts)
        fact = html(fact);
    QString text = QStringLiteral("<span style='font-size: 17pt; font-weight: bold;'>%1</span><br>%2")
                       .arg(html(person->fullName), facts.join(QStringLiteral(" &nbsp;·&nbsp; ")));
    const QString address = describeAddress(*person, m_context.units());
    if (!address.isEmpty())
        text += QStringLiteral("<br>") + html(address);
    if (!person->note.isEmpty())
        text += QStringLiteral("<br><i>%1</i>").arg(html(tr("Note: %1").arg(person->note)));
    m_header->setText(text);
}

void HistoryPage::showScreeningsAndReactions()
{
    if (m_personId.isEmpty() || !m_context.registration().person(m_personId)) {
        m_reactions->clear();
        return;
    }
    ClinicalRepository& clinical = m_context.store().clinical();
    QString text;
    const QList<AdverseEvent> events = clinical.adverseEventsOf(m_personId);
    text += QStringLiteral("<h3>%1</h3>").arg(html(tr("Reactions (%1)").arg(events.size())));
    if (events.isEmpty())
        text += QStringLiteral("<p>%1</p>").arg(html(tr("No reaction reported.")));
    for (const AdverseEvent& event : events) {
        const int row = m_model->rowOf(event.injectionId);
        const InjectionView* dose = m_model->injectionAt(row);
        QStringList symptoms;
        for (const QString& key : event.symptoms)
            symptoms << symptomText(key);
        QString line = tr("%1 — %2").arg(Format::dateTime(event.onsetAt), symptoms.join(QStringLiteral(", ")));
        if (dose)
            line += QLatin1Char(' ') + tr("(after dose %1, %2)").arg(dose->injection.doseNumber).arg(dose->productName);
        QString item = QStringLiteral("<p>%1").arg(html(line));
        if (event.serious) {
            QStringList criteria;
            for (SeriousCriterion c : event.seriousCriteria)
                criteria << symptomText(seriousCriterionKey(c));
            item += QStringLiteral(" <b style='color:#c62828'>%1</b>")
                        .arg(html(tr("SERIOUS: %1").arg(criteria.join(QStringLiteral(", ")))));
        }
        item += QStringLiteral("<br>") + html(tr("Outcome: %1").arg(symptomText(aefiOutcomeKey(event.outcome))));
        if (!event.description.isEmpty())
            item += QStringLiteral("<br>") + html(event.description);
        if (!event.treatment.isEmpty())
            item += QStringLiteral("<br>") + html(tr("Treatment: %1").arg(event.treatment));
        text += item + QStringLiteral("</p>");
    }

    const QList<Screening> screenings = clinical.screeningsOf(m_personId);
    text += QStringLiteral("<h3>%1</h3>").arg(html(tr("Screenings (%1)").arg(screenings.size())));
    if (screenings.isEmpty())
        text += QStringLiteral("<p>%1</p>").arg(html(tr("No screening recorded.")));
    const ScreeningForm& form = m_context.screeningForm();
    for (const Screening& s : screenings) {
        QString line = tr("%1 — %2").arg(Format::dateTime(s.screenedAt), form.conclusionText(s.conclusion, QLocale()));
        if (!s.note.isEmpty())
            line += QStringLiteral(" — ") + s.note;
        if (clinical.isVoided(s.stamp.id))
            line += QLatin1Char(' ') + tr("(voided)");
        text += QStringLiteral("<p>%1</p>").arg(html(line));
    }
    m_reactions->setHtml(text);
}

void HistoryPage::updateActions()
{
    const InjectionView* dose = m_model->injectionAt(m_table->currentIndex().row());
    m_voidButton->setEnabled(dose && !dose->voided);
}

void HistoryPage::voidDose()
{
    const InjectionView* selected = m_model->injectionAt(m_table->currentIndex().row());
    if (!selected || selected->voided || !m_context.loggedIn())
        return;
    const InjectionView dose = *selected;
    const auto person = m_context.registration().person(m_personId);
    const QString name = person ? person->fullName : QString();
    const QString what = tr("dose %1 of %2 — %3, lot %4, given %5")
                             .arg(dose.injection.doseNumber)
                             .arg(name, dose.productName, dose.lotNumber, Format::dateTime(dose.injection.injectedAt));
    const QString reason = ReasonDialog::ask(this, tr("Void dose"),
        tr("Why is %1 void? (for example: recorded for the wrong person)").arg(what));
    if (reason.trimmed().isEmpty())
        return;
    const auto answer = MessageBox::question(this, tr("Void dose"),
        tr("Void %1?\n\nReason: %2\n\nThe dose stays in the record, struck through, no longer counts, "
           "and goes back to stock.")
            .arg(what, reason.trimmed()));
    if (answer != QMessageBox::Yes)
        return;
    auto voided = m_context.injections().voidInjection(m_context.session(), dose.injection.stamp.id, reason.trimmed());
    if (!voided.ok()) {
        MessageBox::warning(this, tr("The dose was not voided"), voided.error().message());
        return;
    }
    m_context.notifyDataChanged();
    m_status->setText(tr("Dose %1 is void and back in stock.").arg(dose.injection.doseNumber));
    m_status->setStyleSheet(QStringLiteral("background: #e8f5e9; color: #1b5e20; border-left: 5px solid #2e7d32; padding: 6px;"));
    m_status->show();
    m_table->setFocus(Qt::OtherFocusReason);
}

} // namespace vax

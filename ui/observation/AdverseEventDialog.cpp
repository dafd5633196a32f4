#include "AdverseEventDialog.h"
#include "ui_AdverseEventDialog.h"

#include "app/clinical/AefiSymptoms.h"
#include "app/common/Clock.h"
#include "app/services/ObservationService.h"
#include "ui/AppContext.h"
#include "ui/common/Format.h"

#include <QCheckBox>
#include <QPushButton>

namespace vax {

AdverseEventDialog::AdverseEventDialog(AppContext& context, const ObservationEntry& entry, QWidget* parent)
    : QDialog(parent)
    , m_context(context)
    , m_entry(entry)
    , m_ui(std::make_unique<Ui::AdverseEventDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("adverseEventDialog"));
    m_ui->personLabel->setText(tr("%1 — dose %2 of %3, lot %4, injected at %5")
                                   .arg(entry.personName)
                                   .arg(entry.injection.doseNumber)
                                   .arg(entry.productName, entry.lotNumber, Format::time(entry.injection.injectedAt)));
    m_ui->onsetTimeEdit->setTime(context.clock().now().time());
    buildSymptoms();

    m_criteria = {{SeriousCriterion::Death, m_ui->deathCheckBox},
        {SeriousCriterion::LifeThreatening, m_ui->lifeThreateningCheckBox},
        {SeriousCriterion::Hospitalisation, m_ui->hospitalisationCheckBox},
        {SeriousCriterion::Disability, m_ui->disabilityCheckBox},
        {SeriousCriterion::CongenitalAnomaly, m_ui->congenitalAnomalyCheckBox},
        {SeriousCriterion::Intervention, m_ui->interventionCheckBox}};
    const QList<std::pair<AefiOutcome, QString>> outcomes{{AefiOutcome::Recovering, tr("Recovering")},
        {AefiOutcome::Recovered, tr("Recovered")}, {AefiOutcome::RecoveredWithSequelae, tr("Recovered with sequelae")},
        {AefiOutcome::NotRecovered, tr("Not recovered")}, {AefiOutcome::Unknown, tr("Unknown")}, {AefiOutcome::Died, tr("Died")}};
    for (const auto& [outcome, text] : outcomes)
        m_ui->outcomeComboBox->addItem(text, aefiOutcomeKey(outcome));

    m_errors.bind(QStringLiteral("onset_at"), m_ui->onsetTimeEdit, m_ui->onsetErrorLabel);
    // Group boxes get no red frame: a style sheet on them would frame every tick box inside.
    m_errors.bind(QStringLiteral("symptoms"), nullptr, m_ui->symptomsErrorLabel);
    m_errors.bind(QStringLiteral("serious"), m_ui->seriousCheckBox, m_ui->seriousErrorLabel);
    m_errors.bind(QStringLiteral("serious_criteria"), nullptr, m_ui->criteriaErrorLabel);
    m_errors.bind(QStringLiteral("outcome"), m_ui->outcomeComboBox, m_ui->outcomeErrorLabel);
    m_errors.setGeneral(m_ui->generalErrorLabel);

    QPushButton* ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setText(tr("Save report"));
    ok->setObjectName(QStringLiteral("saveReportButton"));
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &AdverseEventDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &AdverseEventDialog::reject);
    connect(m_ui->seriousCheckBox, &QCheckBox::toggled, this, &AdverseEventDialog::seriousToggled);
    seriousToggled(false);
    if (!m_symptoms.isEmpty())
        m_symptoms.first().second->setFocus();
}

AdverseEventDialog::~AdverseEventDialog() = default;

void AdverseEventDialog::buildSymptoms()
{
    const auto symptoms = AefiSymptoms::builtin();
    if (!symptoms.ok()) {
        m_ui->symptomsErrorLabel->setText(symptoms.error().message());
        return;
    }
    constexpr int kColumns = 3;
    const QLocale locale;
    QWidget* previous = m_ui->onsetTimeEdit;
    const QList<AefiSymptoms::Symptom>& list = symptoms->symptoms();
    const int perColumn = int((list.size() + kColumns - 1) / kColumns);
    for (int i = 0; i < list.size(); ++i) {
        auto* box = new QCheckBox(list.at(i).text(locale), m_ui->symptomsGroupBox);
        box->setObjectName(list.at(i).key + QStringLiteral("CheckBox"));
        // Down the columns, as Tab goes.
        m_ui->symptomsGridLayout->addWidget(box, i % perColumn, i / perColumn);
        setTabOrder(previous, box);
        previous = box;
        m_symptoms << std::make_pair(list.at(i).key, box);
    }
    setTabOrder(previous, m_ui->descriptionPlainTextEdit);
}

void AdverseEventDialog::seriousToggled(bool serious)
{
    for (const auto& c : std::as_const(m_criteria))
        c.second->setEnabled(serious);
    m_ui->criteriaGroupBox->setEnabled(serious);
    m_ui->seriousReminderLabel->setVisible(serious);
}

void AdverseEventDialog::accept()
{
    m_errors.clear();
    const QDateTime now = m_context.clock().now();
    QDateTime onset(now.date(), m_ui->onsetTimeEdit->time());
    // Just before midnight for a dose of yesterday evening.
    if (now.secsTo(onset) > 5 * 60 && m_entry.injection.injectedAt.date() < now.date())
        onset = onset.addDays(-1);

    AdverseEventDraft draft;
    draft.injectionId = m_entry.injection.stamp.id;
    draft.onsetAt = onset;
    for (const auto& [key, box] : std::as_const(m_symptoms)) {
        if (box->isChecked())
            draft.symptoms << key;
    }
    draft.description = m_ui->descriptionPlainTextEdit->toPlainText();
    draft.serious = m_ui->seriousCheckBox->isChecked();
    if (draft.serious) {
        for (const auto& [criterion, box] : std::as_const(m_criteria)) {
            if (box->isChecked())
                draft.seriousCriteria << criterion;
        }
    }
    draft.outcome = aefiOutcomeFromKey(m_ui->outcomeComboBox->currentData().toString()).value_or(AefiOutcome::Unknown);
    draft.treatment = m_ui->treatmentLineEdit->text();

    auto reported = m_context.observation().reportAdverseEvent(m_context.session(), draft);
    if (!reported.ok()) {
        QWidget* bad = m_errors.show(reported.error());
        const Error& error = reported.error();
        if (error.hasField(QStringLiteral("onset_at")))
            bad = m_ui->onsetTimeEdit;
        else if (error.hasField(QStringLiteral("symptoms")) && !m_symptoms.isEmpty())
            bad = m_symptoms.first().second;
        else if (error.hasField(QStringLiteral("serious_criteria")))
            bad = m_ui->deathCheckBox;
        if (bad)
            bad->setFocus(Qt::OtherFocusReason);
        return;
    }
    m_reported = reported.value();
    m_context.notifyDataChanged();
    QDialog::accept();
}

} // namespace vax

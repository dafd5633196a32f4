#pragma once

#include "app/clinical/AdverseEvent.h"
#include "app/store/ClinicalRepository.h"
#include "ui/common/FieldErrors.h"

#include <QDialog>

#include <memory>
#include <optional>

class QCheckBox;

namespace Ui {
class AdverseEventDialog;
}

namespace vax {

class AppContext;

// Report a reaction after a dose (AEFI): onset time, symptoms from resources/aefi, what
// happened, serious or not and why (a serious one must reach the district within 24 hours),
// outcome and treatment. OK saves through ObservationService and stays open on errors,
// which are shown next to their fields.
class AdverseEventDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AdverseEventDialog)

public:
    AdverseEventDialog(AppContext& context, const ObservationEntry& entry, QWidget* parent = nullptr);
    ~AdverseEventDialog() override;

    void accept() override;
    // The event saved by the last successful accept().
    const std::optional<AdverseEvent>& reported() const { return m_reported; }

private:
    void buildSymptoms();
    void seriousToggled(bool serious);

    AppContext& m_context;
    ObservationEntry m_entry;
    const std::unique_ptr<Ui::AdverseEventDialog> m_ui;
    QList<std::pair<QString, QCheckBox*>> m_symptoms;
    QList<std::pair<SeriousCriterion, QCheckBox*>> m_criteria;
    FieldErrors m_errors;
    std::optional<AdverseEvent> m_reported;
};

} // namespace vax

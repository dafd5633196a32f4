#include "MovementDialog.h"
#include "ui_MovementDialog.h"

#include "app/services/StockLedgerService.h"
#include "app/services/StockService.h"
#include "app/stock/StockReasons.h"
#include "app/store/SiteStore.h"
#include "ui/AppContext.h"
#include "ui/common/Format.h"
#include "ui/stock/ShipmentModel.h"

#include <QPushButton>

namespace vax {

MovementDialog::MovementDialog(AppContext& context, Mode mode, QWidget* parent)
    : QDialog(parent)
    , m_context(context)
    , m_mode(mode)
    , m_ui(std::make_unique<Ui::MovementDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("movementDialog"));
    QPushButton* ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("movementPushButton"));
    ok->setDefault(true);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &MovementDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &MovementDialog::reject);

    const bool send = mode == Mode::Send;
    const bool confirm = mode == Mode::Confirm;
    const bool reason = mode == Mode::Discard || confirm;
    m_ui->formLayout->setRowVisible(m_ui->teamComboBox, send);
    m_ui->formLayout->setRowVisible(m_ui->teamErrorLabel, send);
    m_ui->formLayout->setRowVisible(m_ui->lotComboBox, !confirm);
    m_ui->formLayout->setRowVisible(m_ui->lotErrorLabel, !confirm);
    m_ui->formLayout->setRowVisible(m_ui->reasonComboBox, reason);
    m_ui->formLayout->setRowVisible(m_ui->reasonErrorLabel, reason);

    switch (mode) {
    case Mode::Send:
        setWindowTitle(tr("Send sealed vials"));
        m_ui->introLabel->setText(tr("Sealed vials leave this holder now and are in transit until the team confirms them."));
        ok->setText(tr("Send"));
        break;
    case Mode::Confirm:
        setWindowTitle(tr("Confirm a shipment"));
        ok->setText(tr("Confirm"));
        m_ui->reasonLabel->setText(tr("&Difference:"));
        break;
    case Mode::Discard:
        setWindowTitle(tr("Discard closed vials"));
        m_ui->introLabel->setText(tr("Whole sealed vials only; what is left in opened vials is recorded when the session closes."));
        ok->setText(tr("Discard"));
        break;
    case Mode::Count:
        setWindowTitle(tr("Physical count"));
        m_ui->introLabel->setText(tr("Count sealed and opened vials of the lot here, in doses. The difference from the ledger "
                                     "is recorded as an adjustment."));
        m_ui->dosesLabel->setText(tr("&Counted doses:"));
        ok->setText(tr("Record count"));
        break;
    }

    m_errors.bind(QStringLiteral("to"), m_ui->teamComboBox, m_ui->teamErrorLabel);
    m_errors.bind(QStringLiteral("lot"), m_ui->lotComboBox, m_ui->lotErrorLabel);
    m_errors.bind(QStringLiteral("doses"), m_ui->dosesLineEdit, m_ui->dosesErrorLabel);
    m_errors.bind(QStringLiteral("counted"), m_ui->dosesLineEdit, m_ui->dosesErrorLabel);
    m_errors.bind(QStringLiteral("reason"), m_ui->reasonComboBox, m_ui->reasonErrorLabel);
    m_errors.bind(QStringLiteral("difference"), m_ui->reasonComboBox, m_ui->reasonErrorLabel);
    m_errors.setGeneral(m_ui->errorLabel);
    m_errors.clear();

    fillTeams();
    fillLots();
    fillReasons();
    (send ? static_cast<QWidget*>(m_ui->teamComboBox)
          : confirm ? static_cast<QWidget*>(m_ui->dosesLineEdit) : static_cast<QWidget*>(m_ui->lotComboBox))->setFocus();
}

MovementDialog::~MovementDialog() = default;

void MovementDialog::fillTeams()
{
    for (const Site& s : m_context.store().stock().destinationsOf(m_context.store().identity().holderId()))
        m_ui->teamComboBox->addItem(QStringLiteral("%1 · %2").arg(s.code, s.name), s.stamp.id);
}

void MovementDialog::fillLots()
{
    for (const LotBalance& b : m_context.stock().onHand()) {
        m_ui->lotComboBox->addItem(tr("%1 · lot %2 · expires %3 · %n dose(s)", nullptr, b.doses)
                                       .arg(b.productName, b.lot.lotNumber, Format::date(b.lot.expiry)),
            b.lot.stamp.id);
    }
}

void MovementDialog::fillReasons()
{
    if (m_mode == Mode::Confirm) {
        m_ui->reasonComboBox->addItem(tr("— everything arrived —"), QString());
        for (const QString& key : receiptDifferenceKeys())
            m_ui->reasonComboBox->addItem(StockReasonText::label(key), key);
    } else if (m_mode == Mode::Discard) {
        m_ui->reasonComboBox->addItem(tr("— why? —"), QString());
        for (const QString& key : wastageReasonKeys())
            m_ui->reasonComboBox->addItem(StockReasonText::label(key), key);
    }
}

void MovementDialog::selectLot(const QString& lotId)
{
    const int i = m_ui->lotComboBox->findData(lotId);
    if (i >= 0)
        m_ui->lotComboBox->setCurrentIndex(i);
}

void MovementDialog::setShipment(const ShipmentRow& row)
{
    const Shipment& s = row.shipment;
    m_shipmentId = s.sent.stamp.id;
    m_ui->introLabel->setText(tr("%1 sent %2 doses of %3, lot %4, on %5. Count what arrived; if fewer, say why.")
                                  .arg(row.fromCode)
                                  .arg(s.dosesSent())
                                  .arg(s.productCode, s.lotNumber, Format::dateTime(s.sent.occurredAt.toLocalTime())));
    m_ui->dosesLineEdit->setText(QString::number(s.dosesSent()));
    m_ui->dosesLineEdit->selectAll();
}

void MovementDialog::accept()
{
    m_errors.clear();
    const Session& session = m_context.session();
    StockLedgerService& ledger = m_context.stockLedger();
    const QString lotId = m_ui->lotComboBox->currentData().toString();
    const QString doses = m_ui->dosesLineEdit->text();
    const QString reason = m_ui->reasonComboBox->currentData().toString();
    const QString note = m_ui->noteLineEdit->text();
    Result<StockMovement> done = Error();
    switch (m_mode) {
    case Mode::Send:
        done = ledger.transfer(session, m_ui->teamComboBox->currentData().toString(), lotId, doses, note);
        if (done.ok())
            m_summary = tr("Sent %n dose(s) to %1: in transit until the team confirms.", nullptr, -done->doses)
                            .arg(m_ui->teamComboBox->currentText());
        break;
    case Mode::Confirm:
        done = ledger.confirm(session, ConfirmDraft{m_shipmentId, doses, reason, note});
        if (done.ok())
            m_summary = tr("Confirmed: %n dose(s) arrived.", nullptr, done->doses);
        break;
    case Mode::Discard:
        done = ledger.discard(session, lotId, doses, reason, note);
        if (done.ok())
            m_summary = tr("Discarded %n dose(s): %1.", nullptr, -done->doses).arg(StockReasonText::label(reason));
        break;
    case Mode::Count:
        done = ledger.count(session, lotId, doses, note);
        if (done.ok())
            m_summary = done->doses == 0 ? tr("Count recorded: it matches the ledger.")
                                         : tr("Count recorded: an adjustment of %1 doses.").arg(done->doses);
        break;
    }
    if (!done.ok()) {
        if (QWidget* bad = m_errors.show(done.error()))
            bad->setFocus();
        return;
    }
    m_context.notifyDataChanged();
    QDialog::accept();
}

} // namespace vax

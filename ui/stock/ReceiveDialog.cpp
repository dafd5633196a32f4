#include "ReceiveDialog.h"
#include "ui_ReceiveDialog.h"

#include "app/common/Clock.h"
#include "app/services/StockService.h"
#include "app/stock/Gs1Scan.h"
#include "app/store/CatalogueRepository.h"
#include "app/store/SiteStore.h"
#include "ui/AppContext.h"

#include <QPushButton>
#include <QShortcut>

namespace vax {

ReceiveDialog::ReceiveDialog(AppContext& context, QWidget* parent)
    : QDialog(parent)
    , m_context(context)
    , m_ui(std::make_unique<Ui::ReceiveDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("receiveDialog"));
    QPushButton* ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setText(tr("Receive  (Ctrl+Enter)"));
    ok->setObjectName(QStringLiteral("receiveShipmentPushButton"));
    ok->setDefault(true);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &ReceiveDialog::accept);
    // Ctrl+Enter receives wherever the focus is, the Scan field included.
    auto* receiveNow = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    receiveNow->setKeys({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    connect(receiveNow, &QShortcut::activated, this, &ReceiveDialog::receive);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &ReceiveDialog::reject);

    m_ui->productComboBox->addItem(tr("— pick the vaccine —"), QString());
    for (const VaccineProduct& p : context.store().catalogue().products())
        m_ui->productComboBox->addItem(tr("%1 (%n-dose vial)", nullptr, p.dosesPerVial).arg(p.name), p.code);

    m_errors.bind(QStringLiteral("scan"), m_ui->scanLineEdit, m_ui->scanErrorLabel);
    for (const char* field : {"gtin", "produced", "serial"})
        m_errors.bind(QLatin1String(field), m_ui->scanLineEdit, m_ui->scanErrorLabel);
    m_errors.bind(QStringLiteral("product"), m_ui->productComboBox, m_ui->productErrorLabel);
    m_errors.bind(QStringLiteral("lot"), m_ui->lotLineEdit, m_ui->lotErrorLabel);
    m_errors.bind(QStringLiteral("expiry"), m_ui->expiryLineEdit, m_ui->expiryErrorLabel);
    m_errors.bind(QStringLiteral("doses"), m_ui->dosesLineEdit, m_ui->dosesErrorLabel);
    m_errors.setGeneral(m_ui->errorLabel);
    m_errors.clear();
    m_ui->scanLineEdit->setFocus();
}

ReceiveDialog::~ReceiveDialog() = default;

QString ReceiveDialog::productCode() const
{
    return m_ui->productComboBox->currentData().toString();
}

void ReceiveDialog::selectProduct(const QString& code)
{
    const int i = m_ui->productComboBox->findData(code);
    if (i >= 0)
        m_ui->productComboBox->setCurrentIndex(i);
}

void ReceiveDialog::applyScan()
{
    m_errors.clear();
    const QString scanned = m_ui->scanLineEdit->text();
    auto draft = m_context.stock().draftFromScan(scanned, productCode());
    if (draft.ok()) {
        selectProduct(draft->productCode);
        m_ui->lotLineEdit->setText(draft->lotNumber);
        m_ui->expiryLineEdit->setText(draft->expiry);
        m_gtin = draft->gtin;
        m_ui->dosesLineEdit->setFocus();
        m_ui->dosesLineEdit->selectAll();
        return;
    }
    // A pack the catalogue has no GTIN for still gives its lot and expiry: fill them and ask
    // only for the product.
    const auto scan = Gs1Scan::parse(scanned, m_context.clock().today());
    if (scan.ok()) {
        m_ui->lotLineEdit->setText(scan->lot);
        if (scan->expiry.isValid())
            m_ui->expiryLineEdit->setText(scan->expiry.toString(Qt::ISODate));
        m_gtin = scan->gtin;
    }
    if (QWidget* bad = m_errors.show(draft.error()))
        bad->setFocus();
}

void ReceiveDialog::accept()
{
    if (m_ui->scanLineEdit->hasFocus()) {
        if (!m_ui->scanLineEdit->text().trimmed().isEmpty())
            applyScan();
        else
            m_ui->productComboBox->setFocus();
        return;
    }
    receive();
}

void ReceiveDialog::receive()
{
    m_errors.clear();
    ReceiptDraft d;
    d.productCode = productCode();
    d.lotNumber = m_ui->lotLineEdit->text();
    d.expiry = m_ui->expiryLineEdit->text();
    d.doses = m_ui->dosesLineEdit->text();
    d.gtin = m_gtin;
    d.note = m_ui->noteLineEdit->text();
    const auto received = m_context.stock().receive(m_context.session(), d);
    if (!received.ok()) {
        if (QWidget* bad = m_errors.show(received.error()))
            bad->setFocus();
        return;
    }
    m_lotId = received->lot.stamp.id;
    m_summary = tr("Received %1 doses of %2, lot %3: %4 doses of this lot on hand.")
                    .arg(d.doses.trimmed(), received->productName, received->lot.lotNumber)
                    .arg(received->doses);
    m_context.notifyDataChanged();
    QDialog::accept();
}

} // namespace vax

#include "EnrolDialog.h"
#include "ui_EnrolDialog.h"

#include "sync/SyncController.h"

#include <QPointer>
#include <QPushButton>

namespace vax {

EnrolDialog::EnrolDialog(sync::SyncController& sync, const QString& deviceId, QWidget* parent)
    : QDialog(parent)
    , m_sync(sync)
    , m_ui(std::make_unique<Ui::EnrolDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("enrolDialog"));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("Enrol"));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("enrolPushButton"));
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &EnrolDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &EnrolDialog::reject);
    m_errors.bind(QStringLiteral("server"), m_ui->serverLineEdit, m_ui->serverErrorLabel);
    m_errors.bind(QStringLiteral("code"), m_ui->codeLineEdit, m_ui->codeErrorLabel);
    m_errors.setGeneral(m_ui->errorLabel);
    m_errors.clear();
    m_ui->serverLineEdit->setFocus();
    if (sync.status().link == sync::SyncStatus::Link::Refused && !sync.status().server.isEmpty()) {
        // Central refuses this device: it enrols again where it is enrolled, with a code for it.
        setWindowTitle(tr("Enrol this device again"));
        m_ui->introLabel->setText(tr("Central refuses this device. With a code the district made for this device (vaxcentral admin "
                                     "enrol-code --device %1), it enrols again and keeps everything waiting to be sent.")
                                      .arg(deviceId));
        m_ui->serverLineEdit->setText(sync.status().server);
        m_ui->nameLineEdit->setPlaceholderText(tr("Leave empty to keep its name"));
        m_ui->codeLineEdit->setFocus();
    }
}

EnrolDialog::~EnrolDialog() = default;

void EnrolDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget* w : {static_cast<QWidget*>(m_ui->serverLineEdit), static_cast<QWidget*>(m_ui->codeLineEdit),
             static_cast<QWidget*>(m_ui->nameLineEdit), static_cast<QWidget*>(m_ui->buttonBox->button(QDialogButtonBox::Ok))})
        w->setEnabled(!busy);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(busy ? tr("Enrolling…") : tr("Enrol"));
}

void EnrolDialog::accept()
{
    if (m_busy)
        return;
    m_errors.clear();
    setBusy(true);
    QPointer<EnrolDialog> self(this);
    m_sync.enrol(m_ui->serverLineEdit->text(), m_ui->codeLineEdit->text(), m_ui->nameLineEdit->text(),
        [self](Result<sync::Enrolled> r) {
            if (!self)
                return;
            self->setBusy(false);
            if (!r.ok()) {
                if (QWidget* bad = self->m_errors.show(r.error()))
                    bad->setFocus();
                return;
            }
            self->m_summary = r->again
                ? tr("Enrolled again with %1 for %2: the %n change(s) waiting here are sent now.", nullptr, int(r->waiting))
                      .arg(r->server.toString(), r->place())
                : tr("Enrolled with %1 for %2. Sync starts now.").arg(r->server.toString(), r->place());
            self->QDialog::accept();
        });
}

} // namespace vax

#include "LoginDialog.h"
#include "ui_LoginDialog.h"

#include "app/services/AuthService.h"
#include "app/store/SiteStore.h"
#include "ui/AppContext.h"

#include <QPushButton>

namespace vax {

LoginDialog::LoginDialog(AppContext& context, QWidget* parent)
    : QDialog(parent)
    , m_context(context)
    , m_ui(std::make_unique<Ui::LoginDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("loginDialog"));
    const SiteIdentity& id = context.store().identity();
    m_ui->siteLabel->setText(id.siteName);
    m_ui->siteLabel->setToolTip(tr("Site code %1").arg(id.siteCode));
    setMinimumWidth(480);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("Log in"));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("loginButton"));
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &LoginDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &LoginDialog::reject);
    m_ui->errorLabel->hide();
    m_ui->usernameLineEdit->setFocus();
}

LoginDialog::~LoginDialog() = default;

void LoginDialog::accept()
{
    auto session = m_context.auth().login(m_ui->usernameLineEdit->text(), m_ui->passwordLineEdit->text());
    if (!session.ok()) {
        m_ui->errorLabel->setText(session.error().message());
        m_ui->errorLabel->show();
        m_ui->passwordLineEdit->clear();
        m_ui->passwordLineEdit->setFocus();
        return;
    }
    m_context.setSession(session.value());
    QDialog::accept();
}

} // namespace vax

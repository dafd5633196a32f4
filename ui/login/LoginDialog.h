#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class LoginDialog;
}

namespace vax {

class AppContext;

// Log in on this device, offline too. On success the session is set on the context.
class LoginDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoginDialog)

public:
    explicit LoginDialog(AppContext& context, QWidget* parent = nullptr);
    ~LoginDialog() override;

    void accept() override;

private:
    AppContext& m_context;
    const std::unique_ptr<Ui::LoginDialog> m_ui;
};

} // namespace vax

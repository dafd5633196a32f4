#pragma once

#include "ui/common/FieldErrors.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ReceiveDialog;
}

namespace vax {

class AppContext;

// Receives a shipment at this device's holder. A keyboard-wedge scanner types the pack's GS1
// code into the Scan field and presses Enter: product (when the catalogue knows the GTIN), lot
// and expiry fill in, and the doses are next. Any field can be typed by hand. The service's
// errors show under the field they name and nothing is written.
class ReceiveDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReceiveDialog)

public:
    explicit ReceiveDialog(AppContext& context, QWidget* parent = nullptr);
    ~ReceiveDialog() override;

    // Enter in the Scan field reads the scan; anywhere else it receives.
    void accept() override;
    // The lot received, for the caller to select.
    const QString& receivedLotId() const { return m_lotId; }
    QString summary() const { return m_summary; }

private:
    void applyScan();
    void receive();
    QString productCode() const;
    void selectProduct(const QString& code);

    AppContext& m_context;
    const std::unique_ptr<Ui::ReceiveDialog> m_ui;
    FieldErrors m_errors;
    QString m_gtin;
    QString m_lotId;
    QString m_summary;
};

} // namespace vax

#pragma once

#include "ui/common/FieldErrors.h"

#include <QDialog>

#include <memory>

namespace Ui {
class EnrolDialog;
}

namespace vax {

namespace sync {
class SyncController;
}

// Enrols the device with central using the district's one-time code. The request runs on the
// sync thread; the dialog stays responsive, shows "Enrolling…", and puts central's answer under
// the field at fault (a code for another site, a mistyped address) or closes on success. When
// central refuses the device, it enrols it again: the address is filled in, and the code is the
// one the district made for this device (`deviceId`).
class EnrolDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnrolDialog)

public:
    EnrolDialog(sync::SyncController& sync, const QString& deviceId, QWidget* parent = nullptr);
    ~EnrolDialog() override;

    void accept() override;
    // What central said on success, for the caller to show.
    const QString& summary() const { return m_summary; }

private:
    void setBusy(bool busy);

    sync::SyncController& m_sync;
    const std::unique_ptr<Ui::EnrolDialog> m_ui;
    FieldErrors m_errors;
    QString m_summary;
    bool m_busy = false;
};

} // namespace vax

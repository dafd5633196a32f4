#pragma once

#include "ui/common/FieldErrors.h"

#include <QDialog>

#include <memory>

namespace Ui {
class MovementDialog;
}

namespace vax {

class AppContext;
struct ShipmentRow;

// One stock movement a site manager makes at this device's holder, on one form: send sealed
// vials to a team, confirm a shipment that arrived, discard closed vials with a reason, or
// record a physical count. Only the fields the movement needs are shown; the service's errors
// show under the field they name and nothing is written.
class MovementDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MovementDialog)

public:
    enum class Mode { Send, Confirm, Discard, Count };

    MovementDialog(AppContext& context, Mode mode, QWidget* parent = nullptr);
    ~MovementDialog() override;

    // The lot to start on (the one selected on the stock screen); ignored if not on hand.
    void selectLot(const QString& lotId);
    // Confirm mode: the shipment that arrived.
    void setShipment(const ShipmentRow& row);

    void accept() override;
    QString summary() const { return m_summary; }

private:
    void fillTeams();
    void fillLots();
    void fillReasons();

    AppContext& m_context;
    const Mode m_mode;
    const std::unique_ptr<Ui::MovementDialog> m_ui;
    FieldErrors m_errors;
    QString m_shipmentId;
    QString m_summary;
};

} // namespace vax

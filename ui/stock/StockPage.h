#pragma once

#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;
class QTabWidget;
class QTableView;

namespace vax {

class AppContext;
class LedgerModel;
class OnHandModel;
class ShipmentModel;
class StockActions;
class StockChart;
class WastageModel;
struct OnHandRow;
struct ShipmentRow;

// The site manager's stock screen: what each holder (the site, each mobile team, or all) has
// lot by lot, shipments in transit and confirmed, the ledger with a CSV export, usage and
// wastage over a period, and a chart of doses given and on hand over the last 30 days; the
// holder selector narrows every list but the shipments (this laptop's). Lots below zero at
// any of the site's holders are named above the lists, whatever the selection. The
// actions (receive, send, confirm, discard, count, quarantine, close the session) are in
// StockActions; every one has a shortcut.
class StockPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StockPage)

public:
    explicit StockPage(AppContext& context, QWidget* parent = nullptr);
    ~StockPage() override;

    void reload();
    // The lot selected on the On hand list, if any.
    const OnHandRow* selectedLot() const;
    // The shipment selected on the In transit list, if any.
    const ShipmentRow* selectedShipment() const;
    void showMessage(const QString& text);
    void showShipments();

private:
    void buildUi();
    QWidget* buildLedgerTab();
    QWidget* buildWastageTab();
    QStringList selectedHolders() const;
    void fillHolders();
    void reloadOnHand();
    void reloadShipments();
    void reloadLedger();
    void reloadWastage();
    void reloadChart();
    void exportCsv();

    AppContext& m_context;
    StockActions* m_actions = nullptr;
    OnHandModel* m_onHand = nullptr;
    ShipmentModel* m_shipments = nullptr;
    LedgerModel* m_ledger = nullptr;
    WastageModel* m_wastage = nullptr;
    StockChart* m_chart = nullptr;
    QComboBox* m_holder = nullptr;
    QComboBox* m_ledgerLot = nullptr;
    QDateEdit* m_from = nullptr;
    QDateEdit* m_to = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_belowZero = nullptr;
    QLabel* m_wastageNote = nullptr;
    QTabWidget* m_tabs = nullptr;
    QTableView* m_onHandTable = nullptr;
    QTableView* m_shipmentTable = nullptr;
};

} // namespace vax

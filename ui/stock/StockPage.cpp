#include "StockPage.h"

#include "app/common/Clock.h"
#include "app/services/StockReport.h"
#include "app/store/OwnStock.h"
#include "app/store/SiteStore.h"
#include "ui/AppContext.h"
#include "ui/common/FileDialog.h"
#include "ui/common/ListTable.h"
#include "ui/common/MessageBox.h"
#include "ui/common/PageShortcut.h"
#include "ui/stock/LedgerModel.h"
#include "ui/stock/OnHandModel.h"
#include "ui/stock/ShipmentModel.h"
#include "ui/stock/StockActions.h"
#include "ui/stock/StockChart.h"
#include "ui/stock/WastageModel.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace vax {

namespace {

constexpr int kLedgerShown = 2000;
constexpr int kPeriodDays = 30;

} // namespace

StockPage::StockPage(AppContext& context, QWidget* parent)
    : QWidget(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("stockPage"));
    buildUi();
    connect(&context, &AppContext::dataChanged, this, &StockPage::reload);
    connect(&context, &AppContext::sessionChanged, this, &StockPage::reload);
    reload();
}

StockPage::~StockPage() = default;

void StockPage::buildUi()
{
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    m_holder = new QComboBox(this);
    m_holder->setObjectName(QStringLiteral("holderComboBox"));
    auto* holderLabel = new QLabel(tr("&Holder:"), this);
    holderLabel->setBuddy(m_holder);
    top->addWidget(holderLabel);
    top->addWidget(m_holder);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("stockMessageLabel"));
    m_message->setStyleSheet(QStringLiteral("color: #1b5e20; font-weight: bold;"));
    top->addSpacing(16);
    top->addWidget(m_message, 1);
    layout->addLayout(top);
    m_belowZero = new QLabel(this);
    m_belowZero->setObjectName(QStringLiteral("belowZeroLabel"));
    m_belowZero->setWordWrap(true);
    m_belowZero->setStyleSheet(QStringLiteral("color: #c62828; font-weight: bold;"));
    m_belowZero->hide();
    layout->addWidget(m_belowZero);

    m_actions = new StockActions(m_context, *this);
    layout->addWidget(m_actions->bar());

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("stockTabWidget"));
    m_onHand = new OnHandModel(this);
    m_onHandTable = newListTable(m_tabs, QStringLiteral("onHandTableView"), m_onHand);
    m_onHandTable->horizontalHeader()->setSectionResizeMode(OnHandModel::QuarantineColumn, QHeaderView::Stretch);
    m_shipments = new ShipmentModel(this);
    m_shipmentTable = newListTable(m_tabs, QStringLiteral("shipmentTableView"), m_shipments);
    m_shipmentTable->horizontalHeader()->setSectionResizeMode(ShipmentModel::DifferenceColumn, QHeaderView::Stretch);
    m_chart = new StockChart(m_tabs);
    m_chart->setObjectName(QStringLiteral("stockChart"));
    m_tabs->addTab(m_onHandTable, tr("On hand"));
    m_tabs->addTab(m_shipmentTable, tr("In transit / incoming"));
    m_tabs->addTab(buildLedgerTab(), tr("Ledger"));
    m_tabs->addTab(buildWastageTab(), tr("Wastage"));
    m_tabs->addTab(m_chart, tr("Last 30 days"));
    layout->addWidget(m_tabs, 1);

    connect(m_holder, &QComboBox::currentIndexChanged, this, [this] {
        reloadOnHand();
        reloadLedger();
        reloadWastage();
        reloadChart();
    });
    connect(m_onHandTable->selectionModel(), &QItemSelectionModel::currentRowChanged, m_actions, &StockActions::updateActions);
    connect(m_shipmentTable->selectionModel(), &QItemSelectionModel::currentRowChanged, m_actions,
        &StockActions::updateActions);
    connect(m_tabs, &QTabWidget::currentChanged, m_actions, &StockActions::updateActions);
    // Alt+1…5 for the lists, so the keyboard reaches each without Tab-walking.
    for (int i = 0; i < m_tabs->count(); ++i) {
        connect(pageShortcut(this, {QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i))}), &QShortcut::activated, this,
            [this, i] {
                m_tabs->setCurrentIndex(i);
                m_tabs->currentWidget()->setFocus();
            });
        m_tabs->setTabToolTip(i, tr("Alt+%1").arg(i + 1));
    }
}

QWidget* StockPage::buildLedgerTab()
{
    auto* tab = new QWidget(m_tabs);
    auto* layout = new QVBoxLayout(tab);
    auto* row = new QHBoxLayout;
    m_ledgerLot = new QComboBox(tab);
    m_ledgerLot->setObjectName(QStringLiteral("ledgerLotComboBox"));
    m_ledgerLot->setMinimumContentsLength(28);
    auto* lotLabel = new QLabel(tr("Lo&t:"), tab);
    lotLabel->setBuddy(m_ledgerLot);
    auto* exportButton = new QPushButton(tr("Export CSV…  (Ctrl+E)"), tab);
    exportButton->setObjectName(QStringLiteral("exportCsvPushButton"));
    row->addWidget(lotLabel);
    row->addWidget(m_ledgerLot);
    row->addStretch(1);
    row->addWidget(exportButton);
    layout->addLayout(row);
    m_ledger = new LedgerModel(this);
    auto* table = newListTable(tab, QStringLiteral("ledgerTableView"), m_ledger);
    table->horizontalHeader()->setSectionResizeMode(LedgerModel::NoteColumn, QHeaderView::Stretch);
    layout->addWidget(table, 1);
    connect(m_ledgerLot, &QComboBox::currentIndexChanged, this, &StockPage::reloadLedger);
    connect(exportButton, &QPushButton::clicked, this, &StockPage::exportCsv);
    connect(pageShortcut(this, {QKeySequence(Qt::CTRL | Qt::Key_E)}), &QShortcut::activated, this, &StockPage::exportCsv);
    return tab;
}

QWidget* StockPage::buildWastageTab()
{
    auto* tab = new QWidget(m_tabs);
    auto* layout = new QVBoxLayout(tab);
    auto* row = new QHBoxLayout;
    const QDate today = m_context.clock().today();
    m_from = new QDateEdit(today.addDays(1 - kPeriodDays), tab);
    m_from->setObjectName(QStringLiteral("fromDateEdit"));
    m_to = new QDateEdit(today, tab);
    m_to->setObjectName(QStringLiteral("toDateEdit"));
    for (QDateEdit* e : {m_from, m_to}) {
        e->setDisplayFormat(QStringLiteral("dd/MM/yyyy"));
        e->setCalendarPopup(true);
    }
    auto* fromLabel = new QLabel(tr("&From:"), tab);
    fromLabel->setBuddy(m_from);
    auto* toLabel = new QLabel(tr("t&o:"), tab);
    toLabel->setBuddy(m_to);
    m_wastageNote = new QLabel(tab);
    m_wastageNote->setObjectName(QStringLiteral("wastageNoteLabel"));
    m_wastageNote->setWordWrap(true);
    row->addWidget(fromLabel);
    row->addWidget(m_from);
    row->addWidget(toLabel);
    row->addWidget(m_to);
    row->addSpacing(16);
    row->addWidget(m_wastageNote, 1);
    layout->addLayout(row);
    m_wastage = new WastageModel(this);
    auto* table = newListTable(tab, QStringLiteral("wastageTableView"), m_wastage);
    table->horizontalHeader()->setSectionResizeMode(WastageModel::ProductColumn, QHeaderView::Stretch);
    layout->addWidget(table, 1);
    m_to->setMinimumDate(m_from->date());
    connect(m_from, &QDateEdit::dateChanged, m_to, &QDateEdit::setMinimumDate);
    connect(m_from, &QDateEdit::dateChanged, this, &StockPage::reloadWastage);
    connect(m_to, &QDateEdit::dateChanged, this, &StockPage::reloadWastage);
    return tab;
}

void StockPage::fillHolders()
{
    StockReport report(m_context.store());
    const QStringList ids = report.holderIds();
    const QString current = m_holder->currentData().toStringList().join(QLatin1Char(','));
    const QSignalBlocker quiet(m_holder);
    m_holder->clear();
    if (ids.size() > 1)
        m_holder->addItem(tr("All: the site and its teams"), ids);
    for (const QString& id : ids) {
        QString label = report.holderCode(id);
        if (id == m_context.store().identity().holderId())
            label = tr("%1 (this laptop)").arg(label);
        m_holder->addItem(label, QStringList{id});
    }
    int i = 0;
    for (int k = 0; k < m_holder->count(); ++k) {
        if (m_holder->itemData(k).toStringList().join(QLatin1Char(',')) == current)
            i = k;
    }
    if (current.isEmpty())
        i = m_holder->findData(QStringList{m_context.store().identity().holderId()});
    m_holder->setCurrentIndex(qMax(0, i));
}

QStringList StockPage::selectedHolders() const
{
    return m_holder->currentData().toStringList();
}

void StockPage::reload()
{
    fillHolders();
    QStringList below;
    for (const HolderBalance& b : OwnStock(m_context.store()).belowZero())
        below << OwnStock::belowZeroText(b);
    m_belowZero->setText(below.join(QLatin1Char('\n')));
    m_belowZero->setVisible(!below.isEmpty());
    reloadOnHand();
    reloadShipments();
    reloadLedger();
    reloadWastage();
    reloadChart();
    m_actions->updateActions();
}

void StockPage::reloadOnHand()
{
    const QString keep = m_onHandTable->currentIndex().data(OnHandModel::LotIdRole).toString();
    StockReport report(m_context.store());
    StockRepository& stock = m_context.store().stock();
    const QDate today = m_context.clock().today();
    const bool several = selectedHolders().size() > 1;
    QList<OnHandRow> rows;
    for (const QString& holder : selectedHolders()) {
        const QSet<QString> held = stock.quarantinedLots(holder);
        for (const LotBalance& b : stock.onHand(holder)) {
            if (b.doses == 0 && !held.contains(b.lot.stamp.id))
                continue;
            rows << OnHandRow{b, holder, report.holderCode(holder), int(today.daysTo(b.lot.expiry)), held.contains(b.lot.stamp.id)};
        }
    }
    m_onHand->setItems(rows);
    m_onHandTable->setColumnHidden(OnHandModel::HolderColumn, !several);
    for (int r = 0; r < m_onHand->rowCount(); ++r) {
        if (m_onHand->index(r, 0).data(OnHandModel::LotIdRole).toString() == keep || (keep.isEmpty() && r == 0)) {
            m_onHandTable->setCurrentIndex(m_onHand->index(r, OnHandModel::ProductColumn));
            break;
        }
    }
}

void StockPage::reloadShipments()
{
    StockReport report(m_context.store());
    StockRepository& stock = m_context.store().stock();
    const QString here = m_context.store().identity().holderId();
    QList<ShipmentRow> rows;
    int pending = 0;
    for (const Shipment& s : stock.shipmentsTo(here, false)) {
        rows << ShipmentRow{s, true, report.holderCode(s.sent.holderId), report.holderCode(here)};
        pending += s.received ? 0 : 1;
    }
    for (const Shipment& s : stock.shipmentsFrom(here, false))
        rows << ShipmentRow{s, false, report.holderCode(here), report.holderCode(s.sent.counterpartId)};
    // Incoming ones still to confirm first, then newest first.
    std::stable_sort(rows.begin(), rows.end(), [](const ShipmentRow& a, const ShipmentRow& b) {
        const bool aTodo = a.incoming && !a.shipment.received;
        const bool bTodo = b.incoming && !b.shipment.received;
        if (aTodo != bTodo)
            return aTodo;
        return a.shipment.sent.occurredAt > b.shipment.sent.occurredAt;
    });
    m_shipments->setItems(rows);
    m_tabs->setTabText(1, pending ? tr("In transit / incoming (%1 to confirm)").arg(pending) : tr("In transit / incoming"));
    if (m_shipments->rowCount() > 0)
        m_shipmentTable->setCurrentIndex(m_shipments->index(0, 0));
}

void StockPage::reloadLedger()
{
    StockReport report(m_context.store());
    const QString lot = m_ledgerLot->currentData().toString();
    LedgerFilter filter;
    filter.holderIds = selectedHolders();
    filter.lotId = lot;
    filter.limit = kLedgerShown;
    QList<LedgerRow> rows = report.ledger(filter);
    std::stable_sort(rows.begin(), rows.end(), [](const LedgerRow& a, const LedgerRow& b) {
        return a.movement.occurredAt > b.movement.occurredAt;
    });
    m_ledger->setItems(rows);
    if (!lot.isEmpty())
        return;
    // The lots to filter by: every lot the listing shows.
    const QSignalBlocker quiet(m_ledgerLot);
    m_ledgerLot->clear();
    m_ledgerLot->addItem(tr("All lots"), QString());
    QSet<QString> seen;
    for (const LedgerRow& r : rows) {
        if (!seen.contains(r.movement.lotId)) {
            seen.insert(r.movement.lotId);
            m_ledgerLot->addItem(QStringLiteral("%1 · %2").arg(r.productCode, r.lotNumber), r.movement.lotId);
        }
    }
}

void StockPage::reloadWastage()
{
    StockReport report(m_context.store());
    const QStringList holders = selectedHolders();
    m_wastage->setItems(report.wastage(m_from->date(), m_to->date(), holders));
    QStringList note;
    if (report.holderIds().size() > 1) {
        note << (holders.size() == 1 ? tr("%1 alone: what it sent to or got from the others counts as sent and received.")
                                           .arg(report.holderCode(holders.first()))
                                     : tr("The site and its teams together."));
    }
    note << tr("Rows in red are above the wastage ceiling for their vial size.");
    m_wastageNote->setText(note.join(QLatin1Char(' ')));
}

void StockPage::reloadChart()
{
    const QDate to = m_context.clock().today();
    const QDate from = to.addDays(1 - kPeriodDays);
    m_chart->setDays(m_context.store().stock().days(selectedHolders(), from, to), from, to);
}

void StockPage::exportCsv()
{
    const QString suggested = QStringLiteral("stock-ledger-%1-%2.csv")
                                  .arg(m_context.store().identity().siteCode, m_context.clock().today().toString(QStringLiteral("yyyyMMdd")));
    const QString path = FileDialog::saveFile(this, tr("Export the ledger"), suggested, tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        MessageBox::warning(this, tr("Export the ledger"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    StockReport report(m_context.store());
    if (auto written = report.writeCsv(m_ledger->items(), file); !written.ok()) {
        file.cancelWriting();
        MessageBox::warning(this, tr("Export the ledger"), written.error().message());
        return;
    }
    if (!file.commit()) {
        MessageBox::warning(this, tr("Export the ledger"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    showMessage(tr("Exported %n movement(s) to %1.", nullptr, m_ledger->rowCount()).arg(path));
}

const OnHandRow* StockPage::selectedLot() const
{
    return m_onHand->itemAt(m_onHandTable->currentIndex().row());
}

const ShipmentRow* StockPage::selectedShipment() const
{
    return m_shipments->itemAt(m_shipmentTable->currentIndex().row());
}

void StockPage::showMessage(const QString& text)
{
    m_message->setText(text);
}

void StockPage::showShipments()
{
    m_tabs->setCurrentWidget(m_shipmentTable);
    m_shipmentTable->setFocus();
}

} // namespace vax

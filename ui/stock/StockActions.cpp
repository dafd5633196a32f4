#include "StockActions.h"

#include "app/services/StockLedgerService.h"
#include "app/store/SiteStore.h"
#include "ui/AppContext.h"
#include "ui/common/MessageBox.h"
#include "ui/common/PageShortcut.h"
#include "ui/common/ReasonDialog.h"
#include "ui/stock/CloseSession.h"
#include "ui/stock/OnHandModel.h"
#include "ui/stock/ReceiveDialog.h"
#include "ui/stock/ShipmentModel.h"
#include "ui/stock/StockPage.h"

#include <QHBoxLayout>
#include <QPushButton>

namespace vax {

namespace {

// Where this laptop's stock goes: a site sends to its teams, a team back to its site, a store
// ships down the tree to its sites.
QString sendLabel(SiteStore& store)
{
    const SiteIdentity& id = store.identity();
    if (!id.teamId.isEmpty())
        return StockActions::tr("Return to site…  (Ctrl+T)");
    const auto self = store.stock().holder(id.siteId);
    return self && self->isStore() ? StockActions::tr("Ship to site…  (Ctrl+T)") : StockActions::tr("Send to team…  (Ctrl+T)");
}

} // namespace

StockActions::StockActions(AppContext& context, StockPage& page)
    : QObject(&page)
    , m_context(context)
    , m_page(page)
    , m_bar(new QWidget(&page))
{
    auto* row = new QHBoxLayout(m_bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_receive = addButton(tr("Receive…  (Ctrl+R)"), QStringLiteral("receivePushButton"), QKeySequence(Qt::CTRL | Qt::Key_R),
        &StockActions::receive);
    m_send = addButton(sendLabel(context.store()), QStringLiteral("sendPushButton"), QKeySequence(Qt::CTRL | Qt::Key_T),
        &StockActions::send);
    m_confirm = addButton(tr("Confirm shipment…  (Ctrl+Shift+C)"), QStringLiteral("confirmPushButton"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), &StockActions::confirm);
    m_discard = addButton(tr("Discard…  (Ctrl+D)"), QStringLiteral("discardPushButton"), QKeySequence(Qt::CTRL | Qt::Key_D),
        &StockActions::discard);
    m_count = addButton(tr("Count…  (Ctrl+K)"), QStringLiteral("countPushButton"), QKeySequence(Qt::CTRL | Qt::Key_K),
        &StockActions::count);
    m_quarantine = addButton(tr("Quarantine…  (Ctrl+H)"), QStringLiteral("quarantinePushButton"),
        QKeySequence(Qt::CTRL | Qt::Key_H), &StockActions::quarantineOrRelease);
    row->addStretch(1);
    m_closeSession = addButton(CloseSession::buttonText(), QStringLiteral("closeSessionPushButton"), CloseSession::shortcut(),
        &StockActions::closeSession);
    m_closeSession->setToolTip(CloseSession::toolTip());
}

StockActions::~StockActions() = default;

QPushButton* StockActions::addButton(const QString& text, const QString& name, const QKeySequence& key, void (StockActions::*slot)())
{
    auto* button = new QPushButton(text, m_bar);
    button->setObjectName(name);
    m_bar->layout()->addWidget(button);
    connect(button, &QPushButton::clicked, this, slot);
    // The shortcut obeys the button: a disabled action does nothing from the keyboard either.
    connect(pageShortcut(&m_page, {key}), &QShortcut::activated, this, [this, button, slot] {
        if (button->isEnabled())
            (this->*slot)();
    });
    return button;
}

void StockActions::updateActions()
{
    const bool in = m_context.loggedIn();
    const bool mayReceive = in && m_context.session().may(Permission::ReceiveStock);
    const bool mayManage = in && m_context.session().may(Permission::ManageStock);
    const QString notManager = tr("A site manager or team lead does this.");
    // Lots are moved where this laptop holds them; another holder's rows are to look at.
    const OnHandRow* lot = m_page.selectedLot();
    if (lot && lot->holderId != m_context.store().identity().holderId())
        lot = nullptr;
    const ShipmentRow* shipment = m_page.selectedShipment();
    const bool toConfirm = shipment && shipment->incoming && !shipment->shipment.received;

    m_receive->setEnabled(mayReceive);
    m_receive->setToolTip(mayReceive ? tr("Scan or type a shipment that arrived from the district store.") : notManager);
    m_confirm->setEnabled(mayReceive && toConfirm);
    m_confirm->setToolTip(!mayReceive ? notManager
            : toConfirm               ? tr("Record what arrived of the selected shipment.")
                                      : tr("Select a shipment in transit to this laptop on the In transit list."));
    for (QPushButton* b : {m_send, m_discard, m_count}) {
        b->setEnabled(mayManage);
        b->setToolTip(mayManage ? QString() : notManager);
    }
    const bool held = lot && lot->quarantined;
    m_quarantine->setText(held ? tr("Release…  (Ctrl+H)") : tr("Quarantine…  (Ctrl+H)"));
    m_quarantine->setEnabled(mayManage && lot);
    m_quarantine->setToolTip(!mayManage ? notManager
            : lot                       ? tr("Hold the selected lot (it may not be used or sent), or release it.")
                                        : tr("Select a lot this laptop holds on the On hand list."));
    m_closeSession->setEnabled(in && m_context.session().may(Permission::RecordDose));
}

void StockActions::receive()
{
    auto* dialog = new ReceiveDialog(m_context, &m_page);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, &m_page, [this, dialog] { m_page.showMessage(dialog->summary()); });
    dialog->open();
}

void StockActions::openMovement(MovementDialog::Mode mode)
{
    auto* dialog = new MovementDialog(m_context, mode, &m_page);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (const OnHandRow* lot = m_page.selectedLot())
        dialog->selectLot(lot->balance.lot.stamp.id);
    if (const ShipmentRow* shipment = m_page.selectedShipment(); shipment && mode == MovementDialog::Mode::Confirm)
        dialog->setShipment(*shipment);
    connect(dialog, &QDialog::accepted, &m_page, [this, dialog] { m_page.showMessage(dialog->summary()); });
    dialog->open();
}

void StockActions::send()
{
    openMovement(MovementDialog::Mode::Send);
}

void StockActions::confirm()
{
    openMovement(MovementDialog::Mode::Confirm);
}

void StockActions::discard()
{
    openMovement(MovementDialog::Mode::Discard);
}

void StockActions::count()
{
    openMovement(MovementDialog::Mode::Count);
}

void StockActions::quarantineOrRelease()
{
    const OnHandRow* lot = m_page.selectedLot();
    if (!lot || !m_quarantine->isEnabled())
        return;
    const QString lotId = lot->balance.lot.stamp.id;
    const QString name = tr("%1 lot %2").arg(lot->balance.productName, lot->balance.lot.lotNumber);
    const bool held = lot->quarantined;
    const QString reason = held ? ReasonDialog::ask(&m_page, tr("Release a lot"), tr("Why may %1 be used again?").arg(name))
                                : ReasonDialog::ask(&m_page, tr("Quarantine a lot"), tr("Why hold %1?").arg(name));
    if (reason.isEmpty())
        return;
    const auto done = held ? m_context.stockLedger().release(m_context.session(), lotId, reason)
                           : m_context.stockLedger().quarantine(m_context.session(), lotId, reason);
    if (!done.ok()) {
        MessageBox::warning(&m_page, held ? tr("Release a lot") : tr("Quarantine a lot"), done.error().message());
        return;
    }
    m_page.showMessage(held ? tr("%1 released.").arg(name) : tr("%1 quarantined: it may not be used or sent.").arg(name));
    m_context.notifyDataChanged();
}

void StockActions::closeSession()
{
    if (const QString done = CloseSession::run(m_context, &m_page); !done.isEmpty())
        m_page.showMessage(done);
}

} // namespace vax

#pragma once

#include "ui/stock/MovementDialog.h"

#include <QObject>

class QPushButton;
class QWidget;

namespace vax {

class AppContext;
class StockPage;

// The stock screen's actions, each a button with a shortcut that works anywhere on the page:
// receive (Ctrl+R), send to a team (Ctrl+T), confirm a shipment (Ctrl+Shift+C), discard
// (Ctrl+D), count (Ctrl+K), quarantine or release (Ctrl+H), close the session (Ctrl+Shift+X).
// What the user's role may not do stays visible, disabled, with the reason as a tooltip.
class StockActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StockActions)

public:
    StockActions(AppContext& context, StockPage& page);
    ~StockActions() override;

    QWidget* bar() const { return m_bar; }
    void updateActions();

private:
    QPushButton* addButton(const QString& text, const QString& name, const QKeySequence& key, void (StockActions::*slot)());
    void receive();
    void send();
    void confirm();
    void discard();
    void count();
    void quarantineOrRelease();
    void closeSession();
    void openMovement(MovementDialog::Mode mode);

    AppContext& m_context;
    StockPage& m_page;
    QWidget* m_bar = nullptr;
    QPushButton* m_receive = nullptr;
    QPushButton* m_send = nullptr;
    QPushButton* m_confirm = nullptr;
    QPushButton* m_discard = nullptr;
    QPushButton* m_count = nullptr;
    QPushButton* m_quarantine = nullptr;
    QPushButton* m_closeSession = nullptr;
};

} // namespace vax

#pragma once

#include <QCoreApplication>
#include <QKeySequence>

class QWidget;

namespace vax {

class AppContext;

// Closing the day's session, from the stock screen or the injection station alike: says what
// the open vials hold, asks, discards it as open-vial wastage (VialService::closeSession) and
// tells every screen. Returns the line to show the user; empty when the user said no or the
// service refused (the refusal is shown in a message box).
class CloseSession
{
    Q_DECLARE_TR_FUNCTIONS(CloseSession)

public:
    static QString run(AppContext& context, QWidget* parent);

    // The same button and key on every screen that offers it.
    static QString buttonText();
    static QString toolTip();
    static QKeySequence shortcut() { return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X); }
};

} // namespace vax

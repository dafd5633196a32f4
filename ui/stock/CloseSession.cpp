#include "CloseSession.h"

#include "app/services/VialService.h"
#include "ui/AppContext.h"
#include "ui/common/Format.h"
#include "ui/common/MessageBox.h"

namespace vax {

QString CloseSession::buttonText()
{
    return tr("Close session…  (%1)").arg(shortcut().toString(QKeySequence::NativeText));
}

QString CloseSession::toolTip()
{
    return tr("The day's session is over: discard what is left in every opened vial (open-vial wastage).");
}

QString CloseSession::run(AppContext& context, QWidget* parent)
{
    const QList<OpenVial> vials = context.vials().openVials();
    const int open = int(vials.size());
    if (open == 0)
        return tr("No vial is open: nothing to discard.");
    int left = 0;
    QStringList lines;
    for (const OpenVial& v : vials) {
        left += v.left();
        lines << tr("Lot %1 (%2): %n dose(s), opened at %3", nullptr, v.left())
                     .arg(v.lotNumber, v.productName, Format::time(v.vial.openedAt));
    }
    const auto answer = MessageBox::question(parent, tr("Close the session"),
        tr("Discard the %1 dose(s) left in the %n open vial(s)? They are recorded as open-vial wastage.", nullptr, open).arg(left)
            + QStringLiteral("\n\n") + lines.join(QLatin1Char('\n')));
    if (answer != QMessageBox::Yes)
        return {};
    const auto closed = context.vials().closeSession(context.session());
    if (!closed.ok()) {
        MessageBox::warning(parent, tr("Close the session"), closed.error().message());
        return {};
    }
    context.notifyDataChanged();
    return tr("Session closed: %n vial(s) discarded with %1 dose(s) left in them.", nullptr, *closed).arg(left);
}

} // namespace vax

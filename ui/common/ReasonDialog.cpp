#include "ReasonDialog.h"

#include <QInputDialog>

namespace vax {

namespace {

QString g_nextReason;

} // namespace

QString ReasonDialog::ask(QWidget* parent, const QString& title, const QString& prompt)
{
    if (!g_nextReason.isNull()) {
        const QString reason = g_nextReason;
        g_nextReason = QString();
        return reason;
    }
    bool ok = false;
    const QString text = QInputDialog::getText(parent, title, prompt, QLineEdit::Normal, QString(), &ok);
    return ok ? text.trimmed() : QString();
}

void ReasonDialog::setNextReason(const QString& reason)
{
    g_nextReason = reason;
}

} // namespace vax

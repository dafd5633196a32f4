#pragma once

#include <QString>

class QWidget;

namespace vax {

// Asks why (void a dose, cancel a visit, record a person leaving early): a required text.
// Returns an empty string when cancelled. Tests set the next reason instead of typing.
class ReasonDialog
{
public:
    static QString ask(QWidget* parent, const QString& title, const QString& prompt);
    static void setNextReason(const QString& reason);  // tests; a null string = show again
};

} // namespace vax

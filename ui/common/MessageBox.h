#pragma once

#include <QMessageBox>

namespace vax {

// Message boxes through one door, so GUI tests can answer them without a nested event loop
// (KeePassXC's MessageBox::setNextAnswer): a test sets the next answer, the box is not shown.
class MessageBox
{
public:
    static QMessageBox::StandardButton question(QWidget* parent, const QString& title, const QString& text,
        QMessageBox::StandardButtons buttons = QMessageBox::Yes | QMessageBox::No,
        QMessageBox::StandardButton defaultButton = QMessageBox::No);
    static void warning(QWidget* parent, const QString& title, const QString& text);
    static void information(QWidget* parent, const QString& title, const QString& text);

    // Tests: the next box returns this at once instead of showing. NoButton = show again.
    static void setNextAnswer(QMessageBox::StandardButton answer);
    // Tests: the text of the last box, shown or answered.
    static QString lastText();

private:
    static QMessageBox::StandardButton show(QMessageBox::Icon icon, QWidget* parent, const QString& title,
        const QString& text, QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton);
};

} // namespace vax

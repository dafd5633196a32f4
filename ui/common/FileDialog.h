#pragma once

#include <QString>

class QWidget;

namespace vax {

// File choosers through one door, so GUI tests give the path instead of clicking through a
// dialog (the pattern of MessageBox::setNextAnswer). An empty string means cancelled.
class FileDialog
{
public:
    static QString saveFile(QWidget* parent, const QString& title, const QString& suggestedName, const QString& filter);
    static QString openFile(QWidget* parent, const QString& title, const QString& filter);
    static void setNextPath(const QString& path);  // tests; a null string = show again
};

} // namespace vax

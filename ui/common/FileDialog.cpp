#include "FileDialog.h"

#include <QDir>
#include <QFileDialog>
#include <QStandardPaths>

namespace vax {

namespace {

QString g_nextPath;

std::optional<QString> takeNext()
{
    if (g_nextPath.isNull())
        return std::nullopt;
    const QString path = g_nextPath;
    g_nextPath = QString();
    return path;
}

} // namespace

QString FileDialog::saveFile(QWidget* parent, const QString& title, const QString& suggestedName, const QString& filter)
{
    if (auto next = takeNext())
        return *next;
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileDialog::getSaveFileName(parent, title, QDir(folder).filePath(suggestedName), filter);
}

QString FileDialog::openFile(QWidget* parent, const QString& title, const QString& filter)
{
    if (auto next = takeNext())
        return *next;
    return QFileDialog::getOpenFileName(parent, title, QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation), filter);
}

void FileDialog::setNextPath(const QString& path)
{
    g_nextPath = path;
}

} // namespace vax

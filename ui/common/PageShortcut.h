#pragma once

#include <QKeySequence>
#include <QShortcut>
#include <QWidget>

namespace vax {

// A shortcut that works while the focus is anywhere on `page` (and only there), so F-keys and
// Ctrl+… of one screen never fire on another.
inline QShortcut* pageShortcut(QWidget* page, const QList<QKeySequence>& keys)
{
    auto* shortcut = new QShortcut(page);
    shortcut->setKeys(keys);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    return shortcut;
}

} // namespace vax

#pragma once

#include <QTest>
#include <QWidget>

namespace vax::test {

// Shows the page at the size of a station's screen and waits until it is the active window, so
// that its keyboard shortcuts work.
inline void showActive(QWidget& page)
{
    page.resize(1280, 760);
    page.show();
    if (!QTest::qWaitForWindowActive(&page))
        qFatal("the page did not become active");
}

// The page's child of that objectName; stops the test when there is none (a widget renamed).
template <typename T>
T* child(const QWidget& page, const QString& name)
{
    T* w = page.findChild<T*>(name);
    if (!w)
        qFatal("no child %s", qPrintable(name));
    return w;
}

} // namespace vax::test

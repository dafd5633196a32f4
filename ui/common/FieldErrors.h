#pragma once

#include "app/common/Result.h"

#include <QHash>
#include <QPointer>

class QLabel;
class QWidget;

namespace vax {

// Inline errors for a form: each field key is bound to its input and a label under it.
// show() puts every message under its field (the service names the fields), marks the
// inputs, and returns the first bad input so the form can focus it.
class FieldErrors
{
public:
    void bind(const QString& field, QWidget* input, QLabel* message);
    // Messages for fields no input is bound to go to `general`.
    void setGeneral(QLabel* general);

    QWidget* show(const Error& error);
    void clear();
    QString messageShown(const QString& field) const;

private:
    struct Binding {
        QPointer<QWidget> input;
        QPointer<QLabel> message;
    };
    QList<QString> m_order;
    QHash<QString, Binding> m_bindings;
    QPointer<QLabel> m_general;
};

} // namespace vax

#include "FieldErrors.h"

#include <QLabel>
#include <QStyle>
#include <QWidget>

namespace vax {

namespace {

void mark(QWidget* input, bool bad)
{
    if (!input)
        return;
    input->setProperty("invalid", bad);
    input->setStyleSheet(bad ? QStringLiteral("border: 2px solid #c62828; border-radius: 3px;") : QString());
}

} // namespace

void FieldErrors::bind(const QString& field, QWidget* input, QLabel* message)
{
    m_order << field;
    m_bindings.insert(field, {input, message});
    if (message) {
        message->setStyleSheet(QStringLiteral("color: #c62828;"));
        message->setWordWrap(true);
        message->hide();
    }
}

void FieldErrors::setGeneral(QLabel* general)
{
    m_general = general;
    if (m_general) {
        m_general->setStyleSheet(QStringLiteral("color: #c62828; font-weight: bold;"));
        m_general->setWordWrap(true);
        m_general->hide();
    }
}

QWidget* FieldErrors::show(const Error& error)
{
    clear();
    QStringList unbound;
    for (const FieldError& f : error.fields()) {
        const auto it = m_bindings.constFind(f.field);
        if (it == m_bindings.constEnd() || !it->message) {
            unbound << f.message;
            continue;
        }
        it->message->setText(it->message->text().isEmpty() ? f.message : it->message->text() + QLatin1Char('\n') + f.message);
        it->message->show();
        mark(it->input, true);
    }
    if (error.fields().isEmpty())
        unbound << error.message();
    if (m_general && !unbound.isEmpty()) {
        m_general->setText(unbound.join(QLatin1Char('\n')));
        m_general->show();
    }
    for (const QString& field : m_order) {
        const Binding& b = m_bindings[field];
        if (b.input && b.input->property("invalid").toBool())
            return b.input;
    }
    return nullptr;
}

void FieldErrors::clear()
{
    for (Binding& b : m_bindings) {
        mark(b.input, false);
        if (b.message) {
            b.message->clear();
            b.message->hide();
        }
    }
    if (m_general) {
        m_general->clear();
        m_general->hide();
    }
}

QString FieldErrors::messageShown(const QString& field) const
{
    const auto it = m_bindings.constFind(field);
    return it != m_bindings.constEnd() && it->message ? it->message->text() : QString();
}

} // namespace vax

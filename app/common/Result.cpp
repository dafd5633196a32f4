#include "Result.h"

#include <QStringList>

namespace vax {

Error::Error(ErrorCode code, QString message, QList<FieldError> fields)
    : m_code(code)
    , m_message(std::move(message))
    , m_fields(std::move(fields))
{
}

Error Error::invalid(QList<FieldError> fields)
{
    QStringList lines;
    for (const FieldError& f : fields)
        lines << f.message;
    return Error(ErrorCode::Invalid, lines.join(QLatin1Char('\n')), std::move(fields));
}

Error Error::invalid(const QString& field, const QString& message)
{
    return invalid(QList<FieldError>{{field, message}});
}

bool Error::hasField(const QString& field) const
{
    return !messageFor(field).isEmpty();
}

QString Error::messageFor(const QString& field) const
{
    for (const FieldError& f : m_fields) {
        if (f.field == field)
            return f.message;
    }
    return {};
}

QString Error::codeName() const
{
    switch (m_code) {
    case ErrorCode::Invalid: return QStringLiteral("invalid");
    case ErrorCode::NotFound: return QStringLiteral("not_found");
    case ErrorCode::Conflict: return QStringLiteral("conflict");
    case ErrorCode::Forbidden: return QStringLiteral("forbidden");
    case ErrorCode::Storage: return QStringLiteral("storage");
    case ErrorCode::Io: return QStringLiteral("io");
    }
    return QStringLiteral("unknown");
}

} // namespace vax

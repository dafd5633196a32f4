#pragma once

#include <QList>
#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace vax {

enum class ErrorCode {
    Invalid,     // bad input: fields() says which and how to fix it
    NotFound,
    Conflict,    // the change contradicts what is stored (a duplicate, an empty lot)
    Forbidden,   // the user or device may not do this
    Storage,     // the database failed; nothing was written
    Io,
};

// One bad field: the machine name of the field (as in records and JSON) and a
// translated sentence that names the field for a person and says how to fix it.
struct FieldError {
    QString field;
    QString message;
    bool operator==(const FieldError&) const = default;
};

class Error
{
public:
    Error() = default;
    Error(ErrorCode code, QString message, QList<FieldError> fields = {});

    static Error invalid(QList<FieldError> fields);
    static Error invalid(const QString& field, const QString& message);

    ErrorCode code() const { return m_code; }
    const QString& message() const { return m_message; }
    const QList<FieldError>& fields() const { return m_fields; }
    bool hasField(const QString& field) const;
    QString messageFor(const QString& field) const;
    // Stable name of the code for JSON output and logs: "invalid", "not_found", …
    QString codeName() const;

private:
    ErrorCode m_code = ErrorCode::Invalid;
    QString m_message;
    QList<FieldError> m_fields;
};

// A value or the reason there is none; no exceptions cross layer boundaries.
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<T>(m_state); }
    T& value() & { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    const T* operator->() const { return &value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

template <>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace vax

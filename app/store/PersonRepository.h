#pragma once

#include "app/people/Person.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace vax {

struct NameQuery {
    QStringList tokens;      // folded words, all must match (any order)
    bool prefixLast = true;  // the last word may be the start of a word ("nguyen van d")
    int birthYear = 0;       // 0 = any
    int limit = 50;
};

class PersonRepository
{
public:
    virtual ~PersonRepository() = default;

    virtual std::optional<Person> byId(const QString& id) = 0;
    virtual bool exists(const QString& id) = 0;
    // People whose CCCD, CMND or passport number is exactly this.
    virtual QList<Person> byDocument(const QString& number) = 0;
    virtual QList<Person> byPhone(const QString& e164, int limit) = 0;
    virtual QList<Person> byName(const NameQuery& query) = 0;
    virtual qint64 count() = 0;
};

} // namespace vax

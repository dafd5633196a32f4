#pragma once

#include "app/store/PersonRepository.h"

#include <QSqlQuery>

namespace vax::db {

class Connection;

class PersonTable final : public PersonRepository
{
public:
    explicit PersonTable(Connection& connection);

    std::optional<Person> byId(const QString& id) override;
    bool exists(const QString& id) override;
    QList<Person> byDocument(const QString& number) override;
    QList<Person> byPhone(const QString& e164, int limit) override;
    QList<Person> byName(const NameQuery& query) override;
    qint64 count() override;

    // The FTS5 query for folded words: each quoted, the last one a prefix if asked.
    static QString matchExpression(const NameQuery& query);

private:
    QList<Person> fetch(QSqlQuery& query);
    // People not in name search yet (a first pull builds it at its end): found by a scan.
    QList<Person> waitingByName(const NameQuery& query, int limit);

    Connection& m_connection;
};

} // namespace vax::db

#include "CentralCliContext.h"

#include "server/CentralSchema.h"

namespace vax::server::cli {

namespace {

void addStorageOptions(QCommandLineParser& p)
{
    p.addOption({QStringLiteral("db"), tr("Central's embedded SQLite database file."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("pg"), tr("Central's PostgreSQL database (libpq conninfo or postgresql:// URL)."), QStringLiteral("CONNINFO")});
    p.addOption({QStringLiteral("json"), tr("Print data as JSON.")});
    p.addHelpOption();
}

} // namespace

std::optional<int> parse(Cli& cli, QCommandLineParser& p, const QStringList& args, const QString& command)
{
    addStorageOptions(p);
    if (!p.parse(QStringList{QStringLiteral("vaxcentral ") + command} + args))
        return cli.usage(p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        cli.out << p.helpText();
        cli.out.flush();
        return Success;
    }
    cli.json = p.isSet(QStringLiteral("json"));
    const QString file = p.value(QStringLiteral("db"));
    const QString pg = p.value(QStringLiteral("pg"));
    if (file.isEmpty() == pg.isEmpty())
        return cli.usage(tr("Give the database: --db FILE (SQLite) or --pg CONNINFO (PostgreSQL)."));
    auto db = !file.isEmpty() ? CentralDatabase::openSqlite(file) : CentralDatabase::openPostgres(pg);
    if (!db.ok())
        return cli.fail(db.error());
    cli.db = std::move(db).value();
    if (auto r = CentralSchema::migrate(*cli.db); !r.ok())
        return cli.fail(r.error());
    return std::nullopt;
}

} // namespace vax::server::cli

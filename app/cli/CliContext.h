#pragma once

#include "app/common/Clock.h"
#include "app/common/Result.h"
#include "app/services/Session.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QTextStream>

#include <memory>
#include <optional>

namespace vax {
class AdminUnits;
class ScreeningForm;
class SiteStore;
class VaccineCatalogue;
namespace db {
class SqliteSiteStore;
}
}

namespace vax::cli {

enum ExitCode { Success = 0, Failure = 1, UsageError = 2 };

// What every vaxctl command shares: the global options, the open site database, the acting
// user, and how to print (text for people, --json for scripts).
class CliContext
{
public:
    CliContext();
    ~CliContext();
    Q_DISABLE_COPY_MOVE(CliContext)

    // Adds --db, --json, --user to a command's parser and reads them back after parsing.
    static void addGlobalOptions(QCommandLineParser& parser);
    void readGlobalOptions(const QCommandLineParser& parser);
    // Parses a command's arguments. Returns an exit code when the command should stop here
    // (a usage error, or --help was printed), nothing when it should go on.
    std::optional<int> parse(QCommandLineParser& parser, const QStringList& arguments, const QString& command);

    bool json() const { return m_json; }
    const QString& dbPath() const { return m_dbPath; }
    const Clock& clock() const { return m_clock; }

    Result<void> openStore();
    void adoptStore(std::unique_ptr<db::SqliteSiteStore> store);
    SiteStore& store();
    db::SqliteSiteStore& sqliteStore();
    // The user vaxctl acts as: --user, else $VAXCTL_USER, else the site's first administrator.
    Result<Session> session();

    const AdminUnits& units() const;
    Result<const VaccineCatalogue*> catalogue();
    Result<const ScreeningForm*> screeningForm();

    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }
    // Prints an error (stderr; with --json also as JSON on stdout) and returns the exit code.
    int fail(const Error& error);
    int usage(const QString& message);
    void printJson(const QJsonValue& value);

private:
    QTextStream m_out;
    QTextStream m_err;
    bool m_json = false;
    QString m_dbPath;
    QString m_user;
    SystemClock m_clock;
    std::unique_ptr<db::SqliteSiteStore> m_store;
    std::unique_ptr<VaccineCatalogue> m_catalogue;
    std::unique_ptr<ScreeningForm> m_form;
};

} // namespace vax::cli

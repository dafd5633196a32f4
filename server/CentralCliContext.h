#pragma once

#include "app/common/Clock.h"
#include "app/common/Result.h"
#include "server/CentralDatabase.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <memory>
#include <optional>

// What every vaxcentral command shares: the database options, messages, JSON output.
namespace vax::server::cli {

enum Exit { Success = 0, Failure = 1, Usage = 2 };

inline QString tr(const char* text)
{
    return QCoreApplication::translate("vaxcentral", text);
}

struct Cli {
    QTextStream out{stdout};
    QTextStream err{stderr};
    bool json = false;
    SystemClock clock;
    std::unique_ptr<CentralDatabase> db;

    int fail(const Error& e)
    {
        if (e.fields().isEmpty())
            err << "vaxcentral: " << e.message() << Qt::endl;
        for (const FieldError& f : e.fields())
            err << "vaxcentral: " << f.field << ": " << f.message << Qt::endl;
        return Failure;
    }
    int usage(const QString& message)
    {
        err << "vaxcentral: " << message << Qt::endl << tr("Run 'vaxcentral --help' for the commands.") << Qt::endl;
        return Usage;
    }
    void print(const QJsonValue& v)
    {
        out << (v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject())).toJson(QJsonDocument::Indented);
        out.flush();
    }
};

// Adds --db/--pg/--json/--help, parses, opens and migrates the database. A value means stop
// with that exit code (help shown, or an error).
std::optional<int> parse(Cli& cli, QCommandLineParser& p, const QStringList& args, const QString& command);

} // namespace vax::server::cli

namespace vax::server {

// A command's words ("admin", "stock", "show") and what runs it.
using CentralCommand = std::pair<QStringList, int (*)(cli::Cli&, const QStringList&)>;

} // namespace vax::server

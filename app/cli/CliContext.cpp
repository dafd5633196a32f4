#include "CliContext.h"

#include "app/auth/User.h"
#include "app/clinical/ScreeningForm.h"
#include "app/people/AdminUnits.h"
#include "app/store/UserRepository.h"
#include "app/vaccines/VaccineCatalogue.h"
#include "db/SqliteSiteStore.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace vax::cli {

CliContext::CliContext()
    : m_out(stdout)
    , m_err(stderr)
{
}

CliContext::~CliContext() = default;

void CliContext::addGlobalOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("db"), QCoreApplication::translate("vaxctl", "The site database file."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("json"), QCoreApplication::translate("vaxctl", "Print data as JSON.")});
    parser.addOption({QStringLiteral("user"),
        QCoreApplication::translate("vaxctl", "Act as this user (default: $VAXCTL_USER, else the site's first administrator)."),
        QStringLiteral("NAME")});
    parser.addHelpOption();
}

void CliContext::readGlobalOptions(const QCommandLineParser& parser)
{
    if (parser.isSet(QStringLiteral("db")))
        m_dbPath = parser.value(QStringLiteral("db"));
    if (parser.isSet(QStringLiteral("json")))
        m_json = true;
    if (parser.isSet(QStringLiteral("user")))
        m_user = parser.value(QStringLiteral("user"));
}

std::optional<int> CliContext::parse(QCommandLineParser& parser, const QStringList& arguments, const QString& command)
{
    addGlobalOptions(parser);
    if (!parser.parse(QStringList{QStringLiteral("vaxctl ") + command} + arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        m_out << parser.helpText();
        m_out.flush();
        return Success;
    }
    readGlobalOptions(parser);
    return std::nullopt;
}

Result<void> CliContext::openStore()
{
    if (m_store)
        return {};
    if (m_dbPath.isEmpty())
        return Error::invalid(QStringLiteral("db"), QCoreApplication::translate("vaxctl", "No site database given: add --db FILE."));
    auto store = db::SqliteSiteStore::open(m_dbPath, m_clock);
    if (!store.ok())
        return store.error();
    m_store = std::move(store).value();
    return {};
}

void CliContext::adoptStore(std::unique_ptr<db::SqliteSiteStore> store)
{
    m_store = std::move(store);
}

SiteStore& CliContext::store()
{
    return *m_store;
}

db::SqliteSiteStore& CliContext::sqliteStore()
{
    return *m_store;
}

Result<Session> CliContext::session()
{
    QString name = m_user;
    if (name.isEmpty())
        name = qEnvironmentVariable("VAXCTL_USER");
    if (!name.isEmpty()) {
        const auto user = m_store->users().byUsername(name);
        if (!user || !user->active) {
            return Error::invalid(QStringLiteral("user"),
                QCoreApplication::translate("vaxctl", "There is no active user %1 at this site: give --user NAME of an existing user.").arg(name));
        }
        return Session{*user};
    }
    for (const User& u : m_store->users().all()) {
        if (u.active && u.role == Role::Admin)
            return Session{u};
    }
    return Error::invalid(QStringLiteral("user"),
        QCoreApplication::translate("vaxctl", "This site has no administrator to act as: give --user NAME."));
}

const AdminUnits& CliContext::units() const
{
    return AdminUnits::builtin();
}

Result<const VaccineCatalogue*> CliContext::catalogue()
{
    if (!m_catalogue) {
        auto c = VaccineCatalogue::builtin();
        if (!c.ok())
            return c.error();
        m_catalogue = std::make_unique<VaccineCatalogue>(std::move(c).value());
    }
    return m_catalogue.get();
}

Result<const ScreeningForm*> CliContext::screeningForm()
{
    if (!m_form) {
        auto f = ScreeningForm::builtin();
        if (!f.ok())
            return f.error();
        m_form = std::make_unique<ScreeningForm>(std::move(f).value());
    }
    return m_form.get();
}

int CliContext::fail(const Error& error)
{
    if (error.fields().isEmpty()) {
        m_err << "vaxctl: " << error.message() << Qt::endl;
    } else {
        for (const FieldError& f : error.fields())
            m_err << "vaxctl: " << f.field << ": " << f.message << Qt::endl;
    }
    if (m_json) {
        QJsonArray fields;
        for (const FieldError& f : error.fields())
            fields.append(QJsonObject{{QStringLiteral("field"), f.field}, {QStringLiteral("message"), f.message}});
        QJsonObject e{{QStringLiteral("error"), error.codeName()}, {QStringLiteral("message"), error.message()}};
        if (!fields.isEmpty())
            e.insert(QStringLiteral("fields"), fields);
        printJson(e);
    }
    return Failure;
}

int CliContext::usage(const QString& message)
{
    m_err << "vaxctl: " << message << Qt::endl
          << QCoreApplication::translate("vaxctl", "Run 'vaxctl --help' for the commands.") << Qt::endl;
    return UsageError;
}

void CliContext::printJson(const QJsonValue& value)
{
    const QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    m_out << QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    m_out.flush();
}

} // namespace vax::cli

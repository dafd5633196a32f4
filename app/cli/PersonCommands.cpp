#include "app/cli/CliContext.h"
#include "app/cli/CliFormat.h"
#include "app/cli/Commands.h"
#include "app/people/AddressText.h"
#include "app/people/AdminUnits.h"
#include "app/services/RegistrationService.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/SiteStore.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace vax::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("vaxctl", text);
}

QString kindKey(PersonSearch::Kind kind)
{
    switch (kind) {
    case PersonSearch::Kind::Empty: return QStringLiteral("empty");
    case PersonSearch::Kind::Name: return QStringLiteral("name");
    case PersonSearch::Kind::Document: return QStringLiteral("document");
    case PersonSearch::Kind::Phone: return QStringLiteral("phone");
    case PersonSearch::Kind::ChipCard: return QStringLiteral("chip_card");
    }
    return {};
}

} // namespace

int addPerson(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Register a person. Every field is checked; on any error nothing is written."));
    const QList<std::pair<const char*, const char*>> fields{
        {"name", "Full name, with diacritics (required)."},
        {"dob", "Date of birth YYYY-MM-DD or dd/MM/yyyy (required)."},
        {"sex", "M or F (also Nam/Nữ) (required)."},
        {"cccd", "Citizen ID, 12 digits."},
        {"cmnd", "Old ID, 9 digits."},
        {"passport", "Passport number."},
        {"phone", "Phone, 0… or +84…."},
        {"address", "House number and street."},
        {"province", "Province code."},
        {"district", "District code (before July 2025)."},
        {"ward", "Ward or commune code."},
        {"priority", "Priority group 1–11."},
        {"occupation", "Occupation."},
        {"ethnicity", "Ethnicity."},
        {"nationality", "Nationality, ISO code (default VN)."},
        {"insurance", "Health insurance number."},
        {"note", "Note."},
    };
    for (const auto& [name, help] : fields)
        p.addOption({QLatin1String(name), tr(help), QStringLiteral("VALUE")});
    if (auto stop = ctx.parse(p, args, QStringLiteral("person add")))
        return *stop;
    for (const char* required : {"name", "dob", "sex"}) {
        if (!p.isSet(QLatin1String(required)))
            return ctx.usage(tr("person add needs --name, --dob and --sex."));
    }
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    auto session = ctx.session();
    if (!session.ok())
        return ctx.fail(session.error());

    auto v = [&p](const char* key) { return p.value(QLatin1String(key)); };
    PersonDraft d;
    d.fullName = v("name");
    d.birthDate = v("dob");
    d.sex = v("sex");
    d.cccd = v("cccd");
    d.cmnd = v("cmnd");
    d.passport = v("passport");
    d.phone = v("phone");
    d.address = v("address");
    d.provinceCode = v("province");
    d.districtCode = v("district");
    d.wardCode = v("ward");
    d.priorityGroup = v("priority");
    d.occupation = v("occupation");
    d.ethnicity = v("ethnicity");
    d.nationality = v("nationality");
    d.insuranceNumber = v("insurance");
    d.note = v("note");
    RegistrationService registration(ctx.store(), ctx.clock(), ctx.units());
    auto person = registration.registerPerson(session.value(), d);
    if (!person.ok())
        return ctx.fail(person.error());
    if (ctx.json())
        ctx.printJson(personJson(person.value(), ctx.clock().today()));
    else
        ctx.out() << tr("Registered ") << personLine(person.value(), ctx.clock().today()) << Qt::endl;
    return Success;
}

int searchPeople(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Find people by name (diacritics optional, any part: \"nguyen van d\", add a birth year to narrow), "
                                   "CCCD, CMND, passport, phone, or the text of a chip-ID card's QR."));
    p.addPositionalArgument(QStringLiteral("text"), tr("What to look for."));
    p.addOption({QStringLiteral("limit"), tr("At most this many people (default 50)."), QStringLiteral("N"), QStringLiteral("50")});
    if (auto stop = ctx.parse(p, args, QStringLiteral("person search")))
        return *stop;
    const QString text = p.positionalArguments().join(QLatin1Char(' '));
    if (text.trimmed().isEmpty())
        return ctx.usage(tr("person search needs the text to look for."));
    bool ok = false;
    const int limit = p.value(QStringLiteral("limit")).toInt(&ok);
    if (!ok || limit < 1 || limit > 10000)
        return ctx.fail(Error::invalid(QStringLiteral("limit"), tr("--limit must be a whole number from 1 to 10000.")));
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    RegistrationService registration(ctx.store(), ctx.clock(), ctx.units());
    const PersonSearch found = registration.search(text, limit);
    const QDate today = ctx.clock().today();
    if (ctx.json()) {
        QJsonArray people;
        for (const Person& person : found.people)
            people.append(personJson(person, today));
        QJsonObject o{{QStringLiteral("kind"), kindKey(found.kind)}, {QStringLiteral("truncated"), found.truncated},
            {QStringLiteral("people"), people}};
        if (found.card && found.people.isEmpty()) {
            const PersonDraft d = found.card->toDraft();
            o.insert(QStringLiteral("card"), QJsonObject{{QStringLiteral("cccd"), d.cccd}, {QStringLiteral("cmnd"), d.cmnd},
                                                 {QStringLiteral("full_name"), d.fullName}, {QStringLiteral("birth_date"), d.birthDate},
                                                 {QStringLiteral("sex"), d.sex}, {QStringLiteral("address"), d.address}});
        }
        ctx.printJson(o);
        return Success;
    }
    for (const Person& person : found.people)
        ctx.out() << personLine(person, today) << Qt::endl;
    if (found.people.isEmpty()) {
        ctx.out() << tr("Nobody found.") << Qt::endl;
        if (found.card)
            ctx.out() << tr("The card is for %1, born %2: register them with person add.").arg(found.card->fullName, found.card->birthDate.toString(QStringLiteral("dd/MM/yyyy"))) << Qt::endl;
    }
    if (found.truncated)
        ctx.out() << tr("More people match: add a birth year or more of the name.") << Qt::endl;
    return Success;
}

int showPerson(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Show a person's registration and every dose, voided ones marked."));
    p.addPositionalArgument(QStringLiteral("id"), tr("The person's id (from person search)."));
    if (auto stop = ctx.parse(p, args, QStringLiteral("person show")))
        return *stop;
    if (p.positionalArguments().size() != 1)
        return ctx.usage(tr("person show needs one person id."));
    if (auto r = ctx.openStore(); !r.ok())
        return ctx.fail(r.error());
    const QString id = p.positionalArguments().first();
    RegistrationService registration(ctx.store(), ctx.clock(), ctx.units());
    const auto person = registration.person(id);
    if (!person)
        return ctx.fail(Error::invalid(QStringLiteral("id"), tr("There is no person with id %1: find it with person search.").arg(id)));
    const QList<InjectionView> doses = ctx.store().clinical().injectionsOf(id);
    const QDate today = ctx.clock().today();
    if (ctx.json()) {
        QJsonObject o = personJson(*person, today);
        QJsonArray list;
        for (const InjectionView& dose : doses)
            list.append(injectionJson(dose));
        o.insert(QStringLiteral("injections"), list);
        ctx.printJson(o);
        return Success;
    }
    ctx.out() << personLine(*person, today) << Qt::endl;
    if (!person->address.isEmpty() || !person->provinceCode.isEmpty())
        ctx.out() << tr("  address: ") << describeAddress(*person, ctx.units()) << Qt::endl;
    if (doses.isEmpty())
        ctx.out() << tr("  no doses recorded") << Qt::endl;
    for (const InjectionView& dose : doses)
        ctx.out() << QStringLiteral("  ") << injectionLine(dose) << Qt::endl;
    return Success;
}

} // namespace vax::cli

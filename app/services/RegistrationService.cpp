#include "RegistrationService.h"

#include "app/common/Clock.h"
#include "app/people/NameText.h"
#include "app/people/PhoneNumber.h"
#include "app/store/PersonRepository.h"
#include "app/store/RecordWriter.h"
#include "app/store/SiteStore.h"

#include <QRegularExpression>

#include <algorithm>

namespace vax {

namespace {

QString digitsOnly(const QString& text)
{
    QString out;
    for (QChar c : text) {
        if (c.isDigit())
            out += c;
        else if (!c.isSpace() && c != QLatin1Char('.') && c != QLatin1Char('-'))
            return {};
    }
    return out;
}

bool looksLikePassport(const QString& text)
{
    static const QRegularExpression kPassport(QStringLiteral("^[A-Za-z]{1,2}[0-9]{6,8}$"));
    return kPassport.match(text).hasMatch();
}

} // namespace

RegistrationService::RegistrationService(SiteStore& store, const Clock& clock, const AdminUnits& units)
    : m_store(store)
    , m_clock(clock)
    , m_validator(units)
{
}

PersonSearch RegistrationService::search(const QString& rawText, int limit)
{
    PersonSearch out;
    const QString text = rawText.trimmed();
    if (text.isEmpty())
        return out;

    if (ChipIdQr::looksLike(text)) {
        out.kind = PersonSearch::Kind::ChipCard;
        out.card = ChipIdQr::parse(text);
        if (out.card) {
            out.people = m_store.persons().byDocument(out.card->cccd);
            if (out.people.isEmpty() && !out.card->cmnd.isEmpty())
                out.people = m_store.persons().byDocument(out.card->cmnd);
        }
        return out;
    }

    const QString digits = digitsOnly(text);
    if (digits.size() == 12 || digits.size() == 9) {
        out.kind = PersonSearch::Kind::Document;
        out.people = m_store.persons().byDocument(digits);
        if (!out.people.isEmpty() || digits.size() == 12)
            return out;
    }
    if (looksLikePassport(text)) {
        out.kind = PersonSearch::Kind::Document;
        out.people = m_store.persons().byDocument(text.toUpper());
        return out;
    }
    const QString phone = PhoneNumber::lookupKey(text);
    if (!phone.isEmpty()) {
        out.kind = PersonSearch::Kind::Phone;
        out.people = m_store.persons().byPhone(phone, limit);
        return out;
    }
    if (!digits.isEmpty() && digits.size() != 4 && digits.size() != 8) {
        // A number that is not an ID, a phone, a year or a date: nothing to find by name.
        out.kind = PersonSearch::Kind::Document;
        return out;
    }
    out.kind = PersonSearch::Kind::Name;
    out.people = searchName(text, limit, &out.truncated);
    return out;
}

QList<Person> RegistrationService::searchName(const QString& text, int limit, bool* truncated)
{
    NameQuery query;
    query.limit = limit + 1;
    for (const QString& token : NameText::tokens(text)) {
        bool isNumber = false;
        const int n = token.toInt(&isNumber);
        if (isNumber && token.size() == 4 && n >= 1880 && n <= 2200)
            query.birthYear = n;
        else if (!isNumber)
            query.tokens << token;
    }
    if (query.tokens.isEmpty())
        return {};

    // Whole words first, so "nguyen van an" lists An before the many Anh; then word starts.
    query.prefixLast = false;
    QList<Person> found = m_store.persons().byName(query);
    if (found.size() < query.limit) {
        query.prefixLast = true;
        for (const Person& p : m_store.persons().byName(query)) {
            const bool seen = std::any_of(found.cbegin(), found.cend(),
                [&p](const Person& f) { return f.stamp.id == p.stamp.id; });
            if (!seen)
                found << p;
            if (found.size() >= query.limit)
                break;
        }
    }
    *truncated = found.size() > limit;
    if (*truncated)
        found.resize(limit);

    const QString wanted = query.tokens.join(QLatin1Char(' '));
    auto rank = [&wanted](const Person& p) {
        const QString name = NameText::fold(p.fullName);
        if (name == wanted)
            return 0;
        if (name.endsWith(QLatin1Char(' ') + wanted))
            return 1;  // the given name(s) typed alone
        if (name.startsWith(wanted))
            return 2;
        return 3;
    };
    std::stable_sort(found.begin(), found.end(), [&rank](const Person& a, const Person& b) { return rank(a) < rank(b); });
    return found;
}

std::optional<Person> RegistrationService::person(const QString& id)
{
    return m_store.persons().byId(id);
}

Result<Person> RegistrationService::validate(const PersonDraft& draft) const
{
    return m_validator.validate(draft, m_clock.today());
}

Result<void> RegistrationService::checkDocumentsFree(const Person& person, const QString& exceptId)
{
    const std::pair<QString, QString> documents[] = {
        {QStringLiteral("cccd"), person.cccd},
        {QStringLiteral("cmnd"), person.cmnd},
        {QStringLiteral("passport"), person.passport},
    };
    QList<FieldError> errors;
    for (const auto& [field, number] : documents) {
        if (number.isEmpty())
            continue;
        for (const Person& other : m_store.persons().byDocument(number)) {
            if (other.stamp.id == exceptId)
                continue;
            errors << FieldError{field,
                tr("%1 is already registered to %2, born %3: open that person instead of registering again.")
                    .arg(number, other.fullName, other.birthDate.toString(QStringLiteral("dd/MM/yyyy")))};
            break;
        }
    }
    if (errors.isEmpty())
        return {};
    Error e = Error::invalid(errors);
    return Error(ErrorCode::Conflict, e.message(), e.fields());
}

Result<Person> RegistrationService::registerPerson(const Session& session, const PersonDraft& draft)
{
    if (auto r = session.require(Permission::RegisterPerson, tr("register people")); !r.ok())
        return r.error();
    auto person = validate(draft);
    if (!person.ok())
        return person.error();
    return writeReturning<Person>(m_store, session.userId(), [&](RecordWriter& w) -> Result<Person> {
        if (auto free = checkDocumentsFree(person.value(), {}); !free.ok())
            return free.error();
        return w.add(Entity::Person, person.value());
    });
}

Result<Person> RegistrationService::updatePerson(const Session& session, const QString& id, const PersonDraft& draft)
{
    if (auto r = session.require(Permission::RegisterPerson, tr("change registrations")); !r.ok())
        return r.error();
    const auto current = m_store.persons().byId(id);
    if (!current)
        return Error(ErrorCode::NotFound, tr("There is no person with id %1: search again.").arg(id));
    auto person = validate(draft);
    if (!person.ok())
        return person.error();
    Person updated = person.value();
    updated.stamp = current->stamp;
    updated.mergedInto = current->mergedInto;

    QJsonObject fields = updated.toRecord();
    const QJsonObject before = current->toRecord();
    for (const QString& key : before.keys()) {
        if (!fields.contains(key))
            fields.insert(key, QJsonValue::Null);  // cleared on the form
    }
    for (const char* key : {"id", "site_id", "team_id", "created_by", "created_at", "hlc"})
        fields.remove(QLatin1String(key));
    auto r = m_store.write(session.userId(), [&](RecordWriter& w) -> Result<void> {
        if (auto free = checkDocumentsFree(updated, id); !free.ok())
            return free;
        return w.update(Entity::Person, id, fields);
    });
    if (!r.ok())
        return r.error();
    return *m_store.persons().byId(id);
}

RegistrationService::BulkResult RegistrationService::registerMany(const Session& session,
    const QList<PersonDraft>& drafts, int batchSize, const std::function<bool(int, int)>& progress)
{
    BulkResult out;
    if (auto r = session.require(Permission::RegisterPerson, tr("register people")); !r.ok()) {
        out.rejected << std::pair{0, r.error()};
        return out;
    }
    const QDate today = m_clock.today();
    const int total = int(drafts.size());
    for (int start = 0; start < total; start += batchSize) {
        const int end = std::min(total, start + batchSize);
        int written = 0;
        QList<std::pair<int, Error>> rejected;
        auto r = m_store.write(session.userId(), [&](RecordWriter& w) -> Result<void> {
            written = 0;
            rejected.clear();
            for (int i = start; i < end; ++i) {
                auto person = m_validator.validate(drafts[i], today);
                if (person.ok()) {
                    if (auto free = checkDocumentsFree(person.value(), {}); !free.ok())
                        person = free.error();
                }
                if (!person.ok()) {
                    rejected << std::pair{i, person.error()};
                    continue;
                }
                if (auto stored = w.insert(Entity::Person, person->toRecord()); !stored.ok())
                    return stored.error();
                ++written;
            }
            return {};
        });
        if (!r.ok()) {
            for (int i = start; i < end; ++i)
                out.rejected << std::pair{i, r.error()};
        } else {
            out.registered += written;
            out.rejected << rejected;
        }
        if (progress && !progress(end, total))
            break;
    }
    return out;
}

} // namespace vax

#pragma once

#include "app/people/ChipIdQr.h"
#include "app/people/Person.h"
#include "app/people/PersonValidator.h"
#include "app/services/Session.h"

#include <QCoreApplication>
#include <QList>

#include <functional>
#include <optional>

namespace vax {

class AdminUnits;
class Clock;
class SiteStore;

// What the search box understood the text as, and what it found.
struct PersonSearch {
    enum class Kind { Empty, Name, Document, Phone, ChipCard };
    Kind kind = Kind::Empty;
    QList<Person> people;
    std::optional<ChipIdCard> card;  // a scanned chip-ID QR: pre-fills the form if nobody matched
    bool truncated = false;          // more people match than were returned: refine (add birth year)
};

// Finding and registering people: the registration desk, vaxctl person …, imports.
class RegistrationService
{
    Q_DECLARE_TR_FUNCTIONS(RegistrationService)

public:
    RegistrationService(SiteStore& store, const Clock& clock, const AdminUnits& units);

    // Name without diacritics or part of it ("nguyen van d", "duc 1985"), CCCD, CMND,
    // passport, phone, or the text of a chip-ID card's QR.
    PersonSearch search(const QString& text, int limit = 50);
    std::optional<Person> person(const QString& id);

    Result<Person> registerPerson(const Session& session, const PersonDraft& draft);
    Result<Person> updatePerson(const Session& session, const QString& id, const PersonDraft& draft);

    struct BulkResult {
        int registered = 0;
        QList<std::pair<int, Error>> rejected;  // index in the input, and why
    };
    // Many people at once (imports, the demo site): valid drafts are written in transactions
    // of `batchSize`; invalid ones are reported, not written. `progress(done, total)` may
    // return false to stop after the current batch.
    BulkResult registerMany(const Session& session, const QList<PersonDraft>& drafts, int batchSize = 2000,
        const std::function<bool(int, int)>& progress = {});

private:
    Result<Person> validate(const PersonDraft& draft) const;
    // An error if another person already has one of these documents.
    Result<void> checkDocumentsFree(const Person& person, const QString& exceptId);
    QList<Person> searchName(const QString& text, int limit, bool* truncated);

    SiteStore& m_store;
    const Clock& m_clock;
    PersonValidator m_validator;
};

} // namespace vax

#pragma once

#include "app/common/Result.h"
#include "app/people/AdminUnits.h"
#include "app/people/Person.h"

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QString>

#include <optional>

namespace vax {

// Turns what was typed (a PersonDraft) into a Person: every field checked and normalised, and all
// problems reported at once, each on its field with a sentence that names the field and the fix.
class PersonValidator
{
    Q_DECLARE_TR_FUNCTIONS(PersonValidator)

public:
    explicit PersonValidator(const AdminUnits& units);

    // Checks and normalises every field and returns ALL problems at once (a form shows each under
    // its field). `today` decides ages and which administrative units are in force: an address
    // with a district is read in the era before 1 July 2025.
    Result<Person> validate(const PersonDraft& draft, const QDate& today) const;

    // YYYY-MM-DD, dd/MM/yyyy, d/M/yyyy or ddMMyyyy; an invalid date if not one of these or not a
    // real date.
    static QDate parseDate(const QString& text);
    // M/F, male/female, Nam/Nữ/Nu in any case and Unicode form.
    static std::optional<Sex> parseSex(const QString& text);

    static constexpr int kMaxNameLength = 100;
    static constexpr int kMaxAge = 120;
    static constexpr int kIdRequiredFromAge = 14;
    static constexpr int kMaxAddressLength = 250;
    static constexpr int kMaxShortTextLength = 100; // occupation, ethnicity
    static constexpr int kMaxNoteLength = 500;

private:
    void checkName(const PersonDraft& draft, Person& person, QList<FieldError>& errors) const;
    bool checkBirthDate(const PersonDraft& draft, const QDate& today, Person& person, QList<FieldError>& errors) const;
    bool checkSex(const PersonDraft& draft, Person& person, QList<FieldError>& errors) const;
    void checkIds(const PersonDraft& draft, const QDate& today, bool birthOk, bool sexOk, Person& person,
                  QList<FieldError>& errors) const;
    void checkContact(const PersonDraft& draft, const QDate& today, Person& person, QList<FieldError>& errors) const;
    void checkOther(const PersonDraft& draft, Person& person, QList<FieldError>& errors) const;

    const AdminUnits* m_units;
};

} // namespace vax

#pragma once

#include "app/common/Stamp.h"

#include <QDate>
#include <QJsonObject>
#include <QString>

namespace vax {

enum class Sex { Male, Female };

QString sexCode(Sex sex);                   // "M" / "F", as stored
std::optional<Sex> sexFromCode(const QString& code);

// A registered person, validated and normalised (PersonValidator makes these from drafts).
// Demographics are a mutable record: they merge per field by HLC (DESIGN.md rule 4).
struct Person {
    Stamp stamp;
    QString fullName;       // NFC, trimmed, single spaces, Vietnamese letters kept
    QDate birthDate;
    Sex sex = Sex::Female;
    QString cccd;           // 12 digits, or empty
    QString cmnd;           // 9 digits, or empty
    QString passport;       // upper case, or empty
    QString phone;          // E.164 ("+84912345678"), or empty
    QString address;        // house number and street
    QString provinceCode;
    QString districtCode;
    QString wardCode;
    int priorityGroup = 0;  // 1–11 (the 2021 priority groups), 0 = none given
    QString occupation;
    QString ethnicity;
    QString nationality = QStringLiteral("VN");
    QString insuranceNumber;
    QString note;
    QString mergedInto;     // set when a duplicate review merged this record into another

    int ageOn(const QDate& day) const;
    // Record fields as stored and synced (snake_case keys, name_folded included).
    QJsonObject toRecord() const;
    static Person fromRecord(const QJsonObject& record);
};

// What a form, a CLI call or an import gives: raw text, not yet checked.
struct PersonDraft {
    QString fullName;
    QString birthDate;      // YYYY-MM-DD or dd/MM/yyyy
    QString sex;            // M/F, Nam/Nữ, male/female
    QString cccd;
    QString cmnd;
    QString passport;
    QString phone;
    QString address;
    QString provinceCode;
    QString districtCode;
    QString wardCode;
    QString priorityGroup;
    QString occupation;
    QString ethnicity;
    QString nationality;
    QString insuranceNumber;
    QString note;

    static PersonDraft fromPerson(const Person& person);
};

} // namespace vax

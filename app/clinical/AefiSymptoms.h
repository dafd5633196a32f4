#pragma once

#include "app/common/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QLocale>
#include <QString>

namespace vax {

// The symptoms a reaction report offers as tick boxes (resources/aefi/symptoms.json). Their
// keys are what AdverseEvent::symptoms stores; the texts are for people, in Vietnamese or
// English.
class AefiSymptoms
{
    Q_DECLARE_TR_FUNCTIONS(AefiSymptoms)

public:
    struct Symptom {
        QString key;       // "fever", "injection_site_pain", …: a-z, 0-9 and "_"
        QString textVi;
        QString textEn;
        QString text(const QLocale& locale) const;
    };

    static Result<AefiSymptoms> parse(const QByteArray& json);
    // The list shipped with the app (":/vax/aefi/symptoms.json").
    static Result<AefiSymptoms> builtin();

    const QList<Symptom>& symptoms() const { return m_symptoms; }
    const Symptom* symptom(const QString& key) const;
    // The text of a stored key; an unknown key (from a newer list) is shown as it is.
    QString text(const QString& key, const QLocale& locale) const;

private:
    AefiSymptoms() = default;

    QList<Symptom> m_symptoms;
};

} // namespace vax

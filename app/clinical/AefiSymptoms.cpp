#include "AefiSymptoms.h"

#include "app/common/JsonFields.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

namespace vax {

namespace {

const QLatin1String kBuiltinPath(":/vax/aefi/symptoms.json");

} // namespace

QString AefiSymptoms::Symptom::text(const QLocale& locale) const
{
    return locale.language() == QLocale::Vietnamese ? textVi : textEn;
}

Result<AefiSymptoms> AefiSymptoms::parse(const QByteArray& json)
{
    const QString what = tr("The symptom list");
    const Result<QJsonObject> root = JsonFields::parseObject(json, what, QStringLiteral("\"format\" and \"symptoms\""));
    if (!root.ok())
        return root.error();
    QList<FieldError> faults;
    const JsonFields top(*root, what, QString(), faults);
    top.requireFormat(1);
    const QJsonArray list = top.nonEmptyArray("symptoms").value_or(QJsonArray());

    AefiSymptoms out;
    QSet<QString> keys;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list.at(i).toObject();
        const QString path = JsonFields::indexed("symptoms", i);
        const JsonFields symptom(o, tr("Symptom %1").arg(i + 1), path + QLatin1Char('.'), faults);
        Symptom s{o.value(QLatin1String("key")).toString(), o.value(QLatin1String("vi")).toString().trimmed(),
            o.value(QLatin1String("en")).toString().trimmed()};
        if (!JsonFields::isKey(s.key)) {
            symptom.fail(QStringLiteral("key"), tr("the key \"%1\" must be given and hold only a-z, 0-9 and \"_\".").arg(s.key));
        } else if (keys.contains(s.key)) {
            symptom.fail(QStringLiteral("key"), tr("the key \"%1\" is used twice; give each symptom its own key.").arg(s.key));
        }
        if (s.textVi.isEmpty() || s.textEn.isEmpty())
            faults << FieldError{path, tr("Symptom %1 (%2): give both texts, \"vi\" and \"en\".").arg(i + 1).arg(s.key)};
        keys.insert(s.key);
        out.m_symptoms << s;
    }
    if (!faults.isEmpty())
        return Error::invalid(faults);
    return out;
}

Result<AefiSymptoms> AefiSymptoms::builtin()
{
    QFile file(kBuiltinPath);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error(ErrorCode::Io,
            tr("The built-in symptom list (%1) is missing from this build: rebuild VaxStation with its resources.")
                .arg(kBuiltinPath));
    }
    return parse(file.readAll());
}

const AefiSymptoms::Symptom* AefiSymptoms::symptom(const QString& key) const
{
    for (const Symptom& s : m_symptoms) {
        if (s.key == key)
            return &s;
    }
    return nullptr;
}

QString AefiSymptoms::text(const QString& key, const QLocale& locale) const
{
    const Symptom* s = symptom(key);
    return s ? s->text(locale) : key;
}

} // namespace vax

#include "AefiSymptoms.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace vax {

namespace {

const QLatin1String kBuiltinPath(":/vax/aefi/symptoms.json");

bool isKey(const QString& key)
{
    if (key.isEmpty())
        return false;
    for (const QChar c : key) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_');
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

QString AefiSymptoms::Symptom::text(const QLocale& locale) const
{
    return locale.language() == QLocale::Vietnamese ? textVi : textEn;
}

Result<AefiSymptoms> AefiSymptoms::parse(const QByteArray& json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return Error::invalid(QStringLiteral("json"),
            tr("The symptom list is not valid JSON (%1 at character %2): correct the file.")
                .arg(parseError.errorString())
                .arg(parseError.offset));
    }
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("format")).toInt() != 1) {
        return Error::invalid(QStringLiteral("format"),
            tr("The symptom list must say \"format\": 1, the only format this version reads."));
    }
    const QJsonArray list = root.value(QLatin1String("symptoms")).toArray();
    if (list.isEmpty())
        return Error::invalid(QStringLiteral("symptoms"), tr("The symptom list has no \"symptoms\": list at least one."));

    QList<FieldError> faults;
    AefiSymptoms out;
    QSet<QString> keys;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list.at(i).toObject();
        const QString field = QStringLiteral("symptoms[%1]").arg(i);
        Symptom s{o.value(QLatin1String("key")).toString(), o.value(QLatin1String("vi")).toString().trimmed(),
            o.value(QLatin1String("en")).toString().trimmed()};
        if (!isKey(s.key)) {
            faults << FieldError{field + QStringLiteral(".key"),
                tr("Symptom %1: the key \"%2\" must be given and hold only a-z, 0-9 and \"_\".").arg(i + 1).arg(s.key)};
        } else if (keys.contains(s.key)) {
            faults << FieldError{field + QStringLiteral(".key"),
                tr("Symptom %1: the key \"%2\" is used twice; give each symptom its own key.").arg(i + 1).arg(s.key)};
        }
        if (s.textVi.isEmpty() || s.textEn.isEmpty()) {
            faults << FieldError{field,
                tr("Symptom %1 (%2): give both texts, \"vi\" and \"en\".").arg(i + 1).arg(s.key)};
        }
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

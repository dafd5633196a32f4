#pragma once

#include "app/common/Result.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

#include <initializer_list>
#include <optional>
#include <utility>

namespace vax {

// Checks the fields of one JSON object of a data file VaxStation reads (the screening form, the
// vaccine catalogue, the AEFI symptom list) and records each fault with its JSON path and a
// sentence that names the part of the file and the field, and says what to write instead:
// "Product 4 (SPIKEVAX): "schedule.intervals" must be a list ([…])." Checking goes on after a
// fault, so that whoever corrects the file sees every fault at once.
class JsonFields
{
    Q_DECLARE_TR_FUNCTIONS(JsonFields)

public:
    enum Need { Required, Optional };

    // `where` names the object for a person ("Product 4 (SPIKEVAX)"); `path` is its JSON path
    // with the trailing dot ("products[3]."), empty for the top object.
    JsonFields(QJsonObject object, QString where, QString path, QList<FieldError>& faults);

    // An object held in this one under `prefix` ("schedule."): its faults keep this object's
    // `where`, and messages name its fields from here ("schedule.intervals").
    JsonFields child(QJsonObject object, const QString& prefix) const;

    // The key as messages name it, with the prefix of a child object.
    QString field(const QString& key) const { return m_prefix + key; }
    bool has(const char* key) const { return m_object.contains(QLatin1String(key)); }
    // Records a fault of the field: "<where>: <problem>".
    void fail(const QString& key, const QString& problem) const;

    // Reports each key that is not one of `allowed` (most often a misspelling).
    void onlyKeys(std::initializer_list<const char*> allowed) const;
    // "format" must be `supported`, the one format this version reads.
    void requireFormat(int supported) const;

    // Text that is not blank; an absent Optional field gives an empty string.
    std::optional<QString> text(const char* key, Need need = Required) const;
    // {"vi": "…", "en": "…"}, both given; the texts trimmed.
    std::optional<std::pair<QString, QString>> bilingual(const char* key) const;
    std::optional<double> number(const char* key) const;
    // A whole number of at least `min`; an absent field gives `fallback` when there is one.
    std::optional<int> whole(const char* key, int min, std::optional<int> fallback = {}) const;
    // true or false; an absent field gives `fallback` when there is one.
    std::optional<bool> boolean(const char* key, std::optional<bool> fallback = {}) const;
    // A list, maybe empty; an absent Optional field gives an empty one.
    std::optional<QJsonArray> array(const char* key, Need need = Required) const;
    // A list of at least one element.
    std::optional<QJsonArray> nonEmptyArray(const char* key) const;
    // An element of a list that must be an object; `name` is its path here ("intervals[0]").
    std::optional<QJsonObject> element(const QJsonValue& value, const QString& name) const;

    // "key[index]": the path of a list element.
    static QString indexed(const char* key, qsizetype index);
    // Keys and option values: lower-case letters a-z, digits and "_", at least one.
    static bool isKey(const QString& key);
    // The object a data file holds. `what` names the file in messages ("The vaccine
    // catalogue"); `holding` lists its main fields, for when the file holds no object.
    static Result<QJsonObject> parseObject(const QByteArray& json, const QString& what, const QString& holding);

private:
    QJsonObject m_object;
    QString m_where;
    QString m_path;
    QString m_prefix;
    QList<FieldError>& m_faults;
};

} // namespace vax

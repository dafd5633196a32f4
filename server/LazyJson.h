#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace vax::server {

// A JSON object held as the compact text it came as (a stored record, a pushed payload) until
// something reads it, and serialised again only if something changed it: a batch reads many
// records it only points to, and writes back most of the ones it adds exactly as they came.
class LazyJson
{
public:
    LazyJson() = default;
    static LazyJson fromText(const QByteArray& text)
    {
        LazyJson j;
        j.m_text = text;
        j.m_parsed = false;
        return j;
    }
    // `text`, when given, is `object` as compact JSON.
    void set(const QJsonObject& object, const QByteArray& text = {})
    {
        m_object = object;
        m_text = text;
        m_parsed = true;
    }

    const QJsonObject& object() const
    {
        if (!m_parsed) {
            m_object = QJsonDocument::fromJson(m_text).object();
            m_parsed = true;
        }
        return m_object;
    }
    // For changing it: the text is made again when next asked for.
    QJsonObject& edit()
    {
        object();
        m_text.clear();
        return m_object;
    }
    QByteArray text() const
    {
        if (m_text.isEmpty())
            m_text = QJsonDocument(object()).toJson(QJsonDocument::Compact);
        return m_text;
    }
    bool isEmpty() const { return object().isEmpty(); }

private:
    mutable QJsonObject m_object;
    mutable QByteArray m_text;
    mutable bool m_parsed = true;
};

} // namespace vax::server

#include "CentralLookup.h"

#include "sync/CentralApi.h"
#include "sync/Messages.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace vax::sync {

CentralLookup::CentralLookup(SiteStore& store, CentralApi& api)
    : m_store(store)
    , m_api(api)
{
}

void CentralLookup::find(const QString& text, std::function<void(Result<QList<CentralPerson>>)> done)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("q"), text.trimmed());
    m_api.get(QStringLiteral("/api/v1/lookup"), query, [done = std::move(done)](Result<QByteArray> answer) {
        if (!answer.ok()) {
            done(answer.error());
            return;
        }
        QList<CentralPerson> out;
        for (const QJsonValue& v : QJsonDocument::fromJson(answer.value()).object().value(QStringLiteral("people")).toArray()) {
            const QJsonObject o = v.toObject();
            auto text = [&o](const char* key) { return o.value(QLatin1String(key)).toString(); };
            out << CentralPerson{text("id"), text("site_id"), text("full_name"), text("birth_date"), text("cccd"), text("cmnd"),
                text("passport"), text("phone"), o.value(QStringLiteral("doses")).toInt()};
        }
        done(out);
    });
}

void CentralLookup::attach(const QString& personId, std::function<void(Result<ApplyReport>)> done)
{
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("person_id"), personId}}).toJson(QJsonDocument::Compact);
    m_api.post(QStringLiteral("/api/v1/attach"), body, [this, done = std::move(done)](Result<QByteArray> answer) {
        if (!answer.ok()) {
            done(answer.error());
            return;
        }
        auto page = PullPage::decode(answer.value());
        if (!page.ok()) {
            done(page.error());
            return;
        }
        // Not a page of the feed: the cursor stays where it is.
        done(m_store.applyPulled(page->changes, 0));
    });
}

} // namespace vax::sync

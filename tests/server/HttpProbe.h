#pragma once

#include <QByteArray>
#include <QEventLoop>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPair>
#include <QUrl>

namespace vax::test {

// One raw HTTP request to central, for the tests that send what no VaxStation would: bad
// credentials, broken bodies, other protocol versions. Waits for the answer.
struct HttpAnswer {
    int status = 0;
    QByteArray body;
};

inline HttpAnswer httpRequest(const QUrl& url, const QByteArray& verb, const QByteArray& body = {},
    const QList<QPair<QByteArray, QByteArray>>& headers = {})
{
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    for (const auto& [name, value] : headers)
        request.setRawHeader(name, value);
    if (!body.isEmpty() && !request.hasRawHeader("Content-Type"))
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply* reply = network.sendCustomRequest(request, verb, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpAnswer answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
    reply->deleteLater();
    return answer;
}

} // namespace vax::test

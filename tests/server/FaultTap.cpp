#include "FaultTap.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

namespace vax::test {

struct FaultTap::Link
{
    int index = 0;
    QTcpSocket* client = nullptr;
    QTcpSocket* target = nullptr;
    bool targetConnected = false;
    QByteArray waiting; // client bytes before the target answered
    bool clientGone = false;
    bool targetGone = false;
};

FaultTap::FaultTap(const QString& targetHost, quint16 targetPort, QObject* parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
    , m_host(targetHost)
    , m_port(targetPort)
{
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* client = m_server->nextPendingConnection()) {
            auto owned = std::make_unique<Link>();
            Link* link = owned.get();
            link->index = int(m_exchanges.size());
            m_exchanges.append(Exchange());
            link->client = client;
            link->target = new QTcpSocket(this);
            m_links.push_back(std::move(owned));
            connect(client, &QTcpSocket::readyRead, this, [this, link] { forward(link, true); });
            connect(link->target, &QTcpSocket::readyRead, this, [this, link] { forward(link, false); });
            connect(client, &QTcpSocket::disconnected, this, [this, link] { closed(link, true); });
            connect(client, &QTcpSocket::errorOccurred, this, [this, link] { closed(link, true); });
            connect(link->target, &QTcpSocket::disconnected, this, [this, link] { closed(link, false); });
            connect(link->target, &QTcpSocket::errorOccurred, this, [this, link] { closed(link, false); });
            connect(link->target, &QTcpSocket::connected, this, [this, link] {
                link->targetConnected = true;
                link->target->write(link->waiting);
                link->waiting.clear();
                forward(link, true);
                if (link->clientGone)
                    link->target->disconnectFromHost();
            });
            link->target->connectToHost(m_host, m_port);
        }
    });
}

FaultTap::~FaultTap()
{
    for (auto& link : m_links) {
        for (QTcpSocket* s : {link->client, link->target}) {
            if (s) {
                s->disconnect();
                s->abort();
                s->deleteLater();
            }
        }
    }
}

bool FaultTap::listen()
{
    return m_server->isListening() || m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 FaultTap::port() const
{
    return m_server->serverPort();
}

void FaultTap::clear()
{
    // Live links keep recording into their own (now dropped) slots: only new ones count.
    for (auto& link : m_links)
        link->index = -1;
    m_exchanges.clear();
}

void FaultTap::forward(Link* link, bool up)
{
    QTcpSocket* from = up ? link->client : link->target;
    QTcpSocket* to = up ? link->target : link->client;
    if (!from)
        return;
    const QByteArray bytes = from->readAll();
    if (bytes.isEmpty())
        return;
    if (link->index >= 0)
        (up ? m_exchanges[link->index].up : m_exchanges[link->index].down) += bytes;
    if (up && !link->targetConnected) {
        link->waiting += bytes;
        return;
    }
    if (to && to->state() == QAbstractSocket::ConnectedState)
        to->write(bytes);
}

void FaultTap::closed(Link* link, bool clientSide)
{
    bool& gone = clientSide ? link->clientGone : link->targetGone;
    if (gone)
        return;
    gone = true;
    forward(link, clientSide); // its last bytes
    // The other side is closed once what is buffered is written; a target still connecting
    // gets the client's bytes first (see the connected handler).
    QTcpSocket* other = clientSide ? link->target : link->client;
    if (other && (!clientSide || link->targetConnected))
        other->disconnectFromHost();
    if (link->clientGone && link->targetGone) {
        auto drop = [](QTcpSocket*& s) {
            if (!s)
                return; // dropped already, by a nested call (closing one side can close the other at once)
            s->disconnect();
            s->deleteLater();
            s = nullptr;
        };
        drop(link->client);
        drop(link->target);
    }
}

HttpLayout HttpLayout::parse(const QByteArray& stream)
{
    HttpLayout layout;
    qint64 pos = 0;
    while (pos < stream.size()) {
        Message m;
        m.from = pos;
        const qsizetype headEnd = stream.indexOf("\r\n\r\n", pos);
        const qsizetype lineEnd = stream.indexOf("\r\n", pos);
        m.firstLine = stream.mid(pos, (lineEnd < 0 ? stream.size() : lineEnd) - pos);
        if (headEnd < 0) {
            m.bodyFrom = -1;
            m.end = stream.size();
            layout.messages << m;
            break;
        }
        m.bodyFrom = headEnd + 4;
        qint64 length = 0;
        for (const QByteArray& line : stream.mid(pos, headEnd - pos).split('\n')) {
            const QByteArray l = line.trimmed().toLower();
            if (l.startsWith("content-length:"))
                length = l.mid(15).trimmed().toLongLong();
            else if (l.startsWith("content-encoding:") && l.contains("gzip"))
                m.gzip = true;
        }
        m.end = m.bodyFrom + length;
        layout.messages << m;
        pos = m.end;
    }
    return layout;
}

QString HttpLayout::place(qint64 offset) const
{
    if (messages.isEmpty() && offset == 0)
        return QStringLiteral("first line #1"); // cut before the first byte
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const Message& m = messages[i];
        if (offset < m.from)
            break;
        const QString n = QString::number(i + 1);
        if (m.bodyFrom < 0 || offset < m.bodyFrom)
            return offset < m.from + m.firstLine.size() + 2 ? QStringLiteral("first line #") + n : QStringLiteral("head #") + n;
        if (offset < m.end)
            return (m.gzip ? QStringLiteral("gzip body #") : QStringLiteral("plain body #")) + n;
        if (offset == m.end)
            return QStringLiteral("after whole #") + n;
    }
    return QStringLiteral("beyond");
}

QString HttpLayout::kindOf(const QString& place)
{
    const qsizetype hash = place.indexOf(QLatin1String(" #"));
    return hash < 0 ? place : place.left(hash);
}

} // namespace vax::test

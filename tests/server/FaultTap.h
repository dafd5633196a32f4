#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <vector>

class QTcpServer;
class QTcpSocket;

namespace vax::test {

// A plain TCP relay on 127.0.0.1 that keeps every byte of every connection, both ways, so that
// a test knows where a cut landed: in a request's head, in its gzip body, in an answer. Put it
// between a TcpCutProxy and vaxcentral: it then records what the server was sent and what it
// answered, and the client still talks to the proxy only. A side that closes or fails closes
// the other side once what was in flight is written. Event driven in the caller's thread.
class FaultTap final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FaultTap)

public:
    struct Exchange
    {
        QByteArray up;   // sent by the client, as forwarded to the target
        QByteArray down; // sent by the target
    };

    FaultTap(const QString& targetHost, quint16 targetPort, QObject* parent = nullptr);
    ~FaultTap() override;

    bool listen();
    quint16 port() const;
    // Connections in the order they were accepted since construction or clear().
    const QList<Exchange>& exchanges() const { return m_exchanges; }
    void clear();

private:
    struct Link;
    void forward(Link* link, bool up);
    void closed(Link* link, bool clientSide);

    QTcpServer* m_server;
    QString m_host;
    quint16 m_port;
    QList<Exchange> m_exchanges;
    std::vector<std::unique_ptr<Link>> m_links;
};

// Where a byte offset falls in one direction of an HTTP/1.1 connection: the messages' heads
// and bodies (by Content-Length), e.g. "head #1", "gzip body #2", "after whole #1".
struct HttpLayout
{
    struct Message
    {
        qint64 from = 0;     // its first byte
        qint64 bodyFrom = 0; // its body's first byte (-1 when the head is not complete)
        qint64 end = 0;      // one past its last byte (from Content-Length)
        bool gzip = false;
        QByteArray firstLine;
    };

    static HttpLayout parse(const QByteArray& stream);
    QString place(qint64 offset) const;
    // The kind of place without the message number ("head", "gzip body", …).
    static QString kindOf(const QString& place);
    qint64 size() const { return messages.isEmpty() ? 0 : messages.last().end; }

    QList<Message> messages;
};

} // namespace vax::test

#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>
#include <memory>
#include <vector>

class QTcpServer;

namespace vax::test {

// What the proxy does to one connection. Plain data: build one with the named makers, or set
// the fields (a cut and a delay combine).
struct FaultPlan
{
    static constexpr qint64 kNever = -1;

    // Forward this many bytes client→server, then cut: as soon as that many went through (at 0,
    // once the target answers), even if the client sends no more. The target receives exactly
    // these bytes and then end of stream; the client is reset (RST) and sees the connection
    // closed.
    qint64 cutClientToServerAt = kNever;
    // The same server→client: the client receives exactly these bytes and then end of stream;
    // the target is reset.
    qint64 cutServerToClientAt = kNever;
    // At the cut point keep both sides open and forward nothing more, either way (a dead link:
    // the peers find out by their own timeouts). Ignored when no cut is set.
    bool stallInsteadOfCut = false;
    // Reset the client at once, without ever connecting to the target.
    bool drop = false;
    // Latency added to every chunk, both ways (order is kept).
    std::chrono::milliseconds delay{0};

    static FaultPlan passThrough() { return {}; }
    static FaultPlan cutClientToServerAfter(qint64 bytes);
    static FaultPlan cutServerToClientAfter(qint64 bytes);
    static FaultPlan stallClientToServerAfter(qint64 bytes);
    static FaultPlan stallServerToClientAfter(qint64 bytes);
    static FaultPlan dropConnection();
    static FaultPlan delayed(std::chrono::milliseconds latency);
};

// A TCP proxy on 127.0.0.1 that breaks connections on purpose, for fault tests of real clients
// and servers (QNetworkAccessManager, HTTP keep-alive). Every accepted connection takes the
// next queued one-shot plan, or the standing plan when the queue is empty; byte offsets count
// per connection. Event driven in the caller's thread: the test's event loop must run
// (QTRY_*, QSignalSpy::wait) for bytes to move.
//
// A side that closes (FIN) closes the link: the other side gets what was in flight, then end of
// stream. There is no half-close (QTcpSocket has none): a client that shuts down its sending side
// and waits for the answer does not get it through here. A client's handshake completes in the
// kernel before the proxy accepts; a QTcpSocket whose connection is reset before it has seen it
// connected may quietly connect again (seen with Qt 6.4), using up the next plan too: when
// counting matters, waitForConnected() (blocking) before the event loop lets the proxy act.
class TcpCutProxy final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TcpCutProxy)

public:
    enum class Direction { ClientToServer, ServerToClient };
    Q_ENUM(Direction)

    explicit TcpCutProxy(const QString& targetHost, quint16 targetPort, QObject* parent = nullptr);
    ~TcpCutProxy() override;

    // Listens on 127.0.0.1 on a free port. False with errorText() when it cannot.
    bool listen();
    quint16 port() const;
    QUrl url(const QString& scheme = QStringLiteral("http")) const;
    QString errorText() const { return m_error; }

    // The target can move (a restarted server on a new port); live connections keep theirs.
    void setTarget(const QString& host, quint16 port);

    // The plan for every connection that finds the queue empty (pass-through at first).
    void setPlan(const FaultPlan& plan);
    // One-shot plans for the next connections, first in first out.
    void planNext(const FaultPlan& plan);
    void dropNext(int connections);
    void cutNextClientToServerAfter(qint64 bytes);
    void cutNextServerToClientAfter(qint64 bytes);
    int queuedPlans() const { return int(m_queue.size()); }
    // Back to pass-through for everything: empties the queue, resets the standing plan.
    void clearPlans();

    // Cuts every live connection now (client and target reset), as a link going down.
    void cutAll();

    // Counters since construction or resetCounters().
    int connections() const { return m_connections; } // accepted, dropped ones included
    int droppedConnections() const { return m_dropped; }
    int cutConnections() const { return m_cuts; } // cut or stalled by a plan or by cutAll()
    int activeConnections() const; // open now
    qint64 bytesClientToServer() const { return m_bytesUp; } // forwarded, not offered
    qint64 bytesServerToClient() const { return m_bytesDown; }
    void resetCounters();

signals:
    void accepted(int connection);
    void cut(int connection, vax::test::TcpCutProxy::Direction direction, qint64 offset);
    void dropped(int connection);
    void closed(int connection);

private:
    struct Link;

    void onNewConnection();
    void startLink(Link* link);
    void cutAtZero(Link* link);
    void pump(Link* link, Direction direction);
    void deliver(Link* link, Direction direction);
    void write(Link* link, Direction direction, const QByteArray& bytes);
    void cutAt(Link* link, Direction direction);
    void onSideClosed(Link* link, Direction sourceDirection);
    void finishIfDrained(Link* link);
    void destroy(Link* link);

    QTcpServer* m_server;
    QString m_targetHost;
    quint16 m_targetPort;
    QString m_error;
    FaultPlan m_plan;
    QList<FaultPlan> m_queue;
    std::vector<std::unique_ptr<Link>> m_links;
    int m_connections = 0;
    int m_dropped = 0;
    int m_cuts = 0;
    qint64 m_bytesUp = 0;
    qint64 m_bytesDown = 0;
};

} // namespace vax::test

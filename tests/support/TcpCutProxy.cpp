#include "TcpCutProxy.h"

#include <QDeadlineTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <deque>

#include <sys/socket.h>

namespace vax::test {

namespace {

constexpr int kClient = 0;
constexpr int kTarget = 1;
// How long a side that was sent end of stream may take to close before it is reset.
constexpr int kCloseGraceMs = 2000;

int indexOf(TcpCutProxy::Direction d)
{
    return d == TcpCutProxy::Direction::ClientToServer ? 0 : 1;
}

// The socket that sends in direction d, and the one that receives.
int sourceOf(TcpCutProxy::Direction d)
{
    return d == TcpCutProxy::Direction::ClientToServer ? kClient : kTarget;
}

int sinkOf(TcpCutProxy::Direction d)
{
    return d == TcpCutProxy::Direction::ClientToServer ? kTarget : kClient;
}

// Abrupt close: SO_LINGER 0 makes close() send RST instead of FIN.
void reset(QTcpSocket* socket)
{
    socket->disconnect();
    if (const qintptr fd = socket->socketDescriptor(); fd != -1) {
        const linger hard{1, 0};
        ::setsockopt(static_cast<int>(fd), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    }
    socket->abort();
    socket->deleteLater();
}

} // namespace

FaultPlan FaultPlan::cutClientToServerAfter(qint64 bytes)
{
    FaultPlan p;
    p.cutClientToServerAt = bytes;
    return p;
}

FaultPlan FaultPlan::cutServerToClientAfter(qint64 bytes)
{
    FaultPlan p;
    p.cutServerToClientAt = bytes;
    return p;
}

FaultPlan FaultPlan::stallClientToServerAfter(qint64 bytes)
{
    FaultPlan p = cutClientToServerAfter(bytes);
    p.stallInsteadOfCut = true;
    return p;
}

FaultPlan FaultPlan::stallServerToClientAfter(qint64 bytes)
{
    FaultPlan p = cutServerToClientAfter(bytes);
    p.stallInsteadOfCut = true;
    return p;
}

FaultPlan FaultPlan::dropConnection()
{
    FaultPlan p;
    p.drop = true;
    return p;
}

FaultPlan FaultPlan::delayed(std::chrono::milliseconds latency)
{
    FaultPlan p;
    p.delay = latency;
    return p;
}

struct TcpCutProxy::Link
{
    struct Chunk
    {
        QDeadlineTimer due;
        QByteArray bytes;
    };

    int index = 0;
    FaultPlan plan;
    QTcpSocket* sockets[2] = {nullptr, nullptr}; // kClient, kTarget; null once gone
    bool connected = false;                      // the target side
    qint64 forwarded[2] = {0, 0};                // by Direction index
    bool sourceClosed[2] = {false, false};       // by Direction index
    std::deque<Chunk> pending[2];                // delayed chunks, by Direction index
    QTimer* timers[2] = {nullptr, nullptr};
    QTimer* grace = nullptr;
    bool stalled = false;
    bool closing = false; // no more forwarding; waiting for the sides to go
    bool dead = false;
};

TcpCutProxy::TcpCutProxy(const QString& targetHost, quint16 targetPort, QObject* parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
    , m_targetHost(targetHost)
    , m_targetPort(targetPort)
{
    connect(m_server, &QTcpServer::newConnection, this, &TcpCutProxy::onNewConnection);
}

TcpCutProxy::~TcpCutProxy()
{
    for (auto& link : m_links) {
        if (link->dead)
            continue; // its sockets and timers are already on their way out
        for (QTcpSocket*& s : link->sockets) {
            if (s) {
                reset(s);
                s = nullptr;
            }
        }
        for (QTimer* t : link->timers)
            t->disconnect();
        if (link->grace)
            link->grace->disconnect();
    }
}

bool TcpCutProxy::listen()
{
    if (m_server->isListening())
        return true;
    if (!m_server->listen(QHostAddress::LocalHost, 0)) {
        m_error = m_server->errorString();
        return false;
    }
    return true;
}

quint16 TcpCutProxy::port() const
{
    return m_server->serverPort();
}

QUrl TcpCutProxy::url(const QString& scheme) const
{
    QUrl u;
    u.setScheme(scheme);
    u.setHost(QStringLiteral("127.0.0.1"));
    u.setPort(port());
    return u;
}

void TcpCutProxy::setTarget(const QString& host, quint16 port)
{
    m_targetHost = host;
    m_targetPort = port;
}

void TcpCutProxy::setPlan(const FaultPlan& plan)
{
    m_plan = plan;
}

void TcpCutProxy::planNext(const FaultPlan& plan)
{
    m_queue.append(plan);
}

void TcpCutProxy::dropNext(int connections)
{
    for (int i = 0; i < connections; ++i)
        planNext(FaultPlan::dropConnection());
}

void TcpCutProxy::cutNextClientToServerAfter(qint64 bytes)
{
    planNext(FaultPlan::cutClientToServerAfter(bytes));
}

void TcpCutProxy::cutNextServerToClientAfter(qint64 bytes)
{
    planNext(FaultPlan::cutServerToClientAfter(bytes));
}

void TcpCutProxy::clearPlans()
{
    m_queue.clear();
    m_plan = FaultPlan::passThrough();
}

void TcpCutProxy::cutAll()
{
    for (auto& owned : m_links) {
        Link* link = owned.get();
        if (link->dead)
            continue;
        ++m_cuts;
        emit cut(link->index, Direction::ClientToServer, link->forwarded[0]);
        destroy(link);
    }
}

int TcpCutProxy::activeConnections() const
{
    int n = 0;
    for (const auto& link : m_links)
        n += link->dead ? 0 : 1;
    return n;
}

void TcpCutProxy::resetCounters()
{
    m_connections = m_dropped = m_cuts = 0;
    m_bytesUp = m_bytesDown = 0;
}

void TcpCutProxy::onNewConnection()
{
    while (QTcpSocket* client = m_server->nextPendingConnection()) {
        const int index = m_connections++;
        const FaultPlan plan = m_queue.isEmpty() ? m_plan : m_queue.takeFirst();
        emit accepted(index);
        if (plan.drop) {
            ++m_dropped;
            reset(client);
            emit dropped(index);
            continue;
        }
        auto owned = std::make_unique<Link>();
        Link* link = owned.get();
        link->index = index;
        link->plan = plan;
        link->sockets[kClient] = client;
        link->sockets[kTarget] = new QTcpSocket(this);
        m_links.push_back(std::move(owned));
        startLink(link);
    }
}

void TcpCutProxy::startLink(Link* link)
{
    QTcpSocket* client = link->sockets[kClient];
    QTcpSocket* target = link->sockets[kTarget];
    for (const Direction d : {Direction::ClientToServer, Direction::ServerToClient}) {
        auto* timer = new QTimer(this);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, this, [this, link, d] { deliver(link, d); });
        link->timers[indexOf(d)] = timer;
    }
    connect(client, &QTcpSocket::readyRead, this, [this, link] { pump(link, Direction::ClientToServer); });
    connect(target, &QTcpSocket::readyRead, this, [this, link] { pump(link, Direction::ServerToClient); });
    connect(client, &QTcpSocket::stateChanged, this, [this, link](QAbstractSocket::SocketState s) {
        if (s == QAbstractSocket::UnconnectedState)
            onSideClosed(link, Direction::ClientToServer);
    });
    connect(target, &QTcpSocket::stateChanged, this, [this, link](QAbstractSocket::SocketState s) {
        if (s == QAbstractSocket::ConnectedState) {
            link->connected = true;
            // A cut at 0 comes before any byte, also when neither side sends one (a byte that
            // comes first makes write() cut). Queued: not inside the socket's own signal.
            if (link->plan.cutClientToServerAt == 0 || link->plan.cutServerToClientAt == 0)
                QMetaObject::invokeMethod(this, [this, link] { cutAtZero(link); }, Qt::QueuedConnection);
            if (link->sourceClosed[indexOf(Direction::ClientToServer)])
                onSideClosed(link, Direction::ClientToServer); // the client left early: flush it now
            else
                pump(link, Direction::ClientToServer);
        } else if (s == QAbstractSocket::UnconnectedState) {
            if (!link->connected) { // the target refused: the client is reset
                destroy(link);
                return;
            }
            onSideClosed(link, Direction::ServerToClient);
        }
    });
    target->connectToHost(m_targetHost, m_targetPort);
}

void TcpCutProxy::cutAtZero(Link* link)
{
    if (link->dead || link->closing || link->stalled)
        return; // already cut (or gone)
    cutAt(link, link->plan.cutClientToServerAt == 0 ? Direction::ClientToServer : Direction::ServerToClient);
}

void TcpCutProxy::pump(Link* link, Direction d)
{
    if (link->dead)
        return;
    QTcpSocket* source = link->sockets[sourceOf(d)];
    if (!source || (d == Direction::ClientToServer && !link->connected))
        return; // the client's bytes wait in its buffer until the target answers
    const QByteArray bytes = source->readAll();
    if (bytes.isEmpty() || link->closing || link->stalled)
        return; // read and dropped: nothing more goes through
    if (link->plan.delay.count() > 0) {
        auto& queue = link->pending[indexOf(d)];
        queue.push_back({QDeadlineTimer(link->plan.delay), bytes});
        QTimer* timer = link->timers[indexOf(d)];
        if (!timer->isActive())
            timer->start(std::chrono::milliseconds(queue.front().due.remainingTime()));
        return;
    }
    write(link, d, bytes);
}

void TcpCutProxy::deliver(Link* link, Direction d)
{
    auto& queue = link->pending[indexOf(d)];
    while (!link->dead && !queue.empty() && queue.front().due.hasExpired()) {
        const QByteArray bytes = std::move(queue.front().bytes);
        queue.pop_front();
        write(link, d, bytes);
    }
    if (link->dead)
        return;
    if (!queue.empty())
        link->timers[indexOf(d)]->start(std::chrono::milliseconds(queue.front().due.remainingTime()));
    else if (link->sourceClosed[indexOf(d)])
        finishIfDrained(link);
}

void TcpCutProxy::write(Link* link, Direction d, const QByteArray& bytes)
{
    if (link->closing || link->stalled)
        return;
    QTcpSocket* sink = link->sockets[sinkOf(d)];
    if (!sink)
        return;
    const int i = indexOf(d);
    const qint64 limit = d == Direction::ClientToServer ? link->plan.cutClientToServerAt : link->plan.cutServerToClientAt;
    qint64 n = bytes.size();
    // The cut comes as soon as the limit is reached, also when the sender stops right there
    // (a request delivered whole, then the link goes).
    const bool cutting = limit != FaultPlan::kNever && link->forwarded[i] + n >= limit;
    if (cutting)
        n = limit - link->forwarded[i];
    if (n > 0) {
        sink->write(bytes.constData(), n);
        link->forwarded[i] += n;
        (d == Direction::ClientToServer ? m_bytesUp : m_bytesDown) += n;
    }
    if (cutting)
        cutAt(link, d);
}

void TcpCutProxy::cutAt(Link* link, Direction d)
{
    ++m_cuts;
    emit cut(link->index, d, link->forwarded[indexOf(d)]);
    for (auto& queue : link->pending)
        queue.clear();
    if (link->plan.stallInsteadOfCut) {
        link->stalled = true;
        return;
    }
    link->closing = true;
    // The sender is reset at once; the receiver gets what was forwarded, then end of stream.
    if (QTcpSocket*& source = link->sockets[sourceOf(d)]) {
        reset(source);
        source = nullptr;
    }
    onSideClosed(link, d);
}

void TcpCutProxy::onSideClosed(Link* link, Direction sourceDirection)
{
    if (link->dead)
        return;
    link->sourceClosed[indexOf(sourceDirection)] = true;
    if (sourceDirection == Direction::ClientToServer && !link->connected)
        return; // its bytes wait in its buffer; the target's Connected handler comes back here
    if (QTcpSocket*& s = link->sockets[sourceOf(sourceDirection)]) {
        pump(link, sourceDirection); // its last bytes
        s->disconnect();
        s->deleteLater();
        s = nullptr;
    }
    finishIfDrained(link);
}

// Once a side is gone and its delayed bytes are out, the other side is closed gracefully: its
// buffered bytes are flushed, then FIN (shutdown), then it may close; reset after a grace time.
// A stalled link holds the other side open: a dead link tells nobody.
void TcpCutProxy::finishIfDrained(Link* link)
{
    if (link->dead)
        return;
    if (!link->sockets[kClient] && !link->sockets[kTarget]) {
        destroy(link);
        return;
    }
    if (link->stalled)
        return;
    for (const Direction d : {Direction::ClientToServer, Direction::ServerToClient}) {
        const int i = indexOf(d);
        if (!link->sourceClosed[i] || !link->pending[i].empty())
            continue;
        QTcpSocket* sink = link->sockets[sinkOf(d)];
        if (!sink)
            continue;
        link->closing = true;
        if (link->grace)
            return; // already closing
        auto shutdownWhenFlushed = [sink] {
            if (sink->bytesToWrite() == 0 && sink->socketDescriptor() != -1)
                ::shutdown(static_cast<int>(sink->socketDescriptor()), SHUT_WR);
        };
        connect(sink, &QTcpSocket::bytesWritten, this, shutdownWhenFlushed);
        shutdownWhenFlushed();
        link->grace = new QTimer(this);
        link->grace->setSingleShot(true);
        connect(link->grace, &QTimer::timeout, this, [this, link] { destroy(link); });
        link->grace->start(kCloseGraceMs);
        return;
    }
}

void TcpCutProxy::destroy(Link* link)
{
    if (link->dead)
        return;
    link->dead = true;
    for (QTcpSocket*& s : link->sockets) {
        if (s) {
            reset(s);
            s = nullptr;
        }
    }
    for (QTimer* t : link->timers) {
        t->disconnect();
        t->stop();
        t->deleteLater();
    }
    if (link->grace) {
        link->grace->disconnect();
        link->grace->stop();
        link->grace->deleteLater();
    }
    emit closed(link->index);
    QMetaObject::invokeMethod(
        this,
        [this] {
            std::erase_if(m_links, [](const std::unique_ptr<Link>& l) { return l->dead; });
        },
        Qt::QueuedConnection);
}

} // namespace vax::test

#pragma once

#include <QTcpServer>

namespace vax::server {

// The listening socket under vaxcentral's HTTP server: answers go out at once (TCP_NODELAY), and
// every request is acknowledged as soon as it is read.
//
// Qt's HTTP client writes a request in 16 KiB pieces without TCP_NODELAY, so Nagle holds the
// last piece of a push until the one before is acknowledged, and the kernel delays that
// acknowledgement up to 40 ms: a 40 ms stall in every batch (strace of vaxcentral: headers and
// 16 KiB, then the rest 40 ms later). On Linux, TCP_QUICKACK set after each read sends the
// acknowledgement at once; it is not sticky, so it is set again on every read.
class PromptTcpServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptTcpServer)

public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr descriptor) override;
};

} // namespace vax::server

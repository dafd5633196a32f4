#include "PromptTcpServer.h"

#include <QTcpSocket>

#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

namespace vax::server {

void PromptTcpServer::incomingConnection(qintptr descriptor)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
#ifdef Q_OS_LINUX
    // Connected before the HTTP server's own handler (it connects once it takes the socket), so
    // the acknowledgement leaves before the request is parsed and handled.
    connect(socket, &QTcpSocket::readyRead, socket, [socket] {
        const int one = 1;
        ::setsockopt(int(socket->socketDescriptor()), IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    });
#endif
    addPendingConnection(socket);
}

} // namespace vax::server

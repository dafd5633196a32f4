// A stand-in for vaxcentral, to test the harness (ServerProcess, NginxFront) itself: the same
// command line shape and "listening" line, and a small HTTP/1.1 keep-alive server. It is a test
// double for the harness only; the server's own tests run the real vaxcentral.
//
//   vaxcentral_standin serve [--db FILE | --pg CONNINFO] [--listen HOST:PORT]
//                            [--fail-before-listening] [--never-ready]
//   vaxcentral_standin admin ARGS…       prints "admin ARGS…"; exits 3 when ARGS has "fail"
//
// Routes (any method): /headers answers the request head; /echo answers the request body with
// its Content-Encoding; /size?n=N answers N bytes; anything else answers "ok". Every answer says
// X-Standin-Port (which instance) and X-Standin-Body-Length (the request body it read).

#include <QCoreApplication>
#include <QHash>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTextStream>
#include <QUrl>
#include <QUrlQuery>

#include <memory>
#include <optional>

namespace {

struct Request
{
    QByteArray head; // request line and headers, without the blank line
    QByteArray path; // with the query
    QHash<QByteArray, QByteArray> headers; // names lower-case
    QByteArray body;
};

// One whole request from the front of buffer (removed), or nothing yet.
std::optional<Request> takeRequest(QByteArray& buffer)
{
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return std::nullopt;
    Request r;
    r.head = buffer.left(headEnd);
    const QList<QByteArray> lines = r.head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    r.path = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            r.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    qsizetype at = headEnd + 4;
    if (r.headers.value("transfer-encoding").toLower() == "chunked") {
        for (;;) {
            const qsizetype lineEnd = buffer.indexOf("\r\n", at);
            if (lineEnd < 0)
                return std::nullopt;
            bool ok = false;
            const qsizetype size = buffer.mid(at, lineEnd - at).split(';').value(0).trimmed().toLongLong(&ok, 16);
            if (!ok)
                return std::nullopt;
            if (size == 0) {
                const qsizetype end = buffer.indexOf("\r\n\r\n", lineEnd);
                if (end < 0 && buffer.mid(lineEnd, 4) != "\r\n\r\n")
                    return std::nullopt;
                at = (end < 0 ? lineEnd : end) + 4;
                break;
            }
            if (buffer.size() < lineEnd + 2 + size + 2)
                return std::nullopt;
            r.body += buffer.mid(lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    } else {
        const qsizetype length = r.headers.value("content-length", "0").toLongLong();
        if (buffer.size() < at + length)
            return std::nullopt;
        r.body = buffer.mid(at, length);
        at += length;
    }
    buffer.remove(0, at);
    return r;
}

QByteArray answer(const Request& r, quint16 port)
{
    const QUrl url(QString::fromLatin1("http://standin") + QString::fromLatin1(r.path));
    QByteArray body = "ok";
    QByteArray extra;
    if (url.path() == QLatin1String("/headers")) {
        body = r.head + "\r\n";
    } else if (url.path() == QLatin1String("/echo")) {
        body = r.body;
        if (r.headers.contains("content-encoding"))
            extra += "Content-Encoding: " + r.headers.value("content-encoding") + "\r\n";
    } else if (url.path() == QLatin1String("/size")) {
        body = QByteArray(QUrlQuery(url).queryItemValue(QStringLiteral("n")).toLongLong(), 'x');
    }
    return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nX-Standin-Port: " + QByteArray::number(port) + "\r\nX-Standin-Body-Length: " + QByteArray::number(r.body.size())
        + "\r\n" + extra + "\r\n" + body;
}

int admin(const QStringList& arguments)
{
    QTextStream(stdout) << "admin " << arguments.join(QLatin1Char(' ')) << Qt::endl;
    if (arguments.contains(QLatin1String("fail"))) {
        QTextStream(stderr) << "standin: failing as asked" << Qt::endl;
        return 3;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments().mid(1);
    if (arguments.value(0) == QLatin1String("admin"))
        return admin(arguments.mid(1));
    if (arguments.value(0) != QLatin1String("serve")) {
        QTextStream(stderr) << "usage: vaxcentral_standin serve|admin …" << Qt::endl;
        return 64;
    }
    if (arguments.contains(QLatin1String("--fail-before-listening"))) {
        QTextStream(stderr) << "standin: cannot open the storage (as asked)" << Qt::endl;
        return 2;
    }
    const qsizetype listenAt = arguments.indexOf(QLatin1String("--listen"));
    const QString listen = listenAt > 0 ? arguments.value(listenAt + 1) : QStringLiteral("127.0.0.1:0");
    const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
    QTcpServer server;
    if (!server.listen(QHostAddress(listen.left(colon)), listen.mid(colon + 1).toUShort())) {
        QTextStream(stderr) << "standin: cannot listen on " << listen << ": " << server.errorString() << Qt::endl;
        return 1;
    }
    const quint16 port = server.serverPort();
    QTextStream(stderr) << "standin: serving " << arguments.mid(1).join(QLatin1Char(' ')) << Qt::endl;
    if (!arguments.contains(QLatin1String("--never-ready")))
        QTextStream(stdout) << "vaxcentral listening on http://" << server.serverAddress().toString() << ':' << port << Qt::endl;

    QObject::connect(&server, &QTcpServer::newConnection, &server, [&server, port] {
        while (QTcpSocket* socket = server.nextPendingConnection()) {
            auto buffer = std::make_shared<QByteArray>();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, buffer, port] {
                *buffer += socket->readAll();
                while (const auto request = takeRequest(*buffer)) {
                    socket->write(answer(*request, port));
                    if (request->headers.value("connection").toLower() == "close") {
                        socket->disconnectFromHost();
                        return;
                    }
                }
            });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    return app.exec();
}

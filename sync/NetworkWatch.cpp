#include "NetworkWatch.h"

#include <QNetworkInformation>
#include <QSocketNotifier>
#include <QTimer>

#ifdef Q_OS_LINUX
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#endif

using namespace std::chrono_literals;

namespace vax::sync {

NetworkWatch::NetworkWatch(QObject* parent)
    : QObject(parent)
    , m_settle(new QTimer(this))
{
    // A second for the burst of route changes to end, and for the resolver settings that come
    // with a new network (written just after its routes) to be in place before the first try.
    m_settle->setSingleShot(true);
    m_settle->setInterval(1s);
    connect(m_settle, &QTimer::timeout, this, &NetworkWatch::returned);
    watchReachability(watchRoutes());
}

NetworkWatch::~NetworkWatch()
{
#ifdef Q_OS_LINUX
    delete m_notifier;  // before its socket goes
    if (m_socket >= 0)
        ::close(m_socket);
#endif
}

#ifdef Q_OS_LINUX

namespace {

// Netlink messages and their payloads start on 4-byte boundaries (NLMSG_ALIGN, written out:
// the kernel header's macros use C casts).
constexpr std::size_t align4(std::size_t n)
{
    return (n + 3) & ~std::size_t(3);
}

constexpr std::size_t kHeaderSize = align4(sizeof(nlmsghdr));

} // namespace

bool NetworkWatch::watchRoutes()
{
    m_socket = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
    if (m_socket < 0)
        return false;
    sockaddr_nl address{};
    address.nl_family = AF_NETLINK;
    address.nl_groups = RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE;
    if (::bind(m_socket, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        ::close(m_socket);
        m_socket = -1;
        return false;
    }
    m_notifier = new QSocketNotifier(qintptr(m_socket), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &NetworkWatch::readRoutes);
    m_source = QStringLiteral("routes");
    return true;
}

void NetworkWatch::readRoutes()
{
    alignas(nlmsghdr) char buffer[16384];
    bool defaultRoute = false;
    for (;;) {
        const ssize_t received = ::recv(m_socket, buffer, sizeof buffer, 0);
        if (received < 0 && errno == ENOBUFS) {
            defaultRoute = true;  // the kernel dropped messages: the one we wait for may be among them
            continue;
        }
        if (received < 0 && errno == EINTR)
            continue;
        if (received <= 0)
            break;  // EAGAIN: everything is read
        const auto size = std::size_t(received);
        for (std::size_t at = 0; at + kHeaderSize <= size;) {
            nlmsghdr header;
            std::memcpy(&header, buffer + at, sizeof header);
            if (header.nlmsg_len < kHeaderSize || at + header.nlmsg_len > size)
                break;
            if (header.nlmsg_type == RTM_NEWROUTE && header.nlmsg_len >= kHeaderSize + sizeof(rtmsg)) {
                rtmsg route;
                std::memcpy(&route, buffer + at + kHeaderSize, sizeof route);
                // A default route one can send through (not "unreachable" or "blackhole", which
                // some VPN kill switches add).
                if (route.rtm_dst_len == 0 && route.rtm_type == RTN_UNICAST)
                    defaultRoute = true;
            }
            at += align4(header.nlmsg_len);
        }
    }
    if (defaultRoute)
        m_settle->start();
}

#else

bool NetworkWatch::watchRoutes()
{
    return false;
}

void NetworkWatch::readRoutes()
{
}

#endif

void NetworkWatch::watchReachability(bool routesWatched)
{
    if (!QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability))
        return;
    QNetworkInformation* information = QNetworkInformation::instance();
    if (routesWatched && information->backendName() == QLatin1String("glib"))
        return;  // its reachability never changes without NetworkManager (see the header)
    const QString source = QStringLiteral("QNetworkInformation (%1)").arg(information->backendName());
    m_source = m_source.isEmpty() ? source : m_source + QStringLiteral(", ") + source;
    connect(information, &QNetworkInformation::reachabilityChanged, this, [this](QNetworkInformation::Reachability r) {
        if (r == QNetworkInformation::Reachability::Online)
            m_settle->start();
    });
}

} // namespace vax::sync

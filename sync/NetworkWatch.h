#pragma once

#include <QObject>

class QSocketNotifier;
class QTimer;

namespace vax::sync {

// Tells when the network comes back, so that a laptop which lost it syncs at once instead of
// at its next retry (minutes away after a few failures).
//
// On Linux it reads the kernel's route changes itself (rtnetlink): a new default route is the
// network coming back, whoever sets it (NetworkManager, ifupdown, systemd-networkd, a phone's
// hotspot) and GLib's own rule for "network available". QNetworkInformation alone cannot be
// trusted for this: without NetworkManager Qt 6.4 loads its glib backend, which listens for
// GLib's notify::connectivity only, and GLib's netlink monitor never emits it (it notifies
// network-available), so Qt's reachability stays what it was when the backend loaded.
// QNetworkInformation going Online is a sign too, with any other backend (NetworkManager: the
// Internet back behind a Wi-Fi that stayed up, a captive portal passed) and wherever the
// routes cannot be read (another system, a socket refused).
class NetworkWatch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NetworkWatch)

public:
    explicit NetworkWatch(QObject* parent = nullptr);
    ~NetworkWatch() override;

    // What it watches, for the log: "routes", "QNetworkInformation (backend)", both, or
    // nothing (then the timer and the backoff find the network again).
    QString source() const { return m_source; }

signals:
    // The network may be back: a default route appeared, or the backend says Online. Changes
    // come in bursts (IPv4 and IPv6 routes, metrics replaced, the backend's verdict just after),
    // so one burst gives one signal.
    void returned();

private:
    bool watchRoutes();
    void readRoutes();
    void watchReachability(bool routesWatched);

    int m_socket = -1;
    QSocketNotifier* m_notifier = nullptr;
    QTimer* m_settle = nullptr;
    QString m_source;
};

} // namespace vax::sync

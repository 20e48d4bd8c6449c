#pragma once

// The opt-in HTTP endpoint a Prometheus scrapes (`hsu-agent --metrics 127.0.0.1:9464`, or the
// config's `master.metrics`). GNU libmicrohttpd serves it on a thread of its own, so a scrape's
// rendering never runs on, nor waits for, the supervision thread; requests are parsed and bounded
// by that library, not by us. GET /metrics answers the text format; / a pointer to it; other
// paths 404, other methods 405.

#include <QByteArray>
#include <QHostAddress>
#include <QString>

#include <atomic>
#include <functional>
#include <optional>

struct MHD_Daemon;

namespace hsu::agent::metrics {

// Where to listen: "127.0.0.1:9464", "[::1]:9464", "localhost:9464", or a bare port (loopback).
struct ListenAddress
{
    QHostAddress host;
    quint16 port = 0;
    bool isLoopback() const { return host.isLoopback(); }
    QString toString() const;
    // Nothing on error, with *error set ("metrics address \"x\": ...").
    static std::optional<ListenAddress> parse(const QString &text, QString *error);
};

inline constexpr quint16 kDefaultPort = 9464; // the port Prometheus's registry lists for exporters' "next free"

class MetricsServer final
{
    Q_DISABLE_COPY_MOVE(MetricsServer)
public:
    // `render` is called on the server's thread for every scrape; it must be thread-safe.
    explicit MetricsServer(std::function<QByteArray()> render);
    ~MetricsServer();

    bool listen(const ListenAddress &address, QString *error);
    void close();
    bool isListening() const { return m_daemon != nullptr; }
    // The port bound (the one asked for, or the kernel's choice for 0).
    quint16 port() const { return m_port; }
    ListenAddress address() const { return m_address; }
    quint64 scrapes() const { return m_scrapes.load(); }
    // One scrape's text (the server's thread calls it; counted in scrapes()).
    QByteArray scrape();

private:
    std::function<QByteArray()> m_render;
    MHD_Daemon *m_daemon = nullptr;
    ListenAddress m_address;
    quint16 m_port = 0;
    std::atomic<quint64> m_scrapes{0};
};

} // namespace hsu::agent::metrics

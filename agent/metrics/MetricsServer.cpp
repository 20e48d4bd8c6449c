#include "MetricsServer.h"

#include "MetricsText.h"

#include <QLoggingCategory>
#include <QRegularExpression>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>

Q_LOGGING_CATEGORY(lcMetrics, "hsu.agent.metrics")

namespace hsu::agent::metrics {

QString ListenAddress::toString() const
{
    return host.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[%1]:%2").arg(host.toString()).arg(port)
                                                             : QStringLiteral("%1:%2").arg(host.toString()).arg(port);
}

std::optional<ListenAddress> ListenAddress::parse(const QString &text, QString *error)
{
    const QString t = text.trimmed();
    const auto fail = [&](const QString &why) -> std::optional<ListenAddress> {
        *error = QStringLiteral("metrics address \"%1\": %2").arg(text, why);
        return std::nullopt;
    };
    QString host = QStringLiteral("127.0.0.1");
    QString portText = t;
    // [v6]:port, host:port, or a bare port.
    static const QRegularExpression v6(QStringLiteral("^\\[([^\\]]+)\\]:(\\d+)$"));
    static const QRegularExpression hostPort(QStringLiteral("^([^:\\[\\]]+):(\\d+)$"));
    if (const auto m = v6.match(t); m.hasMatch()) {
        host = m.captured(1);
        portText = m.captured(2);
    } else if (const auto m2 = hostPort.match(t); m2.hasMatch()) {
        host = m2.captured(1);
        portText = m2.captured(2);
    }
    bool ok = false;
    const uint port = portText.toUInt(&ok);
    if (!ok || port > 65535)
        return fail(QStringLiteral("expected HOST:PORT, [IPv6]:PORT or PORT (e.g. 127.0.0.1:%1)").arg(kDefaultPort));
    ListenAddress a;
    a.port = quint16(port);
    if (host == u"localhost")
        a.host = QHostAddress(QHostAddress::LocalHost);
    else if (!a.host.setAddress(host))
        return fail(QStringLiteral("\"%1\" is not an IP address (host names other than localhost are not looked up)").arg(host));
    return a;
}

namespace {

void logFromLibrary(void *, const char *format, va_list args)
{
    char line[512];
    std::vsnprintf(line, sizeof line, format, args);
    qCWarning(lcMetrics).noquote() << QString::fromLocal8Bit(line).trimmed();
}

MHD_Result reply(MHD_Connection *connection, unsigned status, const char *contentType, QByteArray body,
                 const char *allow = nullptr)
{
    // The response keeps the bytes until it is sent: a heap copy it frees.
    const size_t size = size_t(body.size());
    void *data = std::malloc(size == 0 ? 1 : size);
    if (!data)
        return MHD_NO;
    std::memcpy(data, body.constData(), size);
    MHD_Response *response = MHD_create_response_from_buffer_with_free_callback(size, data, &std::free);
    if (!response) {
        std::free(data);
        return MHD_NO;
    }
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, contentType);
    if (allow)
        MHD_add_response_header(response, MHD_HTTP_HEADER_ALLOW, allow);
    const MHD_Result queued = MHD_queue_response(connection, status, response);
    MHD_destroy_response(response);
    return queued;
}

MHD_Result onRequest(void *cls, MHD_Connection *connection, const char *url, const char *method, const char *,
                     const char *, size_t *, void **)
{
    auto *server = static_cast<MetricsServer *>(cls);
    const char *text = "text/plain; charset=utf-8";
    if (std::strcmp(method, MHD_HTTP_METHOD_GET) != 0 && std::strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return reply(connection, MHD_HTTP_METHOD_NOT_ALLOWED, text, "only GET and HEAD are served here\n", "GET, HEAD");
    if (std::strcmp(url, "/metrics") == 0)
        return reply(connection, MHD_HTTP_OK, kContentType, server->scrape());
    if (std::strcmp(url, "/") == 0)
        return reply(connection, MHD_HTTP_OK, text, "HSU Master agent: Prometheus metrics at /metrics\n");
    return reply(connection, MHD_HTTP_NOT_FOUND, text, "not found: the metrics are at /metrics\n");
}

} // namespace

MetricsServer::MetricsServer(std::function<QByteArray()> render)
    : m_render(std::move(render))
{
}

MetricsServer::~MetricsServer()
{
    close();
}

QByteArray MetricsServer::scrape()
{
    ++m_scrapes;
    return m_render();
}

bool MetricsServer::listen(const ListenAddress &address, QString *error)
{
    close();
    sockaddr_in v4{};
    sockaddr_in6 v6{};
    const sockaddr *where = nullptr;
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
    if (address.host.protocol() == QAbstractSocket::IPv6Protocol) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(address.port);
        const Q_IPV6ADDR a = address.host.toIPv6Address();
        std::memcpy(&v6.sin6_addr, a.c, sizeof a.c);
        where = reinterpret_cast<const sockaddr *>(&v6);
        flags |= MHD_USE_IPv6;
    } else {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(address.port);
        v4.sin_addr.s_addr = htonl(address.host.toIPv4Address());
        where = reinterpret_cast<const sockaddr *>(&v4);
    }
    // Bounds: a few scrapers at once, a request's headers within 32 KiB (more is answered 431 by
    // the library), an idle connection closed after 30 s (Prometheus keeps its own alive).
    // The logger first: the library logs through it from the next option on.
    m_daemon = MHD_start_daemon(flags, address.port, nullptr, nullptr, &onRequest, this,
                                MHD_OPTION_EXTERNAL_LOGGER, &logFromLibrary, nullptr,
                                MHD_OPTION_SOCK_ADDR, where,
                                MHD_OPTION_CONNECTION_LIMIT, 32u,
                                MHD_OPTION_CONNECTION_TIMEOUT, 30u,
                                MHD_OPTION_CONNECTION_MEMORY_LIMIT, size_t(32 * 1024),
                                MHD_OPTION_END);
    if (!m_daemon) {
        *error = QStringLiteral("cannot serve metrics on %1: %2").arg(address.toString(), QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_address = address;
    const MHD_DaemonInfo *info = MHD_get_daemon_info(m_daemon, MHD_DAEMON_INFO_BIND_PORT);
    m_port = info ? info->port : address.port;
    m_address.port = m_port;
    if (!address.isLoopback())
        qCWarning(lcMetrics).noquote() << "metrics served on" << m_address.toString()
                                       << "- other machines can read them (every worker's id, name and state)";
    else
        qCInfo(lcMetrics).noquote() << QStringLiteral("metrics served on http://%1/metrics").arg(m_address.toString());
    return true;
}

void MetricsServer::close()
{
    if (!m_daemon)
        return;
    MHD_stop_daemon(m_daemon);
    m_daemon = nullptr;
    m_port = 0;
}

} // namespace hsu::agent::metrics

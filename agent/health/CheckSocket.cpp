#include "CheckSocket.h"

#include "agent/process/CrossThread.h"

#include <QMetaObject>
#include <QPointer>
#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hsu::agent::health {

namespace {
QString errnoText(int e)
{
    return QString::fromLocal8Bit(std::strerror(e));
}
} // namespace

CheckSocket::CheckSocket(QObject *parent)
    : QObject(parent)
{
}

CheckSocket::~CheckSocket()
{
    close();
}

void CheckSocket::close()
{
    ++m_attempt; // a resolution or a queued connect still under way is for nothing now
    delete m_read;
    m_read = nullptr;
    delete m_write;
    m_write = nullptr;
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_connected = false;
}

void CheckSocket::fail(const QString &reason)
{
    close();
    Q_EMIT failed(reason);
}

void CheckSocket::connectTo(const QString &host, quint16 port)
{
    close();
    m_port = port;
    m_out.clear();
    m_in.clear();
    const int attempt = m_attempt;
    const QByteArray name = host.toUtf8();
    // A numeric address (the usual 127.0.0.1 or ::1): no resolver.
    sockaddr_in v4{};
    sockaddr_in6 v6{};
    if (::inet_pton(AF_INET, name.constData(), &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        const QByteArray addr(reinterpret_cast<const char *>(&v4), sizeof v4);
        QMetaObject::invokeMethod(this, [this, addr, attempt] { if (m_attempt == attempt) connectToAddress(addr, AF_INET); },
                                  Qt::QueuedConnection);
        return;
    }
    if (::inet_pton(AF_INET6, name.constData(), &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        const QByteArray addr(reinterpret_cast<const char *>(&v6), sizeof v6);
        QMetaObject::invokeMethod(this, [this, addr, attempt] { if (m_attempt == attempt) connectToAddress(addr, AF_INET6); },
                                  Qt::QueuedConnection);
        return;
    }
    // A name: getaddrinfo blocks (DNS), so on a thread of its own. Its answer comes back queued
    // to `relay`, a plain QObject of this thread that only that answer deletes (so the thread
    // always has a live receiver), and reaches this socket if it still exists and still waits
    // for this very resolution.
    auto *relay = new QObject;
    QPointer<CheckSocket> self(this);
    std::thread([relay, self, attempt, name, port] {
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo *found = nullptr;
        const int rc = ::getaddrinfo(name.constData(), nullptr, &hints, &found);
        QByteArray addr;
        int family = 0;
        if (rc == 0 && found) {
            family = found->ai_family;
            addr = QByteArray(reinterpret_cast<const char *>(found->ai_addr), qsizetype(found->ai_addrlen));
            if (family == AF_INET)
                reinterpret_cast<sockaddr_in *>(addr.data())->sin_port = htons(port);
            else if (family == AF_INET6)
                reinterpret_cast<sockaddr_in6 *>(addr.data())->sin6_port = htons(port);
        }
        if (found)
            ::freeaddrinfo(found);
        const QString error = rc == 0 ? QString() : QString::fromLocal8Bit(::gai_strerror(rc));
        process::postTo(
            relay,
            [relay, self, attempt, name, addr, family, error] {
                relay->deleteLater();
                if (!self || self->m_attempt != attempt)
                    return; // gone, or another connectTo() or close() came meanwhile
                if (addr.isEmpty())
                    self->fail(QStringLiteral("host %1 not found: %2").arg(QString::fromUtf8(name), error));
                else
                    self->connectToAddress(addr, family);
            });
    }).detach();
}

void CheckSocket::connectToAddress(const QByteArray &sockaddr, int family)
{
    m_fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        fail(errnoText(errno));
        return;
    }
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const int rc = ::connect(m_fd, reinterpret_cast<const struct sockaddr *>(sockaddr.constData()), socklen_t(sockaddr.size()));
    if (rc != 0 && errno != EINPROGRESS) {
        fail(errnoText(errno));
        return;
    }
    m_read = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    m_write = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
    m_read->setEnabled(false); // until connected
    connect(m_write, &QSocketNotifier::activated, this, &CheckSocket::onWritable);
    connect(m_read, &QSocketNotifier::activated, this, &CheckSocket::onReadable);
}

void CheckSocket::onWritable()
{
    if (!m_connected) {
        int error = 0;
        socklen_t len = sizeof error;
        ::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &len);
        if (error != 0) {
            fail(errnoText(error));
            return;
        }
        m_connected = true;
        m_read->setEnabled(true);
        m_write->setEnabled(!m_out.isEmpty());
        QPointer<CheckSocket> self(this);
        Q_EMIT connected();
        if (!self || m_fd < 0)
            return;
    }
    while (!m_out.isEmpty()) {
        const ssize_t n = ::send(m_fd, m_out.constData(), size_t(m_out.size()), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (n < 0) {
            fail(errnoText(errno));
            return;
        }
        m_out.remove(0, qsizetype(n));
    }
    if (m_write)
        m_write->setEnabled(!m_out.isEmpty());
}

void CheckSocket::write(const QByteArray &bytes)
{
    m_out.append(bytes);
    if (m_connected && m_write)
        onWritable(); // most writes go at once
}

void CheckSocket::onReadable()
{
    char buf[16384];
    bool closedByPeer = false;
    for (;;) {
        const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
        if (n > 0) {
            m_in.append(buf, qsizetype(n));
            if (m_in.size() > (1 << 20))
                break; // a check never needs more: the rest waits or is never read
            continue;
        }
        if (n == 0) {
            closedByPeer = true;
            break;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            break;
        const int e = errno;
        if (!m_in.isEmpty()) {
            QPointer<CheckSocket> self(this);
            Q_EMIT readyRead();
            if (!self)
                return;
        }
        fail(errnoText(e));
        return;
    }
    QPointer<CheckSocket> self(this);
    if (!m_in.isEmpty())
        Q_EMIT readyRead();
    if (!self)
        return;
    if (closedByPeer) {
        if (m_read)
            m_read->setEnabled(false);
        Q_EMIT peerClosed();
    }
}

QByteArray CheckSocket::readAll()
{
    return std::exchange(m_in, QByteArray());
}

} // namespace hsu::agent::health

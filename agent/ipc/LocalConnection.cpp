#include "LocalConnection.h"

#include "IpcLog.h"
#include "UnixSocket.h"

#include <QPointer>
#include <QSocketNotifier>

#include <algorithm>
#include <cerrno>
#include <utility>

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

namespace hsu::agent {

namespace {
// What one recv() asks for: enough for most frames, small enough not to over-allocate for idle ones.
constexpr qint64 kReadSlice = 64 * 1024;
} // namespace

LocalConnection::LocalConnection(int fd, QObject *parent)
    : QObject(parent)
    , m_fd(fd)
{
    unixsocket::prepare(m_fd, true);
    m_readNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &LocalConnection::onReadable);
    m_writeNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false); // only while something is queued: a socket is nearly always writable
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &LocalConnection::onWritable);
}

LocalConnection::~LocalConnection()
{
    closeDescriptor();
}

int LocalConnection::connectTo(const QString &path, int timeoutMs, QString *error)
{
    sockaddr_un addr;
    if (!unixsocket::address(path, &addr, error))
        return -1;
    const int fd = unixsocket::openStream(false);
    if (fd < 0) {
        const int err = errno;
        if (error)
            *error = unixsocket::errorString(err);
        errno = err;
        return -1;
    }
    // A blocking connect to a Unix socket returns at once unless the listener's backlog is full;
    // then it waits, for at most the send timeout.
    timeval tv = {};
    tv.tv_sec = std::max(timeoutMs, 1) / 1000;
    tv.tv_usec = (std::max(timeoutMs, 1) % 1000) * 1000;
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int rc;
    do {
        rc = ::connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
        int err = errno;
        if (err == EAGAIN || err == EINPROGRESS)
            err = ETIMEDOUT; // the send timeout ran out (the backlog stayed full)
        ::close(fd);
        if (error)
            *error = unixsocket::errorString(err);
        errno = err;
        return -1;
    }
    return fd;
}

QByteArray LocalConnection::read(qint64 maxSize)
{
    QByteArray data;
    if (maxSize >= m_readBuffer.size()) {
        data = std::exchange(m_readBuffer, QByteArray()); // the usual case: no copy, and no capacity kept
    } else if (maxSize > 0) {
        data = m_readBuffer.left(maxSize);
        m_readBuffer.remove(0, maxSize);
    }
    updateNotifiers(); // the buffer may have had no room left
    return data;
}

void LocalConnection::onReadable()
{
    bool hungUp = false;
    bool gotData = false;
    while (m_fd >= 0 && m_readBuffer.size() < m_readBufferSize) {
        const qsizetype old = m_readBuffer.size();
        const qint64 room = std::min(kReadSlice, m_readBufferSize - old);
        m_readBuffer.resize(old + room);
        const ssize_t n = ::recv(m_fd, m_readBuffer.data() + old, size_t(room), MSG_DONTWAIT);
        m_readBuffer.resize(old + std::max<qsizetype>(n, 0));
        if (n > 0) {
            gotData = true;
            if (n < room)
                break; // drained: the next recv would only say EAGAIN
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (n < 0)
            qCDebug(lcIpc) << "read error on fd" << m_fd << unixsocket::errorString(errno);
        hungUp = true; // 0 is the peer's end of file; any other error means the connection is gone too
        break;
    }
    const QPointer<LocalConnection> self(this);
    if (gotData)
        Q_EMIT readyRead();
    if (!self)
        return;
    if (hungUp && m_fd >= 0) {
        closeDescriptor();
        finish();
        return;
    }
    updateNotifiers();
}

bool LocalConnection::write(const QByteArray &data)
{
    if (m_fd < 0 || m_closing)
        return false;
    if (data.isEmpty())
        return true;
    const bool wasEmpty = m_writeQueue.empty();
    m_writeQueue.push_back(data);
    m_pendingBytes += data.size();
    // Try the kernel at once when nothing is ahead: most replies leave here and never queue.
    if (wasEmpty && !sendQueued()) {
        failLater(unixsocket::errorString(errno));
        return false;
    }
    updateNotifiers();
    return true;
}

bool LocalConnection::flush()
{
    if (m_fd < 0)
        return false;
    if (!sendQueued()) {
        failLater(unixsocket::errorString(errno));
        return false;
    }
    if (m_closing && m_pendingBytes == 0) {
        closeDescriptor();
        QMetaObject::invokeMethod(this, &LocalConnection::finish, Qt::QueuedConnection);
    } else {
        updateNotifiers();
    }
    return true;
}

bool LocalConnection::sendQueued()
{
    while (!m_writeQueue.empty()) {
        const QByteArray &front = m_writeQueue.front();
        const long n = unixsocket::sendNoSignal(m_fd, front.constData() + m_frontOffset, front.size() - m_frontOffset);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno == EAGAIN || errno == EWOULDBLOCK; // full for now: the write notifier resumes
        }
        m_frontOffset += n;
        m_pendingBytes -= n;
        if (m_frontOffset == front.size()) {
            m_writeQueue.pop_front();
            m_frontOffset = 0;
        }
    }
    return true;
}

void LocalConnection::onWritable()
{
    if (m_fd < 0)
        return;
    if (!sendQueued()) {
        qCDebug(lcIpc) << "write error on fd" << m_fd << unixsocket::errorString(errno);
        closeDescriptor();
        finish();
        return;
    }
    if (m_closing && m_pendingBytes == 0) {
        closeDescriptor();
        finish();
        return;
    }
    updateNotifiers();
}

void LocalConnection::closeAfterFlush()
{
    if (m_fd < 0 || m_closing)
        return;
    m_closing = true;
    flush();
}

void LocalConnection::abort()
{
    m_closing = true;
    m_finished = true;
    m_writeQueue.clear();
    m_pendingBytes = 0;
    closeDescriptor();
}

void LocalConnection::updateNotifiers()
{
    if (m_fd < 0)
        return;
    // While closing nothing more is read; a peer that hangs up then shows as a failed send.
    m_readNotifier->setEnabled(!m_closing && m_readBuffer.size() < m_readBufferSize);
    m_writeNotifier->setEnabled(m_pendingBytes > 0);
}

void LocalConnection::closeDescriptor()
{
    if (m_fd < 0)
        return;
    // Disabled before the fd is closed (a notifier on a closed fd is an error), deleted later
    // because we may be inside one of their activated() signals.
    for (QSocketNotifier *n : {m_readNotifier, m_writeNotifier}) {
        n->setEnabled(false);
        n->deleteLater();
    }
    m_readNotifier = nullptr;
    m_writeNotifier = nullptr;
    ::close(m_fd);
    m_fd = -1;
}

void LocalConnection::failLater(const QString &why)
{
    qCDebug(lcIpc) << "connection on fd" << m_fd << "broke:" << why;
    m_closing = true;
    m_writeQueue.clear();
    m_pendingBytes = 0;
    closeDescriptor();
    // The caller is in the middle of a write: it hears about it from the event loop.
    QMetaObject::invokeMethod(this, &LocalConnection::finish, Qt::QueuedConnection);
}

void LocalConnection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT disconnected();
}

} // namespace hsu::agent

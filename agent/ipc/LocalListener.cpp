#include "LocalListener.h"

#include "IpcLog.h"
#include "LocalConnection.h"
#include "UnixSocket.h"

#include <QFile>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <utility>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace hsu::agent {

namespace {
// Out of descriptors: accepting again at once would spin, so wait this long and retry.
constexpr int kAcceptRetryMs = 100;

int acceptOne(int listenFd)
{
#if defined(SOCK_CLOEXEC) && defined(SOCK_NONBLOCK) && defined(Q_OS_LINUX)
    return ::accept4(listenFd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
#else
    const int fd = ::accept(listenFd, nullptr, nullptr);
    if (fd >= 0)
        unixsocket::prepare(fd, true);
    return fd;
#endif
}
} // namespace

LocalListener::LocalListener(QObject *parent)
    : QObject(parent)
{
}

LocalListener::~LocalListener()
{
    close();
}

bool LocalListener::listen(const QString &path, QString *error)
{
    auto fail = [&](const QString &what, int err) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(what, unixsocket::errorString(err));
        return false;
    };
    if (isListening()) {
        if (error)
            *error = QStringLiteral("already listening on %1").arg(m_path);
        return false;
    }
    sockaddr_un addr;
    if (!unixsocket::address(path, &addr, error))
        return false;
    const int fd = unixsocket::openStream(true);
    if (fd < 0)
        return fail(QStringLiteral("socket"), errno);
    const QByteArray name = QFile::encodeName(path);
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) != 0) {
        const int err = errno;
        ::close(fd);
        return fail(QStringLiteral("bind"), err);
    }
    // Between bind and listen a connect is refused, so making the file 0600 here leaves no moment in
    // which another user could connect (and the peer check would catch one anyway).
    struct stat st = {};
    if (::chmod(name.constData(), S_IRUSR | S_IWUSR) != 0 || ::lstat(name.constData(), &st) != 0
        || ::listen(fd, SOMAXCONN) != 0) {
        const int err = errno;
        ::close(fd);
        ::unlink(name.constData());
        return fail(QStringLiteral("cannot make the socket owner-only and listen"), err);
    }
    m_fd = fd;
    m_path = path;
    m_device = quint64(st.st_dev);
    m_inode = quint64(st.st_ino);
    m_notifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &LocalListener::onAcceptable);
    return true;
}

void LocalListener::close()
{
    for (int fd : std::exchange(m_pending, {}))
        ::close(fd);
    if (m_fd < 0)
        return;
    // Later: close() may run inside a slot of newConnection(), i.e. inside the notifier's activated().
    m_notifier->setEnabled(false);
    m_notifier->deleteLater();
    m_notifier = nullptr;
    ::close(m_fd);
    m_fd = -1;
    const QByteArray name = QFile::encodeName(m_path);
    struct stat st = {};
    if (::lstat(name.constData(), &st) == 0 && quint64(st.st_dev) == m_device && quint64(st.st_ino) == m_inode)
        ::unlink(name.constData());
}

LocalConnection *LocalListener::nextPendingConnection()
{
    if (m_pending.empty())
        return nullptr;
    const int fd = m_pending.front();
    m_pending.pop_front();
    return new LocalConnection(fd);
}

void LocalListener::onAcceptable()
{
    bool accepted = false;
    while (m_fd >= 0) {
        const int fd = acceptOne(m_fd);
        if (fd >= 0) {
            m_pending.push_back(fd);
            accepted = true;
            continue;
        }
        if (errno == EINTR || errno == ECONNABORTED)
            continue;
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
            qCWarning(lcIpc) << "cannot accept a connection:" << unixsocket::errorString(errno) << "- retrying shortly";
            pauseAccepting();
        }
        break; // EAGAIN: all taken
    }
    if (accepted)
        Q_EMIT newConnection();
}

void LocalListener::pauseAccepting()
{
    // The clients wait in the backlog meanwhile.
    m_notifier->setEnabled(false);
    QTimer::singleShot(kAcceptRetryMs, m_notifier, [n = m_notifier] { n->setEnabled(true); });
}

} // namespace hsu::agent

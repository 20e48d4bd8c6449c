#include "UnixSocket.h"

#include <QFile>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>

namespace hsu::agent::unixsocket {

int openStream(bool nonBlocking)
{
#if defined(SOCK_CLOEXEC) && defined(SOCK_NONBLOCK)
    // Atomic: no window in which a worker forked by another part of the agent inherits the fd.
    return ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | (nonBlocking ? SOCK_NONBLOCK : 0), 0);
#else
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd >= 0)
        prepare(fd, nonBlocking);
    return fd;
#endif
}

void prepare(int fd, bool nonBlocking)
{
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0)
        ::fcntl(fd, F_SETFL, nonBlocking ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK));
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
#if defined(SO_NOSIGPIPE)
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
}

bool address(const QString &path, sockaddr_un *addr, QString *error)
{
    const QByteArray name = QFile::encodeName(path);
    std::memset(addr, 0, sizeof *addr);
    addr->sun_family = AF_UNIX;
    if (name.isEmpty() || size_t(name.size()) >= sizeof addr->sun_path) {
        if (error)
            *error = QStringLiteral("the socket path is longer than %1 bytes").arg(sizeof addr->sun_path - 1);
        errno = ENAMETOOLONG;
        return false;
    }
    std::memcpy(addr->sun_path, name.constData(), size_t(name.size()));
    return true;
}

long sendNoSignal(int fd, const char *data, qsizetype size)
{
#if defined(MSG_NOSIGNAL)
    constexpr int flags = MSG_NOSIGNAL | MSG_DONTWAIT;
#else
    constexpr int flags = MSG_DONTWAIT; // SO_NOSIGPIPE is set by prepare()
#endif
    return long(::send(fd, data, size_t(size), flags));
}

QString errorString(int errorNumber)
{
    return QString::fromLocal8Bit(std::strerror(errorNumber));
}

} // namespace hsu::agent::unixsocket

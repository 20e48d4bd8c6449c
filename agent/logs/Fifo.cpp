#include "Fifo.h"

#include <QFile>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hsu::agent::logs {

namespace {
QString sysError(const QString &what, const QString &path)
{
    return QStringLiteral("%1 %2: %3").arg(what, path, QString::fromLocal8Bit(std::strerror(errno)));
}
} // namespace

std::optional<Fifo> openFifo(const QString &path, int capacity, QString *error)
{
    const QByteArray native = QFile::encodeName(path);
    if (::mkfifo(native.constData(), 0600) != 0) {
        if (errno != EEXIST) {
            *error = sysError(QStringLiteral("cannot create FIFO"), path);
            return std::nullopt;
        }
        struct stat st;
        if (::lstat(native.constData(), &st) != 0 || !S_ISFIFO(st.st_mode) || st.st_uid != ::getuid()) {
            *error = QStringLiteral("%1 exists and is not this user's FIFO; not touching it").arg(path);
            return std::nullopt;
        }
    }
    Fifo f;
    f.path = path;
    // Read-write on a FIFO never blocks on Linux (no waiting for the other side) and counts as
    // both a reader and a writer. O_NOFOLLOW: a link put there after the lstat above is refused.
    f.fd = ::open(native.constData(), O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
    if (f.fd < 0) {
        *error = sysError(QStringLiteral("cannot open FIFO"), path);
        return std::nullopt;
    }
    // Best effort: the default 64 KiB works too. A FIFO a worker kept open across agents has its
    // size already; resizing reallocates the pipe's ring, which a thousand re-adopted workers
    // would pay for nothing.
    if (capacity > 0 && ::fcntl(f.fd, F_GETPIPE_SZ) < capacity)
        ::fcntl(f.fd, F_SETPIPE_SZ, capacity);
    return f;
}

void closeFifo(Fifo &fifo, bool remove)
{
    if (fifo.fd >= 0)
        ::close(fifo.fd);
    fifo.fd = -1;
    if (remove && !fifo.path.isEmpty())
        ::unlink(QFile::encodeName(fifo.path).constData());
}

} // namespace hsu::agent::logs

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
    // The read end first: opening a FIFO read-only and non-blocking never waits for a writer.
    f.readFd = ::open(native.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (f.readFd < 0) {
        *error = sysError(QStringLiteral("cannot open FIFO"), path);
        return std::nullopt;
    }
    // Read-write on a FIFO never blocks on Linux and counts as both a reader and a writer.
    f.childFd = ::open(native.constData(), O_RDWR | O_CLOEXEC);
    if (f.childFd < 0) {
        *error = sysError(QStringLiteral("cannot open FIFO"), path);
        ::close(f.readFd);
        return std::nullopt;
    }
    if (capacity > 0)
        ::fcntl(f.readFd, F_SETPIPE_SZ, capacity); // best effort: the default 64 KiB works too
    return f;
}

void closeFifo(Fifo &fifo, bool remove)
{
    if (fifo.readFd >= 0)
        ::close(fifo.readFd);
    if (fifo.childFd >= 0)
        ::close(fifo.childFd);
    fifo.readFd = fifo.childFd = -1;
    if (remove && !fifo.path.isEmpty())
        ::unlink(QFile::encodeName(fifo.path).constData());
}

} // namespace hsu::agent::logs

#include "IntegratedPort.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hsu::agent::integrated {

quint16 pickFreePort(QString *error)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        if (error)
            *error = QStringLiteral("cannot make a socket: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return 0;
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0; // the kernel picks one out of the ephemeral range
    socklen_t len = sizeof addr;
    quint16 port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    else if (error)
        *error = QStringLiteral("no free port on 127.0.0.1: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
    // Closed without listen(): no TIME_WAIT, the worker can bind it at once.
    ::close(fd);
    return port;
}

QString portFilePath(const QString &dir, const QString &id)
{
    return QDir(dir).filePath(id + QStringLiteral(".port"));
}

bool writePortFile(const QString &dir, const QString &id, quint16 port, QString *error)
{
    QSaveFile file(portFilePath(dir, id));
    if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray::number(port) + '\n') < 0 || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

void removePortFile(const QString &dir, const QString &id)
{
    QFile::remove(portFilePath(dir, id));
}

} // namespace hsu::agent::integrated

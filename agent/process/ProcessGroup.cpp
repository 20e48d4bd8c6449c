#include "ProcessGroup.h"

#include <QDir>
#include <QFile>
#include <QString>

#include <cerrno>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace hsu::agent::ProcessGroup {

bool signal(qint64 pgid, int sig)
{
    if (pgid <= 1)
        return false; // never signal group 0 (ourselves) or 1 (every process we may signal)
    return ::kill(-static_cast<pid_t>(pgid), sig) == 0;
}

namespace {

// Reads /proc/PID/stat with one open and one read; fields after the command name (which may hold
// spaces and parentheses, hence the last ')') are: state ppid pgrp ...
bool readStat(const char *path, char *state, long long *pgrp)
{
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char buf[512];
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (n <= 0)
        return false;
    buf[n] = '\0';
    const char *close = std::strrchr(buf, ')');
    if (!close)
        return false;
    long long ppid = 0;
    return std::sscanf(close + 1, " %c %lld %lld", state, &ppid, pgrp) == 3;
}

} // namespace

bool isAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    char state = 0;
    long long pgrp = 0;
    const QByteArray path = "/proc/" + QByteArray::number(pid) + "/stat";
    return readStat(path.constData(), &state, &pgrp) && state != 'Z' && state != 'X';
}

QList<qint64> livingMembers(qint64 pgid)
{
    QList<qint64> pids;
    if (pgid <= 1)
        return pids;
    // Cheap first answer: no process in the group at all.
    if (::kill(-static_cast<pid_t>(pgid), 0) != 0 && errno == ESRCH)
        return pids;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &e : entries) {
        bool ok = false;
        const qint64 pid = e.toLongLong(&ok);
        if (!ok)
            continue;
        char path[64];
        std::snprintf(path, sizeof path, "/proc/%lld/stat", static_cast<long long>(pid));
        char state = 0;
        long long pgrp = 0;
        if (readStat(path, &state, &pgrp) && pgrp == pgid && state != 'Z' && state != 'X')
            pids.append(pid);
    }
    return pids;
}

QString signalName(int sig)
{
    if (const char *abbrev = sigabbrev_np(sig))
        return QString::fromLatin1(abbrev);
    return QString::number(sig);
}

} // namespace hsu::agent::ProcessGroup

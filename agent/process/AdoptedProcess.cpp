#include "AdoptedProcess.h"

#include "ExitWatcher.h"
#include "Spawn.h"

#include <QFile>
#include <QSocketNotifier>

#include <csignal>

#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

namespace hsu::agent {

std::optional<quint64> processStartTime(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return std::nullopt;
    const QByteArray stat = f.read(4096);
    // The command name (field 2) is in parentheses and may itself hold ") ": count from the last.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return std::nullopt;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // fields[0] is field 3 (state); field 22 is fields[19].
    if (fields.size() < 20)
        return std::nullopt;
    bool ok = false;
    const quint64 ticks = fields[19].toULongLong(&ok);
    return ok ? std::optional<quint64>(ticks) : std::nullopt;
}

QDateTime processStartedAt(quint64 startTime)
{
    QFile f(QStringLiteral("/proc/stat"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const long hz = ::sysconf(_SC_CLK_TCK);
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("btime ") && hz > 0) {
            const qint64 boot = line.mid(6).trimmed().toLongLong();
            return QDateTime::fromMSecsSinceEpoch(boot * 1000 + qint64(startTime) * 1000 / hz, Qt::UTC);
        }
    }
    return {};
}

AdoptedProcess::AdoptedProcess(qint64 pid, int pidfd, qint64 processGroup, QObject *parent)
    : ProcessHandle(parent)
    , m_pid(pid)
    , m_group(processGroup)
    , m_pidfd(pidfd)
{
    m_notifier = new QSocketNotifier(m_pidfd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &AdoptedProcess::onReadable);
}

AdoptedProcess::~AdoptedProcess()
{
    delete m_notifier;
    if (m_pidfd >= 0)
        ::close(m_pidfd);
}

int AdoptedProcess::openIfSame(qint64 pid, quint64 startTime)
{
    if (pid <= 0)
        return -1;
    const int fd = int(::syscall(SYS_pidfd_open, pid_t(pid), 0));
    if (fd < 0)
        return -1;
    // The pidfd now names whichever process has the pid; it is ours only if it started then.
    const std::optional<quint64> now = processStartTime(pid);
    if (!now || *now != startTime) {
        ::close(fd);
        return -1;
    }
    return fd; // close-on-exec already (pidfd_open sets it)
}

bool AdoptedProcess::signalProcess(int sig)
{
    return !m_finished && ::syscall(SYS_pidfd_send_signal, m_pidfd, sig, nullptr, 0) == 0;
}

bool AdoptedProcess::signalGroup(int sig)
{
    if (m_finished)
        return false;
    // The group outlives its leader only while a member is left; a group id is not reused while
    // it has members, and the leader's pidfd proves it is still there.
    if (m_group > 0 && ::kill(-pid_t(m_group), sig) == 0)
        return true;
    return signalProcess(sig);
}

void AdoptedProcess::onReadable()
{
    if (m_finished)
        return;
    m_finished = true;
    m_notifier->setEnabled(false);
    // Still this process's child when the agent ran its program again in place (SIGUSR2, an
    // upgrade): then it must be reaped here, and its exit status is known after all. Anyone
    // else's child (the usual case) cannot be reaped: ECHILD, status unknown.
    ExitInfo exit;
    if (const std::optional<ExitStatus> status = reapProcess(m_pidfd)) {
        exit.exitCode = status->exitCode;
        exit.signal = status->signal;
    }
    Q_EMIT finished(exit);
}

} // namespace hsu::agent

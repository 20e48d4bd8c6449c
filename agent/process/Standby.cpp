#include "Standby.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstring>

#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

Q_DECLARE_LOGGING_CATEGORY(lcProcess)

namespace hsu::agent {

namespace {

QString g_helper;

// How long release() waits for the exec: the standby may still be joining its cgroups (a few
// milliseconds, see Standby.h); beyond this something is wrong, and the exit will tell.
constexpr int kExecWaitMs = 5000;
// How long letting go of a standby waits for its end.
constexpr int kKillWaitMs = 1000;

bool pidfdSignal(int pidfd, int sig)
{
    return ::syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0) == 0;
}

bool reapNow(int pidfd)
{
    siginfo_t info;
    std::memset(&info, 0, sizeof info);
    int rc;
    do {
        rc = ::waitid(idtype_t(P_PIDFD), id_t(pidfd), &info, WEXITED | WNOHANG);
    } while (rc < 0 && errno == EINTR);
    return rc < 0 || info.si_pid != 0; // an error: nothing left to reap
}

} // namespace

QString Standby::findHelper(const QString &agentDir)
{
    for (const QString &candidate : {agentDir + QStringLiteral("/hsu-standby"),
                                     agentDir + QStringLiteral("/../lib/hsu-master/hsu-standby")}) {
        const QFileInfo info(candidate);
        if (info.isFile() && info.isExecutable())
            return info.canonicalFilePath();
    }
    return QString();
}

void Standby::setHelperPath(const QString &path)
{
    g_helper = path;
}

const QString &Standby::helperPath()
{
    return g_helper;
}

std::unique_ptr<Standby> Standby::prepare(const LaunchSpec &spec, quint64 childNoFile, QString *error)
{
    if (g_helper.isEmpty()) {
        if (error)
            *error = QStringLiteral("no hsu-standby program");
        return nullptr;
    }
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
        if (error)
            *error = QStringLiteral("socketpair: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return nullptr;
    }
    LaunchSpec helper = spec;
    helper.program = g_helper;
    helper.passFd = pair[1];
    helper.limits.cgroupProcsFiles.clear(); // joined by the standby, off the agent's thread
    QStringList args{QStringLiteral("3"), QString::number(spec.limits.cgroupProcsFiles.size())};
    for (const QByteArray &f : spec.limits.cgroupProcsFiles)
        args << QFile::decodeName(f);
    args << spec.program << spec.program << spec.args;
    helper.args = args;
    const SpawnResult r = spawnProcess(helper, childNoFile);
    ::close(pair[1]);
    if (r.pid <= 0) {
        ::close(pair[0]);
        if (error)
            *error = r.error;
        return nullptr;
    }
    std::unique_ptr<Standby> s(new Standby);
    s->m_pid = r.pid;
    s->m_pidfd = r.pidfd;
    s->m_control = pair[0];
    qCDebug(lcProcess) << "standby" << s->m_pid << "for" << spec.program;
    return s;
}

Standby::~Standby()
{
    if (m_control >= 0)
        ::close(m_control); // end of file: a standby that can still run exits by itself
    if (m_pidfd < 0)
        return;
    pidfdSignal(m_pidfd, SIGKILL);
    // Gone before this returns, so that its cgroups are empty for whoever removes them next: the
    // SIGKILL waits for a cgroup join under way (milliseconds).
    struct pollfd p{m_pidfd, POLLIN, 0};
    while (::poll(&p, 1, kKillWaitMs) < 0 && errno == EINTR) {
    }
    if (reapNow(m_pidfd)) {
        ::close(m_pidfd);
        return;
    }
    // Not dead yet (a SIGKILL waits for a frozen cgroup's thaw): reaped once its pidfd says so.
    auto *notifier = new QSocketNotifier(qintptr(m_pidfd), QSocketNotifier::Read);
    const int pidfd = m_pidfd;
    QObject::connect(notifier, &QSocketNotifier::activated, notifier, [notifier, pidfd] {
        if (!reapNow(pidfd))
            return;
        notifier->setEnabled(false);
        ::close(pidfd);
        notifier->deleteLater();
    });
}

bool Standby::isWaiting() const
{
    if (m_pidfd < 0)
        return false;
    struct pollfd p{m_pidfd, POLLIN, 0};
    return ::poll(&p, 1, 0) == 0; // a pidfd is readable once its process has ended
}

SpawnResult Standby::release()
{
    SpawnResult result;
    const char go = 'g';
    ssize_t n;
    do {
        n = ::send(m_control, &go, 1, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n != 1) {
        result.error = QStringLiteral("standby: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return result;
    }
    // End of file: the exec closed its end. Four bytes: the exec's errno.
    int execErrno = 0;
    std::size_t got = 0;
    struct pollfd p{m_control, POLLIN, 0};
    while (got < sizeof execErrno) {
        const int ready = ::poll(&p, 1, kExecWaitMs);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            break; // slow beyond reason: taken as started; its exit will be seen as any exit
        n = ::recv(m_control, reinterpret_cast<char *>(&execErrno) + got, sizeof execErrno - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += std::size_t(n);
    }
    ::close(m_control);
    m_control = -1;
    if (got == sizeof execErrno) {
        // It exits with 127 right after writing: reap it, and report as a failed start does.
        siginfo_t info;
        std::memset(&info, 0, sizeof info);
        while (::waitid(idtype_t(P_PIDFD), id_t(m_pidfd), &info, WEXITED) < 0 && errno == EINTR) {
        }
        ::close(m_pidfd);
        m_pidfd = -1;
        result.error = QStringLiteral("execve: %1").arg(QString::fromLocal8Bit(std::strerror(execErrno)));
        return result;
    }
    result.pid = m_pid;
    result.pidfd = std::exchange(m_pidfd, -1);
    return result;
}

} // namespace hsu::agent

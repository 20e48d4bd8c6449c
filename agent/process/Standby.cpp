#include "Standby.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstring>

#include <poll.h>
#include <sys/eventfd.h>
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
    const int go = ::eventfd(0, EFD_CLOEXEC);
    if (go < 0) {
        if (error)
            *error = QStringLiteral("eventfd: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        ::close(pair[0]);
        ::close(pair[1]);
        return nullptr;
    }
    LaunchSpec helper = spec;
    helper.program = g_helper;
    helper.passFd = pair[1];
    helper.passFd2 = go;
    helper.limits.cgroupProcsFiles.clear(); // joined by the standby, off the agent's thread
    QStringList args{QStringLiteral("3"), QStringLiteral("4"), QString::number(spec.limits.cgroupProcsFiles.size())};
    for (const QByteArray &f : spec.limits.cgroupProcsFiles)
        args << QFile::decodeName(f);
    args << spec.program << spec.program << spec.args;
    helper.args = args;
    const SpawnResult r = spawnProcess(helper, childNoFile);
    ::close(pair[1]);
    if (r.pid <= 0) {
        ::close(pair[0]);
        ::close(go);
        if (error)
            *error = r.error;
        return nullptr;
    }
    std::unique_ptr<Standby> s(new Standby);
    s->m_pid = r.pid;
    s->m_pidfd = r.pidfd;
    s->m_control = pair[0];
    s->m_go = go;
    qCDebug(lcProcess) << "standby" << s->m_pid << "for" << spec.program;
    return s;
}

Standby::~Standby()
{
    if (m_go >= 0)
        ::close(m_go);
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

SpawnResult Standby::release(int *control)
{
    SpawnResult result;
    const quint64 one = 1;
    ssize_t n;
    do {
        n = ::write(m_go, &one, sizeof one);
    } while (n < 0 && errno == EINTR);
    ::close(std::exchange(m_go, -1));
    if (n != sizeof one) {
        result.error = QStringLiteral("standby: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return result;
    }
    *control = std::exchange(m_control, -1);
    result.pid = m_pid;
    result.pidfd = std::exchange(m_pidfd, -1);
    return result;
}

QString Standby::execFailure(int control)
{
    if (control < 0)
        return QString();
    // The standby writes its errno before it exits: by now it is there, or end of file is.
    int execErrno = 0;
    ssize_t n;
    do {
        n = ::recv(control, &execErrno, sizeof execErrno, MSG_DONTWAIT | MSG_WAITALL);
    } while (n < 0 && errno == EINTR);
    ::close(control);
    if (n != sizeof execErrno)
        return QString();
    return QStringLiteral("execve: %1").arg(QString::fromLocal8Bit(std::strerror(execErrno)));
}

} // namespace hsu::agent

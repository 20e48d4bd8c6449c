#include "ManagedProcess.h"

#include "ProcessGroup.h"
#include "Spawn.h"
#include "Standby.h"

#include <QLoggingCategory>
#include <QSocketNotifier>

#include <atomic>
#include <utility>

#include <unistd.h>

Q_LOGGING_CATEGORY(lcProcess, "hsu.agent.process")

namespace hsu::agent {

namespace {
std::atomic<quint64> g_childNoFile{0}; // 0: leave the inherited limit alone
} // namespace

void ManagedProcess::setChildOpenFileLimit(quint64 soft)
{
    g_childNoFile = soft;
}

quint64 ManagedProcess::childOpenFileLimit()
{
    return g_childNoFile;
}

QString ExitInfo::describe() const
{
    if (signal)
        return QStringLiteral("killed by signal %1 (SIG%2)").arg(*signal).arg(ProcessGroup::signalName(*signal));
    if (exitCode)
        return QStringLiteral("exit code %1").arg(*exitCode);
    return QStringLiteral("unknown exit");
}

ManagedProcess::ManagedProcess(QObject *parent)
    : ProcessHandle(parent)
{
}

ManagedProcess::~ManagedProcess()
{
    release();
}

void ManagedProcess::release()
{
    delete m_notifier;
    m_notifier = nullptr;
    if (m_pidfd >= 0)
        ::close(m_pidfd);
    m_pidfd = -1;
    if (m_standbyControl >= 0)
        ::close(m_standbyControl);
    m_standbyControl = -1;
}

void ManagedProcess::start(const LaunchSpec &spec, Standby *standby)
{
    release();
    m_finished = false;
    m_pid = 0;
    SpawnResult r;
    if (standby && standby->isWaiting())
        r = standby->release(&m_standbyControl);
    if (r.pid <= 0)
        r = spawnProcess(spec, g_childNoFile); // no standby, or it went away
    if (r.pid <= 0) {
        m_finished = true;
        Q_EMIT failedToStart(r.error); // the OS's reason: "execve: No such file or directory"
        return;
    }
    m_pid = r.pid;
    m_pidfd = r.pidfd;
    m_notifier = new QSocketNotifier(qintptr(m_pidfd), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &ManagedProcess::onPidfdReadable);
    qCDebug(lcProcess) << "started" << spec.program << "pid" << m_pid;
    Q_EMIT started(m_pid);
}

bool ManagedProcess::isRunning() const
{
    return !m_finished && m_pid > 0;
}

bool ManagedProcess::signalGroup(int sig)
{
    if (m_pid <= 0)
        return false;
    return ProcessGroup::signal(m_pid, sig);
}

void ManagedProcess::onPidfdReadable()
{
    const std::optional<ExitStatus> status = reapProcess(m_pidfd);
    if (!status)
        return; // not ended after all (or already reaped): keep watching
    delete m_notifier;
    m_notifier = nullptr;
    ::close(std::exchange(m_pidfd, -1));
    // Started from a standby, whose exec this did not wait for: did the exec fail?
    const QString execFailure = Standby::execFailure(std::exchange(m_standbyControl, -1));
    if (m_finished)
        return;
    m_finished = true;
    if (!execFailure.isEmpty()) {
        Q_EMIT failedToStart(execFailure);
        return;
    }
    ExitInfo info;
    info.exitCode = status->exitCode;
    info.signal = status->signal;
    Q_EMIT finished(info);
}

} // namespace hsu::agent

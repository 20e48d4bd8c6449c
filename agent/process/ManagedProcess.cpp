#include "ManagedProcess.h"

#include "ProcessGroup.h"
#include "Spawn.h"
#include "Standby.h"

#include <QLoggingCategory>

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
    // A process this agent did not start (AdoptedProcess): its parent got the status.
    return QStringLiteral("ended, exit status unknown (not this agent's child)");
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
    // Stops watching; the process runs on. A successor the watcher started and nobody took in
    // (the agent is going away) is let go of alike.
    if (m_watch)
        m_watch->disarm();
    m_watch.reset();
}

void ManagedProcess::start(const LaunchSpec &spec, Standby *standby)
{
    start(PreparedSpawn(spec), standby);
}

void ManagedProcess::start(const PreparedSpawn &spec, Standby *standby)
{
    SpawnResult r;
    int control = -1;
    if (standby && standby->isWaiting())
        r = standby->release(&control);
    if (r.pid <= 0)
        r = spawnPrepared(spec, g_childNoFile); // no standby, or it went away
    else
        qCDebug(lcProcess) << "released the standby for" << spec.spec().program << "pid" << r.pid;
    adopt(r, control);
}

void ManagedProcess::adopt(const SpawnResult &r, int control)
{
    release();
    m_finished = false;
    m_respawned.reset();
    m_pid = 0;
    if (r.pid <= 0) {
        m_finished = true;
        Q_EMIT failedToStart(r.error); // the OS's reason: "execve: No such file or directory"
        return;
    }
    m_pid = r.pid;
    // The watcher's report comes back on this thread; `this` is alive then: the watch, whose
    // reports are dropped once it is gone, goes with it (release()).
    m_watch = ExitWatcher::instance().watch(r.pid, r.pidfd, control, [this](const ExitReport &report) { onEnded(report); });
    qCDebug(lcProcess) << "started pid" << m_pid;
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

void ManagedProcess::arm(std::unique_ptr<Respawn> respawn)
{
    if (m_watch && !m_finished)
        m_watch->arm(std::move(respawn));
}

bool ManagedProcess::catchUp()
{
    if (!m_watch || m_finished)
        return false;
    std::optional<ExitReport> report = m_watch->disarm();
    if (!report)
        return false;
    onEnded(*report);
    return true;
}

void ManagedProcess::onEnded(const ExitReport &report)
{
    if (m_finished)
        return;
    m_finished = true;
    if (report.respawned)
        m_respawned = report;
    if (!report.execFailure.isEmpty()) {
        Q_EMIT failedToStart(report.execFailure);
        return;
    }
    ExitInfo info;
    info.exitCode = report.status.exitCode;
    info.signal = report.status.signal;
    Q_EMIT finished(info);
}

} // namespace hsu::agent

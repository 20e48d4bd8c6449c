// Worker, continued: the restarts the ExitWatcher makes on its own thread (agent/process/
// ExitWatcher.h): arming a process's watch with what the worker's policy would do, taking in a
// restart it made, and ending one the worker's own decision does not want.

#include "Worker.h"

#include "agent/process/ExitWatcher.h"
#include "agent/process/ManagedProcess.h"
#include "agent/process/ProcessGroup.h"
#include "agent/process/Standby.h"

#include <QLoggingCategory>

#include <csignal>

#include <sys/wait.h>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcWorker)

namespace hsu::agent {

using model::WorkerState;

void Worker::launchRespawned(const ExitReport &respawn)
{
    m_status.nextRestartMs = -1;
    setState(WorkerState::Starting);
    dropProcess();
    if (respawn.standbyUsed && m_standby) {
        m_standby.reset(); // released by the watcher: now the new process (or gone)
        Q_EMIT standbyChanged();
    }
    newProcess()->adopt(respawn.next, respawn.nextControl);
}

const std::shared_ptr<const PreparedSpawn> &Worker::prepared()
{
    if (!m_prepared)
        m_prepared = std::make_shared<const PreparedSpawn>(m_launch);
    return m_prepared;
}

ManagedProcess *Worker::newProcess()
{
    auto *process = new ManagedProcess(this);
    m_process = process;
    m_processGone = false;
    connect(process, &ProcessHandle::started, this, &Worker::onStarted);
    connect(process, &ProcessHandle::failedToStart, this, &Worker::onFailedToStart);
    connect(process, &ProcessHandle::finished, this, &Worker::onFinished);
    return process;
}

void Worker::armRespawn()
{
    if (!m_process || m_processGone || m_status.state != WorkerState::Running)
        return;
    const int attempt = m_attempts[int(RestartCause::Exit)];
    const auto atOnce = [this](bool clean, int attempts) { return RestartPolicy::restartsAtOnce(m_spec, clean, attempts); };
    auto r = std::make_unique<Respawn>();
    r->afterClean[0] = atOnce(true, attempt);
    r->afterClean[1] = atOnce(true, 0);
    r->afterUnclean[0] = atOnce(false, attempt);
    r->afterUnclean[1] = atOnce(false, 0);
    // An explainer must be asked first (a kernel OOM kill ends in `failed`): the worker decides.
    if (m_exitExplainer || !(r->afterClean[0] || r->afterClean[1] || r->afterUnclean[0] || r->afterUnclean[1])) {
        m_process->arm(nullptr);
        return;
    }
    r->graceMs = m_spec.restart.startupGracePeriod.count();
    r->upTime = m_upTime;
    r->launch = prepared();
    r->childNoFile = ManagedProcess::childOpenFileLimit();
    r->tree = m_tree;
    r->standby = m_standby.get();
    r->standbyPid = standbyPid();
    m_process->arm(std::move(r));
}

void Worker::catchUp()
{
    // Each round takes in one restart the watcher made; the process that runs then is disarmed.
    while (m_process && !m_processGone && m_process->catchUp()) {
    }
}

void Worker::discardRespawn(const ExitReport &respawn)
{
    // The watcher decided with what the worker told it when it armed; an answer that differs now
    // is a bug, but must not leave a process behind.
    qCWarning(lcWorker) << "worker" << id() << "ends a process the exit watcher started against its decision, pid"
                        << respawn.next.pid;
    if (respawn.standbyUsed && m_standby) {
        m_standby.reset();
        Q_EMIT standbyChanged();
    }
    if (respawn.next.pid <= 0)
        return;
    ProcessGroup::signal(respawn.next.pid, SIGKILL);
    siginfo_t info;
    while (::waitid(idtype_t(P_PIDFD), id_t(respawn.next.pidfd), &info, WEXITED) < 0 && errno == EINTR) {
    }
    ::close(respawn.next.pidfd);
    if (respawn.nextControl >= 0)
        ::close(respawn.nextControl);
}

} // namespace hsu::agent

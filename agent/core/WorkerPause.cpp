// Worker, continued: pausing and resuming the whole process tree.

#include "Worker.h"

#include <csignal>

namespace hsu::agent {

using model::Operation;
using model::WorkerState;

ControlResult Worker::pause()
{
    if (isUnmanaged())
        return unmanagedRefusal(QStringLiteral("paused"), QStringLiteral("allowed_signals (SIGSTOP)"));
    catchUp();
    if (auto err = model::operationError(Operation::Pause, m_status.state, id()))
        return ControlResult::failure(QStringLiteral("invalid_state"), *err);
    if (!m_process || m_processGone)
        return ControlResult::failure(QStringLiteral("invalid_state"), QStringLiteral("worker \"%1\" has no process").arg(id()));
    // The freezer stops every process of the tree at once, and a frozen process cannot even see a
    // signal; without it, SIGSTOP to the group (a setsid() descendant keeps running then).
    if (m_tree && m_tree->canFreeze()) {
        if (!m_tree->setFrozen(true))
            return ControlResult::failure(QStringLiteral("failed"), QStringLiteral("cannot freeze worker \"%1\"").arg(id()));
        setState(WorkerState::Paused, QStringLiteral("paused by request (cgroup freezer)"));
    } else {
        m_process->signalGroup(SIGSTOP);
        setState(WorkerState::Paused, QStringLiteral("paused by request (SIGSTOP to its process group)"));
    }
    return result();
}

ControlResult Worker::resume()
{
    if (isUnmanaged())
        return unmanagedRefusal(QStringLiteral("resumed"), QStringLiteral("allowed_signals (SIGCONT)"));
    if (auto err = model::operationError(Operation::Resume, m_status.state, id()))
        return ControlResult::failure(QStringLiteral("invalid_state"), *err);
    if (m_tree && m_tree->canFreeze())
        m_tree->setFrozen(false);
    if (m_process && !m_processGone)
        m_process->signalGroup(SIGCONT);
    setState(WorkerState::Running, QStringLiteral("resumed by request"));
    armRespawn();
    return result();
}

} // namespace hsu::agent

// Worker, continued: taking back a process an earlier agent started (agent/Adoption.h).

#include "Worker.h"

#include "agent/process/AdoptedProcess.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcWorker)

namespace hsu::agent {

using model::WorkerState;

void Worker::adopt(qint64 pid, int pidfd, const QDateTime &startedAt, int restarts, const QString &reason)
{
    dropProcess();
    // A managed worker's process leads its own group (setsid before exec): its pid is the group's.
    auto *process = new AdoptedProcess(pid, pidfd, pid, this);
    m_process = process;
    m_processGone = false;
    connect(process, &ProcessHandle::finished, this, &Worker::onFinished);
    m_status.pid = pid;
    m_status.adopted = true;
    m_status.restarts = restarts;
    m_status.startedAt = startedAt.isValid() ? startedAt : QDateTime::currentDateTimeUtc();
    // Its startup grace counts from now: how long it ran before is known, but not how it fared.
    m_upTime.start();
    qCDebug(lcWorker).noquote() << id() << reason; // the adoption's summary is the info line
    setState(WorkerState::Running, reason);
}

} // namespace hsu::agent

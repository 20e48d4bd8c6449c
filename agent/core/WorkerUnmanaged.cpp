// Worker, continued: unmanaged workers, processes the agent did not start (Worker::attach).

#include "Worker.h"

#include "agent/process/AdoptedProcess.h"
#include "agent/process/ProcessGroup.h"
#include "shared/config/Names.h"

#include <QLoggingCategory>
#include <QTimer>

#include <csignal>

#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcWorker)

namespace hsu::agent {

using model::WorkerState;

namespace {
QString every(const config::WorkerSpec &spec)
{
    const qint64 ms = qint64(spec.discovery.checkInterval.count());
    return ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000) : QStringLiteral("%1 ms").arg(ms);
}
} // namespace

void Worker::takeControl()
{
    if (!isUnmanaged())
        return;
    const config::UnmanagedControl &c = m_spec.unmanagedControl;
    m_status.canTerminate = c.canTerminate;
    m_status.canRestart = c.canRestart;
    m_status.allowedSignals = c.allowedSignals;
}

ControlResult Worker::unmanagedRefusal(const QString &what, const QString &key) const
{
    const QString why = key.isEmpty()
        ? QStringLiteral("worker \"%1\" is unmanaged: the agent does not start it, it finds it (discovery: %2)")
              .arg(id(), m_spec.discovery.method)
        : QStringLiteral("worker \"%1\" is unmanaged and may not be %2 (control: %3)").arg(id(), what, key);
    return ControlResult::failure(QStringLiteral("refused"), why);
}

void Worker::attach(qint64 pid, int pidfd, const QDateTime &startedAt, const QString &how)
{
    dropProcess();
    // Signals go to its group only if it leads one (a daemon usually does); else to it alone.
    const qint64 group = ::getpgid(pid_t(pid)) == pid ? pid : 0;
    auto *process = new AdoptedProcess(pid, pidfd, group, this);
    m_process = process;
    m_processGone = false;
    connect(process, &ProcessHandle::finished, this, &Worker::onFinished);
    m_status.pid = pid;
    m_status.adopted = false;
    m_status.startedAt = startedAt.isValid() ? startedAt : QDateTime::currentDateTimeUtc();
    m_upTime.start();
    const QString reason = QStringLiteral("found by %1 (pid %2)").arg(how).arg(pid);
    qCInfo(lcWorker).noquote() << id() << reason;
    // Through `starting`, as any new process of a worker: the table has no shortcut from an end.
    setState(WorkerState::Starting, reason);
    setState(WorkerState::Running, reason);
}

void Worker::setSearchResult(const QString &reason)
{
    if (m_status.pid > 0 || m_status.reason == reason)
        return;
    m_status.reason = reason;
    m_statusJson = QJsonObject();
    m_statusBytes.clear();
    Q_EMIT statusChanged(m_status);
}

ControlResult Worker::stopUnmanaged(const QString &reason)
{
    if (!m_spec.unmanagedControl.canTerminate)
        return unmanagedRefusal(QStringLiteral("stopped"), QStringLiteral("can_terminate is false"));
    if (!m_process || m_processGone || m_status.state == WorkerState::Stopping)
        return ControlResult::failure(QStringLiteral("invalid_state"),
                                      QStringLiteral("worker \"%1\" has no process to stop").arg(id()));
    setState(WorkerState::Stopping, reason);
    ProcessHandle *p = m_process;
    p->signalGroup(SIGTERM);
    // Parented to the process handle: gone with it when the process ends first.
    QTimer::singleShot(m_spec.unmanagedControl.gracefulTimeout, p, [p] { p->signalGroup(SIGKILL); });
    return result();
}

ControlResult Worker::restartUnmanaged()
{
    const config::UnmanagedControl &c = m_spec.unmanagedControl;
    if (!c.canRestart)
        return unmanagedRefusal(QStringLiteral("restarted"), QStringLiteral("can_restart is false"));
    const QString unit = !c.serviceName.isEmpty() ? c.serviceName : m_spec.discovery.serviceName;
    if (c.serviceManager == u"systemd" && !unit.isEmpty()) {
        QString error;
        if (!m_serviceRestarter || !m_serviceRestarter(unit, &error))
            return ControlResult::failure(QStringLiteral("failed"), error.isEmpty() ? QStringLiteral("no service manager here") : error);
        ++m_status.restarts;
        ++m_restartsByCause[kUserRestart];
        setSearchResult(m_status.reason);
        return result(); // its end and the new process are seen as they come
    }
    // No service manager to ask: ended, and found again once whoever runs it starts it again.
    if (!m_process || m_processGone)
        return ControlResult::failure(QStringLiteral("invalid_state"),
                                      QStringLiteral("worker \"%1\" has no process to restart").arg(id()));
    ++m_status.restarts;
    ++m_restartsByCause[kUserRestart];
    setState(WorkerState::Stopping, QStringLiteral("restart requested: stopping it, then waiting for it to be started again"));
    ProcessHandle *p = m_process;
    p->signalGroup(SIGTERM);
    QTimer::singleShot(c.gracefulTimeout, p, [p] { p->signalGroup(SIGKILL); });
    return result();
}

ControlResult Worker::sendSignal(int sig)
{
    if (!m_process || m_processGone)
        return ControlResult::failure(QStringLiteral("invalid_state"), QStringLiteral("worker \"%1\" has no process").arg(id()));
    const QString name = QStringLiteral("SIG") + ProcessGroup::signalName(sig);
    if (isUnmanaged() && !m_spec.unmanagedControl.allowedSignals.contains(name))
        return ControlResult::failure(
            QStringLiteral("refused"),
            QStringLiteral("worker \"%1\" is unmanaged and may not be sent %2 (control: allowed_signals is [%3])")
                .arg(id(), name, m_spec.unmanagedControl.allowedSignals.join(QStringLiteral(", "))));
    if (!m_process->signalGroup(sig))
        return ControlResult::failure(QStringLiteral("failed"), QStringLiteral("cannot send %1 to worker \"%2\"").arg(name, id()));
    qCInfo(lcWorker).noquote() << id() << "sent" << name;
    return result();
}

void Worker::unmanagedEnded()
{
    const qint64 pid = m_status.pid;
    m_processGone = true;
    m_status.pid = 0;
    m_status.startedAt = QDateTime();
    m_status.exitCode.reset();
    m_status.exitSignal.reset();
    dropProcess();
    const QString again = QStringLiteral("searched for again every %1").arg(every(m_spec));
    if (m_status.state == WorkerState::Stopping)
        setState(WorkerState::Stopped, QStringLiteral("stopped by request; %1").arg(again));
    else
        setState(WorkerState::Exited, QStringLiteral("process %1 ended (not the agent's child: its exit status is not known); %2")
                                          .arg(pid)
                                          .arg(again));
    Q_EMIT settled();
}

void Worker::releaseUnmanaged()
{
    if (!m_process || m_processGone) {
        Q_EMIT settled();
        return;
    }
    m_processGone = true;
    m_status.pid = 0;
    dropProcess();
    const QString why = QStringLiteral("no longer watched: the agent is shutting down (the process runs on)");
    setState(WorkerState::Stopping, why);
    setState(WorkerState::Stopped, why);
    Q_EMIT settled();
}

} // namespace hsu::agent

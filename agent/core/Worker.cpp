#include "Worker.h"

#include "shared/config/Names.h"

#include "RestartPolicy.h"
#include "agent/process/ExitWatcher.h"
#include "agent/process/GroupStopper.h"
#include "shared/config/RestartMath.h"
#include "agent/process/ManagedProcess.h"
#include "agent/process/ProcessGroup.h"
#include "agent/process/Standby.h"

#include <QTimer>

#include <QJsonDocument>
#include <QLoggingCategory>

#include <csignal>
#include <utility>

#include <sys/wait.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcWorker, "hsu.agent.core")

namespace hsu::agent {

using model::Operation;
using model::WorkerState;

namespace {
QString formatDelay(std::chrono::milliseconds d)
{
    if (d.count() == 0)
        return QStringLiteral("at once");
    if (d.count() < 1000)
        return QStringLiteral("in %1 ms").arg(d.count());
    return QStringLiteral("in %1 s").arg(double(d.count()) / 1000.0, 0, 'g', 3);
}
} // namespace

Worker::Worker(config::WorkerSpec spec, LaunchSpec launchSpec, QObject *parent)
    : QObject(parent)
    , m_spec(std::move(spec))
    , m_launch(std::move(launchSpec))
{
    m_status.id = m_spec.id;
    m_status.name = m_spec.name.isEmpty() ? m_spec.id : m_spec.name;
    m_status.type = config::enumName(m_spec.type);
    takeControl();
    m_status.since = QDateTime::currentDateTimeUtc(); // UTC: no time-zone lookup per change (shown as local time)
    m_backoff.setSingleShot(true);
    // A coarse timer may fire 5 % early; a restart delay is a promise to the user.
    m_backoff.setTimerType(Qt::PreciseTimer);
    connect(&m_backoff, &QTimer::timeout, this, [this] { launch(); });
}

Worker::~Worker()
{
    // The exit watcher must not release the standby (a member, gone before the process handle,
    // a child object) once this is under way.
    if (m_process && !m_processGone)
        m_process->arm(nullptr);
}

ControlResult Worker::result()
{
    return ControlResult{QString(), QString(), m_status};
}

ControlResult Worker::start()
{
    if (isUnmanaged())
        return unmanagedRefusal(QStringLiteral("started"), QString());
    if (auto err = model::operationError(Operation::Start, m_status.state, id()))
        return ControlResult::failure(QStringLiteral("invalid_state"), *err);
    m_backoff.stop();
    resetAttempts(); // a user's start gives the worker its attempts back
    launch();
    return result();
}

void Worker::setOutputFds(int stdoutFd, int stderrFd, const QString &stdoutPath, const QString &stderrPath)
{
    catchUp();
    m_launch.stdoutFd = stdoutFd;
    m_launch.stderrFd = stderrFd;
    m_launch.stdoutPath = QFile::encodeName(stdoutPath);
    m_launch.stderrPath = QFile::encodeName(stderrPath);
    m_prepared.reset();
    dropStandby();
    armRespawn();
}

void Worker::setChildLimits(const LaunchSpec::ChildLimits &limits)
{
    catchUp();
    m_launch.limits = limits;
    m_prepared.reset();
    dropStandby();
    armRespawn();
}

void Worker::applyLive(config::WorkerSpec spec)
{
    catchUp();
    m_spec = std::move(spec);
    m_status.name = m_spec.name.isEmpty() ? m_spec.id : m_spec.name;
    takeControl();
    m_statusJson = QJsonObject();
    m_statusBytes.clear();
    armRespawn(); // its restart policy or retries may be others now
    Q_EMIT statusChanged(m_status);
}

void Worker::setUseStandby(bool use)
{
    m_useStandby = use;
    if (!use)
        dropStandby();
}

ControlResult Worker::stop()
{
    if (isUnmanaged())
        return stopUnmanaged(QStringLiteral("stop requested"));
    catchUp();
    if (auto err = model::operationError(Operation::Stop, m_status.state, id()))
        return ControlResult::failure(QStringLiteral("invalid_state"), *err);
    switch (m_status.state) {
    case WorkerState::Backoff:
        m_backoff.stop();
        m_status.nextRestartMs = -1;
        setState(WorkerState::Stopped, QStringLiteral("stopped by request while waiting to restart"));
        Q_EMIT settled();
        break;
    case WorkerState::Restarting:
        // The old process is already being stopped; just don't start a new one.
        m_afterStop = AfterStop::Nothing;
        setState(WorkerState::Stopping, QStringLiteral("stop requested"));
        break;
    default:
        beginStop(AfterStop::Nothing);
        break;
    }
    return result();
}

ControlResult Worker::restart()
{
    if (isUnmanaged())
        return restartUnmanaged();
    catchUp();
    if (auto err = model::operationError(Operation::Restart, m_status.state, id()))
        return ControlResult::failure(QStringLiteral("invalid_state"), *err);
    ++m_status.restarts;
    ++m_restartsByCause[kUserRestart];
    switch (m_status.state) {
    case WorkerState::Running:
    case WorkerState::Paused:
        beginStop(AfterStop::Start);
        break;
    default: // backoff, or no process: start now
        m_backoff.stop();
        resetAttempts();
        launch();
        break;
    }
    return result();
}

void Worker::stopForShutdown()
{
    if (isUnmanaged()) {
        releaseUnmanaged(); // not the agent's to stop: it runs on, unwatched
        return;
    }
    catchUp();
    if (m_status.state == WorkerState::Stopping)
        return;
    if (model::isAllowed(Operation::Stop, m_status.state))
        stop();
}

void Worker::kill()
{
    if (isUnmanaged())
        return;
    catchUp();
    if (m_process && !m_processGone)
        m_process->signalGroup(SIGKILL);
    if (m_tree)
        m_tree->killAll();
}

void Worker::restartForViolation(const QString &reason)
{
    restartFor(RestartCause::ResourceViolation, reason);
}

void Worker::restartFor(RestartCause cause, const QString &reason)
{
    if (isUnmanaged()) {
        // A failed health check: restarted only where its control allows; else its verdict says it.
        if (m_spec.unmanagedControl.canRestart && m_status.state == WorkerState::Running)
            restartUnmanaged();
        Q_UNUSED(cause);
        Q_UNUSED(reason);
        return;
    }
    catchUp();
    if (m_status.state != WorkerState::Running && m_status.state != WorkerState::Paused)
        return;
    const RestartDecision d = RestartPolicy::decide(m_spec, RestartRequest{cause, ExitInfo(), reason, m_attempts[int(cause)]});
    if (d.action != RestartDecision::Action::Restart) {
        shutdownForViolation(d.reason, false);
        return;
    }
    countRestart(cause);
    m_stopReason = d.reason;
    m_pendingRestartDelay = d.delay;
    beginStop(AfterStop::Start);
}

void Worker::countRestart(RestartCause cause)
{
    ++m_attempts[int(cause)];
    ++m_restartsByCause[size_t(cause)];
    m_status.attempt = m_attempts[int(cause)];
    ++m_status.restarts;
}

void Worker::resetAttempts()
{
    m_attempts.fill(0);
    m_status.attempt = 0;
}

void Worker::shutdownForViolation(const QString &reason, bool kill)
{
    if (isUnmanaged())
        return; // no limits are set on a process the agent did not start
    catchUp();
    if (m_status.state != WorkerState::Running && m_status.state != WorkerState::Paused)
        return;
    m_stopReason = reason;
    beginStop(AfterStop::Nothing);
    if (kill) {
        m_process->signalGroup(SIGKILL);
        if (m_tree)
            m_tree->killAll();
    }
}

const QJsonObject &Worker::statusJson() const
{
    if (m_statusJson.isEmpty())
        m_statusJson = m_status.toJson();
    return m_statusJson;
}

const QByteArray &Worker::statusJsonBytes() const
{
    if (m_statusBytes.isEmpty())
        m_statusBytes = QJsonDocument(statusJson()).toJson(QJsonDocument::Compact);
    return m_statusBytes;
}

bool Worker::isSettled() const
{
    return m_processGone && !m_stopper && m_cleanups.isEmpty() && m_cleanupsDue == 0
        && !model::isActive(m_status.state);
}

void Worker::launch()
{
    m_status.nextRestartMs = -1;
    setState(WorkerState::Starting);
    dropProcess();
    ManagedProcess *process = newProcess();
    // The standby becomes this process (or, gone meanwhile, is replaced by a spawn).
    const std::unique_ptr<Standby> standby = std::move(m_standby);
    process->start(*prepared(), standby.get());
    if (standby)
        Q_EMIT standbyChanged();
}

qint64 Worker::standbyPid() const
{
    return m_standby ? m_standby->pid() : 0;
}

QList<qint64> Worker::treePids() const
{
    QList<qint64> pids = m_tree ? m_tree->pids() : QList<qint64>();
    if (m_standby)
        pids.removeOne(m_standby->pid());
    return pids;
}

void Worker::prepareStandby()
{
    // A restart is what it is for: only for a worker that restarts, only while it runs.
    if (!m_useStandby || m_standby || m_status.restarts == 0 || m_status.state != WorkerState::Running
        || m_spec.restartPolicy == config::RestartPolicy::Never)
        return;
    QString error;
    m_standby = Standby::prepare(m_launch, ManagedProcess::childOpenFileLimit(), &error);
    if (!m_standby) {
        qCWarning(lcWorker).noquote() << id() << "no standby for its restarts:" << error;
        m_useStandby = false; // the same would happen next time; its restarts join as they start
        return;
    }
    armRespawn(); // with the standby (an arming that fired already is not replaced)
    Q_EMIT standbyChanged();
}

void Worker::dropStandby()
{
    if (!m_standby)
        return;
    // The watcher may be about to release it: not any more (a restart it made is delivered still).
    if (m_process && !m_processGone)
        m_process->arm(nullptr);
    m_standby.reset();
    Q_EMIT standbyChanged();
}

void Worker::dropProcess()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->deleteLater();
        m_process = nullptr;
    }
}

void Worker::onStarted(qint64 pid)
{
    m_status.pid = pid;
    m_status.adopted = false;
    m_status.startedAt = QDateTime::currentDateTimeUtc();
    m_upTime.start();
    setState(WorkerState::Running);
    armRespawn();
    // After what is waiting now (this restart's events): the standby is for the next one.
    if (m_useStandby && !m_standby)
        QTimer::singleShot(0, this, &Worker::prepareStandby);
}

void Worker::onFailedToStart(const QString &reason)
{
    m_processGone = true;
    m_status.pid = 0;
    dropProcess();
    // A program that cannot be executed will not become executable by retrying: fail now, with
    // the OS's reason, and leave the agent and the other workers alone.
    setState(WorkerState::Failed, QStringLiteral("cannot start %1: %2").arg(m_launch.program, reason));
    Q_EMIT settled();
}

void Worker::onFinished(const ExitInfo &exit)
{
    if (isUnmanaged()) {
        unmanagedEnded();
        return;
    }
    const qint64 pgid = m_process ? m_process->processGroup() : 0;
    // The ExitWatcher may have started the next process already (armRespawn).
    std::optional<ExitReport> respawn = m_process ? m_process->takeRespawn() : std::nullopt;
    m_processGone = true;
    // Before anything can restart the worker: its last partial line must not merge with the
    // next process's first one.
    Q_EMIT processEnded(m_spec.id);
    m_status.exitCode = exit.exitCode;
    m_status.exitSignal = exit.signal;
    m_status.pid = 0;
    m_status.startedAt = QDateTime();
    m_statusJson = QJsonObject(); // a stop may still be waiting: no setState() right now
    m_statusBytes.clear();

    if (m_status.state == WorkerState::Stopping || m_status.state == WorkerState::Restarting) {
        if (respawn) // cannot happen: a stop catches up first (catchUp); never leave one behind
            discardRespawn(*respawn);
        if (m_stopper)
            m_stopper->leaderGone();
        maybeFinishStop();
        return;
    }

    // The process ended on its own. Whatever it left goes too: no orphans. What is in its cgroup
    // now is what it left (nothing new has started yet); it and the group are dealt with after
    // any restart below, which does not wait for that.
    const QList<qint64> leftInTree = respawn ? respawn->leftInTree : treePids();
    ++m_cleanupsDue;
    QMetaObject::invokeMethod(this, [this, pgid, leftInTree] {
        --m_cleanupsDue;
        cleanUpAfter(pgid, leftInTree);
    }, Qt::QueuedConnection);
    dropProcess();

    if (m_exitExplainer) {
        if (const QString why = m_exitExplainer(); !why.isEmpty()) {
            if (respawn)
                discardRespawn(*respawn);
            setState(WorkerState::Failed, why);
            if (isSettled())
                Q_EMIT settled();
            return;
        }
    }

    // Staying up for the startup grace period earns the attempts back.
    if (m_upTime.isValid() && m_upTime.elapsed() >= m_spec.restart.startupGracePeriod.count())
        resetAttempts();

    const RestartDecision d = RestartPolicy::decide(m_spec, exit, m_attempts[int(RestartCause::Exit)]);
    switch (d.action) {
    case RestartDecision::Action::Restart: {
        countRestart(RestartCause::Exit);
        m_status.nextRestartMs = d.delay.count();
        setState(WorkerState::Backoff, QStringLiteral("%1; restart %2 %3")
                                           .arg(d.reason).arg(m_status.attempt).arg(formatDelay(d.delay)));
        if (respawn && d.delay.count() == 0)
            launchRespawned(*respawn);
        else if (d.delay.count() == 0)
            launch();
        else
            m_backoff.start(d.delay);
        if (respawn && d.delay.count() != 0)
            discardRespawn(*respawn);
        break;
    }
    case RestartDecision::Action::Exited:
        if (respawn)
            discardRespawn(*respawn);
        setState(WorkerState::Exited, d.reason);
        break;
    case RestartDecision::Action::Failed:
        if (respawn)
            discardRespawn(*respawn);
        setState(WorkerState::Failed, d.reason);
        break;
    }
    if (isSettled())
        Q_EMIT settled();
}

void Worker::cleanUpAfter(qint64 pgid, const QList<qint64> &leftInTree)
{
    if ((pgid <= 1 || ProcessGroup::isEmpty(pgid)) && leftInTree.isEmpty()) {
        if (isSettled())
            Q_EMIT settled();
        return;
    }
    qCInfo(lcWorker) << "worker" << id() << "left processes behind (group" << pgid << ", cgroup" << leftInTree
                     << "); ending them";
    auto *cleanup = new GroupStopper(pgid > 1 ? pgid : 0, m_spec.gracefulTimeout, this);
    if (!leftInTree.isEmpty())
        cleanup->setOutsiders([leftInTree] {
            QList<qint64> alive;
            for (qint64 pid : leftInTree)
                if (ProcessGroup::isAlive(pid))
                    alive << pid;
            return alive;
        });
    m_cleanups.append(cleanup);
    connect(cleanup, &GroupStopper::done, this, [this, cleanup] {
        m_cleanups.removeOne(cleanup);
        cleanup->deleteLater();
        if (isSettled())
            Q_EMIT settled();
    });
    cleanup->begin(/*leaderAlreadyGone=*/true);
}

void Worker::beginStop(AfterStop after)
{
    m_afterStop = after;
    setState(after == AfterStop::Start ? WorkerState::Restarting : WorkerState::Stopping,
             after == AfterStop::Start ? QStringLiteral("restart requested") : QStringLiteral("stop requested"));
    if (!m_process || m_processGone) {
        maybeFinishStop();
        return;
    }
    const qint64 pgid = m_process->processGroup();
    // A stopped (paused) process cannot act on SIGTERM until it runs again.
    m_process->signalGroup(SIGCONT);
    if (m_tree)
        m_tree->setFrozen(false); // a frozen process would never see the signals
    m_stopper = new GroupStopper(pgid, m_spec.gracefulTimeout, this);
    if (m_tree) {
        ProcessTree *tree = m_tree.get();
        m_stopper->setOutsiders([this] { return treePids(); }, [tree] { tree->killAll(); });
    }
    connect(m_stopper, &GroupStopper::done, this, &Worker::maybeFinishStop);
    m_stopper->begin();
}

void Worker::maybeFinishStop()
{
    // Called by both the process's exit and the stopper: only the second of them completes it.
    if (m_status.state != WorkerState::Stopping && m_status.state != WorkerState::Restarting)
        return;
    if (!m_processGone || (m_stopper && !m_stopper->isDone()))
        return;
    const bool killed = m_stopper && m_stopper->killed();
    if (m_stopper) {
        m_stopper->deleteLater();
        m_stopper = nullptr;
    }
    dropProcess();
    const QString violation = std::exchange(m_stopReason, QString());
    if (m_afterStop == AfterStop::Start) {
        m_afterStop = AfterStop::Nothing;
        const auto delay = std::exchange(m_pendingRestartDelay, std::chrono::milliseconds(0));
        if (!violation.isEmpty() && delay.count() > 0) {
            m_status.nextRestartMs = delay.count();
            setState(WorkerState::Backoff, QStringLiteral("%1; restart %2 %3")
                                               .arg(violation).arg(m_status.attempt).arg(formatDelay(delay)));
            m_backoff.start(delay);
            return;
        }
        if (violation.isEmpty())
            resetAttempts(); // a user's restart: a fresh start
        launch();
        return;
    }
    if (!violation.isEmpty()) {
        setState(WorkerState::Failed, violation);
        if (isSettled())
            Q_EMIT settled();
        return;
    }
    setState(WorkerState::Stopped, killed ? QStringLiteral("stopped (killed after graceful_timeout)")
                                          : QStringLiteral("stopped by request"));
    if (isSettled())
        Q_EMIT settled();
}

void Worker::setState(WorkerState state, const QString &reason)
{
    const WorkerState from = m_status.state;
    if (from != state && !model::canTransition(from, state)) {
        qCCritical(lcWorker) << "worker" << id() << "moves" << model::toString(from) << "->"
                             << model::toString(state) << "outside the transition table";
        // Under test (CTest sets it): a bug that must fail the test that found it.
        static const bool strict = qEnvironmentVariableIsSet("HSU_STRICT_TRANSITIONS");
        if (strict)
            qFatal("worker state change outside the transition table");
    }
    m_statusJson = QJsonObject();
    m_statusBytes.clear();
    m_status.state = state;
    m_status.reason = reason;
    if (state == WorkerState::Stopped || state == WorkerState::Failed || state == WorkerState::Exited)
        dropStandby(); // nothing to restart
    m_status.since = QDateTime::currentDateTimeUtc(); // UTC: no time-zone lookup per change (shown as local time)
    if (m_history.size() == kHistorySize)
        m_history.removeFirst();
    m_history.append({m_status.since, from, state, reason});
    // What a person watching the agent's log wants to see: why a worker stopped running.
    switch (state) {
    case WorkerState::Backoff:
        // Written after the restart that follows has been made: formatting and writing a log line
        // was a sixth of the agent's part of a restart.
        QMetaObject::invokeMethod(this, [line = QStringLiteral("%1 %2 -> backoff %3").arg(id(), model::toString(from), reason)] {
            qCInfo(lcWorker).noquote() << line;
        }, Qt::QueuedConnection);
        break;
    case WorkerState::Failed:
    case WorkerState::Exited:
    case WorkerState::Stopped:
        qCInfo(lcWorker).noquote() << id() << model::toString(from) << "->" << model::toString(state) << reason;
        break;
    default:
        qCDebug(lcWorker).noquote() << id() << model::toString(from) << "->" << model::toString(state) << reason;
        break;
    }
    Q_EMIT statusChanged(m_status);
}

} // namespace hsu::agent

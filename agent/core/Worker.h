#pragma once

#include "RestartPolicy.h"
#include "WorkerControl.h"
#include "agent/process/LaunchSpec.h"
#include "agent/process/ProcessTree.h"
#include "agent/process/ProcessHandle.h"
#include "shared/config/WorkerSpec.h"
#include "shared/model/WorkerStatus.h"

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <array>
#include <functional>
#include <memory>


namespace hsu::agent {

class GroupStopper;
class ManagedProcess;
class PreparedSpawn;
class Standby;

// One worker: its state machine (shared/model), its current process, and what happens when that
// process ends (RestartPolicy). Every change goes out as statusChanged().
class Worker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Worker)
public:
    Worker(config::WorkerSpec spec, LaunchSpec launchSpec, QObject *parent = nullptr);
    ~Worker() override;

    const QString &id() const { return m_spec.id; }
    const config::WorkerSpec &spec() const { return m_spec; }
    const model::WorkerStatus &status() const { return m_status; }
    model::WorkerState state() const { return m_status.state; }
    // status().toJson(), built once per change (every change of m_status ends in setState()).
    const QJsonObject &statusJson() const;
    // The same, encoded as compact JSON (cached alike).
    const QByteArray &statusJsonBytes() const;

    ControlResult start();
    // Takes back a process an earlier agent started for this worker (agent/Adoption): `pidfd`
    // (taken over) names it, `startedAt` is when it started, `restarts` the earlier agent's
    // counter. The worker is `running` with it, its exit seen through the pidfd (AdoptedProcess:
    // its exit status is not known); no restart happens until it ends.
    void adopt(qint64 pid, int pidfd, const QDateTime &startedAt, int restarts, const QString &reason);
    // Unmanaged workers (CONFIG.md `unmanaged`; agent/UnmanagedWatch finds their process): the
    // process found, its pidfd taken over; `running` with "found by <how>". Its end makes the
    // worker `exited` (`stopped` after a stop), and the watch searches again. The agent never
    // starts it, stops it only where control.can_terminate allows (SIGTERM, graceful_timeout,
    // SIGKILL, through the pidfd), restarts it only where can_restart does (its service manager,
    // else a stop and whoever runs it starting it again), signals it only with allowed_signals,
    // and leaves it running when the agent shuts down.
    void attach(qint64 pid, int pidfd, const QDateTime &startedAt, const QString &how);
    bool isUnmanaged() const { return m_spec.type == config::WorkerType::Unmanaged; }
    // How an unmanaged worker's restart asks its service manager (control.service_manager).
    void setServiceRestarter(std::function<bool(const QString &unit, QString *error)> restarter)
    {
        m_serviceRestarter = std::move(restarter);
    }
    // An unmanaged worker not found (now): its status's reason says why; an event when it changes.
    void setSearchResult(const QString &reason);
    // Sends `sig` to the worker's process group (an unmanaged worker's process alone, and only a
    // signal its control.allowed_signals lists).
    ControlResult sendSignal(int sig);
    // Restarts this agent made since it took the worker (metrics): per RestartCause (index), then
    // the ones a user asked for (kUserRestart).
    static constexpr int kUserRestart = kRestartCauses;
    const std::array<qint64, kRestartCauses + 1> &restartsByCause() const { return m_restartsByCause; }
    // Whether the current process is one adopt() took back.
    bool isAdopted() const { return m_status.adopted && m_process && !m_processGone; }
    // A reload changed only what applies to the running process (config::ConfigDiff's "live"
    // keys: name, restart policy and retries, profile, depends_on, graceful_timeout, health
    // check): the new spec, no new process.
    void applyLive(config::WorkerSpec spec);
    ControlResult stop();
    ControlResult restart();
    // Freezes the whole tree (cgroup freezer) or stops its group with SIGSTOP; resume undoes it.
    ControlResult pause();
    ControlResult resume();

    // Restarts the running worker for `cause` (a resource limit's policy; a failed health check),
    // as the one restart decision says (RestartPolicy: the cause's retry settings and its own
    // attempt count); `failed` when those are used up.
    void restartFor(RestartCause cause, const QString &reason);
    // A resource limit was violated (LimitEnforcer decided). restart: restartFor(ResourceViolation).
    // shutdown: stop gracefully (`kill`: at once, SIGKILL) and end in `failed` with `reason`.
    void restartForViolation(const QString &reason);
    // The health check's verdict on the running process (agent/health): on the status and in a
    // worker.state event when it changes; empty: the worker has no check the agent runs.
    // `latencyMs`: how long the run that gave this verdict took (-1: no run).
    void setHealth(const QString &health, const QString &reason, qint64 latencyMs = -1);
    // Not started yet because of its dependencies: the status's reason says for what
    // ("waiting for db: healthy"). No state change; an event only when the reason is another.
    void setWaiting(const QString &reason);
    void shutdownForViolation(const QString &reason, bool kill);
    // Agent shutdown: stop whatever runs, ignoring the "already stopped" errors.
    void stopForShutdown();
    // Agent shutdown deadline passed: SIGKILL the group now.
    void kill();
    // No process of this worker is left, nor any stop or clean-up under way.
    bool isSettled() const;

    struct Transition
    {
        QDateTime time;
        model::WorkerState from;
        model::WorkerState to;
        QString reason;
    };
    // The last state changes, oldest first (bounded: a crash loop must not grow memory).
    const QList<Transition> &history() const { return m_history; }
    static constexpr int kHistorySize = 32;
    const LaunchSpec &launchSpec() const { return m_launch; }
    // An integrated worker's port (its `--port`, where its gRPC Ping is answered); 0: none.
    quint16 integratedPort() const { return m_integratedPort; }
    void setIntegratedPort(quint16 port) { m_integratedPort = port; }
    // Where the child's stdout / stderr go from the next start on (the log collector's FIFOs).
    void setOutputFds(int stdoutFd, int stderrFd, const QString &stdoutPath = {}, const QString &stderrPath = {});
    // Cgroups to join and rlimits / nice, from the next start on.
    void setChildLimits(const LaunchSpec::ChildLimits &limits);
    // Keep a Standby (agent/process/Standby.h) ready once the worker has restarted: its next
    // process, set up and already in its cgroup v1 hierarchies, so that a restart is one write
    // to an eventfd and never waits for a cgroup migration.
    void setUseStandby(bool use);
    // The waiting standby's pid (0: none): one of the cgroup's members that is not the worker's.
    qint64 standbyPid() const;
    // The worker's processes in its tree, its standby left out.
    QList<qint64> treePids() const;
    // The worker's processes beyond its group (its cgroup); stops and clean-ups reach them too.
    void setTree(std::shared_ptr<ProcessTree> tree) { m_tree = std::move(tree); }
    ProcessTree *tree() const { return m_tree.get(); }
    // Asked when the process ends on its own: a non-empty answer (e.g. "killed by the kernel at its
    // memory limit (policy immediate_kill)") makes the worker `failed` with it instead of restarting.
    // Set before the worker starts (the ExitWatcher restarts only a worker without one).
    void setExitExplainer(std::function<QString()> explainer) { m_exitExplainer = std::move(explainer); }
    // The pid of the current process (0: none) and its group, for sampling without a cgroup.
    qint64 processGroup() const { return m_process && !m_processGone ? m_process->processGroup() : 0; }

Q_SIGNALS:
    void statusChanged(const hsu::model::WorkerStatus &status);
    void settled();
    // The worker's process has exited (before any restart): its output can be read to the end.
    void processEnded(const QString &id);
    // A standby was prepared or let go (standbyPid() changed).
    void standbyChanged();

private:
    enum class AfterStop { Nothing, Start };

    void launch();
    const std::shared_ptr<const PreparedSpawn> &prepared();
    // Makes the next process from what the ExitWatcher started already (ExitReport::next).
    void launchRespawned(const ExitReport &respawn);
    // The handle of the next process, connected, as m_process.
    ManagedProcess *newProcess();
    // Lets the ExitWatcher restart the running process itself when it ends and the policy would
    // restart it at once (ExitWatcher.h); armRespawn() decides ahead what the policy would do.
    void armRespawn();
    // Before acting on the current process: disarms, and takes in a restart the ExitWatcher made
    // meanwhile, so that what follows acts on the process that runs now. Re-arm afterwards
    // where the state stays `running`.
    void catchUp();
    // One more restart for `cause`: its attempts, the status's attempt and restart counters.
    void countRestart(RestartCause cause);
    void resetAttempts();
    // Ends a process the ExitWatcher started that the worker's decision does not want.
    void discardRespawn(const ExitReport &respawn);
    void setState(model::WorkerState state, const QString &reason = QString());
    void beginStop(AfterStop after);
    void onStarted(qint64 pid);
    void onFailedToStart(const QString &reason);
    void onFinished(const ExitInfo &exit);
    void maybeFinishStop();
    void cleanUpAfter(qint64 pgid, const QList<qint64> &leftInTree);
    void dropProcess();
    void prepareStandby();
    // Unmanaged (WorkerUnmanaged.cpp).
    void takeControl(); // the spec's control into the status
    ControlResult unmanagedRefusal(const QString &what, const QString &key) const;
    ControlResult stopUnmanaged(const QString &reason);
    ControlResult restartUnmanaged();
    void unmanagedEnded();
    void releaseUnmanaged();
    void dropStandby();
    ControlResult result();

    config::WorkerSpec m_spec;
    LaunchSpec m_launch;
    quint16 m_integratedPort = 0;
    // m_launch made ready to spawn, for as long as it does not change (prepared()).
    std::shared_ptr<const PreparedSpawn> m_prepared;
    model::WorkerStatus m_status;

    ProcessHandle *m_process = nullptr;  // the current process, if any
    GroupStopper *m_stopper = nullptr;   // the stop under way, if any
    QList<GroupStopper *> m_cleanups;    // ending what crashed processes left in their groups
    int m_cleanupsDue = 0;               // clean-ups queued until the ended process is reaped
    bool m_processGone = true;
    AfterStop m_afterStop = AfterStop::Nothing;
    QTimer m_backoff;
    QElapsedTimer m_upTime;              // since the current process started
    QList<Transition> m_history;
    std::shared_ptr<ProcessTree> m_tree;
    std::unique_ptr<Standby> m_standby;
    bool m_useStandby = false;
    std::function<QString()> m_exitExplainer;
    std::function<bool(const QString &, QString *)> m_serviceRestarter;
    // Why the stop under way was asked for by a policy (a violation, a failed check): a stop ends
    // in `failed` with it, a restart waits m_pendingRestartDelay first.
    QString m_stopReason;
    std::array<int, kRestartCauses> m_attempts{}; // restarts per cause in the current streak
    std::array<qint64, kRestartCauses + 1> m_restartsByCause{};
    std::chrono::milliseconds m_pendingRestartDelay{0};
    mutable QJsonObject m_statusJson; // cache of status().toJson(); empty = stale
    mutable QByteArray m_statusBytes; // cache of its encoding; empty = stale
};

} // namespace hsu::agent

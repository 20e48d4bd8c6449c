#pragma once

// Where the agent sees its worker processes end: one thread of its own, waiting on every worker's
// pidfd (epoll) and reaping it (waitid P_PIDFD), so that no exit waits for the agent's event loop.
//
// Why a thread: a crash-looping worker's restart is the one path where the agent's own work shows.
// Through the event loop, a pidfd's wake-up, the dispatch and the worker's bookkeeping (its state
// changes, their events and log lines) came before the next spawn and made the restart 1.4 times
// as long as a bare fork/exec/waitpid loop; during a flood of log lines, where the event loop is
// busy, twice to five times. So a worker arms its watch with a Respawn — what it would do next,
// decided ahead (its restart policy's answer for each kind of exit) and the launch spec — and the
// watcher thread starts the next process itself, then hands both the exit and the new process to
// the worker, which does its bookkeeping as if it had made the restart itself.
//
// Only a restart that is certain is made there: zero delay, the policy's answer known, no exit
// explainer to ask (a kernel OOM kill ends in `failed`). Everything else — a user's stop, backoff
// delays, giving up — stays with the worker on its own thread, which disarms the watch first; a
// restart the thread made meanwhile is then taken in at once (ExitWatch::disarm), so the worker
// always acts on the process that really runs.

#include "LaunchSpec.h"
#include "Spawn.h"

#include <QElapsedTimer>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace hsu::agent {

class ProcessTree;
class Standby;

// What the watcher thread does by itself when an armed process ends: the next start, decided
// ahead by the worker.
struct Respawn
{
    std::shared_ptr<const PreparedSpawn> launch;
    quint64 childNoFile = 0;
    // Whether the worker's policy restarts at once after a clean (exit code 0) / any other exit;
    // index 1: the process was up for `graceMs` or longer, which gives the worker its attempts back.
    bool afterClean[2] = {false, false};
    bool afterUnclean[2] = {false, false};
    qint64 graceMs = 0;
    QElapsedTimer upTime; // since the process started
    // The worker's cgroup: what the ended process left there is listed before the next one starts
    // in it (the worker ends those afterwards); the worker's standby, if any, is not one of them.
    std::shared_ptr<ProcessTree> tree;
    qint64 standbyPid = 0;
    // Ready in the worker's cgroups (v1): released instead of a spawn. Owned by the worker, which
    // disarms before it lets go of it.
    Standby *standby = nullptr;

    bool restartsAfter(const ExitStatus &status) const;
};

// How a watched process ended, and what the watcher thread did about it.
struct ExitReport
{
    ExitStatus status;
    QString execFailure; // started from a standby whose exec failed: why (the process never ran)
    bool respawned = false;
    SpawnResult next;         // respawned: the new process (or why none could be started)
    int nextControl = -1;     // respawned from a standby: its control socket (Standby::execFailure)
    bool standbyUsed = false; // the Respawn's standby was released (the worker lets go of it)
    QList<qint64> leftInTree; // respawned: what the ended process left in its cgroup
};

class ExitWatcher;

// One process being watched. Created and used on one thread (the worker's); the watcher thread
// only touches what the mutex guards.
class ExitWatch final
{
public:
    ~ExitWatch(); // stops watching; the process (if still running) is left alone

    qint64 pid() const { return m_pid; }
    int pidfd() const { return m_pidfd; }
    // From now on, an exit of the process makes the watcher thread start the next one as `respawn`
    // says. Replaces an earlier arming.
    void arm(std::unique_ptr<Respawn> respawn);
    // No more respawns. If the watcher thread respawned already and the report has not been
    // delivered yet, it is returned here instead (then never delivered): the caller takes it in.
    std::optional<ExitReport> disarm();

private:
    friend class ExitWatcher;
    ExitWatch() = default;

    quint64 m_key = 0;
    qint64 m_pid = 0;
    int m_pidfd = -1;
    int m_control = -1; // started from a standby: where a failed exec says so
    std::function<void(const ExitReport &)> m_onEnded;

    std::mutex m_mutex;
    std::unique_ptr<Respawn> m_respawn;   // guarded
    std::unique_ptr<ExitReport> m_report; // guarded: set by the thread, taken by delivery or disarm
    bool m_ended = false;                 // guarded
};

class ExitWatcher final
{
public:
    // The agent's one watcher. Its reports are delivered on the thread that first calls this.
    static ExitWatcher &instance();

    // Watches the process behind `pidfd` (taken over, closed with the watch). `control`: the
    // standby's control socket when the process was released from one (taken over too), else -1.
    // `onEnded` runs on the delivering thread once, after the process ended and was reaped.
    std::shared_ptr<ExitWatch> watch(qint64 pid, int pidfd, int control, std::function<void(const ExitReport &)> onEnded);

    ~ExitWatcher();
    ExitWatcher(const ExitWatcher &) = delete;
    ExitWatcher &operator=(const ExitWatcher &) = delete;

private:
    friend class ExitWatch;
    class Private;
    ExitWatcher();
    void forget(ExitWatch *watch);

    std::unique_ptr<Private> d;
};

} // namespace hsu::agent

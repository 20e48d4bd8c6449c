#pragma once

// A worker process this agent did not start: one an earlier agent started and this one took back
// (re-adoption after a crash, an upgrade or a service manager's restart), or, for an unmanaged
// worker, one someone else started and the agent found.
//
// It is usually not this agent's child, so it cannot be reaped (waitid on its pidfd fails with
// ECHILD): its end is seen through a pidfd from pidfd_open(), which becomes readable when the
// process exits, whoever reaps it. How it ended is then not known here (its parent, init or the
// service manager, got the status): finished() carries an ExitInfo with neither code nor signal,
// which a restart policy counts as a failure. After the agent ran its own program again in place
// (SIGUSR2) its workers are still its children: those are reaped here, status and all.
// docs/architecture.md says what is and is not known.

#include "ExitWatcher.h"
#include "ProcessHandle.h"

#include <QDateTime>

#include <optional>

class QSocketNotifier;

namespace hsu::agent {

// The start time of a process: field 22 of /proc/PID/stat (clock ticks since boot). With the pid,
// it names one process for the machine's uptime: a pid reused by another program has another.
std::optional<quint64> processStartTime(qint64 pid);
// The wall-clock time that start time stands for (boot time + ticks); invalid when unknown.
QDateTime processStartedAt(quint64 startTime);

class AdoptedProcess final : public ProcessHandle
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AdoptedProcess)
public:
    // Watches the process behind `pidfd` (taken over). `processGroup`: the group it leads (a
    // managed worker leads its own) or, for a process that does not, 0: signals go to it alone.
    AdoptedProcess(qint64 pid, int pidfd, qint64 processGroup, QObject *parent = nullptr);
    ~AdoptedProcess() override; // stops watching; the process runs on

    // pidfd_open() for `pid`, if it still runs and is the process that started at `startTime`
    // (checked after the pidfd is open, so a pid reused in between is never taken); -1 otherwise.
    static int openIfSame(qint64 pid, quint64 startTime);

    qint64 pid() const override { return m_pid; }
    qint64 processGroup() const override { return m_group; }
    bool isRunning() const override { return !m_finished; }
    bool signalGroup(int sig) override;
    // Only to the process itself, through its pidfd (never a reused pid).
    bool signalProcess(int sig);

    // Not this agent's child: no restart can be made on the watcher's thread (nothing to reap).
    void arm(std::unique_ptr<Respawn>) override {}
    bool catchUp() override { return false; }
    std::optional<ExitReport> takeRespawn() override { return std::nullopt; }

private:
    void onReadable();

    qint64 m_pid = 0;
    qint64 m_group = 0;
    int m_pidfd = -1;
    bool m_finished = false;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace hsu::agent

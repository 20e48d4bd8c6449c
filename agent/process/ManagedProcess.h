#pragma once

#include "ExitWatcher.h"
#include "LaunchSpec.h"
#include "ProcessHandle.h"

#include <memory>

namespace hsu::agent {

class Standby;

// A worker process this agent starts (spawnProcess(): clone with CLONE_VM | CLONE_VFORK, see
// Spawn.h), with the child made leader of its own session (setsid before exec) so no signal aimed
// at the agent's group or terminal reaches it, and nothing that dies with the agent takes it along.
// Its end is noticed through its pidfd, watched and reaped by the ExitWatcher's thread, which may
// also start its successor right away (arm()).
class ManagedProcess final : public ProcessHandle
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ManagedProcess)
public:
    explicit ManagedProcess(QObject *parent = nullptr);
    // Lets go of a running child without touching it: a worker must outlive its handle (the
    // agent may be going away on purpose, and a later agent takes the worker back). The
    // supervisor decides when a worker stops, never a destructor.
    ~ManagedProcess() override;

    // Starts the process. started() or failedToStart() is emitted before this returns. With a
    // waiting `standby` (prepared for this very spec), that process execs the program instead of
    // a new one being spawned; one that is gone meanwhile is replaced by a spawn.
    void start(const LaunchSpec &spec, Standby *standby = nullptr);
    void start(const PreparedSpawn &spec, Standby *standby = nullptr);
    // Takes over a process the ExitWatcher started as a respawn (ExitReport::next, nextControl);
    // started() or failedToStart() is emitted before this returns.
    void adopt(const SpawnResult &started, int control);

    void arm(std::unique_ptr<Respawn> respawn) override;
    bool catchUp() override;
    std::optional<ExitReport> takeRespawn() override { return std::exchange(m_respawned, std::nullopt); }

    // The agent raises its own open-file limit to watch many workers; workers get back the
    // limit the agent was started with (a program using select() breaks above 1024).
    static void setChildOpenFileLimit(quint64 soft);
    static quint64 childOpenFileLimit();

    qint64 pid() const override { return m_pid; }
    qint64 processGroup() const override { return m_pid; }
    bool isRunning() const override;
    bool signalGroup(int sig) override;

private:
    void onEnded(const ExitReport &report);
    void release();

    qint64 m_pid = 0;
    std::shared_ptr<ExitWatch> m_watch;
    std::optional<ExitReport> m_respawned; // this process ended and the watcher started the next
    bool m_finished = false;
};

} // namespace hsu::agent

#pragma once

// Starting a worker process on Linux without fork(): clone(CLONE_VM | CLONE_VFORK | CLONE_PIDFD).
//
// Why not QProcess: a child process modifier (needed for setsid, cgroup joins, rlimits and the log
// FIFOs before exec) makes QProcess use a plain fork(), which copies the agent's page tables and
// then makes both sides fault on copy-on-write; measured, that was 1.2 ms of every restart, and
// with 1000 workers starting at once it grew with the agent's size. A CLONE_VM child shares the
// agent's memory until it calls execve (the agent's thread is suspended meanwhile, as with vfork),
// so the cost no longer depends on the agent's size. The child only makes async-signal-safe system
// calls on data the parent prepared, and reports a failure through that shared memory.
//
// The pidfd (close-on-exec) tells when the process ends (it becomes readable) and reaps it with
// waitid(P_PIDFD): no SIGCHLD handler, and no risk of reaping or signalling a recycled pid.
// Needs Linux 5.4 (CLONE_PIDFD 5.2, P_PIDFD 5.4).

#include "LaunchSpec.h"

#include <QString>

#include <memory>
#include <optional>

namespace hsu::agent {

struct SpawnResult
{
    qint64 pid = 0;
    int pidfd = -1;
    QString error; // set when nothing was started: "execve: No such file or directory"
};

// Starts `spec` in a new session (the child is its group's leader), with stdin on /dev/null, stdout
// and stderr as the spec says, every signal at its default disposition and none blocked, in the
// spec's cgroups and under its rlimits from its first instruction on. `childNoFile` > 0: the soft
// RLIMIT_NOFILE the child gets back when the spec sets none.
SpawnResult spawnProcess(const LaunchSpec &spec, quint64 childNoFile);

// What spawnProcess derives from a spec before it clones (argv, envp, paths as C strings; which
// FIFOs the child opens by name), made ahead: a restart the ExitWatcher makes then only clones.
class PreparedSpawn final
{
public:
    explicit PreparedSpawn(const LaunchSpec &spec);
    ~PreparedSpawn();
    PreparedSpawn(const PreparedSpawn &) = delete;
    PreparedSpawn &operator=(const PreparedSpawn &) = delete;
    const LaunchSpec &spec() const;

private:
    friend SpawnResult spawnPrepared(const PreparedSpawn &prepared, quint64 childNoFile);
    struct Data;
    std::unique_ptr<Data> d;
};

// spawnProcess(prepared.spec(), childNoFile), without the preparing. A FIFO named in the spec
// that is gone meanwhile is reached through the agent's descriptor instead (prepared anew).
SpawnResult spawnPrepared(const PreparedSpawn &prepared, quint64 childNoFile);

// Whether a child with ChildLimits::cgroupDir is created in that cgroup (clone3 with
// CLONE_INTO_CGROUP, Linux 5.7+ on x86-64), rather than joining it before exec. Turns false once
// the kernel refused; for tests.
bool spawnsIntoCgroup();

struct ExitStatus
{
    std::optional<int> exitCode;
    std::optional<int> signal;
};

// Reaps the process behind `pidfd` if it has ended; nullopt while it still runs (or on error).
std::optional<ExitStatus> reapProcess(int pidfd);

} // namespace hsu::agent

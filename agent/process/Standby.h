#pragma once

// A worker's next process, started ahead of the restart that needs it (the program hsu-standby,
// agent/standby): set up as spawnProcess sets up a worker, inside the worker's cgroup v1
// hierarchies, and waiting for its "go" (an eventfd) to exec the worker's program.
//
// Why: joining a cgroup v1 hierarchy (a write to its cgroup.procs) makes the kernel wait for its
// cgroup lock, which on recent kernels waits for an RCU grace period: 4 to 20 ms measured here,
// far more than the rest of a restart (under 1 ms). The standby does that while the worker still
// runs; a fork of the new process cannot escape, the standby is in every cgroup before the exec.
// A restart from a standby is one write to an eventfd: no clone, no set-up in a child the agent
// waits for, and the exec runs while the agent goes on. (cgroup v2 needs none of this: the child
// is created in its cgroup, CLONE_INTO_CGROUP.) See docs/architecture.md.
//
// The standby shares the worker's cgroups while it waits (0.7 MiB resident, one task): the sampler
// and clean-ups leave its pid out, and a worker with a kernel pids limit gets none (it would take
// one of the worker's pids).

#include "LaunchSpec.h"
#include "Spawn.h"

#include <QString>

#include <memory>

namespace hsu::agent {

class Standby final
{
public:
    // The hsu-standby program: beside the agent (a build tree), else in ../lib/hsu-master (the
    // package), else empty (then no standby is ever prepared).
    static QString findHelper(const QString &agentDir);
    static void setHelperPath(const QString &path);
    static const QString &helperPath();

    // Starts the standby for `spec` (it joins spec.limits.cgroupProcsFiles itself). Null, with
    // `error` set, when it could not be started.
    static std::unique_ptr<Standby> prepare(const LaunchSpec &spec, quint64 childNoFile, QString *error = nullptr);

    // Not released: SIGKILL, reaped now or, if it cannot die yet (a frozen cgroup), when it does.
    ~Standby();
    Standby(const Standby &) = delete;
    Standby &operator=(const Standby &) = delete;

    qint64 pid() const { return m_pid; }
    // Still alive and waiting (a stop of the worker's whole cgroup may have killed it).
    bool isWaiting() const;
    // Lets it exec the worker's program, without waiting for the exec: the caller owns the
    // returned pidfd and `control`, the socket on which a failed exec's errno arrives (four bytes;
    // end of file once the exec succeeded) — see execFailure(). `error` set: the standby was gone
    // (nothing started). Once only.
    SpawnResult release(int *control);
    // After the released process ended: the reason its exec failed, read from `control` (which
    // this closes), or empty when the exec succeeded.
    static QString execFailure(int control);

private:
    Standby() = default;

    qint64 m_pid = 0;
    int m_pidfd = -1;
    int m_control = -1; // the agent's end of the socket pair
    int m_go = -1;      // the eventfd that lets it exec
};

} // namespace hsu::agent

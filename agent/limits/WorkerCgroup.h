#pragma once

// One worker's cgroup: <agent's cgroup>/hsu-<agent pid>/<worker id> in every usable hierarchy
// (cgroup v2 and each v1 hierarchy we use). The child is created in the v2 one (CLONE_INTO_CGROUP)
// and joins the v1 ones before exec (placeChild() fills LaunchSpec::ChildLimits), so the worker
// and everything it starts, a double-forked daemon included, stay inside: killAll() ends them
// all, whatever they did to their session or process group.

#include "CgroupSystem.h"

#include "agent/process/LaunchSpec.h"

#include <atomic>
#include <QByteArray>
#include <QList>
#include <QString>

#include <chrono>
#include <optional>

namespace hsu::agent::limits {

// A block device as the kernel's io.max / blkio.throttle files name it.
struct BlockDevice
{
    quint32 major = 0;
    quint32 minor = 0;
    bool operator==(const BlockDevice &) const = default;
};

// The cgroup limits for one worker (LimitPlan decides them; 0 / empty: leave unlimited).
struct CgroupSettings
{
    qint64 memoryMax = 0;  // bytes: the kernel OOM-kills inside the cgroup above it
    qint64 memoryHigh = 0; // bytes: the kernel reclaims and throttles above it
    double cpuCores = 0;   // CFS quota, in cores
    int pidsMax = 0;
    std::optional<BlockDevice> ioDevice;
    qint64 ioReadBps = 0;
    qint64 ioWriteBps = 0;
    bool operator==(const CgroupSettings &) const = default;
};

// What a setter did: the file that now holds the value ("cgroup v1 memory.limit_in_bytes"), or why not.
struct SetResult
{
    QString backend;
    QString error;
    bool ok() const { return error.isEmpty(); }
};

class WorkerCgroup final
{
public:
    WorkerCgroup(CgroupSystem system, QString workerId);
    // Leaves the cgroups in place: the worker may outlive the agent. remove() is explicit.
    ~WorkerCgroup();
    WorkerCgroup(const WorkerCgroup &) = delete;
    WorkerCgroup &operator=(const WorkerCgroup &) = delete;

    // Creates the folders (existing ones are reused). False when no hierarchy could take the
    // worker; hierarchies that failed are left out and named in `error` either way.
    bool create(QString *error = nullptr);
    // Before create(): only these hierarchies. Moving a process into some of them (v2, v1 cpu)
    // costs milliseconds of kernel synchronisation in the child before exec, i.e. in every restart,
    // so the caller joins only what its limits need plus one hierarchy for membership.
    void restrictTo(bool unified, const QStringList &v1Controllers)
    {
        m_restricted = true;
        m_wantUnified = unified;
        m_wantV1 = v1Controllers;
    }
    bool exists() const { return !m_dirs.isEmpty(); }
    QString workerId() const { return m_workerId; }
    // The worker's folder in each hierarchy it has one in.
    QStringList paths() const;

    // Whether the worker's cgroup has this controller ("memory", "cpu", "pids", "io"; v1 "blkio"),
    // i.e. whether its limit can be written for the running worker.
    bool hasController(const QString &controller) const { return find(2, controller) || find(1, controller); }

    // Absolute cgroup.procs paths, one per hierarchy.
    QList<QByteArray> procsFiles() const;
    // Where a child goes: created in the v2 folder (ChildLimits::cgroupDir), joining each v1 one
    // (ChildLimits::cgroupProcsFiles).
    void placeChild(LaunchSpec::ChildLimits &child) const;
    // Member processes, read from one hierarchy (v2, else pids, else freezer, else any).
    QList<qint64> pids() const;
    // The cgroup.procs file pids() reads (for a reader that keeps it open); empty without a cgroup.
    QString membershipFile() const;
    // pids.current beside the membership file (the tasks, threads included, in the cgroup), or
    // empty where that hierarchy has no pids controller.
    QString taskCountFile() const;
    bool isEmpty() const { return pids().isEmpty(); }

    // Kills every member in rounds of freeze, SIGKILL each member, thaw, until the cgroup is empty
    // or `timeout` passes (never cgroup.kill: see the .cpp). True when it is empty.
    bool killAll(std::chrono::milliseconds timeout = std::chrono::seconds(5));

    bool canFreeze() const;
    // Freezes and waits (up to `timeout`) until the kernel reports every member frozen.
    bool freeze(std::chrono::milliseconds timeout = std::chrono::seconds(2));
    bool thaw();

    // rmdir in every hierarchy, then hsu-<pid> where it became empty. Fails while members remain.
    bool remove(QString *error = nullptr);

    SetResult setMemoryMax(qint64 bytes);  // <= 0: no limit
    SetResult setMemoryHigh(qint64 bytes); // <= 0: no limit
    SetResult setCpuQuota(double cores);   // <= 0: no limit
    SetResult setPidsMax(int max);         // <= 0: no limit
    SetResult setIoMax(BlockDevice device, qint64 readBps, qint64 writeBps); // 0: no limit
    // Applies every setting; the errors (empty: all applied).
    QStringList apply(const CgroupSettings &settings);

    // How many times the kernel OOM-killed a process in this cgroup (v2 memory.events oom_kill,
    // v1 memory.oom_control oom_kill); nullopt when no memory cgroup reports it.
    std::optional<qint64> oomKillCount() const;
    // The v1 memory.failcnt (times the limit was hit), which kernels without oom_kill still report.
    std::optional<qint64> memoryFailCount() const;

    // Removes the empty hsu-<pid> folders of agents no longer running (what a crashed agent left:
    // empty worker cgroups beneath them are removed first). A folder holding a process anywhere
    // beneath it stays, as does every folder of a live agent. Returns how many hsu-<pid> went.
    static int removeStale(const CgroupSystem &system = CgroupSystem::detect());
    // The folder every worker's cgroup goes in, beneath the agent's own: by default hsu-<agent
    // pid>; the agent names it after its state folder (hsu-s<digest>) so that the next agent
    // finds the cgroups of the workers it takes back (agent/Adoption.h). Before any create().
    static void setParentName(const QString &name);
    static QString parentName();
    // "hsu-s" and the first 12 hex digits of the SHA-256 of `stateDir`'s absolute path.
    static QString parentNameFor(const QString &stateDir);

private:
    struct Dir
    {
        int version = 1;
        QStringList controllers; // v2: what the worker's cgroup actually got
        QString path;
    };
    const Dir *find(int version, const QString &controller = {}) const;
    const Dir *membershipDir() const;
    // The membership folder, opened once (O_DIRECTORY): read at every exit of the worker (what
    // did it leave?) and the folder a v2 child is created in, without a path walk each time.
    int membershipFd() const;
    void closeMembershipFd();
    QString file(const Dir &dir, const char *name) const;
    bool waitFrozen(std::chrono::milliseconds timeout) const;

    CgroupSystem m_system;
    QString m_workerId;
    QString m_parentName; // parentName() when made
    QList<Dir> m_dirs;
    mutable std::atomic<int> m_memberFd{-1};
    bool m_restricted = false;
    bool m_wantUnified = true;
    QStringList m_wantV1;
};

} // namespace hsu::agent::limits

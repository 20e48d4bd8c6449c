#pragma once

// What this machine's cgroups offer the agent: the cgroup v2 (unified) hierarchy and the v1
// hierarchies of the controllers we use, where the agent's own cgroup is in each, and whether the
// agent may create cgroups beneath it. Read once from /proc/self/cgroup and /proc/self/mountinfo;
// nothing here changes a cgroup (the write probe creates and removes an empty child).

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace hsu::agent::limits {

// strerror(errno) as text, for the messages of this folder's system calls.
QString errnoText();


struct Hierarchy
{
    int version = 1;         // 1 or 2
    QString mountPoint;      // /sys/fs/cgroup/memory, /sys/fs/cgroup/unified
    // v1: the controllers mounted there that we use (cpu and cpuacct share one when co-mounted).
    // v2: the controllers a worker's cgroup can get (enabled in the agent's cgroup.subtree_control).
    QStringList controllers;
    QString agentDir;        // absolute path of the agent's own cgroup in this hierarchy
    bool writable = false;   // a child of agentDir could be created (and was removed again)
    QString problem;         // why not writable
};

// Which cgroup version can limit a resource for a worker on this machine (0: none).
struct CgroupOffer
{
    int memory = 0;
    int cpu = 0;
    int pids = 0;
    int io = 0;
    int freezer = 0; // v2: cgroup.freeze (needs no controller); v1: the freezer controller
    bool operator==(const CgroupOffer &) const = default;
};

class CgroupSystem final
{
public:
    // The v1 controllers the agent uses, in the order it creates cgroups in them.
    static const QStringList &v1Controllers();
    // The v2 controllers the agent enables for a worker when they are offered.
    static const QStringList &v2Controllers();

    // Reads the real /proc/self files and probes each hierarchy found.
    static CgroupSystem detect();
    // Parses the given file contents without probing (writable stays false): for tests of the
    // parsing rules and for `hsuctl doctor` to explain another layout.
    static CgroupSystem parse(const QByteArray &procSelfCgroup, const QByteArray &mountInfo);

    // Only the hierarchies of one version (1 or 2), as if the other were not mounted: `--cgroups v1`
    // on a machine that has both, and tests of each path on one machine.
    CgroupSystem restrictedTo(int version) const;

    const std::optional<Hierarchy> &unified() const { return m_unified; }
    // The controllers the agent's v2 cgroup was given by its parent (its cgroup.controllers).
    const QStringList &v2Available() const { return m_v2Available; }
    // The v1 hierarchy holding `controller` (memory, cpu, cpuacct, pids, freezer, blkio), if mounted.
    std::optional<Hierarchy> v1(const QString &controller) const;
    const QList<Hierarchy> &v1Hierarchies() const { return m_v1; }

    // Every hierarchy a worker's cgroup is created in: v2 when writable (membership and
    // cgroup.freeze need no controller), then each writable v1 hierarchy we use, once each.
    QList<Hierarchy> usable() const;
    CgroupOffer offer() const;
    // One line per hierarchy, for logs and `hsuctl doctor`.
    QStringList describe() const;

private:
    void probe();

    std::optional<Hierarchy> m_unified;
    QStringList m_v2Available;
    QList<Hierarchy> m_v1;
};

// Small file helpers shared by the cgroup code: raw open/read/write so errno reaches the message
// (a cgroup file rejects a value at write(), which buffered I/O would only show at close).
QByteArray readCgroupFile(const QString &path, bool *ok = nullptr);
// The same for `name` in the folder open as `dirFd` (one path component to look up).
QByteArray readCgroupFileAt(int dirFd, const char *name, bool *ok = nullptr);
// The pids of a cgroup.procs text (one number per line).
QList<qint64> parsePidList(QByteArrayView text);
// The value after `key` in a "key value" per line file (memory.events, memory.oom_control,
// cgroup.events); empty when the key is missing or its value is not a number.
std::optional<qint64> keyedValue(const QByteArray &text, const QByteArray &key);
bool writeCgroupFile(const QString &path, const QByteArray &value, QString *error = nullptr);

} // namespace hsu::agent::limits

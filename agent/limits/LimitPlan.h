#pragma once

// Which mechanism enforces each configured limit on this machine: a pure function from a worker's
// `limits` block and what the cgroups offer to the rlimits and nice value the child sets before exec,
// the cgroup settings the agent applies, and a report for `hsuctl doctor` and the GUI that names,
// per limit, the kernel file or rlimit that enforces it, or that the agent watches it by sampling
// and lets the limit's policy act (and why).

#include "WorkerCgroup.h"

#include "agent/process/LaunchSpec.h"
#include "shared/config/WorkerSpec.h"

#include <QList>
#include <QString>

#include <optional>

namespace hsu::agent::limits {

// The mechanism text of a limit nothing in the kernel enforces.
inline constexpr const char *kWatched = "watched (sampled, policy acts)";

struct LimitReport
{
    QString key;       // "memory.max_rss", "cpu.max_percent", "priority", ...
    QString value;     // as configured, readable: "512MB", "250%", "1h", "10"
    QString mechanism; // "cgroup v1 memory.limit_in_bytes", "RLIMIT_NOFILE", "nice", kWatched
    QString reason;    // why this mechanism (empty when it is the only one for the limit)
    bool kernelEnforced = false;
    bool operator==(const LimitReport &) const = default;
};

struct LimitPlan
{
    // The rlimits and nice value; cgroupProcsFiles stays empty (WorkerCgroup::procsFiles() fills it).
    LaunchSpec::ChildLimits child;
    CgroupSettings cgroup;
    QList<LimitReport> report;

    bool needsCgroup() const { return cgroup != CgroupSettings{}; }
    const LimitReport *find(const QString &key) const;
};

// `ioDevice`: the whole-disk block device holding the worker's working directory, when there is one
// (blockDeviceOf); io rate limits fall back to watching without it.
LimitPlan planLimits(const config::LimitsSpec &spec, const CgroupOffer &offer,
                     std::optional<BlockDevice> ioDevice = std::nullopt);

// The block device under `path` (stat st_dev), as the disk io.max and blkio accept: a partition is
// replaced by its disk. nullopt (and `why`) for a path on tmpfs, overlayfs, NFS, ...
std::optional<BlockDevice> blockDeviceOf(const QString &path, QString *why = nullptr);

} // namespace hsu::agent::limits

#include "LimitPlan.h"

#include "shared/config/Names.h"
#include "shared/config/Units.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>

#include <sys/stat.h>
#include <sys/sysmacros.h>

namespace hsu::agent::limits {

namespace {

using config::LimitPolicy;

QString policyName(LimitPolicy p)
{
    return config::enumName(p);
}

QString watched()
{
    return QString::fromLatin1(kWatched);
}

QString number(double v)
{
    return QString::number(v, 'g', 6);
}

struct Builder
{
    LimitPlan &plan;

    void kernel(const QString &key, const QString &value, const QString &mechanism, const QString &reason = {})
    {
        plan.report.append({key, value, mechanism, reason, true});
    }
    void watch(const QString &key, const QString &value, const QString &reason)
    {
        plan.report.append({key, value, watched(), reason, false});
    }
};

QString policyWatchReason(const char *section, LimitPolicy policy, const QString &sampled)
{
    return QStringLiteral("%1.policy is %2: the agent samples %3 and the policy acts")
        .arg(QLatin1String(section), policyName(policy), sampled);
}

void planMemory(const config::MemoryLimits &m, const CgroupOffer &offer, LimitPlan &plan)
{
    Builder b{plan};
    if (m.maxRss > 0) {
        const QString key = QStringLiteral("memory.max_rss");
        const QString value = config::formatSize(m.maxRss);
        const QString sampled = QStringLiteral("RSS");
        if (m.policy == LimitPolicy::ImmediateKill && offer.memory) {
            plan.cgroup.memoryMax = m.maxRss;
            b.kernel(key, value,
                     offer.memory == 2 ? QStringLiteral("cgroup v2 memory.max")
                                       : QStringLiteral("cgroup v1 memory.limit_in_bytes"),
                     QStringLiteral("memory.policy is immediate_kill: the kernel OOM-kills inside the worker's "
                                    "cgroup above the limit"));
        } else if (m.policy == LimitPolicy::Throttle && offer.memory) {
            plan.cgroup.memoryHigh = m.maxRss;
            if (offer.memory == 2)
                b.kernel(key, value, QStringLiteral("cgroup v2 memory.high"),
                         QStringLiteral("memory.policy is throttle: above the limit the kernel reclaims the "
                                        "worker's memory and slows it down"));
            else
                b.kernel(key, value, QStringLiteral("cgroup v1 memory.soft_limit_in_bytes"),
                         QStringLiteral("memory.policy is throttle: under memory pressure the kernel reclaims "
                                        "from the worker first, down to the limit"));
        } else if ((m.policy == LimitPolicy::ImmediateKill || m.policy == LimitPolicy::Throttle) && !offer.memory) {
            b.watch(key, value,
                    QStringLiteral("memory.policy is %1 but no memory cgroup is usable here; %2")
                        .arg(policyName(m.policy), QStringLiteral("the agent samples RSS and the policy acts")));
        } else {
            b.watch(key, value, policyWatchReason("memory", m.policy, sampled));
        }
    }
    if (m.maxVirtual > 0) {
        plan.child.addressSpace = m.maxVirtual;
        b.kernel(QStringLiteral("memory.max_virtual"), config::formatSize(m.maxVirtual), QStringLiteral("RLIMIT_AS"),
                 QStringLiteral("per process: an allocation beyond it fails, the process is not killed"));
    }
}

void planCpu(const config::CpuLimits &c, const CgroupOffer &offer, LimitPlan &plan)
{
    Builder b{plan};
    // max_percent counts one core as 100; with both set the stricter one holds.
    double cores = 0;
    if (c.maxPercent > 0)
        cores = c.maxPercent / 100.0;
    if (c.maxCores > 0)
        cores = cores > 0 ? std::min(cores, c.maxCores) : c.maxCores;
    const bool quota = cores > 0 && c.policy == LimitPolicy::Throttle && offer.cpu;
    if (quota)
        plan.cgroup.cpuCores = cores;
    auto entry = [&](const QString &key, const QString &value) {
        if (quota) {
            b.kernel(key, value,
                     offer.cpu == 2 ? QStringLiteral("cgroup v2 cpu.max") : QStringLiteral("cgroup v1 cpu.cfs_quota_us"),
                     QStringLiteral("cpu.policy is throttle: CFS quota of %1 cores per 100 ms").arg(number(cores)));
        } else if (c.policy == LimitPolicy::Throttle) {
            b.watch(key, value,
                    QStringLiteral("cpu.policy is throttle but no cpu cgroup is usable here; the agent samples CPU "
                                   "use and throttles by SIGSTOP/SIGCONT"));
        } else {
            b.watch(key, value, policyWatchReason("cpu", c.policy, QStringLiteral("CPU use")));
        }
    };
    if (c.maxPercent > 0)
        entry(QStringLiteral("cpu.max_percent"), number(c.maxPercent) + QLatin1Char('%'));
    if (c.maxCores > 0)
        entry(QStringLiteral("cpu.max_cores"), number(c.maxCores));
    if (c.maxTime > config::Duration::zero()) {
        // Whole seconds, rounded up: a limit must never be stricter than configured.
        plan.child.cpuSeconds = std::max<qint64>(1, (c.maxTime.count() + 999) / 1000);
        b.kernel(QStringLiteral("cpu.max_time"), config::formatDuration(c.maxTime), QStringLiteral("RLIMIT_CPU"),
                 QStringLiteral("per process: SIGXCPU at the limit, SIGKILL a second later"));
    }
}

void planProcess(const config::ProcessLimits &p, const CgroupOffer &offer, LimitPlan &plan)
{
    Builder b{plan};
    if (p.maxProcesses > 0) {
        const QString key = QStringLiteral("process.max_processes");
        const QString value = QString::number(p.maxProcesses);
        if (offer.pids) {
            plan.cgroup.pidsMax = p.maxProcesses;
            b.kernel(key, value, QStringLiteral("cgroup v%1 pids.max").arg(offer.pids),
                     QStringLiteral("counts the worker and all its descendants; fork fails beyond it"));
        } else {
            plan.child.processes = p.maxProcesses;
            b.kernel(key, value, QStringLiteral("RLIMIT_NPROC"),
                     QStringLiteral("no pids cgroup is usable here; RLIMIT_NPROC counts all of the user's "
                                    "processes, not only this worker's"));
        }
    }
    if (p.maxFileDescriptors > 0) {
        plan.child.openFiles = p.maxFileDescriptors;
        b.kernel(QStringLiteral("process.max_file_descriptors"), QString::number(p.maxFileDescriptors),
                 QStringLiteral("RLIMIT_NOFILE"), QStringLiteral("per process"));
    }
}

void planIo(const config::IoLimits &io, const CgroupOffer &offer, std::optional<BlockDevice> device,
            LimitPlan &plan)
{
    Builder b{plan};
    const bool throttle = io.policy == LimitPolicy::Throttle && offer.io && device
        && (io.maxReadBps > 0 || io.maxWriteBps > 0);
    if (throttle) {
        plan.cgroup.ioDevice = device;
        plan.cgroup.ioReadBps = std::max<qint64>(0, io.maxReadBps);
        plan.cgroup.ioWriteBps = std::max<qint64>(0, io.maxWriteBps);
    }
    auto entry = [&](const QString &key, qint64 rate, const char *v1File) {
        if (rate <= 0)
            return;
        const QString value = config::formatSize(rate) + QStringLiteral("/s");
        if (throttle) {
            b.kernel(key, value,
                     offer.io == 2 ? QStringLiteral("cgroup v2 io.max")
                                   : QStringLiteral("cgroup v1 %1").arg(QLatin1String(v1File)),
                     QStringLiteral("io.policy is throttle: on device %1:%2, which holds the working directory")
                         .arg(device->major)
                         .arg(device->minor));
        } else if (io.policy != LimitPolicy::Throttle) {
            b.watch(key, value, policyWatchReason("io", io.policy, QStringLiteral("read/write rates")));
        } else if (!offer.io) {
            b.watch(key, value,
                    QStringLiteral("io.policy is throttle but no io cgroup is usable here; the agent samples "
                                   "read/write rates"));
        } else {
            b.watch(key, value,
                    QStringLiteral("io.policy is throttle but the working directory is not on a block device; the "
                                   "agent samples read/write rates"));
        }
    };
    entry(QStringLiteral("io.max_read_bps"), io.maxReadBps, "blkio.throttle.read_bps_device");
    entry(QStringLiteral("io.max_write_bps"), io.maxWriteBps, "blkio.throttle.write_bps_device");
}

} // namespace

const LimitReport *LimitPlan::find(const QString &key) const
{
    for (const LimitReport &r : report) {
        if (r.key == key)
            return &r;
    }
    return nullptr;
}

LimitPlan planLimits(const config::LimitsSpec &spec, const CgroupOffer &offer, std::optional<BlockDevice> ioDevice)
{
    LimitPlan plan;
    planMemory(spec.memory, offer, plan);
    planCpu(spec.cpu, offer, plan);
    planProcess(spec.process, offer, plan);
    planIo(spec.io, offer, ioDevice, plan);
    // An explicit priority (0 included) is applied: the worker may otherwise inherit the agent's.
    if (spec.priority) {
        plan.child.nice = *spec.priority;
        plan.report.append({QStringLiteral("priority"), QString::number(*spec.priority), QStringLiteral("nice"),
                            QStringLiteral("the nice value the worker starts with"), true});
    }
    return plan;
}

std::optional<BlockDevice> blockDeviceOf(const QString &path, QString *why)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0) {
        if (why)
            *why = QStringLiteral("cannot stat %1").arg(path);
        return std::nullopt;
    }
    BlockDevice dev{::major(st.st_dev), ::minor(st.st_dev)};
    // tmpfs, overlayfs, NFS, btrfs subvolumes... have an anonymous device with no queue to throttle.
    const QString sys = QStringLiteral("/sys/dev/block/%1:%2").arg(dev.major).arg(dev.minor);
    if (!QFileInfo::exists(sys)) {
        if (why)
            *why = QStringLiteral("%1 is not on a block device (%2:%3)").arg(path).arg(dev.major).arg(dev.minor);
        return std::nullopt;
    }
    // io.max and blkio take the disk, not one of its partitions.
    if (QFileInfo::exists(sys + QStringLiteral("/partition"))) {
        QFile parentDev(QFileInfo(sys).canonicalFilePath() + QStringLiteral("/../dev"));
        if (parentDev.open(QIODevice::ReadOnly)) {
            const QList<QByteArray> mm = parentDev.readAll().trimmed().split(':');
            if (mm.size() == 2) {
                dev.major = mm[0].toUInt();
                dev.minor = mm[1].toUInt();
            }
        }
    }
    return dev;
}

} // namespace hsu::agent::limits

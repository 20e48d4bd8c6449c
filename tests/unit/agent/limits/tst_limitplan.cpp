// LimitPlan's mapping rules (decided for the project; see LimitPlan.h) and its report wording,
// one row per rule and machine kind.

#include "agent/limits/LimitPlan.h"

#include <QFileInfo>
#include <QTest>

using namespace hsu::agent::limits;
using hsu::config::LimitPolicy;
using hsu::config::LimitsSpec;

Q_DECLARE_METATYPE(LimitsSpec)
Q_DECLARE_METATYPE(CgroupOffer)

namespace {

constexpr qint64 MiB = 1024 * 1024;
const BlockDevice kDisk{254, 0};

CgroupOffer v1Machine()
{
    return CgroupOffer{1, 1, 1, 1, 1};
}
CgroupOffer v2Machine()
{
    return CgroupOffer{2, 2, 2, 2, 2};
}
CgroupOffer noCgroups()
{
    return CgroupOffer{};
}

LimitsSpec rss(LimitPolicy policy)
{
    LimitsSpec s;
    s.memory.maxRss = 512 * MiB;
    s.memory.policy = policy;
    return s;
}

LimitsSpec cpu(double percent, double cores, LimitPolicy policy)
{
    LimitsSpec s;
    s.cpu.maxPercent = percent;
    s.cpu.maxCores = cores;
    s.cpu.policy = policy;
    return s;
}

LimitsSpec io(LimitPolicy policy)
{
    LimitsSpec s;
    s.io.maxReadBps = 100 * MiB;
    s.io.maxWriteBps = 50 * MiB;
    s.io.policy = policy;
    return s;
}

} // namespace

class TestLimitPlan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void report_data()
    {
        QTest::addColumn<LimitsSpec>("spec");
        QTest::addColumn<CgroupOffer>("offer");
        QTest::addColumn<bool>("hasDevice");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("mechanism");
        QTest::addColumn<QString>("reasonContains");
        QTest::addColumn<bool>("kernel");

        const QString watched = QString::fromLatin1(kWatched);
        auto row = [](const char *name) -> QTestData & { return QTest::newRow(name); };

        // memory.max_rss: the kernel's hard limit only for immediate_kill, the soft one for throttle.
        row("rss kill v1") << rss(LimitPolicy::ImmediateKill) << v1Machine() << false << "memory.max_rss" << "512MB"
                           << "cgroup v1 memory.limit_in_bytes" << "memory.policy is immediate_kill" << true;
        row("rss kill v2") << rss(LimitPolicy::ImmediateKill) << v2Machine() << false << "memory.max_rss" << "512MB"
                           << "cgroup v2 memory.max" << "OOM-kills" << true;
        row("rss throttle v1") << rss(LimitPolicy::Throttle) << v1Machine() << false << "memory.max_rss" << "512MB"
                               << "cgroup v1 memory.soft_limit_in_bytes" << "memory.policy is throttle" << true;
        row("rss throttle v2") << rss(LimitPolicy::Throttle) << v2Machine() << false << "memory.max_rss" << "512MB"
                               << "cgroup v2 memory.high" << "memory.policy is throttle" << true;
        row("rss restart") << rss(LimitPolicy::Restart) << v2Machine() << false << "memory.max_rss" << "512MB"
                           << watched << "memory.policy is restart: the agent samples RSS" << false;
        row("rss none") << rss(LimitPolicy::None) << v1Machine() << false << "memory.max_rss" << "512MB" << watched
                        << "memory.policy is none" << false;
        row("rss kill, no cgroup") << rss(LimitPolicy::ImmediateKill) << noCgroups() << false << "memory.max_rss"
                                   << "512MB" << watched << "no memory cgroup is usable here" << false;
        {
            LimitsSpec s;
            s.memory.maxVirtual = 2048 * MiB;
            row("max_virtual") << s << v2Machine() << false << "memory.max_virtual" << "2GB" << "RLIMIT_AS"
                               << "not killed" << true;
        }
        // cpu: CFS quota only for throttle; max_percent counts one core as 100.
        row("percent throttle v1") << cpu(250, 0, LimitPolicy::Throttle) << v1Machine() << false << "cpu.max_percent"
                                   << "250%" << "cgroup v1 cpu.cfs_quota_us" << "2.5 cores" << true;
        row("cores throttle v2") << cpu(0, 1.5, LimitPolicy::Throttle) << v2Machine() << false << "cpu.max_cores"
                                 << "1.5" << "cgroup v2 cpu.max" << "1.5 cores" << true;
        row("both: the stricter") << cpu(50, 2, LimitPolicy::Throttle) << v2Machine() << false << "cpu.max_cores"
                                  << "2" << "cgroup v2 cpu.max" << "0.5 cores" << true;
        row("percent log") << cpu(50, 0, LimitPolicy::Log) << v1Machine() << false << "cpu.max_percent" << "50%"
                           << watched << "cpu.policy is log" << false;
        row("percent throttle, no cgroup") << cpu(50, 0, LimitPolicy::Throttle) << noCgroups() << false
                                           << "cpu.max_percent" << "50%" << watched << "SIGSTOP/SIGCONT" << false;
        {
            LimitsSpec s;
            s.cpu.maxTime = std::chrono::hours(1);
            row("max_time") << s << noCgroups() << false << "cpu.max_time" << "1h" << "RLIMIT_CPU" << "SIGXCPU"
                            << true;
        }
        // processes: pids.max wherever a pids hierarchy is usable, else RLIMIT_NPROC (per user!).
        {
            LimitsSpec s;
            s.process.maxProcesses = 64;
            row("processes v1") << s << v1Machine() << false << "process.max_processes" << "64"
                                << "cgroup v1 pids.max" << "descendants" << true;
            row("processes v2") << s << v2Machine() << false << "process.max_processes" << "64"
                                << "cgroup v2 pids.max" << "descendants" << true;
            row("processes, no cgroup") << s << noCgroups() << false << "process.max_processes" << "64"
                                        << "RLIMIT_NPROC" << "counts all of the user's processes" << true;
        }
        {
            LimitsSpec s;
            s.process.maxFileDescriptors = 1024;
            row("fds") << s << v2Machine() << false << "process.max_file_descriptors" << "1024" << "RLIMIT_NOFILE"
                       << "per process" << true;
        }
        // io: throttled on the working directory's disk, only for the throttle policy.
        row("io throttle v1 read") << io(LimitPolicy::Throttle) << v1Machine() << true << "io.max_read_bps"
                                   << "100MB/s" << "cgroup v1 blkio.throttle.read_bps_device" << "device 254:0" << true;
        row("io throttle v1 write") << io(LimitPolicy::Throttle) << v1Machine() << true << "io.max_write_bps"
                                    << "50MB/s" << "cgroup v1 blkio.throttle.write_bps_device" << "254:0" << true;
        row("io throttle v2") << io(LimitPolicy::Throttle) << v2Machine() << true << "io.max_read_bps" << "100MB/s"
                              << "cgroup v2 io.max" << "holds the working directory" << true;
        row("io throttle, no device") << io(LimitPolicy::Throttle) << v2Machine() << false << "io.max_read_bps"
                                      << "100MB/s" << watched << "not on a block device" << false;
        row("io throttle, no cgroup") << io(LimitPolicy::Throttle) << noCgroups() << true << "io.max_write_bps"
                                      << "50MB/s" << watched << "no io cgroup" << false;
        row("io log") << io(LimitPolicy::Log) << v2Machine() << true << "io.max_read_bps" << "100MB/s" << watched
                      << "io.policy is log" << false;
        {
            LimitsSpec s;
            s.priority = 10;
            row("priority") << s << noCgroups() << false << "priority" << "10" << "nice" << "nice value" << true;
        }
    }

    void report()
    {
        QFETCH(LimitsSpec, spec);
        QFETCH(CgroupOffer, offer);
        QFETCH(bool, hasDevice);
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, mechanism);
        QFETCH(QString, reasonContains);
        QFETCH(bool, kernel);

        const LimitPlan plan = planLimits(spec, offer, hasDevice ? std::optional(kDisk) : std::nullopt);
        const LimitReport *r = plan.find(key);
        QVERIFY2(r, qPrintable(key));
        QCOMPARE(r->value, value);
        QCOMPARE(r->mechanism, mechanism);
        QVERIFY2(r->reason.contains(reasonContains), qPrintable(r->reason));
        QCOMPARE(r->kernelEnforced, kernel);
    }

    // The values themselves, for the cases where the report alone would not show a mistake.
    void values()
    {
        LimitPlan p = planLimits(rss(LimitPolicy::ImmediateKill), v1Machine());
        QCOMPARE(p.cgroup.memoryMax, 512 * MiB);
        QCOMPARE(p.cgroup.memoryHigh, 0);
        p = planLimits(rss(LimitPolicy::Throttle), v2Machine());
        QCOMPARE(p.cgroup.memoryMax, 0);
        QCOMPARE(p.cgroup.memoryHigh, 512 * MiB);
        p = planLimits(rss(LimitPolicy::Restart), v2Machine());
        QVERIFY(!p.needsCgroup());

        QCOMPARE(planLimits(cpu(250, 0, LimitPolicy::Throttle), v1Machine()).cgroup.cpuCores, 2.5);
        QCOMPARE(planLimits(cpu(250, 0, LimitPolicy::Alert), v1Machine()).cgroup.cpuCores, 0.0);

        LimitsSpec s;
        s.process.maxProcesses = 64;
        s.process.maxFileDescriptors = 256;
        s.memory.maxVirtual = 1024 * MiB;
        s.cpu.maxTime = std::chrono::milliseconds(1500); // rounds up, never stricter
        s.priority = 0;                                    // explicit: applied
        p = planLimits(s, v1Machine());
        QCOMPARE(p.cgroup.pidsMax, 64);
        QCOMPARE(p.child.processes, -1);
        QCOMPARE(p.child.openFiles, 256);
        QCOMPARE(p.child.addressSpace, 1024 * MiB);
        QCOMPARE(p.child.cpuSeconds, 2);
        QCOMPARE(p.child.nice, std::optional<int>(0));
        QVERIFY(p.child.cgroupProcsFiles.isEmpty());
        p = planLimits(s, noCgroups());
        QCOMPARE(p.cgroup.pidsMax, 0);
        QCOMPARE(p.child.processes, 64);

        p = planLimits(io(LimitPolicy::Throttle), v2Machine(), kDisk);
        QCOMPARE(p.cgroup.ioDevice, std::optional(kDisk));
        QCOMPARE(p.cgroup.ioReadBps, 100 * MiB);
        QCOMPARE(p.cgroup.ioWriteBps, 50 * MiB);
    }

    // 0 (and an absent priority) means no limit: nothing applied, nothing reported.
    void zeroMeansNoLimit()
    {
        LimitsSpec s;
        s.memory.policy = LimitPolicy::ImmediateKill;
        s.cpu.policy = LimitPolicy::Throttle;
        s.io.policy = LimitPolicy::Throttle;
        const LimitPlan p = planLimits(s, v2Machine(), kDisk);
        QVERIFY(p.report.isEmpty());
        QVERIFY(!p.needsCgroup());
        QCOMPARE(p.child.openFiles, -1);
        QCOMPARE(p.child.addressSpace, -1);
        QCOMPARE(p.child.cpuSeconds, -1);
        QCOMPARE(p.child.processes, -1);
        QVERIFY(!p.child.nice);
    }

    void blockDevice()
    {
        // The build folder sits on this machine's disk; /proc never does.
        QString why;
        QVERIFY(!blockDeviceOf(QStringLiteral("/proc/self"), &why));
        QVERIFY2(why.contains(QLatin1String("not on a block device")), qPrintable(why));
        const auto dev = blockDeviceOf(QStringLiteral(HSU_BINARY_DIR), &why);
        if (!dev)
            QSKIP(qPrintable(QStringLiteral("the build folder is not on a block device here: ") + why));
        QVERIFY(QFileInfo::exists(QStringLiteral("/sys/dev/block/%1:%2").arg(dev->major).arg(dev->minor)));
        // A whole disk, never a partition (io.max refuses those).
        QVERIFY(!QFileInfo::exists(QStringLiteral("/sys/dev/block/%1:%2/partition").arg(dev->major).arg(dev->minor)));
    }
};

QTEST_GUILESS_MAIN(TestLimitPlan)
#include "tst_limitplan.moc"

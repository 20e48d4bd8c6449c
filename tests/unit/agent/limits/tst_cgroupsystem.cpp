// CgroupSystem: the parsing rules on fixed layouts (hybrid, v2 only, a container's mount that
// starts below the hierarchy root), and discovery on this machine's real /sys/fs/cgroup.

#include "agent/limits/CgroupSystem.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

#include <unistd.h>

using namespace hsu::agent::limits;

class TestCgroupSystem : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hybrid()
    {
        const QByteArray cgroup = "9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n4:memory:/process_api/abc\n"
                                  "2:cpu,cpuacct:/\n0::/\n";
        const QByteArray mounts =
            "30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
            "31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct\n"
            "34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
            "36 30 0:33 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer\n"
            "37 30 0:34 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n"
            "38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
            "39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
            "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
        const CgroupSystem s = CgroupSystem::parse(cgroup, mounts);
        QVERIFY(s.unified());
        QCOMPARE(s.unified()->agentDir, QStringLiteral("/sys/fs/cgroup/unified"));
        QCOMPARE(s.v1(QStringLiteral("memory"))->agentDir, QStringLiteral("/sys/fs/cgroup/memory/process_api/abc"));
        // cpu and cpuacct co-mounted: one hierarchy holding both.
        QCOMPARE(s.v1(QStringLiteral("cpuacct"))->mountPoint, QStringLiteral("/sys/fs/cgroup/cpu,cpuacct"));
        QCOMPARE(s.v1(QStringLiteral("cpu"))->controllers, QStringList({QStringLiteral("cpu"), QStringLiteral("cpuacct")}));
        QCOMPARE(s.v1Hierarchies().size(), 5);
        QVERIFY(s.usable().isEmpty()); // parse() never probes
        QCOMPARE(s.offer(), CgroupOffer{});
    }

    void v2OnlyInContainer()
    {
        // The container sees the hierarchy from /system.slice/box down, mounted at /sys/fs/cgroup.
        const QByteArray cgroup = "0::/system.slice/box/agent\n";
        const QByteArray mounts = "40 30 0:37 /system.slice/box /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n";
        const CgroupSystem s = CgroupSystem::parse(cgroup, mounts);
        QVERIFY(s.unified());
        QCOMPARE(s.unified()->agentDir, QStringLiteral("/sys/fs/cgroup/agent"));
        QVERIFY(s.v1Hierarchies().isEmpty());
        // A path outside what the mount shows cannot be used.
        QVERIFY(!CgroupSystem::parse("0::/elsewhere\n", mounts).unified());
    }

    void escapedMountPoint()
    {
        const CgroupSystem s = CgroupSystem::parse(
            "3:memory:/\n", "34 30 0:31 / /mnt/my\\040cgroups rw,relatime - cgroup cgroup rw,memory\n");
        QCOMPARE(s.v1(QStringLiteral("memory"))->mountPoint, QStringLiteral("/mnt/my cgroups"));
    }

    // cgroup.procs text. A number too long to be a pid is skipped: it used to overflow qint64
    // (undefined behaviour; tests/fuzz/regressions/fuzz_proc).
    void pidList()
    {
        QCOMPARE(parsePidList("12\n345\n"), (QList<qint64>{12, 345}));
        QCOMPARE(parsePidList("7"), (QList<qint64>{7}));
        QCOMPARE(parsePidList(""), QList<qint64>{});
        QCOMPARE(parsePidList("1\n18446744073709551615\n2\n"), (QList<qint64>{1, 2}));
        QCOMPARE(parsePidList("99999999999999999999999999"), QList<qint64>{});
        QCOMPARE(parsePidList("922337203685477580\n"), (QList<qint64>{922337203685477580}));
    }

    void keyedValues()
    {
        const QByteArray events = "low 0\nhigh 3\noom_kill 2\nbad x\n";
        QCOMPARE(keyedValue(events, "oom_kill"), std::optional<qint64>(2));
        QCOMPARE(keyedValue(events, "bad"), std::nullopt);
        QCOMPARE(keyedValue(events, "missing"), std::nullopt);
    }

    // This machine: whatever it offers is found where /proc/self/cgroup says, and probing leaves nothing.
    void realMachine()
    {
        const CgroupSystem s = CgroupSystem::detect();
        for (const QString &line : s.describe())
            qInfo("%s", qPrintable(line));
        if (!s.unified() && s.v1Hierarchies().isEmpty())
            QSKIP("no cgroup hierarchy mounted here");
        QList<Hierarchy> all = s.v1Hierarchies();
        if (s.unified())
            all.append(*s.unified());
        for (const Hierarchy &h : all) {
            QVERIFY2(QFileInfo(h.agentDir + QStringLiteral("/cgroup.procs")).exists(), qPrintable(h.agentDir));
            QVERIFY(h.writable || !h.problem.isEmpty());
            // The probe goes on a thread of its own (its rmdir waits for an RCU grace period).
            QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(h.agentDir + QStringLiteral("/hsu-probe-%1").arg(::getpid())), 10000);
        }
        if (::geteuid() == 0)
            QVERIFY(!s.usable().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCgroupSystem)
#include "tst_cgroupsystem.moc"

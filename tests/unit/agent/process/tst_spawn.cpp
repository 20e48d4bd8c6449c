// Spawning into cgroups on this machine's real hierarchies: a child created in its cgroup v2
// folder (clone3 with CLONE_INTO_CGROUP), and a Standby that joins the v1 ones ahead of the
// restart, then execs the worker's program. Needs root (cgroups beneath the test's own).

#include "agent/limits/CgroupSystem.h"
#include "agent/limits/WorkerCgroup.h"
#include "agent/process/ManagedProcess.h"
#include "agent/process/Spawn.h"
#include "agent/process/Standby.h"
#include "tests/helpers/support/AgentRunner.h"

#include <QtTest>

#include <csignal>

#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace hsu::agent;
using namespace hsu::agent::limits;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The cgroup a line of /proc/PID/cgroup names, relative to its hierarchy's mount.
QString relative(const QString &path, const Hierarchy &h)
{
    return path.mid(h.mountPoint.size());
}

struct Cleanup
{
    WorkerCgroup &cg;
    ~Cleanup()
    {
        cg.killAll();
        QString error;
        if (!cg.remove(&error))
            qWarning("cleanup: %s", qPrintable(error));
    }
};

} // namespace

class TestSpawn : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!hsu::test::testWorkerPath().isEmpty(), "HSU_TEST_TESTWORKER is not set");
        QVERIFY2(!hsu::test::standbyPath().isEmpty(), "HSU_TEST_HSU_STANDBY is not set");
        Standby::setHelperPath(hsu::test::standbyPath());
        qRegisterMetaType<ExitInfo>();
        if (::geteuid() != 0)
            QSKIP("creating cgroups beneath the test's own needs root");
        m_system = CgroupSystem::detect();
        for (const QString &line : m_system.describe())
            qInfo("%s", qPrintable(line));
    }

    // The child is in its v2 cgroup from its first instruction, and so is everything it forks at
    // once, without a migration (CLONE_INTO_CGROUP, which this kernel has: it is 5.7 or later).
    void startsInItsV2Cgroup()
    {
        const CgroupSystem v2 = m_system.restrictedTo(2);
        if (!v2.unified() || !v2.unified()->writable)
            QSKIP("no writable cgroup v2 hierarchy here");
        WorkerCgroup cg(v2, QStringLiteral("tst-into"));
        cg.restrictTo(true, {});
        QString error;
        QVERIFY2(cg.create(&error), qPrintable(error));
        Cleanup cleanup{cg};
        QTemporaryDir dir;
        LaunchSpec spec;
        spec.program = hsu::test::testWorkerPath();
        spec.args = {QStringLiteral("--print-cgroup"), QStringLiteral("--children"), QStringLiteral("2"),
                     QStringLiteral("--pids-file"), dir.filePath(QStringLiteral("pids")),
                     QStringLiteral("--run-for"), QStringLiteral("200")};
        spec.stdoutFile = dir.filePath(QStringLiteral("out"));
        cg.placeChild(spec.limits);
        QVERIFY(!spec.limits.cgroupDir.isEmpty());
        QVERIFY(spec.limits.cgroupProcsFiles.isEmpty());
        ManagedProcess process;
        QSignalSpy finished(&process, &ManagedProcess::finished);
        process.start(spec);
        QVERIFY(process.pid() > 0);
        QVERIFY2(spawnsIntoCgroup(), "the kernel refused clone3 with CLONE_INTO_CGROUP");
        QTRY_COMPARE_WITH_TIMEOUT(hsu::test::readPidFile(dir.filePath(QStringLiteral("pids"))).size(), 3, 10000);
        const QList<qint64> members = cg.pids();
        for (qint64 pid : hsu::test::readPidFile(dir.filePath(QStringLiteral("pids"))))
            QVERIFY2(members.contains(pid), qPrintable(QString::number(pid)));
        QVERIFY(finished.wait(10000));
        const QString expected = QStringLiteral("cgroup=0::") + relative(cg.paths().constFirst(), *v2.unified());
        QVERIFY2(readAll(spec.stdoutFile).split('\n').contains(expected.toUtf8()), readAll(spec.stdoutFile).constData());
    }

    // A standby joins the worker's v1 cgroups while it waits, runs nothing of the worker's until
    // released, and then becomes the worker: the same pid, inside every cgroup from exec on.
    void standbyJoinsAheadThenExecs()
    {
        const CgroupSystem v1 = m_system.restrictedTo(1);
        if (!v1.v1(QStringLiteral("pids")) || !v1.v1(QStringLiteral("pids"))->writable)
            QSKIP("no writable cgroup v1 pids hierarchy here");
        WorkerCgroup cg(v1, QStringLiteral("tst-standby"));
        cg.restrictTo(false, {QStringLiteral("pids"), QStringLiteral("freezer")});
        QString error;
        QVERIFY2(cg.create(&error), qPrintable(error));
        Cleanup cleanup{cg};
        QTemporaryDir dir;
        LaunchSpec spec;
        spec.program = hsu::test::testWorkerPath();
        spec.args = {QStringLiteral("--print-cgroup"), QStringLiteral("--run-for"), QStringLiteral("0")};
        spec.stdoutFile = dir.filePath(QStringLiteral("out"));
        cg.placeChild(spec.limits);
        QVERIFY(spec.limits.cgroupDir.isEmpty());
        QVERIFY(!spec.limits.cgroupProcsFiles.isEmpty());

        std::unique_ptr<Standby> standby = Standby::prepare(spec, 0, &error);
        QVERIFY2(standby, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(cg.pids().contains(standby->pid()), 10000); // joined while waiting
        QVERIFY(standby->isWaiting());
        QVERIFY(readAll(spec.stdoutFile).isEmpty()); // the program has not run

        ManagedProcess process;
        QSignalSpy started(&process, &ManagedProcess::started);
        QSignalSpy finished(&process, &ManagedProcess::finished);
        process.start(spec, standby.get());
        QCOMPARE(started.size(), 1);
        QCOMPARE(process.pid(), standby->pid());
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().value<ExitInfo>().exitCode, std::optional<int>(0));
        const QList<QByteArray> lines = readAll(spec.stdoutFile).split('\n');
        const QString pidsDir = relative(cg.membershipFile().section(u'/', 0, -2), *v1.v1(QStringLiteral("pids")));
        bool inPids = false;
        for (const QByteArray &l : lines)
            inPids = inPids || (l.startsWith("cgroup=") && l.contains(":pids:") && l.endsWith(pidsDir.toUtf8()));
        QVERIFY2(inPids, readAll(spec.stdoutFile).constData());
    }

    // Let go without release: it is gone, and the program never ran.
    void droppedStandbyNeverRuns()
    {
        QTemporaryDir dir;
        LaunchSpec spec;
        spec.program = hsu::test::testWorkerPath();
        spec.args = {QStringLiteral("--print"), QStringLiteral("ran")};
        spec.stdoutFile = dir.filePath(QStringLiteral("out"));
        QString error;
        std::unique_ptr<Standby> standby = Standby::prepare(spec, 0, &error);
        QVERIFY2(standby, qPrintable(error));
        const qint64 pid = standby->pid();
        QVERIFY(hsu::test::processAlive(pid));
        standby.reset();
        QVERIFY(!hsu::test::processAlive(pid));
        QVERIFY(readAll(spec.stdoutFile).isEmpty());
    }

    // A standby killed meanwhile (a stop of the whole cgroup does that) is replaced by a spawn.
    void killedStandbyFallsBackToSpawn()
    {
        QTemporaryDir dir;
        LaunchSpec spec;
        spec.program = hsu::test::testWorkerPath();
        spec.args = {QStringLiteral("--print"), QStringLiteral("ran"), QStringLiteral("--run-for"), QStringLiteral("0")};
        spec.stdoutFile = dir.filePath(QStringLiteral("out"));
        std::unique_ptr<Standby> standby = Standby::prepare(spec, 0);
        QVERIFY(standby);
        const qint64 pid = standby->pid();
        ::kill(pid_t(pid), SIGKILL);
        QTRY_VERIFY_WITH_TIMEOUT(!standby->isWaiting(), 5000);
        ManagedProcess process;
        QSignalSpy finished(&process, &ManagedProcess::finished);
        process.start(spec, standby.get());
        QVERIFY(process.pid() > 0);
        QVERIFY(process.pid() != pid);
        QVERIFY(finished.wait(10000));
        QCOMPARE(readAll(spec.stdoutFile), QByteArray("ran\n"));
    }

    // The program vanished between prepare and release: the start fails with the OS's reason
    // (once the standby has tried, which the release does not wait for).
    void standbyReportsExecFailure()
    {
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("program"));
        QVERIFY(QFile::copy(hsu::test::testWorkerPath(), copy));
        QVERIFY(QFile::setPermissions(copy, QFile::ReadOwner | QFile::ExeOwner));
        LaunchSpec spec;
        spec.program = copy;
        std::unique_ptr<Standby> standby = Standby::prepare(spec, 0);
        QVERIFY(standby);
        QVERIFY(QFile::remove(copy));
        ManagedProcess process;
        QSignalSpy failed(&process, &ManagedProcess::failedToStart);
        QSignalSpy finished(&process, &ManagedProcess::finished);
        process.start(spec, standby.get());
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
        QVERIFY(finished.isEmpty());
        QCOMPARE(failed.first().first().toString(), QStringLiteral("execve: No such file or directory"));
    }

    // The agent's end closes (it let go, or it died): the standby exits 0 without running anything.
    void standbyExitsWhenTheAgentGoes()
    {
        QTemporaryDir dir;
        int pair[2];
        QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
        LaunchSpec spec;
        spec.program = hsu::test::standbyPath();
        spec.args = {QStringLiteral("3"), QStringLiteral("4"), QStringLiteral("0"), hsu::test::testWorkerPath(), QStringLiteral("testworker"),
                     QStringLiteral("--print"), QStringLiteral("ran")};
        spec.stdoutFile = dir.filePath(QStringLiteral("out"));
        const int go = ::eventfd(0, EFD_CLOEXEC);
        QVERIFY(go >= 0);
        spec.passFd = pair[1];
        spec.passFd2 = go;
        const SpawnResult r = spawnProcess(spec, 0);
        ::close(pair[1]);
        ::close(go); // never written: only end of file on the socket can end its wait
        QVERIFY2(r.pid > 0, qPrintable(r.error));
        ::close(pair[0]);
        std::optional<ExitStatus> status;
        // QTRY evaluates its condition once more at the end: reap once, keep the status.
        QTRY_VERIFY_WITH_TIMEOUT(status || (status = reapProcess(r.pidfd)), 10000);
        ::close(r.pidfd);
        QCOMPARE(status->exitCode, std::optional<int>(0));
        QVERIFY(readAll(spec.stdoutFile).isEmpty());
    }

    // The child opens its log FIFO by name (and then gets no copy of the agent's descriptors);
    // a FIFO whose name is gone meanwhile is reached through the agent's descriptor instead.
    void outputFifoByNameOrDescriptor_data()
    {
        QTest::addColumn<bool>("removeName");
        QTest::newRow("by name") << false;
        QTest::newRow("name removed") << true;
    }
    void outputFifoByNameOrDescriptor()
    {
        QFETCH(bool, removeName);
        QTemporaryDir dir;
        const QByteArray fifo = QFile::encodeName(dir.filePath(QStringLiteral("w.stdout")));
        QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
        const int fd = ::open(fifo.constData(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
        QVERIFY(fd >= 0);
        if (removeName)
            QCOMPARE(::unlink(fifo.constData()), 0);
        LaunchSpec spec;
        spec.program = hsu::test::testWorkerPath();
        spec.args = {QStringLiteral("--print"), QStringLiteral("through the fifo"), QStringLiteral("--run-for"), QStringLiteral("0")};
        spec.stdoutFd = fd;
        spec.stdoutPath = fifo;
        ManagedProcess process;
        QSignalSpy finished(&process, &ManagedProcess::finished);
        process.start(spec);
        QVERIFY(process.pid() > 0);
        QVERIFY(finished.wait(10000));
        char buf[64] = {};
        const ssize_t n = ::read(fd, buf, sizeof buf - 1);
        ::close(fd);
        QCOMPARE(QByteArray(buf, int(std::max<ssize_t>(n, 0))), QByteArray("through the fifo\n"));
    }

    // The child starts with every signal at its default and none blocked, whatever the agent
    // has; and the agent's own handlers are still its own after the spawn. The child shares the
    // agent's memory until it execs: a C library (or sanitizer) sigaction() there rewrote the
    // agent's handler table under ThreadSanitizer, and the agent's SIGTERM handler went silent.
    void childHasDefaultSignalsAndAgentKeepsItsOwn()
    {
        static volatile sig_atomic_t caught = 0;
        struct sigaction mine = {};
        mine.sa_handler = [](int) { caught = caught + 1; };
        sigemptyset(&mine.sa_mask);
        struct sigaction oldUsr1 = {};
        struct sigaction oldPipe = {};
        QCOMPARE(::sigaction(SIGUSR1, &mine, &oldUsr1), 0);
        struct sigaction ignore = {};
        ignore.sa_handler = SIG_IGN;
        QCOMPARE(::sigaction(SIGPIPE, &ignore, &oldPipe), 0);
        sigset_t blocked;
        sigset_t oldMask;
        sigemptyset(&blocked);
        sigaddset(&blocked, SIGUSR2);
        QCOMPARE(::pthread_sigmask(SIG_BLOCK, &blocked, &oldMask), 0);
        const auto restore = qScopeGuard([&] {
            ::sigaction(SIGUSR1, &oldUsr1, nullptr);
            ::sigaction(SIGPIPE, &oldPipe, nullptr);
            ::pthread_sigmask(SIG_SETMASK, &oldMask, nullptr);
        });

        QTemporaryDir dir;
        LaunchSpec spec;
        spec.program = QStringLiteral("/bin/cat"); // installs no handler of its own (grep does)
        spec.args = {QStringLiteral("/proc/self/status")};
        spec.stdoutFile = dir.filePath(QStringLiteral("out"));
        ManagedProcess process;
        QSignalSpy finished(&process, &ManagedProcess::finished);
        process.start(spec);
        QVERIFY(process.pid() > 0);
        QVERIFY(finished.wait(10000));
        const QByteArray out = readAll(spec.stdoutFile);
        QVERIFY2(out.contains("SigBlk:\t0000000000000000"), out.constData());
        QVERIFY2(out.contains("SigIgn:\t0000000000000000"), out.constData());
        QVERIFY2(out.contains("SigCgt:\t0000000000000000"), out.constData());

        // Ours: still called.
        QCOMPARE(::raise(SIGUSR1), 0);
        QCOMPARE(int(caught), 1);
    }

private:
    CgroupSystem m_system;
};

QTEST_GUILESS_MAIN(TestSpawn)
#include "tst_spawn.moc"

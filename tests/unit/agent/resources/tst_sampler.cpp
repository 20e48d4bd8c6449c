#include "ProcHelpers.h"

#include "agent/resources/LinuxProcessSampler.h"

#include <QTest>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace hsu::agent::resources;
using namespace hsu::test;
using hsu::model::ResourceSample;

namespace {

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll().trimmed()) : QString();
}

} // namespace

class TestSampler : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void createGivesTheLinuxSampler();
    void rssAgreesWithVmRss();
    void cpuAgreesWithTheKernel();
    void fdsMatchProcFd();
    void quietProcessesAreReadInFullEveryFifthRound();
    void exitBetweenRounds();
    void forgetReturnsToBaseline();
    void treesAreIndependent();
};

void TestSampler::initTestCase()
{
    QVERIFY2(!testWorkerPath().isEmpty(), "HSU_TEST_TESTWORKER is not set (run through ctest)");
}

void TestSampler::createGivesTheLinuxSampler()
{
    const std::unique_ptr<ProcessSampler> s = ProcessSampler::create();
    QVERIFY(s);
    // Our own process: one round works through the interface.
    const auto out = s->sample({{QStringLiteral("self"), {qint64(::getpid())}}});
    QCOMPARE(out.value(QStringLiteral("self")).processes, 1);
    QCOMPARE(out.value(QStringLiteral("self")).cpuPercent, 0.0); // first round: no interval yet
}

void TestSampler::rssAgreesWithVmRss()
{
    Workers workers;
    const qint64 pid = workers.start({QStringLiteral("--hog-memory"), QStringLiteral("200")});
    QVERIFY(pid > 0);
    LinuxProcessSampler sampler;
    const ResourceSample s = sampler.sample({{QStringLiteral("hog"), {pid}}}).value(QStringLiteral("hog"));
    const qint64 vmRss = kernelVmRss(pid);
    qInfo("sampled rss %lld bytes, VmRSS %lld bytes", qlonglong(s.rssBytes), qlonglong(vmRss));
    QVERIFY(vmRss > 0);
    QVERIFY2(qAbs(s.rssBytes - vmRss) <= vmRss / 10, "more than 10 % apart");
    QVERIFY(s.rssBytes >= 200LL * 1024 * 1024);
    QVERIFY(s.virtualBytes >= s.rssBytes);
    QCOMPARE(s.processes, 1);
}

// The sampler's figure against the kernel's own, for the same ~4 s: the kernel's utime+stime and
// the clock read just before and just after each of the sampler's two rounds. The sampler read
// both somewhere inside those brackets, so its share lies between the least and the most the
// brackets allow, exactly, however busy the machine (a busy one only widens them). How much the
// spinner got depends on the machine, so no range of its own is asserted.
void TestSampler::cpuAgreesWithTheKernel()
{
    Workers workers;
    const qint64 pid = workers.start({QStringLiteral("--spin-cpu"), QStringLiteral("50")});
    QVERIFY(pid > 0);
    const double ticksPerSec = double(::sysconf(_SC_CLK_TCK));
    LinuxProcessSampler sampler;
    const QHash<QString, QList<qint64>> tree{{QStringLiteral("spin"), {pid}}};

    const double w0a = monotonicSeconds();
    const qint64 t0a = kernelCpuTicks(pid);
    sampler.sample(tree);
    const qint64 t0b = kernelCpuTicks(pid);
    const double w0b = monotonicSeconds();
    QTest::qWait(4000);
    const double w1a = monotonicSeconds();
    const qint64 t1a = kernelCpuTicks(pid);
    const ResourceSample s = sampler.sample(tree).value(QStringLiteral("spin"));
    const qint64 t1b = kernelCpuTicks(pid);
    const double w1b = monotonicSeconds();
    QVERIFY(t0a >= 0 && t1b >= 0);
    // Least: the fewest ticks over the longest interval; most: the most ticks over the shortest.
    const double least = double(t1a - t0b) / ticksPerSec / (w1b - w0a) * 100.0;
    const double most = double(t1b - t0a) / ticksPerSec / (w1a - w0b) * 100.0;

    qInfo("sampled %.2f %% of one core (machine %.2f %%); the kernel allows %.2f to %.2f %% (load: %s)", s.cpuPercent,
          s.cpuMachinePercent, least, most, qPrintable(loadAverage()));
    QVERIFY2(t1a > t0b, "the spinner got no CPU in 4 s");
    QVERIFY2(s.cpuPercent >= least - 1e-6 && s.cpuPercent <= most + 1e-6,
             qPrintable(QStringLiteral("%1 outside %2..%3").arg(s.cpuPercent).arg(least).arg(most)));
    const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
    QVERIFY(qAbs(s.cpuMachinePercent - s.cpuPercent / double(cpus)) < 1e-9);
}

void TestSampler::fdsMatchProcFd()
{
    Workers workers;
    const qint64 plain = workers.start({});
    QVERIFY(plain > 0);
    LinuxProcessSampler sampler;
    const QHash<QString, QList<qint64>> tree{{QStringLiteral("w"), {plain}}};
    // Twice: the second round re-reads the kept directory descriptor after a rewind.
    for (int round = 0; round < 2; ++round) {
        const ResourceSample s = sampler.sample(tree).value(QStringLiteral("w"));
        const int kernel = kernelFdCount(plain);
        QVERIFY(kernel >= 3);
        QCOMPARE(s.openFds, kernel);
    }
    // Our own process has a different count; a tree of both adds them up.
    const auto both = sampler.sample({{QStringLiteral("w"), {plain}}, {QStringLiteral("self"), {qint64(::getpid())}}});
    const int self = both.value(QStringLiteral("self")).openFds;
    QVERIFY(qAbs(self - selfFdCount()) <= 1); // our count moves by the one descriptor used to count
}

void TestSampler::exitBetweenRounds()
{
    Workers workers;
    const qint64 pid = workers.start({QStringLiteral("--children"), QStringLiteral("3")});
    QVERIFY(pid > 0);
    const QList<qint64> tree = workers.lastTree();
    QCOMPARE(tree.size(), 4);
    const qint64 again = workers.start({QStringLiteral("--children"), QStringLiteral("2")});
    QVERIFY(again > 0);
    const QList<qint64> other = workers.lastTree();
    const int baseline = selfFdCount(); // once the workers run: QProcess holds descriptors per child

    LinuxProcessSampler sampler;
    const QHash<QString, QList<qint64>> trees{{QStringLiteral("t"), tree}, {QStringLiteral("u"), other}};
    auto out = sampler.sample(trees);
    QCOMPARE(out.value(QStringLiteral("t")).processes, 4);
    QCOMPARE(out.value(QStringLiteral("u")).processes, 3);
    QCOMPARE(sampler.trackedProcesses(), 7);
    QCOMPARE(sampler.keptDescriptors(), 21);
    QCOMPARE(selfProcFds(), 21);
    QCOMPARE(selfFdCount(), baseline + 21);

    // A child dies; the caller still lists it (its list is a moment old).
    ::kill(pid_t(tree[1]), SIGKILL);
    QTRY_VERIFY(!processAlive(tree[1]));
    out = sampler.sample(trees);
    ResourceSample s = out.value(QStringLiteral("t"));
    QCOMPARE(s.processes, 3);
    QVERIFY(s.cpuPercent >= 0);
    QVERIFY(s.readBytesPerSec >= 0 && s.writeBytesPerSec >= 0);
    QCOMPARE(sampler.trackedProcesses(), 6);
    QCOMPARE(selfProcFds(), 18);

    // The whole tree dies (by pid); its descriptors go on the next round.
    for (const qint64 p : tree)
        if (processAlive(p))
            ::kill(pid_t(p), SIGKILL);
    for (const qint64 p : tree)
        QTRY_VERIFY(!processAlive(p));
    s = sampler.sample(trees).value(QStringLiteral("t"));
    QCOMPARE(s.processes, 0);
    QCOMPARE(s.cpuPercent, 0.0);
    QCOMPARE(sampler.trackedProcesses(), 3);
    QCOMPARE(selfProcFds(), 9);

    // forget(): the live tree's descriptors go too. (QProcess closed its own descriptors for the
    // dead worker meanwhile, so the total is compared with what it was just before.)
    const int before = selfFdCount();
    sampler.forget(QStringLiteral("u"));
    sampler.forget(QStringLiteral("t"));
    QCOMPARE(sampler.trackedProcesses(), 0);
    QCOMPARE(sampler.keptDescriptors(), 0);
    QCOMPARE(selfProcFds(), 0);
    QCOMPARE(selfFdCount(), before - 9);
}

void TestSampler::forgetReturnsToBaseline()
{
    Workers workers;
    QHash<QString, QList<qint64>> trees;
    for (int i = 0; i < 3; ++i) {
        QVERIFY(workers.start({QStringLiteral("--children"), QStringLiteral("1")}) > 0);
        trees.insert(QString::number(i), workers.lastTree());
    }
    const int baseline = selfFdCount();
    {
        LinuxProcessSampler sampler;
        for (int round = 0; round < 3; ++round)
            sampler.sample(trees);
        QCOMPARE(selfFdCount(), baseline + 18);
        for (auto it = trees.cbegin(); it != trees.cend(); ++it)
            sampler.forget(it.key());
        QCOMPARE(selfFdCount(), baseline);
        sampler.sample(trees); // and the destructor closes what a live sampler holds
        QCOMPARE(selfFdCount(), baseline + 18);
    }
    QCOMPARE(selfFdCount(), baseline);
}

void TestSampler::treesAreIndependent()
{
    Workers workers;
    const qint64 a = workers.start({QStringLiteral("--children"), QStringLiteral("2")});
    const QList<qint64> treeA = workers.lastTree();
    const qint64 b = workers.start({});
    QVERIFY(a > 0 && b > 0);
    LinuxProcessSampler sampler;
    // A pid that is no process at all (beyond pid_max) gives an empty tree, not an error.
    const auto out = sampler.sample({{QStringLiteral("a"), treeA},
                                     {QStringLiteral("b"), {b}},
                                     {QStringLiteral("none"), {qint64(1) << 40}}});
    QCOMPARE(out.size(), 3);
    QCOMPARE(out.value(QStringLiteral("a")).processes, 3);
    QVERIFY(out.value(QStringLiteral("a")).threads >= 3);
    QCOMPARE(out.value(QStringLiteral("b")).processes, 1);
    QCOMPARE(out.value(QStringLiteral("none")).processes, 0);
    QVERIFY(out.value(QStringLiteral("a")).timestampMs > 0);
}

QTEST_GUILESS_MAIN(TestSampler)
// A process that did not run keeps its descriptor count (and I/O) for at most kQuietRounds rounds;
// `exact` trees are read in full every round. The child opens a descriptor on command, which costs
// it microseconds: no CPU tick, so it stays "quiet" to the sampler.
void TestSampler::quietProcessesAreReadInFullEveryFifthRound()
{
    int command[2];
    int ready[2];
    QCOMPARE(::pipe(command), 0);
    QCOMPARE(::pipe(ready), 0);
    const pid_t child = ::fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        ::close(command[1]);
        ::close(ready[0]);
        ::close(ready[1]); // the parent's end-of-file: the child's descriptors are settled
        char c;
        while (::read(command[0], &c, 1) == 1)
            (void)!::open("/dev/null", O_RDONLY); // kept open on purpose: one more descriptor
        ::_exit(0);
    }
    ::close(command[0]);
    ::close(ready[1]);
    char eof;
    QCOMPARE(::read(ready[0], &eof, 1), ssize_t(0));
    ::close(ready[0]);
    auto end = qScopeGuard([&] {
        ::close(command[1]); // the child reads end-of-file and exits
        ::kill(child, SIGKILL);
        ::waitpid(child, nullptr, 0);
    });
    const QHash<QString, QList<qint64>> tree{{QStringLiteral("q"), {qint64(child)}}};
    LinuxProcessSampler sampler;
    LinuxProcessSampler exactSampler;
    const int before = sampler.sample(tree).value(QStringLiteral("q")).openFds;
    QCOMPARE(before, kernelFdCount(child));
    QCOMPARE(exactSampler.sample(tree, {QStringLiteral("q")}).value(QStringLiteral("q")).openFds, before);

    QCOMPARE(::write(command[1], "x", 1), ssize_t(1));
    QTRY_COMPARE(kernelFdCount(child), before + 1);
    QCOMPARE(exactSampler.sample(tree, {QStringLiteral("q")}).value(QStringLiteral("q")).openFds, before + 1);
    for (int round = 1; round <= LinuxProcessSampler::kQuietRounds; ++round)
        QCOMPARE(sampler.sample(tree).value(QStringLiteral("q")).openFds, before); // carried over
    QCOMPARE(sampler.sample(tree).value(QStringLiteral("q")).openFds, before + 1); // read again
}

#include "tst_sampler.moc"

#include "ProcHelpers.h"

#include "agent/resources/LinuxProcessSampler.h"
#include "agent/resources/ProcessScan.h"

#include <QTest>

#include <time.h>

using namespace hsu::agent::resources;
using namespace hsu::test;

namespace {

constexpr int kWorkers = 100;
constexpr int kRounds = 200;

double threadCpuSeconds()
{
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

} // namespace

// One round over 100 live, idle test workers (one tree each), as the agent samples them every 2 s.
// Prints µs per round (wall and CPU) and the share of one core that costs at one round per 2 s;
// asserts only that the rounds saw every worker, never a time.
class TestBench : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hundredWorkers();
};

void TestBench::hundredWorkers()
{
    QVERIFY2(!testWorkerPath().isEmpty(), "HSU_TEST_TESTWORKER is not set (run through ctest)");
    Workers workers;
    QHash<QString, QList<qint64>> trees;
    for (int i = 0; i < kWorkers; ++i) {
        const qint64 pid = workers.start({QStringLiteral("--run-for"), QStringLiteral("120000")});
        QVERIFY(pid > 0);
        trees.insert(QStringLiteral("w%1").arg(i), {pid});
    }

    LinuxProcessSampler sampler;
    sampler.sample(trees); // opens the descriptors
    QCOMPARE(sampler.keptDescriptors(), 3 * kWorkers);

    const double wall0 = monotonicSeconds();
    const double cpu0 = threadCpuSeconds();
    int seen = 0;
    for (int r = 0; r < kRounds; ++r) {
        const auto out = sampler.sample(trees);
        seen = 0;
        for (const auto &s : out)
            seen += s.processes;
    }
    const double wallUs = (monotonicSeconds() - wall0) / kRounds * 1e6;
    const double cpuUs = (threadCpuSeconds() - cpu0) / kRounds * 1e6;
    QCOMPARE(seen, kWorkers);
    qInfo("sampler: %d trees, %.0f us per round wall, %.0f us CPU (%.2f us per process); "
          "at one round per 2 s: %.4f %% of one core",
          kWorkers, wallUs, cpuUs, cpuUs / kWorkers, cpuUs / 2e6 * 100.0);

    // The fallback for machines without cgroups: one /proc pass for all workers.
    ProcessScan scan;
    QList<ProcessScan::Root> roots;
    for (const auto &t : std::as_const(trees))
        roots.append(ProcessScan::Root{t.first(), QByteArray("HSU_WORKER_ID=bench")});
    scan.scan(roots);
    const int scanRounds = 20;
    const double scanCpu0 = threadCpuSeconds();
    for (int r = 0; r < scanRounds; ++r)
        QCOMPARE(scan.scan(roots).size(), kWorkers);
    const double scanUs = (threadCpuSeconds() - scanCpu0) / scanRounds * 1e6;
    qInfo("scan: %d processes on the machine, %.0f us CPU per scan; at one per 2 s: %.4f %% of one core",
          scan.lastScanned(), scanUs, scanUs / 2e6 * 100.0);
}

QTEST_GUILESS_MAIN(TestBench)
#include "tst_bench.moc"

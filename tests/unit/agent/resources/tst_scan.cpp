#include "ProcHelpers.h"

#include "agent/resources/LinuxProcessSampler.h"
#include "agent/resources/ProcessScan.h"

#include <QSet>
#include <QTest>

#include <unistd.h>

using namespace hsu::agent::resources;
using namespace hsu::test;

namespace {

QSet<qint64> toSet(const QList<qint64> &l) { return QSet<qint64>(l.cbegin(), l.cend()); }

QByteArray uniqueMarker(const char *name)
{
    return "HSU_WORKER_ID=" + QByteArray(name) + '-' + QByteArray::number(::getpid());
}

} // namespace

class TestScan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void treeWithSetsidDaemon();
    void twoWorkersKeepTheirOwnDaemons();
    void deadRootIsLeftOut();
};

void TestScan::initTestCase()
{
    QVERIFY2(!testWorkerPath().isEmpty(), "HSU_TEST_TESTWORKER is not set (run through ctest)");
}

void TestScan::treeWithSetsidDaemon()
{
    Workers workers;
    const QByteArray marker = uniqueMarker("tree");
    const qint64 pid = workers.start({QStringLiteral("--children"), QStringLiteral("3"),
                                      QStringLiteral("--setsid-daemon")},
                                     marker);
    QVERIFY(pid > 0);
    const QList<qint64> reported = workers.lastTree(); // self, 3 children, daemon
    QCOMPARE(reported.size(), 5);
    const qint64 daemon = reported.last();

    // The parent chain alone: the children, but the daemon's parent is no longer in the tree.
    const QSet<qint64> byParent = toSet(ProcessScan::descendantsOf({pid}).value(pid));
    QCOMPARE(byParent, toSet(reported.mid(0, 4)));

    // With the worker's environment marker the daemon is found too, and stays found.
    ProcessScan scan;
    for (int round = 0; round < 2; ++round) {
        const QHash<qint64, QList<qint64>> found = scan.scan({ProcessScan::Root{pid, marker}});
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.value(pid).first(), pid);
        QCOMPARE(toSet(found.value(pid)), toSet(reported));
        QCOMPARE(found.value(pid).size(), 5); // each pid once
        QVERIFY(found.value(pid).contains(daemon));
    }
    QVERIFY(scan.lastScanned() >= 5);

    // The sampler counts exactly the processes it is given.
    LinuxProcessSampler sampler;
    const auto s = sampler.sample({{QStringLiteral("tree"), scan.scan({ProcessScan::Root{pid, marker}}).value(pid)}});
    QCOMPARE(s.value(QStringLiteral("tree")).processes, 5);
    QVERIFY(s.value(QStringLiteral("tree")).threads >= 5);
}

void TestScan::twoWorkersKeepTheirOwnDaemons()
{
    Workers workers;
    const QByteArray markerA = uniqueMarker("a");
    const QByteArray markerB = uniqueMarker("b");
    const qint64 a = workers.start({QStringLiteral("--setsid-daemon")}, markerA);
    const QList<qint64> treeA = workers.lastTree();
    const qint64 b = workers.start({QStringLiteral("--setsid-daemon"), QStringLiteral("--children"), QStringLiteral("1")},
                                   markerB);
    const QList<qint64> treeB = workers.lastTree();
    QVERIFY(a > 0 && b > 0);
    QCOMPARE(treeA.size(), 2);
    QCOMPARE(treeB.size(), 3);

    ProcessScan scan;
    const auto found = scan.scan({ProcessScan::Root{a, markerA}, ProcessScan::Root{b, markerB}});
    QCOMPARE(toSet(found.value(a)), toSet(treeA));
    QCOMPARE(toSet(found.value(b)), toSet(treeB));
}

void TestScan::deadRootIsLeftOut()
{
    Workers workers;
    const qint64 pid = workers.start({});
    QVERIFY(pid > 0);
    workers.killAll();
    QTRY_VERIFY(!processAlive(pid));
    const auto found = ProcessScan::descendantsOf({pid, qint64(::getpid())});
    QVERIFY(!found.contains(pid));
    QVERIFY(found.value(qint64(::getpid())).contains(qint64(::getpid())));
}

QTEST_GUILESS_MAIN(TestScan)
#include "tst_scan.moc"

// The ExitWatcher with real processes (tests/helpers/testworker): exits reaped on its thread and
// reported on the test's; an armed process's successor started by the watcher itself, only for
// the exits the Respawn says; and a successor not yet reported taken in by disarm() instead.

#include "agent/process/ExitWatcher.h"
#include "agent/process/Spawn.h"
#include "tests/helpers/support/AgentRunner.h"

#include <QDeadlineTimer>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <csignal>

#include <sys/wait.h>
#include <unistd.h>

using namespace hsu::agent;

namespace {

LaunchSpec testWorker(const QStringList &args)
{
    LaunchSpec spec;
    spec.program = hsu::test::testWorkerPath();
    spec.args = args;
    return spec;
}

// Ends and reaps a successor the watcher started (the test owns it).
void endProcess(const SpawnResult &r)
{
    if (r.pid <= 0)
        return;
    ::kill(pid_t(r.pid), SIGKILL);
    siginfo_t info;
    while (::waitid(idtype_t(P_PIDFD), id_t(r.pidfd), &info, WEXITED) < 0 && errno == EINTR) {
    }
    ::close(r.pidfd);
}

struct Reports
{
    QList<ExitReport> list;
    QList<QThread *> threads;
    std::function<void(const ExitReport &)> sink()
    {
        return [this](const ExitReport &r) {
            list.append(r);
            threads.append(QThread::currentThread());
        };
    }
};

} // namespace

class TestExitWatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!hsu::test::testWorkerPath().isEmpty(), "HSU_TEST_TESTWORKER is not set");
    }

    void reportsAnExitOnTheWatchingThread()
    {
        const SpawnResult r = spawnProcess(testWorker({QStringLiteral("--run-for"), QStringLiteral("20"),
                                                       QStringLiteral("--exit-code"), QStringLiteral("3")}), 0);
        QVERIFY2(r.pid > 0, qPrintable(r.error));
        Reports reports;
        const auto watch = ExitWatcher::instance().watch(r.pid, r.pidfd, -1, reports.sink());
        QTRY_COMPARE_WITH_TIMEOUT(reports.list.size(), 1, 10000);
        QCOMPARE(reports.list[0].status.exitCode, std::optional<int>(3));
        QVERIFY(!reports.list[0].respawned);
        QCOMPARE(reports.threads[0], QThread::currentThread());
        // Reaped by the watcher: no zombie left with that pid.
        QVERIFY(!hsu::test::processAlive(r.pid));
    }

    void startsTheSuccessorOfAnArmedProcess()
    {
        QTemporaryDir dir;
        const QString ready = dir.filePath(QStringLiteral("ready"));
        const SpawnResult r = spawnProcess(testWorker({QStringLiteral("--run-for"), QStringLiteral("100"),
                                                       QStringLiteral("--crash"), QStringLiteral("SEGV")}), 0);
        QVERIFY2(r.pid > 0, qPrintable(r.error));
        Reports reports;
        const auto watch = ExitWatcher::instance().watch(r.pid, r.pidfd, -1, reports.sink());
        auto respawn = std::make_unique<Respawn>();
        respawn->launch = std::make_shared<const PreparedSpawn>(testWorker({QStringLiteral("--ready-file"), ready, QStringLiteral("--run-for"), QStringLiteral("60000")}));
        respawn->afterUnclean[0] = respawn->afterUnclean[1] = true;
        watch->arm(std::move(respawn));
        QTRY_COMPARE_WITH_TIMEOUT(reports.list.size(), 1, 10000);
        const ExitReport &report = reports.list[0];
        QCOMPARE(report.status.signal, std::optional<int>(SIGSEGV));
        QVERIFY(report.respawned);
        QVERIFY2(report.next.pid > 0, qPrintable(report.next.error));
        QVERIFY(report.next.pid != r.pid);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready), 10000);
        QVERIFY(hsu::test::processAlive(report.next.pid));
        endProcess(report.next);
    }

    void startsNoSuccessorForAnExitThePolicyKeeps()
    {
        const SpawnResult r = spawnProcess(testWorker({QStringLiteral("--run-for"), QStringLiteral("50")}), 0);
        QVERIFY2(r.pid > 0, qPrintable(r.error));
        Reports reports;
        const auto watch = ExitWatcher::instance().watch(r.pid, r.pidfd, -1, reports.sink());
        auto respawn = std::make_unique<Respawn>();
        respawn->launch = std::make_shared<const PreparedSpawn>(testWorker({QStringLiteral("--run-for"), QStringLiteral("60000")}));
        respawn->afterUnclean[0] = respawn->afterUnclean[1] = true; // on-failure: a clean exit stays
        watch->arm(std::move(respawn));
        QTRY_COMPARE_WITH_TIMEOUT(reports.list.size(), 1, 10000);
        QCOMPARE(reports.list[0].status.exitCode, std::optional<int>(0));
        QVERIFY(!reports.list[0].respawned);
        QCOMPARE(reports.list[0].next.pid, 0);
    }

    void disarmTakesInASuccessorNotYetReported()
    {
        QTemporaryDir dir;
        const QString ready = dir.filePath(QStringLiteral("ready"));
        const SpawnResult r = spawnProcess(testWorker({QStringLiteral("--run-for"), QStringLiteral("50"),
                                                       QStringLiteral("--exit-code"), QStringLiteral("1")}), 0);
        QVERIFY2(r.pid > 0, qPrintable(r.error));
        Reports reports;
        const auto watch = ExitWatcher::instance().watch(r.pid, r.pidfd, -1, reports.sink());
        auto respawn = std::make_unique<Respawn>();
        respawn->launch = std::make_shared<const PreparedSpawn>(testWorker({QStringLiteral("--ready-file"), ready, QStringLiteral("--run-for"), QStringLiteral("60000")}));
        respawn->afterUnclean[0] = true;
        watch->arm(std::move(respawn));
        // Without this thread's event loop, which would deliver the report: the successor is up
        // once its ready file is there (a bound that catches a hang, not a timing).
        const QDeadlineTimer deadline(10000);
        while (!QFile::exists(ready) && !deadline.hasExpired())
            QThread::msleep(5);
        QVERIFY(QFile::exists(ready));
        std::optional<ExitReport> taken = watch->disarm();
        QVERIFY(taken);
        QVERIFY(taken->respawned);
        QCOMPARE(taken->status.exitCode, std::optional<int>(1));
        QVERIFY(taken->next.pid > 0);
        // The report, queued before, is not delivered a second time.
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents();
        QVERIFY(reports.list.isEmpty());
        QVERIFY(!watch->disarm());
        endProcess(taken->next);
    }

    void aDroppedWatchReportsNothing()
    {
        const SpawnResult r = spawnProcess(testWorker({QStringLiteral("--run-for"), QStringLiteral("60000")}), 0);
        QVERIFY2(r.pid > 0, qPrintable(r.error));
        int calls = 0;
        auto watch = ExitWatcher::instance().watch(r.pid, r.pidfd, -1, [&calls](const ExitReport &) { ++calls; });
        // The process outlives its watch (a worker outlives the agent's handle); end it by hand.
        const int pidfd = ::dup(r.pidfd);
        watch.reset();
        ::kill(pid_t(r.pid), SIGKILL);
        siginfo_t info;
        QCOMPARE(::waitid(idtype_t(P_PIDFD), id_t(pidfd), &info, WEXITED), 0);
        ::close(pidfd);
        QCoreApplication::processEvents();
        QCOMPARE(calls, 0);
    }
};

QTEST_GUILESS_MAIN(TestExitWatcher)
#include "tst_exitwatcher.moc"

// The rlimit and nice values LimitPlan produces, set for real by ManagedProcess in the child
// before exec, read back from /proc.

#include "ProcStat.h"

#include "agent/limits/LimitPlan.h"
#include "agent/process/ManagedProcess.h"
#include "tests/helpers/support/AgentRunner.h"

#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace hsu::agent;
using namespace hsu::agent::limits;

class TestChildLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!hsu::test::testWorkerPath().isEmpty(), "HSU_TEST_TESTWORKER is not set");
    }

    void fromPlan()
    {
        hsu::config::LimitsSpec spec;
        spec.process.maxFileDescriptors = 123;
        spec.priority = 7;
        spec.memory.maxVirtual = qint64(4) << 30;
        spec.cpu.maxTime = std::chrono::minutes(10);
        const LimitPlan plan = planLimits(spec, CgroupOffer{});

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString ready = dir.filePath(QStringLiteral("ready"));
        LaunchSpec launch;
        launch.program = hsu::test::testWorkerPath();
        launch.args = {QStringLiteral("--ready-file"), ready};
        launch.environment = hsu::agent::ChildEnvironment::ofThisProcess();
        launch.workingDirectory = dir.path();
        launch.limits = plan.child;

        ManagedProcess process;
        QSignalSpy finished(&process, &ManagedProcess::finished);
        process.start(launch);
        const qint64 pid = process.pid();
        QVERIFY(pid > 0);
        auto guard = qScopeGuard([&] {
            // By pid, whatever QProcess's state says: it may not have seen the start yet.
            if (finished.isEmpty()) {
                ::kill(static_cast<pid_t>(pid), SIGKILL);
                finished.wait(5000);
            }
        });
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready), 5000);

        QCOMPARE(hsu::test::limitsLine(pid, QStringLiteral("Max open files")),
                 QStringLiteral("Max open files 123 123 files"));
        QCOMPARE(hsu::test::limitsLine(pid, QStringLiteral("Max address space")),
                 QStringLiteral("Max address space 4294967296 4294967296 bytes"));
        // RLIMIT_CPU: soft 600 s, hard a second later (ManagedProcess's SIGXCPU-then-SIGKILL).
        QCOMPARE(hsu::test::limitsLine(pid, QStringLiteral("Max cpu time")),
                 QStringLiteral("Max cpu time 600 601 seconds"));
        QCOMPARE(hsu::test::statField(pid, 19), std::optional<qint64>(7)); // nice
    }
};

QTEST_GUILESS_MAIN(TestChildLimits)
#include "tst_childlimits.moc"

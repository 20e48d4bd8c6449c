// The supervisor with real worker processes (tests/helpers/testworker): restart policy and
// backoff, giving up, stopping whole process groups, missing programs, shutdown.
#include "agent/core/Supervisor.h"
#include "shared/config/Paths.h"
#include "tests/helpers/support/AgentRunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QScopeGuard>
#include <QTest>

#include <fcntl.h>
#include <unistd.h>

#include <csignal>

using namespace hsu;
using namespace hsu::agent;
using namespace std::chrono_literals;
using model::WorkerState;
using test::processAlive;
using test::readPidFile;

namespace {

QString testWorker()
{
    return qEnvironmentVariable("HSU_TEST_TESTWORKER");
}



// Lines "start <ns> <pid>" / "exit <ns> <pid>" the test worker appends with --timeline.
struct Timeline
{
    QList<qint64> starts, exits; // ns
    static Timeline read(const QString &path)
    {
        Timeline t;
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            for (const QByteArray &line : f.readAll().split('\n')) {
                const auto parts = line.split(' ');
                if (parts.size() < 2)
                    continue;
                (parts[0] == "start" ? t.starts : t.exits).append(parts[1].toLongLong());
            }
        return t;
    }
};

config::WorkerSpec worker(const QString &id, QStringList args)
{
    config::WorkerSpec w;
    w.id = id;
    w.execution.executablePath = testWorker();
    w.execution.args = std::move(args);
    w.restart.defaultRetry = {3, 0ms, 1.0};
    w.gracefulTimeout = 2s;
    return w;
}

} // namespace

class TestSupervisor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void startsWithArgsEnvironmentAndFolder();
    void startsTheProgramValidateChecks();
    void crashIsRestartedWithBackoff();
    void retriesUsedUpMeansFailed();
    void onFailureDoesNotRestartCleanExit();
    void alwaysRestartsCleanExit();
    void stopEndsGrandchildrenThatIgnoreSigterm();
    void crashLeavesNoChildrenBehind();
    void missingExecutableFailsOnlyThatWorker();
    void startFailuresNameTheirCause();
    void nonExecutableFails();
    void forbiddenOperationsAreErrorsNotSecondInstances();
    void stopDuringBackoffCancelsRestart();
    void stopsAndRestartsDuringAZeroDelayCrashLoopLeaveOneProcess();
    void userRestartMakesNewProcess();
    void upForGracePeriodEarnsAttemptsBack();
    void dependenciesStartFirst();
    void shutdownStopsEverything();
    void detailsCarrySpecAndBoundedHistory();

private:
    QString stateOf(const QString &id) const
    {
        const auto s = m_sup->worker(id);
        return s ? model::toString(s->state) : QStringLiteral("<none>");
    }
    Supervisor *make(std::vector<config::WorkerSpec> workers, std::chrono::milliseconds force = 10s);
    std::unique_ptr<QTemporaryDir> m_dir;
    Supervisor *m_sup = nullptr;
    QList<qint64> m_toKill; // pids a failed test might leave: ended in cleanup()
};

void TestSupervisor::initTestCase()
{
    QVERIFY2(QFile::exists(testWorker()), "HSU_TEST_TESTWORKER must point at the test worker");
}

void TestSupervisor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSupervisor::cleanup()
{
    if (m_sup) {
        if (!m_sup->isShuttingDown()) {
            QSignalSpy done(m_sup, &Supervisor::shutdownFinished);
            m_sup->shutdown();
            if (done.isEmpty())
                QVERIFY(done.wait(15000));
        }
        delete m_sup;
        m_sup = nullptr;
    }
    for (qint64 pid : std::as_const(m_toKill))
        if (processAlive(pid))
            ::kill(pid_t(pid), SIGKILL);
    m_toKill.clear();
    m_dir.reset();
}

Supervisor *TestSupervisor::make(std::vector<config::WorkerSpec> workers, std::chrono::milliseconds force)
{
    config::Config c;
    c.master.forceShutdownTimeout = force;
    c.workers = std::move(workers);
    AgentPaths paths;
    paths.configFile = m_dir->filePath(QStringLiteral("config.yaml"));
    paths.logDir = m_dir->path();
    paths.stateDir = m_dir->path();
    m_sup = new Supervisor(std::move(c), paths);
    return m_sup;
}

void TestSupervisor::startsWithArgsEnvironmentAndFolder()
{
    auto w = worker(QStringLiteral("env"), {QStringLiteral("--print-env"), QStringLiteral("HSU_T"),
                                            QStringLiteral("--print-cwd"), QStringLiteral("--print-args"),
                                            QStringLiteral("--run-for"), QStringLiteral("0")});
    w.execution.environment = {{QStringLiteral("HSU_T"), QStringLiteral("a value")}};
    w.execution.workingDirectory = m_dir->path();
    w.restartPolicy = config::RestartPolicy::Never;
    Supervisor *sup = make({w});
    // Without a log collector, output goes where setOutputFds says: here, a plain file.
    const QByteArray outPath = QFile::encodeName(m_dir->filePath(QStringLiteral("env-stdout.log")));
    const int fd = ::open(outPath.constData(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    QVERIFY(fd >= 0);
    const auto closeFd = qScopeGuard([fd] { ::close(fd); });
    sup->setOutputFds(QStringLiteral("env"), fd, -1);
    sup->startAll();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("env")), model::toString(WorkerState::Exited), 5000);
    QFile out(m_dir->filePath(QStringLiteral("env-stdout.log")));
    QVERIFY(out.open(QIODevice::ReadOnly));
    const QByteArray text = out.readAll();
    QVERIFY2(text.contains("HSU_T=a value"), text.constData());
    QVERIFY2(text.contains("cwd=" + m_dir->path().toUtf8()), text.constData());
    QVERIFY2(text.contains("arg=--print-cwd"), text.constData());
}

void TestSupervisor::startsTheProgramValidateChecks()
{
    // A bare program name, found only in the PATH the worker's own environment sets: the agent
    // must start what `hsuctl validate` (config::resolveExecutable / checkExecutables) checked.
    const QString bin = m_dir->filePath(QStringLiteral("bin"));
    QVERIFY(QDir().mkpath(bin));
    const QString tool = bin + QStringLiteral("/hsu-test-tool");
    QFile f(tool);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("#!/bin/sh\nexit 0\n");
    f.close();
    QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    const QString configFile = m_dir->filePath(QStringLiteral("config.yaml"));
    config::WorkerSpec w;
    w.id = QStringLiteral("tool");
    w.execution.executablePath = QStringLiteral("hsu-test-tool");
    w.execution.environment = {{QStringLiteral("PATH"), bin}};
    AgentPaths paths;
    paths.configFile = configFile;
    const LaunchSpec launch = Supervisor::launchSpecFor(w, paths, ChildEnvironment::ofThisProcess());
    QCOMPARE(launch.program, tool);
    QCOMPARE(launch.program, config::resolveExecutable(w, configFile));
    QCOMPARE(launch.workingDirectory, bin);
    config::Config c;
    c.workers = {w};
    QVERIFY(config::checkExecutables(c, configFile).isEmpty());

    // Not in that PATH: validate warns, and the agent keeps the bare name (the start fails with
    // the OS's reason).
    w.execution.environment = {{QStringLiteral("PATH"), m_dir->path()}};
    QVERIFY(config::resolveExecutable(w, configFile).isEmpty());
    QCOMPARE(Supervisor::launchSpecFor(w, paths, ChildEnvironment::ofThisProcess()).program, QStringLiteral("hsu-test-tool"));
    c.workers = {w};
    QCOMPARE(config::checkExecutables(c, configFile).size(), 1);
}

void TestSupervisor::crashIsRestartedWithBackoff()
{
    const QString tl = m_dir->filePath(QStringLiteral("timeline"));
    auto w = worker(QStringLiteral("crasher"), {QStringLiteral("--run-for"), QStringLiteral("20"),
                                                QStringLiteral("--crash"), QStringLiteral("SEGV"),
                                                QStringLiteral("--timeline"), tl});
    w.restartPolicy = config::RestartPolicy::OnFailure;
    w.restart.defaultRetry = {3, 150ms, 2.0}; // delays 150, 300, 600 ms
    QSignalSpy spy(make({w}), &Supervisor::workerStateChanged);
    m_sup->startAll();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("crasher")), model::toString(WorkerState::Failed), 20000);
    const auto st = *m_sup->worker(QStringLiteral("crasher"));
    QCOMPARE(st.restarts, 3);
    QCOMPARE(st.exitSignal, std::optional<int>(SIGSEGV));
    // The delays it chose, as each backoff announced them: doubling from 150 ms.
    QList<qint64> announced;
    for (const auto &args : spy) {
        const auto s = args.at(0).value<model::WorkerStatus>();
        if (s.state == WorkerState::Backoff)
            announced << s.nextRestartMs;
    }
    QCOMPARE(announced, (QList<qint64>{150, 300, 600}));
    // And kept: no new process before its delay was over. Later is the machine's business (a busy
    // one starts it later); several seconds late would be a hang.
    const Timeline t = Timeline::read(tl);
    QCOMPARE(t.starts.size(), 4);
    QCOMPARE(t.exits.size(), 4);
    for (int i = 0; i < 3; ++i) {
        const qint64 gapMs = (t.starts[i + 1] - t.exits[i]) / 1000000;
        qInfo("restart %d after %lld ms (delay %lld ms)", i + 1, qlonglong(gapMs), qlonglong(announced[i]));
        QVERIFY2(gapMs >= announced[i] && gapMs < announced[i] + 5000,
                 qPrintable(QStringLiteral("restart %1 after %2 ms, expected %3").arg(i).arg(gapMs).arg(announced[i])));
    }
}

void TestSupervisor::retriesUsedUpMeansFailed()
{
    auto w = worker(QStringLiteral("quitter"), {QStringLiteral("--run-for"), QStringLiteral("0"),
                                                QStringLiteral("--exit-code"), QStringLiteral("7")});
    w.restartPolicy = config::RestartPolicy::Always;
    w.restart.defaultRetry = {2, 0ms, 1.0};
    QSignalSpy spy(make({w}), &Supervisor::workerStateChanged);
    m_sup->startAll();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("quitter")), model::toString(WorkerState::Failed), 5000);
    const auto st = *m_sup->worker(QStringLiteral("quitter"));
    QCOMPARE(st.restarts, 2);
    QCOMPARE(st.exitCode, std::optional<int>(7));
    QVERIFY2(st.reason.contains(QLatin1String("gave up after 2 restarts")), qPrintable(st.reason));
    QVERIFY2(st.reason.contains(QLatin1String("exit code 7")), qPrintable(st.reason));
    // Every step was announced: starting, running, backoff ... failed.
    int backoffs = 0;
    for (const auto &args : spy)
        backoffs += args.at(0).value<model::WorkerStatus>().state == WorkerState::Backoff;
    QCOMPARE(backoffs, 2);
}

void TestSupervisor::onFailureDoesNotRestartCleanExit()
{
    auto w = worker(QStringLiteral("batch"), {QStringLiteral("--run-for"), QStringLiteral("10")});
    w.restartPolicy = config::RestartPolicy::OnFailure;
    make({w})->startAll();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("batch")), model::toString(WorkerState::Exited), 5000);
    QCOMPARE(m_sup->worker(QStringLiteral("batch"))->restarts, 0);
    QCOMPARE(m_sup->worker(QStringLiteral("batch"))->exitCode, std::optional<int>(0));
}

void TestSupervisor::alwaysRestartsCleanExit()
{
    auto w = worker(QStringLiteral("loop"), {QStringLiteral("--run-for"), QStringLiteral("10")});
    w.restartPolicy = config::RestartPolicy::Always;
    w.restart.defaultRetry = {2, 0ms, 1.0};
    make({w})->startAll();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("loop")), model::toString(WorkerState::Failed), 5000);
    QCOMPARE(m_sup->worker(QStringLiteral("loop"))->restarts, 2);
}

void TestSupervisor::stopEndsGrandchildrenThatIgnoreSigterm()
{
    const QString pidsFile = m_dir->filePath(QStringLiteral("pids"));
    auto w = worker(QStringLiteral("tree"), {QStringLiteral("--children"), QStringLiteral("2"),
                                             QStringLiteral("--grandchildren"), QStringLiteral("2"),
                                             QStringLiteral("--ignore-sigterm"),
                                             QStringLiteral("--pids-file"), pidsFile});
    w.gracefulTimeout = 400ms;
    make({w})->startAll();
    QTRY_VERIFY_WITH_TIMEOUT(readPidFile(pidsFile).size() == 7, 5000); // self + 2 children + 4 grandchildren
    const QList<qint64> pids = readPidFile(pidsFile);
    m_toKill = pids;
    for (qint64 pid : pids)
        QVERIFY(processAlive(pid));

    QElapsedTimer clock;
    clock.start();
    QVERIFY(m_sup->stop(QStringLiteral("tree")).ok());
    QCOMPARE(stateOf(QStringLiteral("tree")), model::toString(WorkerState::Stopping));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("tree")), model::toString(WorkerState::Stopped), 5000);
    QCOMPARE(m_sup->workersJson().first().toObject(), m_sup->worker(QStringLiteral("tree"))->toJson());
    // SIGTERM was ignored, so only the SIGKILL after graceful_timeout ended them.
    QVERIFY2(clock.elapsed() >= 350, qPrintable(QString::number(clock.elapsed())));
    for (qint64 pid : pids)
        QVERIFY2(!processAlive(pid), qPrintable(QStringLiteral("pid %1 survived the stop").arg(pid)));
    QVERIFY(m_sup->worker(QStringLiteral("tree"))->reason.contains(QLatin1String("killed")));
}

void TestSupervisor::crashLeavesNoChildrenBehind()
{
    const QString pidsFile = m_dir->filePath(QStringLiteral("pids"));
    auto w = worker(QStringLiteral("parent"), {QStringLiteral("--children"), QStringLiteral("2"),
                                               QStringLiteral("--pids-file"), pidsFile,
                                               QStringLiteral("--run-for"), QStringLiteral("300"),
                                               QStringLiteral("--crash"), QStringLiteral("ABRT")});
    w.restartPolicy = config::RestartPolicy::Never;
    make({w})->startAll();
    QTRY_VERIFY_WITH_TIMEOUT(readPidFile(pidsFile).size() == 3, 5000);
    const QList<qint64> pids = readPidFile(pidsFile);
    m_toKill = pids;
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("parent")), model::toString(WorkerState::Failed), 5000);
    for (qint64 pid : pids)
        QTRY_VERIFY2_WITH_TIMEOUT(!processAlive(pid), qPrintable(QStringLiteral("orphan %1 left").arg(pid)), 3000);
}

// The child reports which step failed: a program in a folder that does not exist is named as the
// program (not as the working directory, which defaults to that folder); a missing working
// directory of a program that exists is named as such.
void TestSupervisor::startFailuresNameTheirCause()
{
    auto lost = worker(QStringLiteral("lost"), {});
    lost.execution.executablePath = m_dir->filePath(QStringLiteral("no-such-dir/prog"));
    auto nowhere = worker(QStringLiteral("nowhere"), {});
    nowhere.execution.workingDirectory = m_dir->filePath(QStringLiteral("no-such-dir"));
    make({lost, nowhere})->startAll();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("lost")), model::toString(WorkerState::Failed), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("nowhere")), model::toString(WorkerState::Failed), 5000);
    const QString lostReason = m_sup->worker(QStringLiteral("lost"))->reason;
    QVERIFY2(lostReason.contains(QLatin1String("execve: No such file")), qPrintable(lostReason));
    const QString nowhereReason = m_sup->worker(QStringLiteral("nowhere"))->reason;
    QVERIFY2(nowhereReason.contains(QLatin1String("chdir: No such file")), qPrintable(nowhereReason));
}

void TestSupervisor::missingExecutableFailsOnlyThatWorker()
{
    auto bad = worker(QStringLiteral("ghost"), {});
    bad.execution.executablePath = m_dir->filePath(QStringLiteral("no-such-program"));
    auto good = worker(QStringLiteral("good"), {});
    make({bad, good})->startAll();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("ghost")), model::toString(WorkerState::Failed), 5000);
    const QString reason = m_sup->worker(QStringLiteral("ghost"))->reason;
    QVERIFY2(reason.contains(QLatin1String("no-such-program")), qPrintable(reason));
    QVERIFY2(reason.contains(QLatin1String("No such file"), Qt::CaseInsensitive), qPrintable(reason));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("good")), model::toString(WorkerState::Running), 5000);
    QVERIFY(processAlive(m_sup->worker(QStringLiteral("good"))->pid));
}

void TestSupervisor::nonExecutableFails()
{
    const QString path = m_dir->filePath(QStringLiteral("not-executable"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("#!/bin/sh\nexit 0\n");
    f.close();
    auto w = worker(QStringLiteral("noexec"), {});
    w.execution.executablePath = path;
    make({w})->startAll();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("noexec")), model::toString(WorkerState::Failed), 5000);
    const QString reason = m_sup->worker(QStringLiteral("noexec"))->reason;
    QVERIFY2(reason.contains(QLatin1String("ermission denied")), qPrintable(reason));
}

void TestSupervisor::forbiddenOperationsAreErrorsNotSecondInstances()
{
    make({worker(QStringLiteral("one"), {})})->startAll();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("one")), model::toString(WorkerState::Running), 5000);
    const qint64 pid = m_sup->worker(QStringLiteral("one"))->pid;
    const ControlResult again = m_sup->start(QStringLiteral("one"));
    QCOMPARE(again.errorCode, QStringLiteral("invalid_state"));
    QCOMPARE(again.message, QStringLiteral("worker \"one\" is already running"));
    QCOMPARE(m_sup->worker(QStringLiteral("one"))->pid, pid);
    QCOMPARE(m_sup->start(QStringLiteral("nobody")).errorCode, QStringLiteral("not_found"));

    QVERIFY(m_sup->stop(QStringLiteral("one")).ok());
    // While stopping, neither start nor restart may make a second process.
    if (m_sup->worker(QStringLiteral("one"))->state == WorkerState::Stopping) {
        QCOMPARE(m_sup->restart(QStringLiteral("one")).message, QStringLiteral("worker \"one\" is stopping"));
        QCOMPARE(m_sup->start(QStringLiteral("one")).errorCode, QStringLiteral("invalid_state"));
    }
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("one")), model::toString(WorkerState::Stopped), 5000);
    QCOMPARE(m_sup->stop(QStringLiteral("one")).message, QStringLiteral("worker \"one\" is already stopped"));
}

void TestSupervisor::stopDuringBackoffCancelsRestart()
{
    auto w = worker(QStringLiteral("slow"), {QStringLiteral("--run-for"), QStringLiteral("0"),
                                             QStringLiteral("--exit-code"), QStringLiteral("1")});
    w.restartPolicy = config::RestartPolicy::Always;
    w.restart.defaultRetry = {3, 60s, 1.0};
    make({w})->startAll();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("slow")), model::toString(WorkerState::Backoff), 5000);
    QVERIFY(m_sup->worker(QStringLiteral("slow"))->nextRestartMs > 0);
    QVERIFY(m_sup->stop(QStringLiteral("slow")).ok());
    QCOMPARE(stateOf(QStringLiteral("slow")), model::toString(WorkerState::Stopped));
}

void TestSupervisor::stopsAndRestartsDuringAZeroDelayCrashLoopLeaveOneProcess()
{
    // Zero-delay restarts are made by the exit watcher's thread (agent/process/ExitWatcher.h)
    // while this thread may be stopping or restarting the worker: whatever the interleaving, a
    // stop ends with no process and a restart with exactly one, and none is left behind.
    const QString tl = m_dir->filePath(QStringLiteral("timeline"));
    auto w = worker(QStringLiteral("loop"), {QStringLiteral("--run-for"), QStringLiteral("1"),
                                             QStringLiteral("--exit-code"), QStringLiteral("1"),
                                             QStringLiteral("--timeline"), tl});
    w.restartPolicy = config::RestartPolicy::Always;
    w.restart.defaultRetry = {1000000, 0ms, 1.0};
    make({w})->startAll();
    const auto startedPids = [&tl] {
        QList<qint64> pids;
        QFile f(tl);
        if (f.open(QIODevice::ReadOnly))
            for (const QByteArray &line : f.readAll().split('\n'))
                if (const auto parts = line.split(' '); parts.size() >= 3 && parts[0] == "start")
                    pids << parts[2].toLongLong();
        return pids;
    };
    for (int round = 0; round < 10; ++round) {
        const int before = m_sup->worker(QStringLiteral("loop"))->restarts;
        QTRY_VERIFY_WITH_TIMEOUT(m_sup->worker(QStringLiteral("loop"))->restarts >= before + 5, 10000);
        if (round % 2 == 0) {
            QVERIFY(m_sup->restart(QStringLiteral("loop")).ok());
            continue;
        }
        QVERIFY(m_sup->stop(QStringLiteral("loop")).ok());
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("loop")), model::toString(WorkerState::Stopped), 10000);
        const QList<qint64> pids = startedPids();
        QVERIFY(pids.size() > 5);
        for (qint64 pid : pids)
            QVERIFY2(!processAlive(pid), qPrintable(QStringLiteral("pid %1 outlived the stop").arg(pid)));
        QVERIFY(m_sup->start(QStringLiteral("loop")).ok());
    }
}

void TestSupervisor::userRestartMakesNewProcess()
{
    make({worker(QStringLiteral("r"), {})})->startAll();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("r")), model::toString(WorkerState::Running), 5000);
    const qint64 before = m_sup->worker(QStringLiteral("r"))->pid;
    QVERIFY(m_sup->restart(QStringLiteral("r")).ok());
    QCOMPARE(stateOf(QStringLiteral("r")), model::toString(WorkerState::Restarting));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("r")), model::toString(WorkerState::Running), 5000);
    const qint64 after = m_sup->worker(QStringLiteral("r"))->pid;
    QVERIFY(after != before);
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(before), 3000);
}

void TestSupervisor::upForGracePeriodEarnsAttemptsBack()
{
    // Each run lives 150 ms, longer than the 100 ms grace period: attempts never run out.
    auto w = worker(QStringLiteral("steady"), {QStringLiteral("--run-for"), QStringLiteral("150"),
                                               QStringLiteral("--exit-code"), QStringLiteral("1")});
    w.restartPolicy = config::RestartPolicy::OnFailure;
    w.restart.defaultRetry = {1, 0ms, 1.0};
    w.restart.startupGracePeriod = 100ms;
    make({w})->startAll();
    QTRY_VERIFY_WITH_TIMEOUT(m_sup->worker(QStringLiteral("steady"))->restarts >= 4, 5000);
    QVERIFY(m_sup->worker(QStringLiteral("steady"))->state != WorkerState::Failed);
}

void TestSupervisor::dependenciesStartFirst()
{
    const QString tl = m_dir->filePath(QStringLiteral("timeline"));
    auto db = worker(QStringLiteral("db"), {QStringLiteral("--timeline"), tl});
    auto web = worker(QStringLiteral("web"), {QStringLiteral("--timeline"), tl});
    web.dependsOn = {{QStringLiteral("db"), config::DependencyCondition::Started}};
    // web is listed first, yet db must start before it.
    QSignalSpy spy(make({web, db}), &Supervisor::workerStateChanged);
    m_sup->startAll();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("web")), model::toString(WorkerState::Running), 5000);
    QStringList order;
    for (const auto &args : spy) {
        const auto s = args.at(0).value<model::WorkerStatus>();
        if (s.state == WorkerState::Starting)
            order << s.id;
    }
    QCOMPARE(order, (QStringList{QStringLiteral("db"), QStringLiteral("web")}));
}

void TestSupervisor::shutdownStopsEverything()
{
    const QString pidsFile = m_dir->filePath(QStringLiteral("pids"));
    auto stubborn = worker(QStringLiteral("stubborn"), {QStringLiteral("--ignore-sigterm"),
                                                        QStringLiteral("--children"), QStringLiteral("1"),
                                                        QStringLiteral("--pids-file"), pidsFile});
    stubborn.gracefulTimeout = 30s; // longer than force_shutdown_timeout: the force timer must end it
    make({stubborn, worker(QStringLiteral("easy"), {})}, 500ms)->startAll();
    QTRY_VERIFY_WITH_TIMEOUT(readPidFile(pidsFile).size() == 2, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("easy")), model::toString(WorkerState::Running), 5000);
    const qint64 easy = m_sup->worker(QStringLiteral("easy"))->pid;
    QList<qint64> pids = readPidFile(pidsFile) << easy;
    m_toKill = pids;
    QSignalSpy done(m_sup, &Supervisor::shutdownFinished);
    QElapsedTimer clock;
    clock.start();
    m_sup->shutdown();
    // The force timer (500 ms) ended it, not stubborn's 30 s graceful_timeout: it waited for the
    // timer, and far less than the 30 s (the upper bound only has to tell the two apart).
    QVERIFY(done.wait(20000));
    qInfo("shutdown took %lld ms (force_shutdown_timeout 500 ms)", qlonglong(clock.elapsed()));
    QVERIFY2(clock.elapsed() >= 450, qPrintable(QString::number(clock.elapsed())));
    QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
    for (qint64 pid : pids)
        QTRY_VERIFY2_WITH_TIMEOUT(!processAlive(pid), qPrintable(QStringLiteral("pid %1 survived shutdown").arg(pid)), 10000);
}

void TestSupervisor::detailsCarrySpecAndBoundedHistory()
{
    auto w = worker(QStringLiteral("d"), {QStringLiteral("--run-for"), QStringLiteral("0"),
                                          QStringLiteral("--exit-code"), QStringLiteral("1")});
    w.execution.environment = {{QStringLiteral("A"), QStringLiteral("1")}};
    w.restartPolicy = config::RestartPolicy::Always;
    w.restart.defaultRetry = {40, 0ms, 1.0}; // 40 restarts x 3 transitions: far more than the history keeps
    make({w})->startAll();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("d")), model::toString(WorkerState::Failed), 20000);
    const QJsonObject d = m_sup->workerDetails(QStringLiteral("d"));
    const QJsonObject spec = d.value(QLatin1String("spec")).toObject();
    QCOMPARE(spec.value(QLatin1String("program")).toString(), testWorker());
    QCOMPARE(spec.value(QLatin1String("args")).toArray().size(), 4);
    QCOMPARE(spec.value(QLatin1String("environment")).toArray(), QJsonArray{QStringLiteral("A=1")});
    QCOMPARE(spec.value(QLatin1String("restart_policy")).toString(), QStringLiteral("always"));
    const QJsonArray history = d.value(QLatin1String("history")).toArray();
    QCOMPARE(history.size(), Worker::kHistorySize);
    const QJsonObject last = history.last().toObject();
    QCOMPARE(last.value(QLatin1String("to")).toString(), QStringLiteral("failed"));
    QCOMPARE(last.value(QLatin1String("from")).toString(), QStringLiteral("running"));
    QVERIFY(last.value(QLatin1String("reason")).toString().contains(QLatin1String("gave up")));
    QVERIFY(m_sup->workerDetails(QStringLiteral("nobody")).isEmpty());
    // The cached JSON follows every change.
    const QJsonArray list = m_sup->workersJson();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.first().toObject(), m_sup->worker(QStringLiteral("d"))->toJson());
}

QTEST_GUILESS_MAIN(TestSupervisor)
#include "tst_supervisor.moc"

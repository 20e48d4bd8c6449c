// Resources and limits with the real agent, real workers and the machine's real cgroups. What this
// machine does not offer is skipped with the reason printed.
#include "tests/helpers/support/AgentRunner.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <csignal>

#include <unistd.h>

using namespace hsu::test;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// utime + stime of one process, in seconds (from /proc/PID/stat, after the command's last ')').
double cpuSeconds(qint64 pid)
{
    const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const QList<QByteArray> f = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (f.size() < 13)
        return -1;
    return double(f[11].toLongLong() + f[12].toLongLong()) / double(::sysconf(_SC_CLK_TCK));
}

int statField(qint64 pid, int field) // 1-based, as proc(5) numbers them
{
    const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const QList<QByteArray> f = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return f.value(field - 3).toInt();
}

// Whether the kernel holds the process still: stopped by a signal (state T), or in a frozen cgroup
// (v2 cgroup.events "frozen 1", v1 freezer.state FROZEN).
bool heldByKernel(qint64 pid)
{
    const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const qsizetype at = stat.lastIndexOf(')') + 2;
    const char state = at > 1 && at < stat.size() ? stat.at(at) : '\0';
    if (state == 'T' || state == 't')
        return true;
    for (const QByteArray &line : readFile(QStringLiteral("/proc/%1/cgroup").arg(pid)).split('\n')) {
        const qsizetype c1 = line.indexOf(':');
        const qsizetype c2 = line.indexOf(':', c1 + 1);
        if (c1 < 0 || c2 < 0)
            continue;
        const QByteArray controllers = line.mid(c1 + 1, c2 - c1 - 1);
        const QString path = QString::fromUtf8(line.mid(c2 + 1));
        if (controllers.isEmpty()) {
            for (const QString &root : {QStringLiteral("/sys/fs/cgroup"), QStringLiteral("/sys/fs/cgroup/unified")})
                if (readFile(root + path + QStringLiteral("/cgroup.events")).contains("frozen 1"))
                    return true;
        } else if (controllers.split(',').contains("freezer")
                   && readFile(QStringLiteral("/sys/fs/cgroup/freezer") + path + QStringLiteral("/freezer.state")).trimmed() == "FROZEN") {
            return true;
        }
    }
    return false;
}

qint64 vmRss(qint64 pid)
{
    for (const QByteArray &line : readFile(QStringLiteral("/proc/%1/status").arg(pid)).split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    return -1;
}

QByteArray worker(const QByteArray &id, const QByteArray &exe, const QByteArray &args, const QByteArray &control)
{
    return "  - id: " + id + "\n"
           "    type: managed\n"
           "    unit:\n"
           "      managed:\n"
           "        control:\n"
           "          execution: { executable_path: \"" + exe + "\", args: [" + args + "] }\n" + control;
}

// Limits that act at once: no startup grace, no tolerance, sampled twice a second.
QByteArray fastLimits(const QByteArray &limits, const QByteArray &policy = "never")
{
    return "          restart_policy: " + policy + "\n"
           "          context_aware_restart:\n"
           "            startup_grace_period: 0s\n"
           "            sustained_violation_time: 0s\n"
           "            resource_violations: { max_retries: 1, retry_delay: 0s }\n"
           "          limits:\n" + limits +
           "            monitoring: { interval: 500ms }\n";
}

QJsonObject workerGet(RawClient &c, const QString &id)
{
    return c.call(QStringLiteral("workers.get"), {{QStringLiteral("id"), id}}).value(QLatin1String("result")).toObject();
}

QJsonObject resourcesNow(RawClient &c, const QString &id)
{
    return c.call(QStringLiteral("resources.get"), {{QStringLiteral("id"), id}})
        .value(QLatin1String("result")).toObject().value(QLatin1String("now")).toObject();
}

bool haveCgroups(RawClient &c)
{
    const QJsonArray b = c.call(QStringLiteral("agent.doctor")).value(QLatin1String("result")).toObject()
                             .value(QLatin1String("backends")).toArray();
    return b.contains(QStringLiteral("cgroup-v1")) || b.contains(QStringLiteral("cgroup-v2"));
}

// The limits.violation events of one worker until `until` says stop (or the timeout).
QList<QJsonObject> violations(RawClient &c, const std::function<bool(const QJsonObject &)> &until, int timeoutMs = 15000)
{
    QList<QJsonObject> got;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        const QJsonObject e = c.waitForEvent(QStringLiteral("limits.violation"), int(timeoutMs - t.elapsed()));
        if (e.isEmpty())
            break;
        got << e.value(QLatin1String("data")).toObject();
        if (until(got.constLast()))
            break;
    }
    return got;
}

} // namespace

class TestResources : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void memoryRestart();
    void memoryRunawayActedOnInTheGracePeriod();
    void memoryGracefulShutdown();
    void memoryImmediateKill();
    void cpuThrottledTo25Percent();
    void cpuThrottledWithoutQuota();
    void forkLoopNeverExceedsMaxProcesses();
    void fileDescriptorsAndPriority();
    void setsidDaemonLeavesNothing();
    void samplesAgreeWithTheKernel();
    void pauseAndResume();
    void resourcesProtocol();
    void treeGrowsAtTheDefaultInterval();
    void memberListFollowsAForkAtOnce();
};

void TestResources::initTestCase()
{
    QVERIFY2(QFile::exists(agentPath()), "HSU_TEST_HSU_AGENT must point at hsu-agent");
    QVERIFY2(QFile::exists(testWorkerPath()), "HSU_TEST_TESTWORKER must point at the test worker");
}

// A worker over max_rss with policy restart: a warning at the threshold first, then the violation
// and the restart; after resource_violations' retries, failed.
void TestResources::memoryRestart()
{
    AgentRunner agent;
    agent.writeConfig("workers:\n" + worker("hog", "@WORKER@", "\"--hog-memory\", \"150\"",
                                            fastLimits("            memory: { max_rss: 100MB, warning_threshold: 50, policy: restart }\n")));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    c.call(QStringLiteral("events.subscribe"), {{QStringLiteral("events"), QJsonArray{QStringLiteral("limits.violation"), QStringLiteral("worker.state")}}});
    const QList<QJsonObject> events = violations(c, [](const QJsonObject &e) {
        return e.value(QLatin1String("kind")).toString() == u"action";
    });
    QVERIFY2(events.size() >= 3, qPrintable(QString::number(events.size())));
    QCOMPARE(events[0].value(QLatin1String("kind")).toString(), QStringLiteral("warning"));
    QCOMPARE(events[0].value(QLatin1String("resource")).toString(), QStringLiteral("memory"));
    QCOMPARE(events[1].value(QLatin1String("kind")).toString(), QStringLiteral("violation"));
    const QJsonObject action = events.constLast();
    QCOMPARE(action.value(QLatin1String("action")).toString(), QStringLiteral("restart"));
    QVERIFY(action.value(QLatin1String("value")).toDouble() > 100 * 1024 * 1024);
    QCOMPARE(action.value(QLatin1String("limit")).toDouble(), 100.0 * 1024 * 1024);
    // max_retries 1: one restart, then it gives up.
    QTRY_COMPARE_WITH_TIMEOUT(workerGet(c, QStringLiteral("hog")).value(QLatin1String("state")).toString(),
                              QStringLiteral("failed"), 20000);
    const QJsonObject w = workerGet(c, QStringLiteral("hog"));
    QCOMPARE(w.value(QLatin1String("restarts")).toInt(), 1);
    QVERIFY2(w.value(QLatin1String("reason")).toString().contains(QLatin1String("gave up")),
             qPrintable(w.value(QLatin1String("reason")).toString()));
    QCOMPARE(agent.terminate(), 0);
}

// startup_grace_period (two minutes by default) forgives a start-up's CPU or I/O, not a runaway:
// a worker far over max_rss is restarted after spike_tolerance_time plus a sampling interval.
void TestResources::memoryRunawayActedOnInTheGracePeriod()
{
    AgentRunner agent;
    agent.writeConfig("workers:\n" + worker("hog", "@WORKER@", "\"--hog-memory\", \"150\"",
                                            "          restart_policy: never\n"
                                            "          context_aware_restart:\n"
                                            "            startup_grace_period: 2m\n"
                                            "            spike_tolerance_time: 0s\n"
                                            "            resource_violations: { max_retries: 1, retry_delay: 0s }\n"
                                            "          limits:\n"
                                            "            memory: { max_rss: 50MB, policy: restart }\n"
                                            "            monitoring: { interval: 500ms }\n"));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    c.call(QStringLiteral("events.subscribe"), {{QStringLiteral("events"), QJsonArray{QStringLiteral("limits.violation")}}});
    // A bound that catches "waits for the grace period" (120 s), not a timing.
    const QList<QJsonObject> events = violations(c, [](const QJsonObject &e) {
        return e.value(QLatin1String("kind")).toString() == u"action";
    }, 30000);
    QVERIFY(!events.isEmpty());
    QCOMPARE(events.constLast().value(QLatin1String("action")).toString(), QStringLiteral("restart"));
    QTRY_VERIFY_WITH_TIMEOUT(workerGet(c, QStringLiteral("hog")).value(QLatin1String("restarts")).toInt() >= 1, 10000);
    QCOMPARE(agent.terminate(), 0);
}

void TestResources::memoryGracefulShutdown()
{
    AgentRunner agent;
    agent.writeConfig("workers:\n" + worker("hog", "@WORKER@", "\"--hog-memory\", \"150\", \"--timeline\", \"@DIR@/tl\"",
                                            fastLimits("            memory: { max_rss: 100MB, policy: graceful_shutdown }\n", "always")));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    QTRY_COMPARE_WITH_TIMEOUT(workerGet(c, QStringLiteral("hog")).value(QLatin1String("state")).toString(),
                              QStringLiteral("failed"), 15000);
    const QJsonObject w = workerGet(c, QStringLiteral("hog"));
    QVERIFY2(w.value(QLatin1String("reason")).toString().contains(QLatin1String("graceful_shutdown")),
             qPrintable(w.value(QLatin1String("reason")).toString()));
    QCOMPARE(w.value(QLatin1String("exit_signal")).toInt(), SIGTERM); // asked, not killed
    QCOMPARE(w.value(QLatin1String("restarts")).toInt(), 0);          // restart_policy always does not apply
    QCOMPARE(agent.terminate(), 0);
}

void TestResources::memoryImmediateKill()
{
    AgentRunner agent;
    agent.writeConfig("workers:\n" + worker("hog", "@WORKER@", "\"--hog-memory\", \"300\"",
                                            fastLimits("            memory: { max_rss: 100MB, policy: immediate_kill }\n", "always")));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    QTRY_COMPARE_WITH_TIMEOUT(workerGet(c, QStringLiteral("hog")).value(QLatin1String("state")).toString(),
                              QStringLiteral("failed"), 15000);
    const QJsonObject w = workerGet(c, QStringLiteral("hog"));
    QVERIFY2(w.value(QLatin1String("reason")).toString().contains(QLatin1String("immediate_kill")),
             qPrintable(w.value(QLatin1String("reason")).toString()));
    QCOMPARE(w.value(QLatin1String("exit_signal")).toInt(), SIGKILL);
    QCOMPARE(w.value(QLatin1String("restarts")).toInt(), 0);
    qInfo("enforced by: %s", qPrintable(w.value(QLatin1String("reason")).toString()));
    QCOMPARE(agent.terminate(), 0);
}

// max_percent 25 with policy throttle: a CFS quota; the spinner gets no more than that. The quota
// is a cap the kernel keeps however busy the machine is; a busy machine can only give it less.
void TestResources::cpuThrottledTo25Percent()
{
    AgentRunner agent;
    agent.writeConfig("workers:\n" + worker("spin", "@WORKER@", "\"--spin-cpu\", \"100\"",
                                            fastLimits("            cpu: { max_percent: 25, policy: throttle }\n")));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    if (!haveCgroups(c))
        QSKIP("no cgroup cpu controller here: throttling needs a CFS quota");
    QTRY_VERIFY_WITH_TIMEOUT(workerGet(c, QStringLiteral("spin")).value(QLatin1String("pid")).toInteger() > 0, 5000);
    const qint64 pid = workerGet(c, QStringLiteral("spin")).value(QLatin1String("pid")).toInteger();
    agent.track(pid);
    // The clock's window holds the CPU readings' (started before the first, read after the last),
    // so a pause of this test between the two cannot inflate the share.
    QElapsedTimer t;
    t.start();
    const double before = cpuSeconds(pid);
    QTRY_VERIFY_WITH_TIMEOUT(t.elapsed() >= 10000, 12000);
    const double after = cpuSeconds(pid);
    const double percent = (after - before) / (double(t.elapsed()) / 1000.0) * 100.0;
    qInfo("spinner under max_percent 25: %.1f %% of one core over %.1f s", percent, double(t.elapsed()) / 1000.0);
    QVERIFY2(percent <= 30.0, qPrintable(QString::number(percent)));
    QVERIFY2(after > before, "the throttled worker got no CPU at all"); // throttled, not stopped
    QCOMPARE(agent.terminate(), 0);
}

// Without cgroups (--no-cgroups) there is no CFS quota: throttle stops and continues the worker.
// That is a feedback loop on the agent's timers and 500 ms samples, not a cap the kernel keeps: on
// a busy machine it lags, and a worker let go (it fell well under its limit at full share) runs free
// until the next sample. Half a core still tells a throttled spinner from a free one, which takes a
// whole core; how close it stays to its limit is printed. The limit is 10 %: a spinner gets more
// than that unless ten busy processes share each core, so the throttle engages on a busy machine too.
void TestResources::cpuThrottledWithoutQuota()
{
    AgentRunner agent;
    agent.setExtraArgs({QStringLiteral("--no-cgroups")});
    agent.writeConfig("workers:\n" + worker("spin", "@WORKER@", "\"--spin-cpu\", \"100\"",
                                            fastLimits("            cpu: { max_percent: 10, policy: throttle }\n")));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    QVERIFY(!haveCgroups(c));
    QTRY_VERIFY_WITH_TIMEOUT(workerGet(c, QStringLiteral("spin")).value(QLatin1String("pid")).toInteger() > 0, 5000);
    const qint64 pid = workerGet(c, QStringLiteral("spin")).value(QLatin1String("pid")).toInteger();
    agent.track(pid);
    // Let the duty cycle find its share, then measure 10 s.
    QTRY_VERIFY_WITH_TIMEOUT(agent.output().contains("SIGSTOP/SIGCONT"), 20000);
    QElapsedTimer settle;
    settle.start();
    QTRY_VERIFY_WITH_TIMEOUT(settle.elapsed() >= 3000, 5000);
    QElapsedTimer t;
    t.start();
    const double before = cpuSeconds(pid);
    QTRY_VERIFY_WITH_TIMEOUT(t.elapsed() >= 10000, 12000);
    const double after = cpuSeconds(pid);
    const double percent = (after - before) / (double(t.elapsed()) / 1000.0) * 100.0;
    qInfo("spinner under max_percent 10 without a quota: %.1f %% of one core over %.1f s", percent,
          double(t.elapsed()) / 1000.0);
    QVERIFY2(percent <= 50.0, qPrintable(QString::number(percent)));
    QVERIFY2(after > before, "the throttled worker got no CPU at all");
    // A stop still ends it promptly, stopped or not.
    c.call(QStringLiteral("workers.stop"), {{QStringLiteral("id"), QStringLiteral("spin")}});
    QTRY_COMPARE_WITH_TIMEOUT(workerGet(c, QStringLiteral("spin")).value(QLatin1String("state")).toString(),
                              QStringLiteral("stopped"), 10000);
    QCOMPARE(agent.terminate(), 0);
}

// A shell that keeps trying to start 30 background sleepers under max_processes 10 (bash retries a
// failed fork instead of giving up).
void TestResources::forkLoopNeverExceedsMaxProcesses()
{
    AgentRunner agent;
    agent.writeConfig("workers:\n" + worker("forker", "/bin/bash", "\"-c\", \"i=0; while [ $i -lt 30 ]; do sleep 60 & i=$((i+1)); done; wait\"",
                                            fastLimits("            process: { max_processes: 10 }\n")));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    if (!haveCgroups(c))
        QSKIP("no pids cgroup here: RLIMIT_NPROC would count all of this user's processes");
    int most = 0;
    QElapsedTimer t;
    t.start();
    // 4 s, and on until some have started (a busy machine forks and samples later).
    while (t.elapsed() < 4000 || (most < 5 && t.elapsed() < 30000)) {
        const int procs = resourcesNow(c, QStringLiteral("forker")).value(QLatin1String("procs")).toInt();
        most = std::max(most, procs);
        QTest::qWait(100);
    }
    qInfo("the fork loop peaked at %d processes", most);
    QVERIFY2(most >= 5, "the worker should have started some");
    QVERIFY2(most <= 10, qPrintable(QString::number(most)));
    QCOMPARE(agent.terminate(), 0);
}

void TestResources::fileDescriptorsAndPriority()
{
    AgentRunner agent;
    agent.writeConfig("workers:\n" + worker("w", "/bin/sh", "\"-c\", \"ulimit -n; exec sleep 60\"",
                                            fastLimits("            priority: 7\n"
                                                       "            process: { max_file_descriptors: 16 }\n")));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    QTRY_VERIFY_WITH_TIMEOUT(workerGet(c, QStringLiteral("w")).value(QLatin1String("pid")).toInteger() > 0, 5000);
    const qint64 pid = workerGet(c, QStringLiteral("w")).value(QLatin1String("pid")).toInteger();
    agent.track(pid);
    QTRY_COMPARE_WITH_TIMEOUT(readFile(agent.logDir() + QStringLiteral("/w-stdout.log")), QByteArray("16\n"), 5000);
    QVERIFY(readFile(QStringLiteral("/proc/%1/limits").arg(pid)).contains("Max open files            16                   16"));
    QCOMPARE(statField(pid, 19), 7); // nice
    const QJsonArray limits = c.call(QStringLiteral("resources.get"), {{QStringLiteral("id"), QStringLiteral("w")}})
                                  .value(QLatin1String("result")).toObject().value(QLatin1String("enforcement")).toArray();
    QStringList mechanisms;
    for (const QJsonValue &l : limits)
        mechanisms << l.toObject().value(QLatin1String("mechanism")).toString();
    QVERIFY2(mechanisms.contains(QStringLiteral("RLIMIT_NOFILE")) && mechanisms.contains(QStringLiteral("nice")),
             qPrintable(mechanisms.join(u',')));
    QCOMPARE(agent.terminate(), 0);
}

// A worker that double-forks a setsid() daemon: stopping it leaves nothing behind.
void TestResources::setsidDaemonLeavesNothing()
{
    AgentRunner agent;
    agent.writeConfig("workers:\n" + worker("d", "@WORKER@", "\"--setsid-daemon\", \"--children\", \"2\", \"--pids-file\", \"@DIR@/pids\"",
                                            "          restart_policy: never\n"));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    QTRY_COMPARE_WITH_TIMEOUT(readPidFile(agent.dir() + QStringLiteral("/pids")).size(), 4, 5000);
    const QList<qint64> pids = readPidFile(agent.dir() + QStringLiteral("/pids"));
    for (qint64 p : pids)
        agent.track(p);
    if (!haveCgroups(c))
        QSKIP("no cgroups here: a setsid() daemon leaves the process group, and only a cgroup holds it");
    c.call(QStringLiteral("workers.stop"), {{QStringLiteral("id"), QStringLiteral("d")}});
    QTRY_COMPARE_WITH_TIMEOUT(workerGet(c, QStringLiteral("d")).value(QLatin1String("state")).toString(),
                              QStringLiteral("stopped"), 10000);
    for (qint64 p : pids)
        QTRY_VERIFY2_WITH_TIMEOUT(!processAlive(p), qPrintable(QStringLiteral("pid %1 survived the stop").arg(p)), 3000);
    QCOMPARE(agent.terminate(), 0);
}

// What the agent samples agrees with what the kernel says: memory within 10 %, CPU time within
// what the difference between the two windows allows.
void TestResources::samplesAgreeWithTheKernel()
{
    AgentRunner agent;
    agent.writeConfig("workers:\n" + worker("m", "@WORKER@", "\"--hog-memory\", \"200\", \"--spin-cpu\", \"50\"",
                                            fastLimits("")));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    QTRY_VERIFY_WITH_TIMEOUT(resourcesNow(c, QStringLiteral("m")).value(QLatin1String("rss")).toDouble() > 200e6, 10000);
    const qint64 pid = workerGet(c, QStringLiteral("m")).value(QLatin1String("pid")).toInteger();
    agent.track(pid);
    const double sampledRss = resourcesNow(c, QStringLiteral("m")).value(QLatin1String("rss")).toDouble();
    const double kernelRss = double(vmRss(pid));
    qInfo("RSS sampled %.1f MiB, kernel %.1f MiB", sampledRss / 1048576, kernelRss / 1048576);
    QVERIFY(std::abs(sampledRss - kernelRss) <= 0.1 * kernelRss);

    // CPU: eight rounds of samples (each one's share times the time since the round before: the CPU
    // time it saw) against the kernel's own count, read here as each sample arrives. The kernel's
    // window starts and ends that much after the rounds' ("ts"); in those two stretches the
    // single-threaded worker used at most their length in CPU time, whatever the machine's load.
    // That, plus the rounding of clock ticks and milliseconds, is how far apart the two may be.
    c.call(QStringLiteral("resources.subscribe"), {{QStringLiteral("ids"), QJsonArray{QStringLiteral("m")}}});
    struct Reading
    {
        qint64 tsMs;          // the round's time
        double cpuPercent;    // its share since the round before
        qint64 readMs;        // when the kernel was read, here
        double kernelSeconds; // the kernel's count then
    };
    QList<Reading> readings;
    while (readings.size() < 9) {
        const QJsonObject e = c.waitForEvent(QStringLiteral("resources.samples"), 10000);
        QVERIFY(!e.isEmpty());
        const double kernelNow = cpuSeconds(pid);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QJsonObject s = e.value(QLatin1String("data")).toObject().value(QLatin1String("samples")).toObject()
                                  .value(QLatin1String("m")).toObject();
        QVERIFY(s.contains(QLatin1String("ts")));
        readings.append({s.value(QLatin1String("ts")).toInteger(), s.value(QLatin1String("cpu")).toDouble(), now, kernelNow});
    }
    double sampled = 0; // CPU seconds from the first round to the last, by the samples
    for (qsizetype i = 1; i < readings.size(); ++i)
        sampled += readings[i].cpuPercent / 100.0 * double(readings[i].tsMs - readings[i - 1].tsMs) / 1000.0;
    const double kernel = readings.constLast().kernelSeconds - readings.constFirst().kernelSeconds;
    const double lag = double(qAbs(readings.constFirst().readMs - readings.constFirst().tsMs)
                              + qAbs(readings.constLast().readMs - readings.constLast().tsMs)) / 1000.0;
    const double window = double(readings.constLast().tsMs - readings.constFirst().tsMs) / 1000.0;
    const double tolerance = lag + 0.05 + 0.05 * kernel; // ticks (10 ms) at both reads and ms rounding per round
    qInfo("CPU over %.1f s: sampled %.3f s (%.1f %% of one core), kernel %.3f s (%.1f %%); tolerance %.3f s",
          window, sampled, sampled / window * 100.0, kernel, kernel / window * 100.0, tolerance);
    QVERIFY(kernel > 0); // the spinner ran
    QVERIFY2(std::abs(sampled - kernel) <= tolerance, qPrintable(QStringLiteral("%1 s vs %2 s").arg(sampled).arg(kernel)));
    QCOMPARE(agent.terminate(), 0);
}

void TestResources::pauseAndResume()
{
    AgentRunner agent;
    agent.writeConfig("workers:\n" + worker("s", "@WORKER@", "\"--spin-cpu\", \"50\"", "          restart_policy: never\n"));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    QTRY_VERIFY_WITH_TIMEOUT(workerGet(c, QStringLiteral("s")).value(QLatin1String("pid")).toInteger() > 0, 5000);
    const qint64 pid = workerGet(c, QStringLiteral("s")).value(QLatin1String("pid")).toInteger();
    agent.track(pid);
    QJsonObject r = c.call(QStringLiteral("workers.pause"), {{QStringLiteral("id"), QStringLiteral("s")}});
    QCOMPARE(r.value(QLatin1String("result")).toObject().value(QLatin1String("state")).toString(), QStringLiteral("paused"));
    // A SIGSTOP or a freeze takes effect once the worker reaches the kernel, later on a busy machine:
    // wait for the kernel to say so, then it must not run at all.
    QTRY_VERIFY2_WITH_TIMEOUT(heldByKernel(pid), "the paused worker was never stopped or frozen", 10000);
    const double frozenAt = cpuSeconds(pid);
    QElapsedTimer t;
    t.start();
    QTRY_VERIFY_WITH_TIMEOUT(t.elapsed() >= 1000, 2000);
    QVERIFY2(cpuSeconds(pid) - frozenAt <= 0.02, "a paused worker kept running");
    r = c.call(QStringLiteral("workers.pause"), {{QStringLiteral("id"), QStringLiteral("s")}});
    QCOMPARE(r.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("invalid_state"));
    r = c.call(QStringLiteral("workers.resume"), {{QStringLiteral("id"), QStringLiteral("s")}});
    QCOMPARE(r.value(QLatin1String("result")).toObject().value(QLatin1String("state")).toString(), QStringLiteral("running"));
    const double resumedAt = cpuSeconds(pid);
    QTRY_VERIFY_WITH_TIMEOUT(cpuSeconds(pid) - resumedAt >= 0.1, 20000);
    // A stop of a paused worker still ends it.
    c.call(QStringLiteral("workers.pause"), {{QStringLiteral("id"), QStringLiteral("s")}});
    c.call(QStringLiteral("workers.stop"), {{QStringLiteral("id"), QStringLiteral("s")}});
    QTRY_COMPARE_WITH_TIMEOUT(workerGet(c, QStringLiteral("s")).value(QLatin1String("state")).toString(),
                              QStringLiteral("stopped"), 10000);
    QVERIFY(!processAlive(pid));
    QCOMPARE(agent.terminate(), 0);
}

void TestResources::resourcesProtocol()
{
    AgentRunner agent;
    agent.writeConfig("workers:\n" + worker("a", "@WORKER@", "", fastLimits("            memory: { max_rss: 1GB, policy: log }\n"))
                      + worker("b", "@WORKER@", "", "          restart_policy: never\n"));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    QVERIFY(c.call(QStringLiteral("resources.subscribe"), {{QStringLiteral("ids"), QJsonArray{QStringLiteral("a")}}})
                .contains(QLatin1String("result")));
    const QJsonObject e = c.waitForEvent(QStringLiteral("resources.samples"), 5000);
    const QJsonObject samples = e.value(QLatin1String("data")).toObject().value(QLatin1String("samples")).toObject();
    QVERIFY(samples.contains(QLatin1String("a")));
    QVERIFY(!samples.contains(QLatin1String("b"))); // not asked for
    QTRY_VERIFY_WITH_TIMEOUT(c.call(QStringLiteral("resources.get"), {{QStringLiteral("id"), QStringLiteral("a")}})
                                     .value(QLatin1String("result")).toObject().value(QLatin1String("points")).toArray().size() >= 2,
                             10000);
    const QJsonObject r = c.call(QStringLiteral("resources.get"), {{QStringLiteral("id"), QStringLiteral("a")},
                                                                   {QStringLiteral("resolution"), QStringLiteral("10s")}})
                              .value(QLatin1String("result")).toObject();
    QCOMPARE(r.value(QLatin1String("resolution")).toString(), QStringLiteral("10s"));
    QCOMPARE(r.value(QLatin1String("limits")).toObject().value(QLatin1String("max_rss")).toDouble(), 1024.0 * 1024 * 1024);
    QVERIFY(r.value(QLatin1String("history_bytes")).toInteger() > 0);
    QCOMPARE(c.call(QStringLiteral("resources.get"), {{QStringLiteral("id"), QStringLiteral("a")}, {QStringLiteral("resolution"), QStringLiteral("5s")}})
                 .value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
             QStringLiteral("invalid_params"));
    QCOMPARE(c.call(QStringLiteral("resources.get"), {{QStringLiteral("id"), QStringLiteral("zz")}})
                 .value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
             QStringLiteral("not_found"));
    QCOMPARE(agent.terminate(), 0);
}

// At the default 2 s interval: children that appear later are still counted (the member list is
// read again when pids.current no longer matches, or a listed process exited).
void TestResources::treeGrowsAtTheDefaultInterval()
{
    AgentRunner agent;
    // 6 s before the fork: rounds 2 s apart see the first shape at least twice, even late.
    agent.writeConfig("workers:\n" + worker("g", "/bin/bash", "\"-c\", \"sleep 6; for i in 1 2 3; do sleep 60 & done; wait\"",
                                            "          restart_policy: never\n"));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    // bash and its `sleep 3`, then bash and three sleepers.
    QTRY_COMPARE_WITH_TIMEOUT(resourcesNow(c, QStringLiteral("g")).value(QLatin1String("procs")).toInt(), 2, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(resourcesNow(c, QStringLiteral("g")).value(QLatin1String("procs")).toInt(), 4, 20000);
    QCOMPARE(agent.terminate(), 0);
}

// The agent reuses a cgroup's member list while its task count (pids.current) matches the threads
// of the listed processes. A worker that forks after a quiet spell, with nothing exiting, must
// still be counted in full within two rounds, not only at the forced re-read every fifth round.
// Counted in rounds (the samples' own times), not milliseconds: a busy machine makes rounds late,
// not fewer.
void TestResources::memberListFollowsAForkAtOnce()
{
    AgentRunner agent;
    // `read -t 4` on a FIFO opened read-write waits 4 s inside bash itself: no child to exit.
    const QByteArray script = "f=$(mktemp -u); mkfifo $f; read -t 4 <> $f; rm -f $f; "
                              "for i in 1 2 3; do sleep 60 & done; wait";
    agent.writeConfig("workers:\n" + worker("q", "/bin/bash", "\"-c\", \"" + script + "\"",
                                             "          restart_policy: never\n"
                                             "          limits:\n"
                                             "            monitoring: { interval: 500ms }\n"));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    if (!haveCgroups(c))
        QSKIP("no cgroups on this machine: the tree is found by a /proc scan every round");
    QTRY_COMPARE_WITH_TIMEOUT(resourcesNow(c, QStringLiteral("q")).value(QLatin1String("procs")).toInt(), 1, 5000);
    const qint64 bash = workerGet(c, QStringLiteral("q")).value(QLatin1String("pid")).toInteger();
    QVERIFY(bash > 0);
    QVERIFY(c.call(QStringLiteral("resources.subscribe"), {{QStringLiteral("ids"), QJsonArray{QStringLiteral("q")}}})
                .contains(QLatin1String("result")));
    auto children = [bash] {
        int n = 0;
        for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs))
            if (entry.front().isDigit() && statField(entry.toLongLong(), 4) == bash)
                ++n;
        return n;
    };
    QTRY_COMPARE_WITH_TIMEOUT(children(), 3, 10000);
    // The three exist by now. A round that began later may still have read the member list just
    // before (it is read ahead of the samples); the one after it began later still, so it must
    // count all four.
    const qint64 forked = QDateTime::currentMSecsSinceEpoch();
    int rounds = 0;
    int procs = 0;
    while (rounds < 2 && procs != 4) {
        const QJsonObject e = c.waitForEvent(QStringLiteral("resources.samples"), 10000);
        QVERIFY2(!e.isEmpty(), "no sampling round for 10 s");
        const QJsonObject s = e.value(QLatin1String("data")).toObject().value(QLatin1String("samples")).toObject()
                                  .value(QLatin1String("q")).toObject();
        if (s.value(QLatin1String("ts")).toInteger() <= forked)
            continue;
        ++rounds;
        procs = s.value(QLatin1String("procs")).toInt();
    }
    qInfo("counted %d processes in round %d after the fork (rounds every 500 ms)", procs, rounds);
    QVERIFY2(procs == 4, "the member list stayed stale past two rounds");
    QCOMPARE(agent.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestResources)
#include "tst_resources.moc"

// Workers that outlive the agent (issue 13): a new agent takes back what the last one left
// running — same pids, no second copy, every line written meanwhile in the log files — and
// restarts only what the file changed meanwhile; a record naming a pid that another program has
// now is never trusted; SIGTERM with --on-sigterm leave ends the agent alone.

#include "agent/state/StateStore.h"
#include "tests/helpers/support/AgentRunner.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTest>

#include <csignal>
#include <memory>

#include <unistd.h>

using namespace hsu::test;

namespace {

int freePort()
{
    QTcpServer s;
    return s.listen(QHostAddress::LocalHost, 0) ? s.serverPort() : 0;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QList<QByteArray> fileLines(const QString &path)
{
    QList<QByteArray> lines = readFile(path).split('\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

// Bytes a process has written (all fds), from /proc/PID/io.
qint64 bytesWritten(qint64 pid)
{
    for (const QByteArray &line : readFile(QStringLiteral("/proc/%1/io").arg(pid)).split('\n'))
        if (line.startsWith("wchar:"))
            return line.mid(6).trimmed().toLongLong();
    return -1;
}

// What "line 1\n" .. "line N\n" take.
qint64 bytesOfLines(int n)
{
    qint64 total = 0;
    for (int i = 1; i <= n; ++i)
        total += 6 + QByteArray::number(i).size();
    return total;
}

// A managed test worker; every one carries the test folder as an operand (ignored by the worker)
// so that the test can find every process of its own, and only those.
QByteArray worker(const QByteArray &id, const QByteArray &args, const QByteArray &more = {})
{
    return "  - id: " + id + R"(
    type: managed
    unit:
      managed:
        control:
          execution:
            executable_path: "@WORKER@"
            args: [)" + args + R"(, "@DIR@/mark"]
          restart_policy: on-failure
)" + more;
}

// Every running test worker started for this test folder (found by the operand above), its
// standbys left out.
QList<qint64> workerProcessesOf(const QString &dir)
{
    const QByteArray mark = (dir + QStringLiteral("/mark")).toUtf8();
    QList<qint64> pids;
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (!ok || !processAlive(pid))
            continue;
        const QList<QByteArray> argv = readFile(QStringLiteral("/proc/%1/cmdline").arg(pid)).split('\0');
        // A standby waiting to become a worker's next process (v1) carries its argv too.
        if (argv.contains(mark) && QFile::symLinkTarget(QStringLiteral("/proc/%1/exe").arg(pid)) == QFileInfo(testWorkerPath()).canonicalFilePath())
            pids << pid;
    }
    std::sort(pids.begin(), pids.end());
    return pids;
}

QHash<QString, QJsonObject> listWorkers(RawClient &c)
{
    QHash<QString, QJsonObject> out;
    const QJsonArray list = c.call(QStringLiteral("workers.list")).value(QLatin1String("result")).toObject()
                                .value(QLatin1String("workers")).toArray();
    for (const QJsonValue &v : list)
        out.insert(v.toObject().value(QLatin1String("id")).toString(), v.toObject());
    return out;
}

bool allRunning(RawClient &c, int count)
{
    const auto workers = listWorkers(c);
    if (workers.size() != count)
        return false;
    for (const QJsonObject &w : workers)
        if (w.value(QLatin1String("state")).toString() != QLatin1String("running") || w.value(QLatin1String("pid")).toInteger() <= 0)
            return false;
    return true;
}

QHash<QString, qint64> pidsOf(RawClient &c)
{
    QHash<QString, qint64> out;
    const auto workers = listWorkers(c);
    for (auto it = workers.cbegin(); it != workers.cend(); ++it)
        out.insert(it.key(), it->value(QLatin1String("pid")).toInteger());
    return out;
}

QJsonObject record(const AgentRunner &agent, const QString &id)
{
    const auto records = hsu::agent::state::StateStore(agent.stateDir()).load();
    return records.contains(id) ? records.value(id).toJson() : QJsonObject();
}

// The value of the worker's memory limit in whichever hierarchy holds it (v2 memory.max, v1
// memory.limit_in_bytes), and whether `pid` is a member there; -1 without a memory cgroup.
qint64 memoryLimitHolding(const QJsonObject &rec, qint64 pid)
{
    for (const QJsonValue &v : rec.value(QLatin1String("cgroups")).toArray()) {
        const QString dir = v.toString();
        for (const char *file : {"memory.max", "memory.limit_in_bytes"}) {
            const QByteArray value = readFile(dir + u'/' + QLatin1String(file)).trimmed();
            if (value.isEmpty())
                continue;
            const QList<QByteArray> members = readFile(dir + QStringLiteral("/cgroup.procs")).split('\n');
            return members.contains(QByteArray::number(pid)) ? value.toLongLong() : -2;
        }
    }
    return -1;
}

} // namespace

class TestAdoption : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(agentPath()), "HSU_TEST_HSU_AGENT must point at hsu-agent");
        QVERIFY2(QFile::exists(testWorkerPath()), "HSU_TEST_TESTWORKER must point at the test worker");
    }

    // The acceptance run: 100 workers of every kind, the agent killed with SIGKILL, a new one.
    void hundredWorkersTakenBackAfterKill()
    {
        AgentRunner agent;
        QByteArray yaml = "workers:\n";
        // 10 that print 2000 lines, held at line 300 until the agent is dead: lines 300..2000 are
        // written while no agent runs.
        for (int i = 0; i < 10; ++i)
            yaml += worker("gated" + QByteArray::number(i),
                           R"("--lines", "2000", "--line-interval", "1", "--gate", "300:@DIR@/no-agent", "--run-for", "600000")");
        // 10 that print all the time.
        for (int i = 0; i < 10; ++i)
            yaml += worker("chatty" + QByteArray::number(i), R"("--lines", "100000000", "--line-interval", "3")");
        // 20 under a memory limit.
        for (int i = 0; i < 20; ++i)
            yaml += worker("limited" + QByteArray::number(i), R"("--hog-memory", "4", "--run-for", "600000")",
                           "          limits:\n"
                           "            memory: { max_rss: 64MB, policy: restart }\n");
        // 5 with a health check.
        for (int i = 0; i < 5; ++i) {
            const QByteArray port = QByteArray::number(freePort());
            yaml += worker("web" + QByteArray::number(i), "\"--serve-tcp\", \"" + port + "\", \"--run-for\", \"600000\"")
                + "        health_check:\n"
                  "          type: tcp\n"
                  "          tcp: { address: \"127.0.0.1\", port: " + port + " }\n"
                  "          run_options: { interval: 300ms, timeout: 200ms, retries: 2 }\n";
        }
        // The rest idle.
        for (int i = 0; i < 55; ++i)
            yaml += worker("idle" + QByteArray::number(i), R"("--run-for", "600000")");
        agent.writeConfig(yaml);
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        QTRY_VERIFY_WITH_TIMEOUT(allRunning(c, 100), 30000);
        const QHash<QString, qint64> before = pidsOf(c);
        for (qint64 pid : before)
            agent.track(pid);
        // The gated ones have written up to their gate, and the agent has written that out.
        for (int i = 0; i < 10; ++i)
            QTRY_COMPARE_WITH_TIMEOUT(fileLines(agent.logDir() + QStringLiteral("/gated%1-stdout.log").arg(i)).size(), qsizetype(299), 15000);
        // Every record is on disk before the kill.
        QTRY_COMPARE_WITH_TIMEOUT(QDir(agent.stateDir() + QStringLiteral("/workers")).entryList(QDir::Files).size(), qsizetype(100), 10000);

        agent.crash();
        {
            QFile gate(agent.dir() + QStringLiteral("/no-agent"));
            QVERIFY(gate.open(QIODevice::WriteOnly));
        }
        // Lines 300..2000 of the gated workers, written with no agent at all.
        for (int i = 0; i < 10; ++i) {
            const qint64 pid = before.value(QStringLiteral("gated%1").arg(i));
            QTRY_VERIFY_WITH_TIMEOUT(bytesWritten(pid) >= bytesOfLines(2000), 20000);
        }
        QCOMPARE(workerProcessesOf(agent.dir()).size(), qsizetype(100));

        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c2;
        QVERIFY(c2.connectTo(agent.socketPath()) && c2.hello());
        const auto after = listWorkers(c2);
        QCOMPARE(after.size(), qsizetype(100));
        int adopted = 0;
        for (auto it = after.cbegin(); it != after.cend(); ++it) {
            QCOMPARE(it->value(QLatin1String("pid")).toInteger(), before.value(it.key()));
            QCOMPARE(it->value(QLatin1String("state")).toString(), QStringLiteral("running"));
            if (it->value(QLatin1String("adopted")).toBool())
                ++adopted;
        }
        QCOMPARE(adopted, 100);
        // Nothing started twice: the same 100 processes, no more.
        QList<qint64> expected = before.values();
        std::sort(expected.begin(), expected.end());
        QCOMPARE(workerProcessesOf(agent.dir()), expected);

        // Every gated line once, in order, the ones written while no agent ran included.
        for (int i = 0; i < 10; ++i) {
            const QString file = agent.logDir() + QStringLiteral("/gated%1-stdout.log").arg(i);
            QTRY_COMPARE_WITH_TIMEOUT(fileLines(file).size(), qsizetype(2000), 15000);
            const QList<QByteArray> lines = fileLines(file);
            for (int n = 1; n <= 2000; ++n)
                QCOMPARE(lines.at(n - 1), "line " + QByteArray::number(n));
        }
        // The ones printing all along: in order, none twice; what the killed agent had read and
        // not yet written is the only run that may be missing (counted, not bounded: it is the
        // agent's write queue at the moment of the kill).
        int lost = 0;
        for (int i = 0; i < 10; ++i) {
            const QString file = agent.logDir() + QStringLiteral("/chatty%1-stdout.log").arg(i);
            const qsizetype had = fileLines(file).size();
            QTRY_VERIFY_WITH_TIMEOUT(fileLines(file).size() > had + 5, 15000); // read on by the new agent
            int last = 0, gaps = 0;
            for (const QByteArray &line : fileLines(file)) {
                const int n = line.mid(5).toInt();
                QVERIFY2(n > last, qPrintable(QStringLiteral("%1: line %2 after line %3").arg(file).arg(n).arg(last)));
                if (n > last + 1) {
                    ++gaps;
                    lost += n - last - 1;
                }
                last = n;
            }
            QVERIFY2(gaps <= 1, qPrintable(QStringLiteral("%1: %2 separate runs of lines missing").arg(file).arg(gaps)));
        }
        qInfo("printing all along: %d lines lost with the killed agent (its write queue)", lost);

        // Limits still in force: the same cgroup, with the limit, holding the same process.
        const QJsonObject rec = record(agent, QStringLiteral("limited0"));
        const qint64 limit = memoryLimitHolding(rec, before.value(QStringLiteral("limited0")));
        if (limit == -1)
            qInfo("no memory cgroup on this machine: limits are rlimits, inherited by the process itself");
        else
            QCOMPARE(limit, qint64(64) * 1000 * 1000);
        // Health checks resumed.
        QTRY_VERIFY_WITH_TIMEOUT(listWorkers(c2).value(QStringLiteral("web0")).value(QLatin1String("health")).toString()
                                     == QLatin1String("healthy"), 15000);

        // A re-adopted worker that crashes is restarted by its policy (on-failure).
        const qint64 idlePid = before.value(QStringLiteral("idle0"));
        QVERIFY(::kill(pid_t(idlePid), SIGSEGV) == 0);
        QTRY_VERIFY_WITH_TIMEOUT(listWorkers(c2).value(QStringLiteral("idle0")).value(QLatin1String("pid")).toInteger() != idlePid
                                     && listWorkers(c2).value(QStringLiteral("idle0")).value(QLatin1String("state")).toString() == QLatin1String("running"),
                                 15000);
        const QJsonObject idle = listWorkers(c2).value(QStringLiteral("idle0"));
        QCOMPARE(idle.value(QLatin1String("adopted")).toBool(), false);
        QCOMPARE(idle.value(QLatin1String("restarts")).toInt(), 1);
        agent.track(idle.value(QLatin1String("pid")).toInteger());

        QCOMPARE(agent.terminate(60000), 0);
        QTRY_VERIFY_WITH_TIMEOUT(workerProcessesOf(agent.dir()).isEmpty(), 15000);
        QVERIFY(QDir(agent.stateDir() + QStringLiteral("/workers")).entryList(QDir::Files).isEmpty());
    }

    // A record naming a live process with another start time (its pid reused by another program):
    // that program is left alone and the worker starts anew.
    void reusedPidIsNotAdopted()
    {
        AgentRunner agent;
        agent.writeConfig("workers:\n" + worker("w", R"("--run-for", "600000")"));
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        QTRY_VERIFY_WITH_TIMEOUT(allRunning(c, 1), 10000);
        const qint64 first = pidsOf(c).value(QStringLiteral("w"));
        agent.track(first);
        QTRY_VERIFY_WITH_TIMEOUT(!record(agent, QStringLiteral("w")).isEmpty(), 5000);
        agent.crash();
        // The worker is gone, and its pid now stands for another program: a stranger with the
        // record's pid would be one; a stranger under another pid, written into the record with
        // the worker's start time, is the same case for the agent.
        ::kill(pid_t(first), SIGKILL);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(first), 5000);
        QProcess stranger;
        stranger.start(QStringLiteral("sleep"), {QStringLiteral("600")});
        QVERIFY(stranger.waitForStarted());
        hsu::agent::state::StateStore store(agent.stateDir());
        auto rec = store.load().value(QStringLiteral("w"));
        QVERIFY(rec.pid == first);
        rec.pid = stranger.processId(); // its start time stays the worker's: not this process's
        QVERIFY(store.write(rec));

        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c2;
        QVERIFY(c2.connectTo(agent.socketPath()) && c2.hello());
        QTRY_VERIFY_WITH_TIMEOUT(allRunning(c2, 1), 10000);
        const QJsonObject w = listWorkers(c2).value(QStringLiteral("w"));
        QVERIFY(w.value(QLatin1String("pid")).toInteger() != stranger.processId());
        QCOMPARE(w.value(QLatin1String("adopted")).toBool(), false);
        agent.track(w.value(QLatin1String("pid")).toInteger());
        QVERIFY(processAlive(stranger.processId()));
        QCOMPARE(agent.terminate(), 0);
        QVERIFY(processAlive(stranger.processId())); // never the agent's to stop
        stranger.kill();
        stranger.waitForFinished();
    }

    // The file edited while no agent ran: only what changed restarts; a worker that left the file
    // is stopped, not left running unwatched.
    void configEditedMeanwhile()
    {
        AgentRunner agent;
        const auto config = [](const QByteArray &changedArgs, bool withGone) {
            QByteArray yaml = "workers:\n" + worker("same1", R"("--run-for", "600000")")
                + worker("same2", R"("--run-for", "600000")") + worker("edited", changedArgs);
            if (withGone)
                yaml += worker("gone", R"("--run-for", "600000")");
            return yaml;
        };
        agent.writeConfig(config(R"("--run-for", "600000")", true));
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        QTRY_VERIFY_WITH_TIMEOUT(allRunning(c, 4), 10000);
        const QHash<QString, qint64> before = pidsOf(c);
        for (qint64 pid : before)
            agent.track(pid);
        QTRY_COMPARE_WITH_TIMEOUT(QDir(agent.stateDir() + QStringLiteral("/workers")).entryList(QDir::Files).size(), qsizetype(4), 5000);
        agent.crash();
        agent.writeConfig(config(R"("--run-for", "500000")", false));

        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c2;
        QVERIFY(c2.connectTo(agent.socketPath()) && c2.hello());
        QTRY_VERIFY_WITH_TIMEOUT(allRunning(c2, 3) && pidsOf(c2).value(QStringLiteral("edited")) != before.value(QStringLiteral("edited")), 15000);
        const auto after = listWorkers(c2);
        QCOMPARE(after.value(QStringLiteral("same1")).value(QLatin1String("pid")).toInteger(), before.value(QStringLiteral("same1")));
        QCOMPARE(after.value(QStringLiteral("same2")).value(QLatin1String("pid")).toInteger(), before.value(QStringLiteral("same2")));
        QVERIFY(after.value(QStringLiteral("same1")).value(QLatin1String("adopted")).toBool());
        QVERIFY(!after.value(QStringLiteral("edited")).value(QLatin1String("adopted")).toBool());
        agent.track(after.value(QStringLiteral("edited")).value(QLatin1String("pid")).toInteger());
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(before.value(QStringLiteral("edited"))), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(before.value(QStringLiteral("gone"))), 15000);
        QCOMPARE(workerProcessesOf(agent.dir()).size(), qsizetype(3));
        QCOMPARE(agent.terminate(), 0);
    }

    // --on-sigterm leave (the systemd user unit's stop and restart, an upgrade): the agent exits
    // at once and its workers run on; the next agent takes them back, nothing lost from their
    // output. `shutdown` still stops everything.
    void sigtermLeavesWorkersForTheNextAgent()
    {
        AgentRunner agent;
        agent.setExtraArgs({QStringLiteral("--on-sigterm"), QStringLiteral("leave")});
        agent.writeConfig("workers:\n" + worker("a", R"("--run-for", "600000")")
                          + worker("b", R"("--lines", "1000", "--line-interval", "2", "--gate", "100:@DIR@/go", "--run-for", "600000")"));
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        QTRY_VERIFY_WITH_TIMEOUT(allRunning(c, 2), 10000);
        const QHash<QString, qint64> before = pidsOf(c);
        for (qint64 pid : before)
            agent.track(pid);
        QTRY_COMPARE_WITH_TIMEOUT(fileLines(agent.logDir() + QStringLiteral("/b-stdout.log")).size(), qsizetype(99), 10000);
        {
            QFile go(agent.dir() + QStringLiteral("/go"));
            QVERIFY(go.open(QIODevice::WriteOnly));
        }
        QCOMPARE(agent.terminate(), 0); // while b prints
        QVERIFY(processAlive(before.value(QStringLiteral("a"))));
        QVERIFY(processAlive(before.value(QStringLiteral("b"))));

        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c2;
        QVERIFY(c2.connectTo(agent.socketPath()) && c2.hello());
        QCOMPARE(pidsOf(c2), before);
        QVERIFY(listWorkers(c2).value(QStringLiteral("b")).value(QLatin1String("adopted")).toBool());
        const QString file = agent.logDir() + QStringLiteral("/b-stdout.log");
        QTRY_COMPARE_WITH_TIMEOUT(fileLines(file).size(), qsizetype(1000), 15000);
        const QList<QByteArray> lines = fileLines(file);
        for (int n = 1; n <= 1000; ++n)
            QCOMPARE(lines.at(n - 1), "line " + QByteArray::number(n));

        // A deliberate shutdown stops every worker.
        QVERIFY(c2.call(QStringLiteral("agent.shutdown")).contains(QLatin1String("result")));
        QVERIFY(agent.process().waitForFinished(30000));
        QTRY_VERIFY_WITH_TIMEOUT(workerProcessesOf(agent.dir()).isEmpty(), 10000);
    }

    // SIGUSR2 (what the package's postinst sends after an upgrade): the agent runs its program
    // again in the same process, which takes the workers back. Same agent pid, same worker pids.
    void sigusr2ReplacesTheAgentInPlace()
    {
        AgentRunner agent;
        agent.writeConfig("workers:\n" + worker("a", R"("--run-for", "600000")") + worker("b", R"("--run-for", "600000")"));
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        QTRY_VERIFY_WITH_TIMEOUT(allRunning(c, 2), 10000);
        const QHash<QString, qint64> before = pidsOf(c);
        for (qint64 pid : before)
            agent.track(pid);
        const qint64 agentPid = agent.pid();
        QVERIFY(::kill(pid_t(agentPid), SIGUSR2) == 0);
        // The old connection ends with the old program; the new one answers on the same socket.
        QTRY_VERIFY_WITH_TIMEOUT(!c.isConnected(), 10000);
        std::unique_ptr<RawClient> next;
        const auto answers = [&] {
            next = std::make_unique<RawClient>();
            return next->connectTo(agent.socketPath(), 200) && next->hello();
        };
        QTRY_VERIFY_WITH_TIMEOUT(answers(), 10000);
        RawClient &c2 = *next;
        QCOMPARE(agent.pid(), agentPid);
        QCOMPARE(agent.process().state(), QProcess::Running);
        QCOMPARE(pidsOf(c2), before);
        QVERIFY(listWorkers(c2).value(QStringLiteral("a")).value(QLatin1String("adopted")).toBool());
        QVERIFY2(agent.output().contains("SIGUSR2"), agent.output().constData());
        // Still the agent process's children: their end is reaped by it, exit status and all.
        const qint64 a = before.value(QStringLiteral("a"));
        QVERIFY(::kill(pid_t(a), SIGSEGV) == 0);
        QTRY_VERIFY_WITH_TIMEOUT(listWorkers(c2).value(QStringLiteral("a")).value(QLatin1String("pid")).toInteger() != a, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(a), 5000); // reaped, not a zombie
        QCOMPARE(listWorkers(c2).value(QStringLiteral("a")).value(QLatin1String("exit_signal")).toInt(), SIGSEGV);
        agent.track(listWorkers(c2).value(QStringLiteral("a")).value(QLatin1String("pid")).toInteger());
        QCOMPARE(agent.terminate(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(workerProcessesOf(agent.dir()).isEmpty(), 10000);
    }
};

QTEST_GUILESS_MAIN(TestAdoption)
#include "tst_adoption.moc"

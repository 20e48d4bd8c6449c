// Worker output end to end: the real agent, real workers printing, real files, the real protocol.
#include "tests/helpers/support/AgentRunner.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QScopeGuard>
#include <QTest>

#include <algorithm>
#include <cstring>
#include <ctime>

#include <sys/mount.h>

using namespace hsu::test;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

qint64 fileSize(const QString &path)
{
    return QFileInfo(path).size();
}

QList<QByteArray> fileLines(const QString &path)
{
    QList<QByteArray> lines = readFile(path).split('\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

qint64 realtimeNs()
{
    timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Bytes a process has written (all fds), from /proc/PID/io.
qint64 bytesWritten(qint64 pid)
{
    const QByteArray io = readFile(QStringLiteral("/proc/%1/io").arg(pid));
    for (const QByteArray &line : io.split('\n'))
        if (line.startsWith("wchar:"))
            return line.mid(6).trimmed().toLongLong();
    return -1;
}

qint64 pidOf(RawClient &c, const QString &id)
{
    const QJsonObject r = c.call(QStringLiteral("workers.get"), {{QStringLiteral("id"), id}});
    return r.value(QLatin1String("result")).toObject().value(QLatin1String("pid")).toInteger();
}

QJsonObject workerGet(RawClient &c, const QString &id)
{
    return c.call(QStringLiteral("workers.get"), {{QStringLiteral("id"), id}}).value(QLatin1String("result")).toObject();
}

// One managed test worker; `args` is a YAML flow list's inside, `extra` more control lines.
QByteArray worker(const QByteArray &id, const QByteArray &args, const QByteArray &extra = {})
{
    return "  - id: " + id + "\n"
           "    type: managed\n"
           "    unit:\n"
           "      managed:\n"
           "        control:\n"
           "          execution: { executable_path: \"@WORKER@\", args: [" + args + "] }\n"
           "          restart_policy: never\n" + extra;
}

} // namespace

class TestLogs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void burstIsCompleteWhileAWorkerRestarts();
    void partialLastLineIsKept();
    void rotationKeepsMaxFiles();
    void filtersExcludeIncludeLevel();
    void placeholdersUnderControlLogCollection();
    void masterStdoutPrefix();
    void bufferingAndAggregation();
    void uncapturedStreamNeverBlocks();
    void fullDiskDropsAreReported();
    void unwritableLogPathIsReported();
    void readOnlyLogFolderIsReported();
    void agentKilledWhileWorkerPrints();
    void tailAndSubscribe();
};

void TestLogs::initTestCase()
{
    QVERIFY2(QFile::exists(agentPath()), "HSU_TEST_HSU_AGENT must point at hsu-agent");
    QVERIFY2(QFile::exists(testWorkerPath()), "HSU_TEST_TESTWORKER must point at the test worker");
}

// 2,000,000 lines at full speed: every one in the file, in order, once. Meanwhile another worker
// crashes 10 ms after each start, and the agent keeps restarting it: the burst must not hold up
// supervision, so at least one restart happens from start to end while the burst is still going
// (the crasher's exit, then its next process's first instruction, both before the last line is in
// the file). 10 ms, because a fast machine writes the whole burst in well under 100 ms.
// How quickly restarts happen (exit to the agent's "running", exit to the new process's main) is
// printed, not asserted: on a loaded machine it says more about the machine than the agent.
// tests/bench/run.sh measures restart latency against a bare loop.
void TestLogs::burstIsCompleteWhileAWorkerRestarts()
{
    constexpr int kLines = 2000000;
    constexpr int kLineBytes = 87;
    AgentRunner agent;
    agent.writeConfig("workers:\n"
                      + worker("burst", "\"--lines\", \"2000000\", \"--line-bytes\", \"87\", \"--run-for\", \"0\", "
                                        "\"--timeline\", \"@DIR@/burst.tl\"")
                      + worker("crasher", "\"--run-for\", \"10\", \"--crash\", \"SEGV\", \"--timeline\", \"@DIR@/crash.tl\"",
                               "          context_aware_restart: { default: { max_retries: 100000, retry_delay: 0s } }\n")
                            .replace("restart_policy: never", "restart_policy: always"));
    QVERIFY2(agent.start(), agent.output().constData());
    const QString file = agent.logDir() + QStringLiteral("/burst-stdout.log");
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    QTRY_VERIFY_WITH_TIMEOUT(fileSize(file) >= qint64(kLines) * kLineBytes, 60000);
    const qint64 burstEnd = realtimeNs();
    // The agent's own record of each restart, for the printed figures: when the new process had
    // been spawned. It keeps the last 32 transitions: the end of the burst.
    const QJsonArray history = c.call(QStringLiteral("workers.get"), {{QStringLiteral("id"), QStringLiteral("crasher")}})
                                   .value(QLatin1String("result")).toObject().value(QLatin1String("history")).toArray();
    c.call(QStringLiteral("workers.stop"), {{QStringLiteral("id"), QStringLiteral("crasher")}});
    QCOMPARE(agent.terminate(), 0);

    // Every line, in order, none twice.
    const QByteArray bytes = readFile(file);
    QCOMPARE(bytes.size(), qint64(kLines) * kLineBytes);
    const char *p = bytes.constData();
    for (int i = 1; i <= kLines; ++i) {
        const char *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(bytes.constData() + bytes.size() - p)));
        QVERIFY(nl);
        const QByteArray expected = "line " + QByteArray::number(i) + ' ';
        if (nl - p != kLineBytes - 1 || std::memcmp(p, expected.constData(), size_t(expected.size())) != 0)
            QFAIL(qPrintable(QStringLiteral("line %1 is \"%2\"").arg(i).arg(QString::fromLatin1(QByteArray(p, int(std::min<qint64>(nl - p, 40)))))));
        p = nl + 1;
    }

    // Restarts during the burst, from the crasher's own timeline: each exit to the next start.
    qint64 burstStart = 0;
    for (const QByteArray &line : readFile(agent.dir() + QStringLiteral("/burst.tl")).split('\n'))
        if (line.startsWith("start "))
            burstStart = line.split(' ').value(1).toLongLong();
    QVERIFY(burstStart > 0);
    QList<qint64> gapsUs;  // exit to the new process's main, for exits during the burst
    int restartsWithin = 0; // exit and new start both during the burst
    qint64 lastExit = 0;
    for (const QByteArray &line : readFile(agent.dir() + QStringLiteral("/crash.tl")).split('\n')) {
        const QList<QByteArray> f = line.split(' ');
        if (f.size() < 2)
            continue;
        const qint64 t = f[1].toLongLong();
        if (f[0] == "exit") {
            lastExit = t;
        } else if (f[0] == "start" && lastExit >= burstStart && lastExit <= burstEnd) {
            gapsUs << (t - lastExit) / 1000;
            restartsWithin += t <= burstEnd;
        }
    }
    std::sort(gapsUs.begin(), gapsUs.end());
    QList<qint64> spawnedMs; // the agent's "running" transitions, ms since the epoch
    for (const QJsonValue &v : history) {
        const QJsonObject t = v.toObject();
        if (t.value(QLatin1String("to")).toString() == u"running")
            spawnedMs << QDateTime::fromString(t.value(QLatin1String("time")).toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
    }
    QList<double> agentGapsMs; // only exits the kept history covers (after its first spawn)
    for (const QByteArray &line : readFile(agent.dir() + QStringLiteral("/crash.tl")).split('\n')) {
        const QList<QByteArray> f = line.split(' ');
        if (f.size() < 2 || f[0] != "exit" || f[1].toLongLong() < burstStart || f[1].toLongLong() > burstEnd)
            continue;
        const double exitMs = double(f[1].toLongLong()) / 1e6;
        if (spawnedMs.isEmpty() || exitMs < double(spawnedMs.constFirst()))
            continue;
        for (qint64 t : std::as_const(spawnedMs))
            if (double(t) + 1.0 >= exitMs) { // ms resolution: a spawn in the exit's own ms counts as 0
                agentGapsMs << std::max(0.0, double(t) - exitMs);
                break;
            }
    }
    std::sort(agentGapsMs.begin(), agentGapsMs.end());
    qInfo("burst took %.0f ms; %d restarts began during it, %d ended during it; exit to spawn (agent, last %d) "
          "median %.1f ms, max %.1f ms; exit to the new process's main median %lld us, max %lld us",
          double(burstEnd - burstStart) / 1e6, int(gapsUs.size()), restartsWithin, int(agentGapsMs.size()),
          agentGapsMs.isEmpty() ? -1.0 : agentGapsMs[agentGapsMs.size() / 2], agentGapsMs.isEmpty() ? -1.0 : agentGapsMs.constLast(),
          gapsUs.isEmpty() ? -1 : gapsUs[gapsUs.size() / 2], gapsUs.isEmpty() ? -1 : gapsUs.constLast());
    QVERIFY2(restartsWithin >= 1, "the crashing worker was not restarted while the burst went on");
}

void TestLogs::partialLastLineIsKept()
{
    AgentRunner agent;
    agent.writeConfig("workers:\n" + worker("w", "\"--print\", \"first\", \"--print-partial\", \"no newline at the end\", \"--run-for\", \"0\""));
    QVERIFY2(agent.start(), agent.output().constData());
    const QString file = agent.logDir() + QStringLiteral("/w-stdout.log");
    QTRY_COMPARE_WITH_TIMEOUT(readFile(file), QByteArray("first\nno newline at the end\n"), 10000);
    QCOMPARE(agent.terminate(), 0);
}

void TestLogs::rotationKeepsMaxFiles()
{
    AgentRunner agent;
    agent.writeConfig("workers:\n"
                      + worker("rot", "\"--lines\", \"5000\", \"--line-bytes\", \"100\", \"--run-for\", \"0\"",
                               "          log_collection:\n"
                               "            outputs:\n"
                               "              separate:\n"
                               "                stdout: [ { type: file, path: rot.log, rotation: { max_size: 100KB, max_files: 3 } } ]\n"));
    QVERIFY2(agent.start(), agent.output().constData());
    const QString base = agent.logDir() + QStringLiteral("/rot.log");
    QTRY_VERIFY_WITH_TIMEOUT(fileLines(base).value(fileLines(base).size() - 1).startsWith("line 5000 "), 10000);
    QCOMPARE(agent.terminate(), 0);
    const QStringList files = QDir(agent.logDir()).entryList({QStringLiteral("rot.log*")}, QDir::Files, QDir::Name);
    QCOMPARE(files, (QStringList{QStringLiteral("rot.log"), QStringLiteral("rot.log.1"), QStringLiteral("rot.log.2")}));
    // The newest lines, in order, across rot.log.2 -> rot.log.1 -> rot.log; none bigger than max_size.
    QList<QByteArray> lines;
    for (const QString &f : {QStringLiteral("rot.log.2"), QStringLiteral("rot.log.1"), QStringLiteral("rot.log")}) {
        QVERIFY(fileSize(agent.logDir() + u'/' + f) <= 100 * 1024);
        lines += fileLines(agent.logDir() + u'/' + f);
    }
    const int first = 5000 - int(lines.size()) + 1;
    for (int i = 0; i < lines.size(); ++i)
        QVERIFY2(lines[i].startsWith("line " + QByteArray::number(first + i) + ' '), lines[i].left(20).constData());
}

void TestLogs::filtersExcludeIncludeLevel()
{
    AgentRunner agent;
    agent.writeConfig("log_collection:\n"
                      "  default_worker:\n"
                      "    processing:\n"
                      "      filters: { level_filter: warn, exclude_patterns: [\"heartbeat\"], include_patterns: [\"^(WARN|ERROR|keep)\"] }\n"
                      "workers:\n"
                      + worker("f", "\"--print\", \"INFO starting\", \"--print\", \"WARN disk low\", \"--print\", \"ERROR failed\", "
                                    "\"--print\", \"WARN heartbeat\", \"--print\", \"DEBUG noise\", \"--print\", \"keep me\", "
                                    "\"--print\", \"drop me\", \"--run-for\", \"0\""));
    QVERIFY2(agent.start(), agent.output().constData());
    const QString file = agent.logDir() + QStringLiteral("/f-stdout.log");
    QTRY_COMPARE_WITH_TIMEOUT(readFile(file), QByteArray("WARN disk low\nERROR failed\nkeep me\n"), 10000);
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    const QJsonObject w = workerGet(c, QStringLiteral("f"));
    QCOMPARE(w.value(QLatin1String("log_lines")).toInteger(), 7);
    QCOMPARE(w.value(QLatin1String("log_filtered")).toInteger(), 4);
    QCOMPARE(agent.terminate(), 0);
}

// As HSU Master's own samples write it: log_collection under control, {worker_id} and
// {process_id} in paths, relative paths under the log folder, enhanced_plain lines.
void TestLogs::placeholdersUnderControlLogCollection()
{
    AgentRunner agent;
    agent.writeConfig("workers:\n"
                      + worker("api", "\"--print\", \"hello\", \"--print-stderr\", \"oops\", \"--run-for\", \"0\"",
                               "          log_collection:\n"
                               "            enabled: true\n"
                               "            outputs:\n"
                               "              separate:\n"
                               "                stdout: [ { type: file, path: \"{worker_id}/{process_id}-detailed.log\", format: enhanced_plain } ]\n"
                               "                stderr: [ { type: file, path: \"@DIR@/abs-{worker_id}.err\", format: json } ]\n"));
    QVERIFY2(agent.start(), agent.output().constData());
    const QString out = agent.logDir() + QStringLiteral("/api/api-detailed.log");
    QTRY_VERIFY_WITH_TIMEOUT(fileLines(out).size() == 1, 10000);
    const QByteArray line = fileLines(out).constFirst();
    // [2025-08-02T17:38:02+03:00][api][stdout] hello
    QVERIFY2(QRegularExpression(QStringLiteral(R"(^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d\]\[api\]\[stdout\] hello$)"))
                 .match(QString::fromUtf8(line)).hasMatch(),
             line.constData());
    const QString err = agent.dir() + QStringLiteral("/abs-api.err");
    QTRY_VERIFY_WITH_TIMEOUT(fileLines(err).size() == 1, 10000);
    const QJsonObject json = QJsonDocument::fromJson(fileLines(err).constFirst()).object();
    QCOMPARE(json.value(QLatin1String("worker_id")).toString(), QStringLiteral("api"));
    QCOMPARE(json.value(QLatin1String("stream")).toString(), QStringLiteral("stderr"));
    QCOMPARE(json.value(QLatin1String("line")).toString(), QStringLiteral("oops"));
    QVERIFY(!QFile::exists(agent.logDir() + QStringLiteral("/api-stdout.log"))); // the worker's block won
    QCOMPARE(agent.terminate(), 0);
}

void TestLogs::masterStdoutPrefix()
{
    AgentRunner agent;
    agent.writeConfig("log_collection:\n"
                      "  default_worker:\n"
                      "    outputs:\n"
                      "      separate:\n"
                      "        stdout: [ { type: master_stdout, prefix: \"[{worker_id} says]\" } ]\n"
                      "workers:\n"
                      + worker("echo", "\"--print\", \"hi there\", \"--run-for\", \"0\""));
    QVERIFY2(agent.start(), agent.output().constData());
    QTRY_VERIFY_WITH_TIMEOUT(agent.output().contains("\n[echo says] hi there\n"), 10000);
    QCOMPARE(agent.terminate(), 0);
}

// buffering holds lines back until max_lines or flush_interval; global_aggregation gets every
// worker's lines, each naming its worker.
void TestLogs::bufferingAndAggregation()
{
    AgentRunner agent;
    agent.writeConfig("log_collection:\n"
                      "  global_aggregation: { enabled: true, targets: [ { type: file, path: all.log } ] }\n"
                      "  default_worker:\n"
                      "    buffering: { max_lines: 5, flush_interval: 1500ms }\n"
                      "workers:\n"
                      + worker("few", "\"--lines\", \"2\", \"--run-for\", \"60000\"")
                      + worker("many", "\"--lines\", \"10\", \"--run-for\", \"60000\"",
                               "          log_collection: { buffering: { flush_interval: 60s } }\n"));
    QElapsedTimer clock;
    clock.start();
    QVERIFY2(agent.start(), agent.output().constData());
    // 10 lines reach max_lines at once: written long before the 60 s interval.
    QTRY_COMPARE_WITH_TIMEOUT(fileLines(agent.logDir() + QStringLiteral("/many-stdout.log")).size(), 10, 10000);
    // 2 lines wait for the 1.5 s interval (the worker does not exit, so nothing else flushes them).
    QTRY_COMPARE_WITH_TIMEOUT(fileLines(agent.logDir() + QStringLiteral("/few-stdout.log")).size(), 2, 10000);
    QVERIFY2(clock.elapsed() >= 1400, qPrintable(QString::number(clock.elapsed())));
    QTRY_COMPARE_WITH_TIMEOUT(fileLines(agent.logDir() + QStringLiteral("/all.log")).size(), 12, 10000);
    const QByteArray all = readFile(agent.logDir() + QStringLiteral("/all.log"));
    QCOMPARE(all.count("][few][stdout] line "), 2);
    QCOMPARE(all.count("][many][stdout] line "), 10);
    QCOMPARE(agent.terminate(), 0);
}

// capture_stdout: false sends the stream nowhere, so a worker that prints far more than a pipe
// holds still runs to its end.
void TestLogs::uncapturedStreamNeverBlocks()
{
    AgentRunner agent;
    agent.writeConfig("workers:\n"
                      + worker("quiet", "\"--lines\", \"200000\", \"--run-for\", \"0\"",
                               "          log_collection: { capture_stdout: false }\n"));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    QTRY_COMPARE_WITH_TIMEOUT(workerGet(c, QStringLiteral("quiet")).value(QLatin1String("state")).toString(),
                              QStringLiteral("exited"), 10000);
    QVERIFY(!QFile::exists(agent.logDir() + QStringLiteral("/quiet-stdout.log")));
    QCOMPARE(agent.terminate(), 0);
}

// A disk that is full (/dev/full: every write fails with ENOSPC): the worker runs on, and what was
// lost is counted, announced as an event and written to the agent's log.
void TestLogs::fullDiskDropsAreReported()
{
    AgentRunner agent;
    agent.writeConfig("workers:\n"
                      + worker("full", "\"--lines\", \"100\", \"--line-interval\", \"5\", \"--run-for\", \"60000\"",
                               "          log_collection:\n"
                               "            outputs: { separate: { stdout: [ { type: file, path: /dev/full } ] } }\n"));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    c.call(QStringLiteral("events.subscribe"), {{QStringLiteral("events"), QJsonArray{QStringLiteral("logs.dropped")}}});
    const QJsonObject event = c.waitForEvent(QStringLiteral("logs.dropped"), 10000);
    QVERIFY2(!event.isEmpty(), agent.output().constData());
    const QJsonObject data = event.value(QLatin1String("data")).toObject();
    QCOMPARE(data.value(QLatin1String("worker")).toString(), QStringLiteral("full"));
    QCOMPARE(data.value(QLatin1String("target")).toString(), QStringLiteral("/dev/full"));
    QVERIFY(data.value(QLatin1String("dropped")).toInteger() > 0);
    QVERIFY2(data.value(QLatin1String("reason")).toString().contains(QLatin1String("No space left on device")),
             qPrintable(data.value(QLatin1String("reason")).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(workerGet(c, QStringLiteral("full")).value(QLatin1String("log_dropped")).toInteger() >= 100, 10000);
    QCOMPARE(workerGet(c, QStringLiteral("full")).value(QLatin1String("state")).toString(), QStringLiteral("running"));
    // The agent's stderr comes through a pipe of its own, not in step with the socket.
    QTRY_VERIFY_WITH_TIMEOUT(agent.output().contains("log lines dropped for /dev/full"), 10000);
    // The lines themselves are still in memory for the live view.
    const QJsonObject tail = c.call(QStringLiteral("logs.tail"), {{QStringLiteral("id"), QStringLiteral("full")},
                                                                   {QStringLiteral("lines"), 1}});
    QCOMPARE(tail.value(QLatin1String("result")).toObject().value(QLatin1String("lines")).toArray().first()
                 .toObject().value(QLatin1String("text")).toString(),
             QStringLiteral("line 100"));
    QCOMPARE(agent.terminate(), 0);
}

void TestLogs::unwritableLogPathIsReported()
{
    AgentRunner agent;
    QFile blocker(agent.dir() + QStringLiteral("/not-a-folder"));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    agent.writeConfig("workers:\n"
                      + worker("w", "\"--lines\", \"3\", \"--run-for\", \"60000\"",
                               "          log_collection:\n"
                               "            outputs: { separate: { stdout: [ { type: file, path: \"@DIR@/not-a-folder/w.log\" } ] } }\n"));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    QVERIFY(c.waitForState(QStringLiteral("w"), QStringLiteral("running")) || workerGet(c, QStringLiteral("w")).value(QLatin1String("state")).toString() == u"running");
    QTRY_VERIFY_WITH_TIMEOUT(workerGet(c, QStringLiteral("w")).value(QLatin1String("log_dropped")).toInteger() == 3, 10000);
    const QJsonObject w = workerGet(c, QStringLiteral("w"));
    QCOMPARE(w.value(QLatin1String("state")).toString(), QStringLiteral("running"));
    QVERIFY2(w.value(QLatin1String("log_error")).toString().contains(QLatin1String("not-a-folder")),
             qPrintable(w.value(QLatin1String("log_error")).toString()));
    QCOMPARE(agent.terminate(), 0);
}

// A log folder on a read-only file system (a real read-only mount, where the machine lets us make one).
void TestLogs::readOnlyLogFolderIsReported()
{
    AgentRunner agent;
    const QString ro = agent.dir() + QStringLiteral("/ro");
    QVERIFY(QDir().mkpath(ro));
    if (::mount("tmpfs", QFile::encodeName(ro).constData(), "tmpfs", MS_RDONLY, "size=64k") != 0)
        QSKIP(qPrintable(QStringLiteral("cannot mount a read-only tmpfs here (%1); the not-a-folder case covers "
                                        "an unwritable log path").arg(QString::fromLocal8Bit(std::strerror(errno)))));
    const auto unmount = qScopeGuard([&] { ::umount2(QFile::encodeName(ro).constData(), MNT_DETACH); });
    agent.writeConfig("workers:\n"
                      + worker("w", "\"--lines\", \"5\", \"--run-for\", \"60000\"",
                               "          log_collection:\n"
                               "            outputs: { separate: { stdout: [ { type: file, path: \"@DIR@/ro/w.log\" } ] } }\n"));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    QTRY_VERIFY_WITH_TIMEOUT(workerGet(c, QStringLiteral("w")).value(QLatin1String("log_dropped")).toInteger() == 5, 10000);
    const QJsonObject w = workerGet(c, QStringLiteral("w"));
    QCOMPARE(w.value(QLatin1String("state")).toString(), QStringLiteral("running"));
    QVERIFY2(w.value(QLatin1String("log_error")).toString().contains(QLatin1String("Read-only file system")),
             qPrintable(w.value(QLatin1String("log_error")).toString()));
    // The agent's stderr comes through a pipe of its own, not in step with the socket.
    QTRY_VERIFY_WITH_TIMEOUT(agent.output().contains("Read-only file system"), 10000);
    QCOMPARE(agent.terminate(), 0);
}

// kill -9 the agent while a worker prints: the worker keeps writing (its FIFO never loses its
// reader, so no SIGPIPE), and the next agent reads what was written meanwhile.
void TestLogs::agentKilledWhileWorkerPrints()
{
    AgentRunner agent;
    // Two gates hold the worker where the test needs it, whatever the machine's speed: lines 501 to
    // 1500 go out once the agent is dead, and the rest once the next agent runs (what waits in the
    // FIFO outlives the agent, not the worker).
    agent.writeConfig("workers:\n" + worker("chatty", "\"--lines\", \"3000\", \"--line-interval\", \"1\", "
                                                     "\"--gate\", \"501:@DIR@/no-agent\", \"--gate\", \"1501:@DIR@/next-agent\", "
                                                     "\"--run-for\", \"0\""));
    QVERIFY2(agent.start(), agent.output().constData());
    const QString file = agent.logDir() + QStringLiteral("/chatty-stdout.log");
    QTRY_VERIFY_WITH_TIMEOUT(fileLines(file).size() >= 200, 10000);
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    const qint64 pid = pidOf(c, QStringLiteral("chatty"));
    QVERIFY(pid > 0);
    agent.track(pid);
    auto openGate = [&agent](const char *name) {
        QFile gate(agent.dir() + u'/' + QLatin1String(name));
        return gate.open(QIODevice::WriteOnly);
    };

    agent.crash();
    // What the dead agent had written, and how far the worker had got ("line N\n", one write each).
    const qsizetype inFileAtCrash = fileLines(file).size();
    const qint64 written = bytesWritten(pid);
    QVERIFY(written > 0);
    int printedAtCrash = 0;
    for (qint64 bytes = 0; printedAtCrash < 3000;) {
        bytes += 6 + QByteArray::number(printedAtCrash + 1).size();
        if (bytes > written)
            break;
        ++printedAtCrash;
    }
    // Still alive and still writing with no agent at all.
    QVERIFY(openGate("no-agent"));
    QTRY_VERIFY_WITH_TIMEOUT(bytesWritten(pid) > written + 2000, 20000);

    // The next agent, with the same state folder and config, takes the worker back (issue 13)
    // and reads on where the dead one stopped.
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c2;
    QVERIFY(c2.connectTo(agent.socketPath()) && c2.hello());
    QCOMPARE(pidOf(c2, QStringLiteral("chatty")), pid);
    QVERIFY(openGate("next-agent"));
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 20000); // it ran to its end
    QTRY_VERIFY_WITH_TIMEOUT(fileLines(file).contains("line 3000"), 10000);
    QCOMPARE(agent.terminate(), 0);

    // The first worker's lines: in order, none twice, the end there. Only lines the dead agent had
    // read but not yet written may be missing: one run, after the lines already in the file at the
    // crash, and no later than the worker had got by then. How many depends on how far behind the
    // agent's writer was at that moment (a busy machine: more), so it is printed, not bounded.
    int last = 0;
    int firstMissing = 0;
    int lastMissing = 0;
    int gaps = 0;
    for (const QByteArray &line : fileLines(file)) {
        QVERIFY2(line.startsWith("line "), line.constData());
        const int n = line.mid(5).toInt();
        QVERIFY2(n > last, qPrintable(QStringLiteral("line %1 after line %2").arg(n).arg(last)));
        if (n > last + 1) {
            ++gaps;
            firstMissing = last + 1;
            lastMissing = n - 1;
        }
        last = n;
    }
    QCOMPARE(last, 3000);
    qInfo("at the crash: %lld lines in the file, %d printed; %d lost with the agent", qlonglong(inFileAtCrash),
          printedAtCrash, gaps ? lastMissing - firstMissing + 1 : 0);
    QVERIFY2(gaps <= 1, qPrintable(QStringLiteral("%1 separate runs of lines missing").arg(gaps)));
    if (gaps == 1)
        QVERIFY2(firstMissing > inFileAtCrash && lastMissing <= printedAtCrash,
                 qPrintable(QStringLiteral("lines %1 to %2 missing; at the crash %3 were in the file and %4 printed")
                                .arg(firstMissing).arg(lastMissing).arg(inFileAtCrash).arg(printedAtCrash)));
}

void TestLogs::tailAndSubscribe()
{
    AgentRunner agent;
    agent.setExtraArgs({QStringLiteral("--log-lines"), QStringLiteral("50")});
    // One line per 10 ms; the 101st and the rest wait for the gate file, made once the
    // subscription is in: 2 s of lines that can only arrive live, however slow the machine.
    agent.writeConfig("workers:\n"
                      + worker("talk", "\"--lines\", \"300\", \"--stderr-lines\", \"2\", \"--line-interval\", \"10\", "
                                       "\"--gate\", \"101:@DIR@/gate\", \"--run-for\", \"60000\""));
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
    // Live lines arrive in batches, at most one message per 50 ms. The clock starts before the
    // subscription: n batches leave the agent 50 ms apart or more, so the last arrives at least
    // (n - 1) x 50 ms later, however late this test reads any of them.
    QElapsedTimer clock;
    clock.start();
    const QJsonObject sub = c.call(QStringLiteral("logs.subscribe"), {{QStringLiteral("ids"), QJsonArray{QStringLiteral("talk")}}});
    QVERIFY2(sub.contains(QLatin1String("result")), QJsonDocument(sub).toJson().constData());
    QFile gate(agent.dir() + QStringLiteral("/gate"));
    QVERIFY(gate.open(QIODevice::WriteOnly));
    gate.close();

    QList<qint64> arrivals;
    QList<qint64> stdoutSeqs;
    while (stdoutSeqs.value(stdoutSeqs.size() - 1) < 300 && clock.elapsed() < 60000) {
        const QJsonObject e = c.waitForEvent(QStringLiteral("logs.lines"), 10000);
        if (e.isEmpty())
            break;
        arrivals << clock.elapsed();
        for (const QJsonValue &v : e.value(QLatin1String("data")).toObject().value(QLatin1String("lines")).toArray()) {
            const QJsonObject l = v.toObject();
            QCOMPARE(l.value(QLatin1String("worker")).toString(), QStringLiteral("talk"));
            if (l.value(QLatin1String("stream")).toString() == u"stdout")
                stdoutSeqs << l.value(QLatin1String("seq")).toInteger();
        }
    }
    // The worker started printing before the subscription: live lines begin at the latest with
    // line 101 (printed after it), then every one follows, in order.
    QVERIFY(!stdoutSeqs.isEmpty());
    QVERIFY2(stdoutSeqs.constFirst() <= 101, qPrintable(QString::number(stdoutSeqs.constFirst())));
    for (int i = 1; i < stdoutSeqs.size(); ++i)
        QCOMPARE(stdoutSeqs[i], stdoutSeqs[i - 1] + 1);
    QCOMPARE(stdoutSeqs.constLast(), qint64(300));
    qInfo("%d live batches over %lld ms", int(arrivals.size()), qlonglong(arrivals.constLast()));
    QVERIFY(arrivals.size() >= 3); // 2 s of lines: not all in one or two messages
    QVERIFY2(arrivals.constLast() >= (arrivals.size() - 1) * 45,
             qPrintable(QStringLiteral("%1 batches within %2 ms").arg(arrivals.size()).arg(arrivals.constLast())));

    // logs.tail: the last N of a stream, bounded by the ring (--log-lines 50).
    QJsonObject r = c.call(QStringLiteral("logs.tail"), {{QStringLiteral("id"), QStringLiteral("talk")},
                                                          {QStringLiteral("lines"), 3},
                                                          {QStringLiteral("stream"), QStringLiteral("stdout")}});
    QJsonArray lines = r.value(QLatin1String("result")).toObject().value(QLatin1String("lines")).toArray();
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0].toObject().value(QLatin1String("text")).toString(), QStringLiteral("line 298"));
    QCOMPARE(lines[2].toObject().value(QLatin1String("text")).toString(), QStringLiteral("line 300"));
    r = c.call(QStringLiteral("logs.tail"), {{QStringLiteral("id"), QStringLiteral("talk")},
                                             {QStringLiteral("stream"), QStringLiteral("stderr")}});
    lines = r.value(QLatin1String("result")).toObject().value(QLatin1String("lines")).toArray();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[1].toObject().value(QLatin1String("stream")).toString(), QStringLiteral("stderr"));
    r = c.call(QStringLiteral("logs.tail"), {{QStringLiteral("id"), QStringLiteral("talk")}, {QStringLiteral("lines"), 10000}});
    QCOMPARE(r.value(QLatin1String("result")).toObject().value(QLatin1String("lines")).toArray().size(), 50);
    r = c.call(QStringLiteral("logs.tail"), {{QStringLiteral("id"), QStringLiteral("nobody")}});
    QCOMPARE(r.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("not_found"));
    r = c.call(QStringLiteral("logs.tail"), {{QStringLiteral("stream"), QStringLiteral("both")}});
    QCOMPARE(r.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("invalid_params"));
    QCOMPARE(agent.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestLogs)
#include "tst_logs.moc"

// Health checks with the real agent and real servers (issue 12, first part): an http check on a
// worker that serves HTTP is healthy; the server frozen (SIGSTOP) turns it degraded, then
// unhealthy, and the worker is restarted and healthy again; a tcp check on a port nobody serves is
// unhealthy with the reason, restarted with health_failures' settings until they are used up
// (failed); a process check waits for its initial delay; hsuctl shows the verdict.

#include "tests/helpers/support/AgentRunner.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace hsu::test;

namespace {

// A port free now (bound, then let go): what the test's own server then listens on.
int freePort()
{
    QTcpServer s;
    return s.listen(QHostAddress::LocalHost, 0) ? s.serverPort() : 0;
}

QByteArray worker(const QByteArray &id, const QByteArray &args, const QByteArray &check, const QByteArray &control = {})
{
    return "  - id: " + id + R"(
    type: managed
    unit:
      managed:
        control:
          execution:
            executable_path: "@WORKER@"
            args: [)" + args + R"(]
          restart_policy: always
)" + control + "        health_check:\n" + check;
}

// An idle worker "web" that depends on db being healthy.
QByteArray webNeedingHealthyDb()
{
    return "  - id: web\n"
           "    type: managed\n"
           "    depends_on: { db: { condition: healthy } }\n"
           "    unit: { managed: { control: { execution: { executable_path: \"@WORKER@\", args: [\"--run-for\", \"600000\"] } } } }\n";
}

} // namespace

class TestHealth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(agentPath()), "HSU_TEST_HSU_AGENT must point at hsu-agent");
        QVERIFY2(QFile::exists(testWorkerPath()), "HSU_TEST_TESTWORKER must point at the test worker");
    }

    void httpFrozenServerTurnsUnhealthyAndIsRestarted()
    {
        const QByteArray port = QByteArray::number(freePort());
        AgentRunner agent;
        agent.writeConfig("workers:\n"
                          + worker("web", "\"--serve-http\", \"" + port + "\"",
                                   "          type: http\n"
                                   "          http: { url: \"http://127.0.0.1:" + port + "/\" }\n"
                                   "          run_options: { interval: 300ms, timeout: 200ms, retries: 2 }\n",
                                   "          context_aware_restart:\n"
                                   "            health_failures: { max_retries: 5, retry_delay: 100ms, backoff_rate: 1 }\n"));
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        QVERIFY(c.call(QStringLiteral("events.subscribe"), {{QStringLiteral("events"), QJsonArray{QStringLiteral("worker.state")}}})
                    .contains(QLatin1String("result")));
        const auto web = [&c] { return workerIn(c.call(QStringLiteral("workers.list")), QStringLiteral("web")); };
        QTRY_COMPARE_WITH_TIMEOUT(web().value(QLatin1String("health")).toString(), QStringLiteral("healthy"), 15000);
        const qint64 first = web().value(QLatin1String("pid")).toInteger();
        agent.track(first);

        // hsuctl says so too, in its table and in --json.
        QProcess ctl;
        ctl.start(hsuctlPath(), {QStringLiteral("--socket"), agent.socketPath(), QStringLiteral("status")});
        QVERIFY(ctl.waitForFinished(15000));
        const QByteArray table = ctl.readAllStandardOutput();
        QVERIFY2(table.contains("HEALTH") && table.contains("healthy"), table.constData());
        ctl.start(hsuctlPath(), {QStringLiteral("--socket"), agent.socketPath(), QStringLiteral("--json"), QStringLiteral("status")});
        QVERIFY(ctl.waitForFinished(15000));
        QCOMPARE(QJsonDocument::fromJson(ctl.readAllStandardOutput()).array().first().toObject().value(QLatin1String("health")).toString(),
                 QStringLiteral("healthy"));

        // Frozen: the next runs time out; one failure is degraded, the second unhealthy.
        QCOMPARE(::kill(pid_t(first), SIGSTOP), 0);
        QStringList verdicts;
        QElapsedTimer waited;
        waited.start();
        while (!verdicts.contains(QLatin1String("unhealthy")) && waited.elapsed() < 20000) {
            const QJsonObject e = c.waitForEvent(QStringLiteral("worker.state"), 20000);
            const QJsonObject s = e.value(QLatin1String("data")).toObject();
            const QString h = s.value(QLatin1String("health")).toString();
            if (s.value(QLatin1String("pid")).toInteger() == first && (verdicts.isEmpty() || verdicts.last() != h))
                verdicts << h;
        }
        QVERIFY2(verdicts.contains(QLatin1String("unhealthy")), qPrintable(verdicts.join(u',')));
        QVERIFY2(verdicts.indexOf(QLatin1String("degraded")) >= 0
                     && verdicts.indexOf(QLatin1String("degraded")) < verdicts.indexOf(QLatin1String("unhealthy")),
                 qPrintable(verdicts.join(u',')));
        // Restarted for it: a new process, healthy again; the frozen one is gone.
        QTRY_VERIFY_WITH_TIMEOUT(web().value(QLatin1String("pid")).toInteger() != first
                                     && web().value(QLatin1String("health")).toString() == QLatin1String("healthy"),
                                 15000);
        QVERIFY(web().value(QLatin1String("restarts")).toInt() >= 1);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(first), 10000);

        // hsuctl health: the check, and its last results with latency and reason, the failures
        // among them (what the frozen server did), read through the same type as the GUI.
        ctl.start(hsuctlPath(), {QStringLiteral("--socket"), agent.socketPath(), QStringLiteral("--json"), QStringLiteral("health"),
                                 QStringLiteral("web")});
        QVERIFY(ctl.waitForFinished(15000));
        QCOMPARE(ctl.exitCode(), 0);
        const QJsonObject report = QJsonDocument::fromJson(ctl.readAllStandardOutput()).object();
        QCOMPARE(report.value(QLatin1String("check")).toObject().value(QLatin1String("kind")).toString(), QStringLiteral("http"));
        QCOMPARE(report.value(QLatin1String("check")).toObject().value(QLatin1String("target")).toString(),
                 QStringLiteral("GET http://127.0.0.1:") + QString::fromLatin1(port) + QLatin1Char('/'));
        QStringList seen;
        int timedOut = 0; // the frozen server's (the new process may refuse once before it listens)
        for (const QJsonValue &v : report.value(QLatin1String("results")).toArray()) {
            const QJsonObject r = v.toObject();
            QVERIFY(r.value(QLatin1String("latency_ms")).isDouble());
            if (!r.value(QLatin1String("ok")).toBool()) {
                QVERIFY(!r.value(QLatin1String("reason")).toString().isEmpty());
                timedOut += r.value(QLatin1String("reason")).toString().contains(QLatin1String("within 200 ms")) ? 1 : 0;
            }
            seen << r.value(QLatin1String("verdict")).toString();
        }
        QVERIFY(timedOut >= 2);
        QVERIFY2(seen.contains(QLatin1String("healthy")) && seen.contains(QLatin1String("degraded"))
                     && seen.contains(QLatin1String("unhealthy")),
                 qPrintable(seen.join(u',')));
        QVERIFY(report.value(QLatin1String("failures")).toInt() >= 2);
        ctl.start(hsuctlPath(), {QStringLiteral("--socket"), agent.socketPath(), QStringLiteral("health"), QStringLiteral("web")});
        QVERIFY(ctl.waitForFinished(15000));
        const QByteArray text = ctl.readAllStandardOutput();
        QVERIFY2(text.contains("check: http GET http://127.0.0.1:") && text.contains("LATENCY") && text.contains("fail"), text.constData());
        ctl.start(hsuctlPath(), {QStringLiteral("--socket"), agent.socketPath(), QStringLiteral("health"), QStringLiteral("nosuch")});
        QVERIFY(ctl.waitForFinished(15000));
        QCOMPARE(ctl.exitCode(), 1);
        QVERIFY(ctl.readAllStandardError().contains("no worker \"nosuch\""));
        QCOMPARE(agent.terminate(), 0);
    }

    void tcpRefusedIsUnhealthyUntilItsAttemptsAreUsedUp()
    {
        const QByteArray port = QByteArray::number(freePort()); // nobody listens there
        AgentRunner agent;
        agent.writeConfig("workers:\n"
                          + worker("db", "\"--run-for\", \"600000\"",
                                   "          type: tcp\n"
                                   "          tcp: { address: 127.0.0.1, port: " + port + " }\n"
                                   "          run_options: { interval: 200ms, timeout: 100ms, retries: 1 }\n",
                                   "          context_aware_restart:\n"
                                   "            health_failures: { max_retries: 2, retry_delay: 50ms, backoff_rate: 1 }\n"));
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        const auto db = [&c] { return workerIn(c.call(QStringLiteral("workers.list")), QStringLiteral("db")); };
        // Restarted twice for its health, then given up on: failed, and it says why.
        QTRY_COMPARE_WITH_TIMEOUT(db().value(QLatin1String("state")).toString(), QStringLiteral("failed"), 20000);
        const QJsonObject s = db();
        QCOMPARE(s.value(QLatin1String("restarts")).toInt(), 2);
        QVERIFY2(s.value(QLatin1String("reason")).toString().contains(QLatin1String("health check failed")),
                 qPrintable(s.value(QLatin1String("reason")).toString()));
        QVERIFY2(s.value(QLatin1String("reason")).toString().contains(QLatin1String("127.0.0.1:") + QString::fromLatin1(port)),
                 qPrintable(s.value(QLatin1String("reason")).toString()));
        QCOMPARE(agent.terminate(), 0);
    }

    // depends_on {condition: healthy}: the dependant starts once its dependency's check passed,
    // not when the dependency merely runs.
    void dependantStartsOnceItsDependencyIsHealthy()
    {
        AgentRunner agent;
        agent.writeConfig("workers:\n"
                          + worker("db", "\"--run-for\", \"600000\"",
                                   "          type: process\n"
                                   "          run_options: { interval: 300ms, timeout: 100ms, initial_delay: 1200ms }\n")
                          + webNeedingHealthyDb());
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        const auto status = [&c](const char *id) { return workerIn(c.call(QStringLiteral("workers.list")), QString::fromLatin1(id)); };
        // While db runs but has no verdict yet, web says what it waits for.
        if (status("web").value(QLatin1String("state")).toString() != QLatin1String("running"))
            QTRY_COMPARE_WITH_TIMEOUT(status("web").value(QLatin1String("reason")).toString(), QStringLiteral("waiting for db: healthy"), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(status("web").value(QLatin1String("state")).toString(), QStringLiteral("running"), 15000);
        QCOMPARE(status("db").value(QLatin1String("health")).toString(), QStringLiteral("healthy"));
        const auto startedAt = [&](const char *id) {
            return QDateTime::fromString(status(id).value(QLatin1String("started_at")).toString(), Qt::ISODateWithMs);
        };
        // Not before db's first check, which waits 1200 ms from db's start: a lower bound.
        QVERIFY2(startedAt("db").msecsTo(startedAt("web")) >= 1200,
                 qPrintable(QStringLiteral("web started %1 ms after db").arg(startedAt("db").msecsTo(startedAt("web")))));
        QCOMPARE(agent.terminate(), 0);
    }

    // A dependency that is not healthy keeps its dependant waiting, and the dependant says why;
    // once the dependency turns healthy, the dependant starts.
    void dependantWaitsWithTheReasonAndStartsOnceHealthy()
    {
        QTcpServer later; // what db's check dials: nobody listens there yet
        const QByteArray port = QByteArray::number(freePort());
        AgentRunner agent;
        agent.writeConfig("workers:\n"
                          + worker("db", "\"--run-for\", \"600000\"",
                                   "          type: tcp\n"
                                   "          tcp: { address: 127.0.0.1, port: " + port + " }\n"
                                   "          run_options: { interval: 300ms, timeout: 200ms, retries: 1000 }\n")
                          + webNeedingHealthyDb());
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        const auto status = [&c](const char *id) { return workerIn(c.call(QStringLiteral("workers.list")), QString::fromLatin1(id)); };
        QTRY_VERIFY_WITH_TIMEOUT(status("web").value(QLatin1String("reason")).toString().contains(QLatin1String("(db is degraded)")),
                                 15000);
        QVERIFY2(status("web").value(QLatin1String("reason")).toString().startsWith(QLatin1String("waiting for db: healthy")),
                 qPrintable(status("web").value(QLatin1String("reason")).toString()));
        QCOMPARE(status("web").value(QLatin1String("pid")).toInteger(), 0);
        agent.track(status("db").value(QLatin1String("pid")).toInteger());
        // Something listens now: db turns healthy, web starts.
        QVERIFY(later.listen(QHostAddress::LocalHost, quint16(port.toInt())));
        QTRY_COMPARE_WITH_TIMEOUT(status("web").value(QLatin1String("state")).toString(), QStringLiteral("running"), 15000);
        QCOMPARE(status("db").value(QLatin1String("health")).toString(), QStringLiteral("healthy"));
        agent.track(status("web").value(QLatin1String("pid")).toInteger());
        QCOMPARE(agent.terminate(), 0);
    }

    // Shutdown stops dependants first: web (depends on db) and cache (depends on web) are stopped
    // and gone before db's stop begins; the event order shows it.
    void shutdownStopsInReverseDependencyOrder()
    {
        AgentRunner agent;
        const QByteArray unit = "    unit: { managed: { control: { execution: { executable_path: \"@WORKER@\", "
                                "args: [\"--run-for\", \"600000\"] }, graceful_timeout: 5s } } }\n";
        agent.writeConfig("workers:\n"
                          "  - id: db\n    type: managed\n" + unit
                          + "  - id: web\n    type: managed\n    depends_on: [db]\n" + unit
                          + "  - id: cache\n    type: managed\n    depends_on: [web]\n" + unit
                          + "  - id: lone\n    type: managed\n" + unit);
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        const auto state = [&c](const char *id) {
            return workerIn(c.call(QStringLiteral("workers.list")), QString::fromLatin1(id)).value(QLatin1String("state")).toString();
        };
        for (const char *id : {"db", "web", "cache", "lone"})
            QTRY_COMPARE_WITH_TIMEOUT(state(id), QStringLiteral("running"), 15000);
        for (const char *id : {"db", "web", "cache", "lone"})
            agent.track(workerIn(c.call(QStringLiteral("workers.list")), QString::fromLatin1(id)).value(QLatin1String("pid")).toInteger());
        QVERIFY(c.call(QStringLiteral("events.subscribe"), {{QStringLiteral("events"), QJsonArray{QStringLiteral("worker.state")}}})
                    .contains(QLatin1String("result")));
        QVERIFY(c.call(QStringLiteral("agent.shutdown")).contains(QLatin1String("result")));
        QStringList order; // "web stopping", "web stopped", ...
        QElapsedTimer waited;
        waited.start();
        while (order.filter(QStringLiteral(" stopped")).size() < 4 && waited.elapsed() < 20000) {
            const QJsonObject e = c.waitForEvent(QStringLiteral("worker.state"), 20000);
            if (e.isEmpty())
                break;
            const QJsonObject s = e.value(QLatin1String("data")).toObject();
            const QString entry = s.value(QLatin1String("id")).toString() + QLatin1Char(' ') + s.value(QLatin1String("state")).toString();
            if (!order.contains(entry))
                order << entry;
        }
        const auto at = [&order](const char *entry) { return order.indexOf(QString::fromLatin1(entry)); };
        QVERIFY2(at("cache stopped") >= 0 && at("web stopped") >= 0 && at("db stopped") >= 0 && at("lone stopped") >= 0,
                 qPrintable(order.join(u',')));
        QVERIFY2(at("cache stopped") < at("web stopping") && at("web stopped") < at("db stopping"), qPrintable(order.join(u',')));
        QCOMPARE(agent.terminate(), 0);
    }

    // exec: the command's exit code decides; one that hangs is killed at the timeout with
    // everything it started (its own process group).
    void execExitCodeDecidesAndAHangIsKilledWithItsChildren()
    {
        QTemporaryDir dir;
        const QString pids = dir.filePath(QStringLiteral("check.pids"));
        AgentRunner agent;
        agent.writeConfig("workers:\n"
                          + worker("ok", "\"--run-for\", \"600000\"",
                                   "          type: exec\n"
                                   "          exec: { command: \"@WORKER@\", args: [\"--run-for\", \"0\", \"--exit-code\", \"0\"] }\n"
                                   "          run_options: { interval: 500ms, timeout: 400ms }\n")
                          + worker("hung", "\"--run-for\", \"600000\"",
                                   "          type: exec\n"
                                   "          exec: { command: \"@WORKER@\", args: [\"--children\", \"2\", \"--pids-file\", \""
                                       + pids.toUtf8() + "\", \"--run-for\", \"600000\"] }\n"
                                   "          run_options: { interval: 2s, timeout: 500ms }\n",
                                   "          context_aware_restart:\n"
                                   "            health_failures: { max_retries: 0 }\n"));
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        const auto status = [&c](const char *id) { return workerIn(c.call(QStringLiteral("workers.list")), QString::fromLatin1(id)); };
        QTRY_COMPARE_WITH_TIMEOUT(status("ok").value(QLatin1String("health")).toString(), QStringLiteral("healthy"), 15000);
        // The hung check: its processes exist while it runs, then the timeout ends them all.
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(pids), 15000);
        QFile f(pids);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QList<qint64> started;
        for (const QByteArray &line : f.readAll().split('\n'))
            if (!line.trimmed().isEmpty())
                started << line.trimmed().toLongLong();
        QCOMPARE(started.size(), 3);
        for (qint64 pid : std::as_const(started))
            agent.track(pid);
        QTRY_COMPARE_WITH_TIMEOUT(status("hung").value(QLatin1String("state")).toString(), QStringLiteral("failed"), 15000);
        QVERIFY2(status("hung").value(QLatin1String("reason")).toString().contains(QLatin1String("within 500 ms")),
                 qPrintable(status("hung").value(QLatin1String("reason")).toString()));
        for (qint64 pid : std::as_const(started))
            QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 10000);
        QCOMPARE(agent.terminate(), 0);
    }

    void processCheckWaitsForItsInitialDelay()
    {
        AgentRunner agent;
        agent.writeConfig("workers:\n"
                          + worker("idle", "\"--run-for\", \"600000\"",
                                   "          type: process\n"
                                   "          run_options: { interval: 300ms, timeout: 100ms, initial_delay: 1500ms }\n"));
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        const auto idle = [&c] { return workerIn(c.call(QStringLiteral("workers.list")), QStringLiteral("idle")); };
        QTRY_COMPARE_WITH_TIMEOUT(idle().value(QLatin1String("health")).toString(), QStringLiteral("healthy"), 15000);
        // Not before its initial delay: a lower bound, true on any machine.
        const QDateTime started = QDateTime::fromString(idle().value(QLatin1String("started_at")).toString(), Qt::ISODateWithMs);
        QVERIFY(started.isValid());
        QVERIFY2(started.msecsTo(QDateTime::currentDateTime()) >= 1500, "healthy before its initial delay");
        QCOMPARE(idle().value(QLatin1String("restarts")).toInt(), 0);
        QCOMPARE(agent.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHealth)
#include "tst_health.moc"

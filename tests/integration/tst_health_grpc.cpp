// gRPC health checks and integrated workers with the real agent and real servers (issue 12):
// a real grpc.health.v1 server (Debian's python3-grpcio, tests/helpers/grpc/health_server.py) run
// as a worker is healthy while it says SERVING and unhealthy with the reason when it says
// NOT_SERVING, does not know the service (5), has no health service (12), does not listen, or is
// frozen (the timeout); an integrated worker (our test worker answering proto.CoreService/Ping)
// gets a free port as `--port N`, `<id>.port` in the state folder, and is healthy.

#include "tests/helpers/support/AgentRunner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace hsu::test;

namespace {

const char *const kPython = "/usr/bin/python3"; // Debian's, with grpc (a python3 earlier in PATH may lack it)

int freePort()
{
    QTcpServer s;
    return s.listen(QHostAddress::LocalHost, 0) ? s.serverPort() : 0;
}

QByteArray serverScript()
{
    return QDir(QStringLiteral(HSU_SOURCE_DIR)).filePath(QStringLiteral("tests/helpers/grpc/health_server.py")).toUtf8();
}

// A worker that runs the health server with `serverArgs`, checked with `grpc` (the check's grpc
// mapping) on `options`. Times are generous: Python's grpc takes a while to start on a loaded
// machine, and a refused first check must not end the test's worker before it answered; a
// health failure restarts it after a second, up to ten times.
QByteArray grpcWorker(const QByteArray &id, const QByteArray &serverArgs, const QByteArray &grpc,
                      const QByteArray &options = "{ interval: 1500ms, timeout: 1s, retries: 2, initial_delay: 500ms }")
{
    return "  - id: " + id + "\n"
           "    type: managed\n"
           "    unit:\n"
           "      managed:\n"
           "        control:\n"
           "          execution: { executable_path: \"" + QByteArray(kPython) + "\", args: [\"" + serverScript() + "\", " + serverArgs + "] }\n"
           "          restart_policy: always\n"
           "          context_aware_restart:\n"
           "            health_failures: { max_retries: 10, retry_delay: 1s, backoff_rate: 1 }\n"
           "        health_check:\n"
           "          type: grpc\n"
           "          grpc: " + grpc + "\n"
           "          run_options: " + options + "\n";
}

// Waits (reading worker.state events) until worker `id` reports a health_reason containing `text`;
// returns the reason, or what was last seen.
QString waitForHealthReason(RawClient &c, const QString &id, const QString &text, int timeoutMs = 60000)
{
    QElapsedTimer waited;
    waited.start();
    QString last;
    while (waited.elapsed() < timeoutMs) {
        const QJsonObject e = c.waitForEvent(QStringLiteral("worker.state"), int(timeoutMs - waited.elapsed()));
        if (e.isEmpty())
            break;
        const QJsonObject s = e.value(QLatin1String("data")).toObject();
        if (s.value(QLatin1String("id")).toString() != id)
            continue;
        const QString reason = s.value(QLatin1String("health_reason")).toString();
        if (!reason.isEmpty())
            last = reason;
        if (reason.contains(text))
            return reason;
    }
    return last;
}

} // namespace

class TestHealthGrpc : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(agentPath()), "HSU_TEST_HSU_AGENT must point at hsu-agent");
        QVERIFY2(QFile::exists(testWorkerPath()), "HSU_TEST_TESTWORKER must point at the test worker");
        QProcess probe;
        probe.start(QString::fromLatin1(kPython), {QStringLiteral("-c"), QStringLiteral("import grpc")});
        QVERIFY(probe.waitForFinished(30000));
        QVERIFY2(probe.exitCode() == 0, "Debian's python3-grpcio is missing: run `bash scripts/dev.sh setup`");
    }

    void servingIsHealthyAndEveryOtherAnswerIsUnhealthyWithItsReason_data()
    {
        QTest::addColumn<QByteArray>("serverArgs");
        QTest::addColumn<QByteArray>("grpc");
        QTest::addColumn<QString>("reason");
        QTest::newRow("NOT_SERVING") << QByteArray("\"--services\", \"db\", \"--status-file\", \"@STATUS@\"")
                                     << QByteArray("{ address: \"127.0.0.1:@PORT@\", service: db }") << QStringLiteral("says NOT_SERVING");
        QTest::newRow("unknown service") << QByteArray() << QByteArray("{ address: \"127.0.0.1:@PORT@\", service: nosuch }")
                                         << QStringLiteral("does not know the service \"nosuch\" (grpc-status 5 NOT_FOUND");
        QTest::newRow("no health service") << QByteArray("\"--no-health\"") << QByteArray("{ address: \"127.0.0.1:@PORT@\" }")
                                           << QStringLiteral("has no health service (grpc-status 12 UNIMPLEMENTED");
        // The server listens elsewhere: the check's port refuses.
        QTest::newRow("refused") << QByteArray() << QByteArray("{ address: \"127.0.0.1:@OTHER@\" }") << QStringLiteral("refused");
    }
    void servingIsHealthyAndEveryOtherAnswerIsUnhealthyWithItsReason()
    {
        QFETCH(QByteArray, serverArgs);
        QFETCH(QByteArray, grpc);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const QString statusFile = dir.filePath(QStringLiteral("status"));
        const QByteArray port = QByteArray::number(freePort());
        QByteArray args = "\"--port\", \"" + port + "\"" + (serverArgs.isEmpty() ? QByteArray() : ", " + serverArgs);
        args.replace("@STATUS@", statusFile.toUtf8());
        grpc.replace("@PORT@", port).replace("@OTHER@", QByteArray::number(freePort()));
        const bool servesFirst = reason.contains(QLatin1String("NOT_SERVING"));
        AgentRunner agent;
        agent.writeConfig("workers:\n" + grpcWorker("svc", args, grpc));
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        QVERIFY(c.call(QStringLiteral("events.subscribe"), {{QStringLiteral("events"), QJsonArray{QStringLiteral("worker.state")}}})
                    .contains(QLatin1String("result")));
        const auto status = [&c] { return workerIn(c.call(QStringLiteral("workers.list")), QStringLiteral("svc")); };
        if (servesFirst) {
            // SERVING first (the status file is not there yet), then told NOT_SERVING.
            QTRY_COMPARE_WITH_TIMEOUT(status().value(QLatin1String("health")).toString(), QStringLiteral("healthy"), 60000);
            agent.track(status().value(QLatin1String("pid")).toInteger());
            QFile f(statusFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("NOT_SERVING\n");
        }
        const QString seen = waitForHealthReason(c, QStringLiteral("svc"), reason);
        QVERIFY2(seen.contains(reason), qPrintable(seen));
        agent.track(status().value(QLatin1String("pid")).toInteger());
        QCOMPARE(agent.terminate(), 0);
    }

    // A server that accepts and never answers (frozen with SIGSTOP: the kernel still accepts):
    // the timeout decides, and the verdict comes within interval × retries + timeout (+ slack
    // for a loaded machine: a bound that catches a hang, not a speed figure).
    void aFrozenServerIsUnhealthyAtItsTimeout()
    {
        const QByteArray port = QByteArray::number(freePort());
        AgentRunner agent;
        agent.writeConfig("workers:\n"
                          + grpcWorker("frozen", "\"--port\", \"" + port + "\"", "{ address: \"127.0.0.1:" + port + "\" }",
                                       "{ interval: 1500ms, timeout: 1s, retries: 2, initial_delay: 500ms }"));
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        const auto status = [&c] { return workerIn(c.call(QStringLiteral("workers.list")), QStringLiteral("frozen")); };
        QTRY_COMPARE_WITH_TIMEOUT(status().value(QLatin1String("health")).toString(), QStringLiteral("healthy"), 60000);
        const qint64 pid = status().value(QLatin1String("pid")).toInteger();
        agent.track(pid);
        QVERIFY(c.call(QStringLiteral("events.subscribe"), {{QStringLiteral("events"), QJsonArray{QStringLiteral("worker.state")}}})
                    .contains(QLatin1String("result")));
        QElapsedTimer frozen;
        frozen.start();
        QCOMPARE(::kill(pid_t(pid), SIGSTOP), 0);
        QString reason;
        while (frozen.elapsed() < 20000) {
            const QJsonObject s = c.waitForEvent(QStringLiteral("worker.state"), 20000).value(QLatin1String("data")).toObject();
            if (s.value(QLatin1String("health")).toString() == QLatin1String("unhealthy")) {
                reason = s.value(QLatin1String("health_reason")).toString();
                break;
            }
        }
        const qint64 took = frozen.elapsed();
        ::kill(pid_t(pid), SIGCONT);
        QVERIFY2(reason.contains(QLatin1String("within 1000 ms")), qPrintable(reason));
        QVERIFY2(took < 30000, qPrintable(QStringLiteral("unhealthy only %1 ms after the freeze").arg(took)));
        qInfo("frozen -> unhealthy in %lld ms (interval 1500 ms x retries 2 + timeout 1000 ms = 4000 ms)", took);
        QCOMPARE(agent.terminate(), 0);
    }

    void integratedWorkerGetsItsPortAndAnswersPing()
    {
        AgentRunner agent;
        agent.writeConfig(R"(workers:
  - id: core
    type: integrated
    unit:
      integrated:
        control:
          execution: { executable_path: "@WORKER@", args: ["--run-for", "600000", "--print-args"] }
        health_check_run_options: { interval: 2s, timeout: 1500ms, retries: 3 }
  - id: sick
    type: integrated
    unit:
      integrated:
        control:
          execution: { executable_path: "@WORKER@", args: ["--run-for", "600000", "--ping-status", "14"] }
          context_aware_restart:
            health_failures: { max_retries: 1, retry_delay: 100ms, backoff_rate: 1 }
        health_check_run_options: { interval: 1s, timeout: 900ms, retries: 2 }
)");
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        const auto status = [&c](const char *id) { return workerIn(c.call(QStringLiteral("workers.list")), QString::fromLatin1(id)); };
        QTRY_COMPARE_WITH_TIMEOUT(status("core").value(QLatin1String("health")).toString(), QStringLiteral("healthy"), 60000);
        const qint64 pid = status("core").value(QLatin1String("pid")).toInteger();
        agent.track(pid);

        // The port the agent chose: in <state-dir>/core.port, and the last two arguments.
        QFile portFile(QDir(agent.stateDir()).filePath(QStringLiteral("core.port")));
        QVERIFY2(portFile.open(QIODevice::ReadOnly), qPrintable(portFile.fileName()));
        const QByteArray port = portFile.readAll().trimmed();
        QVERIFY(port.toInt() > 0 && port.toInt() < 65536);
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        QVERIFY(cmdline.open(QIODevice::ReadOnly));
        QList<QByteArray> argv = cmdline.readAll().split('\0');
        if (!argv.isEmpty() && argv.last().isEmpty())
            argv.removeLast();
        QVERIFY(argv.size() >= 2);
        QCOMPARE(argv.at(argv.size() - 2), QByteArray("--port"));
        QCOMPARE(argv.last(), port);

        // A worker whose Ping answers UNAVAILABLE: unhealthy, with the status named.
        QTRY_COMPARE_WITH_TIMEOUT(status("sick").value(QLatin1String("state")).toString(), QStringLiteral("failed"), 60000);
        QVERIFY2(status("sick").value(QLatin1String("reason")).toString().contains(QLatin1String("grpc-status 14 UNAVAILABLE")),
                 qPrintable(status("sick").value(QLatin1String("reason")).toString()));

        // Removed with its worker: a reload without it takes the port file away.
        agent.writeConfig("workers: []\n");
        QVERIFY(c.call(QStringLiteral("config.reload")).contains(QLatin1String("result")));
        QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(portFile.fileName()), 15000);
        QCOMPARE(agent.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHealthGrpc)
#include "tst_health_grpc.moc"

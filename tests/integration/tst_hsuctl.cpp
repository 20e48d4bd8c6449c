// hsuctl (the real program) driving the real agent and real workers.
#include "tests/helpers/support/AgentRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <csignal>

using namespace hsu::test;

namespace {

struct Run
{
    int code = -1;
    QByteArray out, err;
};

Run hsuctl(const QString &socket, QStringList args)
{
    QProcess p;
    p.start(hsuctlPath(), QStringList{QStringLiteral("--socket"), socket} + args);
    Run r;
    if (!p.waitForFinished(15000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QJsonObject statusOf(const QString &socket, const QString &id)
{
    const Run r = hsuctl(socket, {QStringLiteral("--json"), QStringLiteral("status"), id});
    const QJsonArray a = QJsonDocument::fromJson(r.out).array();
    return a.isEmpty() ? QJsonObject() : a.first().toObject();
}

} // namespace

class TestHsuctl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void statusStartStopRestartShutdown();
    void noAgentIsExit3();
    void logsTailStreamsAndFollow();
};

void TestHsuctl::initTestCase()
{
    QVERIFY2(QFile::exists(hsuctlPath()), "HSU_TEST_HSUCTL must point at hsuctl");
}

void TestHsuctl::statusStartStopRestartShutdown()
{
    AgentRunner agent;
    agent.writeConfig(R"(
workers:
  - id: api
    type: managed
    unit: { managed: { control: { execution: { executable_path: "@WORKER@" } } } }
  - id: job
    type: managed
    unit: { managed: { control: { execution: { executable_path: "@WORKER@", args: ["--run-for", "0", "--exit-code", "4"] }, restart_policy: never } } }
)");
    QVERIFY2(agent.start(), agent.output().constData());
    const QString sock = agent.socketPath();

    QTRY_COMPARE_WITH_TIMEOUT(statusOf(sock, QStringLiteral("api")).value(QLatin1String("state")).toString(),
                              QStringLiteral("running"), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(sock, QStringLiteral("job")).value(QLatin1String("state")).toString(),
                              QStringLiteral("failed"), 5000);
    // --json status: an array of objects with at least these keys.
    Run r = hsuctl(sock, {QStringLiteral("--json"), QStringLiteral("status")});
    QCOMPARE(r.code, 0);
    const QJsonArray all = QJsonDocument::fromJson(r.out).array();
    QCOMPARE(all.size(), 2);
    for (const QJsonValue &v : all)
        for (const char *key : {"id", "state", "pid", "restarts", "exit_code"})
            QVERIFY2(v.toObject().contains(QLatin1String(key)), key);
    QCOMPARE(statusOf(sock, QStringLiteral("job")).value(QLatin1String("exit_code")).toInt(), 4);
    const qint64 pid = statusOf(sock, QStringLiteral("api")).value(QLatin1String("pid")).toInteger();
    agent.track(pid);
    QVERIFY(processAlive(pid));

    // The readable table names every worker.
    r = hsuctl(sock, {QStringLiteral("status")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains("api") && r.out.contains("job") && r.out.contains("running"));

    // A forbidden operation: exit 1, the agent's reason on stderr, no second instance.
    r = hsuctl(sock, {QStringLiteral("start"), QStringLiteral("api")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("already running"), r.err.constData());
    QCOMPARE(statusOf(sock, QStringLiteral("api")).value(QLatin1String("pid")).toInteger(), pid);

    r = hsuctl(sock, {QStringLiteral("restart"), QStringLiteral("api")});
    QCOMPARE(r.code, 0);
    QTRY_VERIFY_WITH_TIMEOUT(statusOf(sock, QStringLiteral("api")).value(QLatin1String("state")).toString()
                                 == QLatin1String("running"), 5000);
    const qint64 pid2 = statusOf(sock, QStringLiteral("api")).value(QLatin1String("pid")).toInteger();
    agent.track(pid2);
    QVERIFY(pid2 != pid);
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 3000);

    r = hsuctl(sock, {QStringLiteral("stop"), QStringLiteral("api")});
    QCOMPARE(r.code, 0);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(sock, QStringLiteral("api")).value(QLatin1String("state")).toString(),
                              QStringLiteral("stopped"), 5000);
    QVERIFY(!processAlive(pid2));

    r = hsuctl(sock, {QStringLiteral("start"), QStringLiteral("--all")});
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(sock, QStringLiteral("api")).value(QLatin1String("state")).toString(),
                              QStringLiteral("running"), 5000);
    agent.track(statusOf(sock, QStringLiteral("api")).value(QLatin1String("pid")).toInteger());

    r = hsuctl(sock, {QStringLiteral("status"), QStringLiteral("nobody")});
    QCOMPARE(r.code, 1);

    r = hsuctl(sock, {QStringLiteral("shutdown")});
    QCOMPARE(r.code, 0);
    QVERIFY(agent.process().waitForFinished(10000));
    QCOMPARE(agent.process().exitCode(), 0);
}

void TestHsuctl::noAgentIsExit3()
{
    QTemporaryDir dir;
    const Run r = hsuctl(dir.filePath(QStringLiteral("nobody.sock")), {QStringLiteral("status")});
    QCOMPARE(r.code, 3);
    QVERIFY(r.err.contains("nobody.sock"));
}


void TestHsuctl::logsTailStreamsAndFollow()
{
    AgentRunner agent;
    agent.writeConfig(R"(
workers:
  - id: talk
    type: managed
    unit: { managed: { control: { execution: { executable_path: "@WORKER@", args: ["--lines", "30", "--stderr-lines", "2", "--run-for", "60000"] } } } }
  - id: later
    type: managed
    unit: { managed: { control: { execution: { executable_path: "@WORKER@", args: ["--lines", "5", "--line-interval", "300", "--run-for", "60000"] } } } }
)");
    QVERIFY2(agent.start(), agent.output().constData());
    const QString sock = agent.socketPath();
    QTRY_VERIFY_WITH_TIMEOUT(hsuctl(sock, {QStringLiteral("logs"), QStringLiteral("talk"), QStringLiteral("-n"), QStringLiteral("1"),
                                           QStringLiteral("--stream"), QStringLiteral("stdout")})
                                 .out == "line 30\n",
                             5000);
    // stdout lines to stdout, stderr lines to stderr.
    Run r = hsuctl(sock, {QStringLiteral("logs"), QStringLiteral("talk"), QStringLiteral("-n"), QStringLiteral("40")});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out.count('\n'), 30);
    QVERIFY2(r.out.startsWith("line 1\nline 2\n") && r.out.endsWith("line 29\nline 30\n"), r.out.constData());
    QCOMPARE(r.err, QByteArray("line 1\nline 2\n"));
    r = hsuctl(sock, {QStringLiteral("--json"), QStringLiteral("logs"), QStringLiteral("talk"), QStringLiteral("-n"),
                      QStringLiteral("2"), QStringLiteral("--stream"), QStringLiteral("stderr")});
    const QList<QByteArray> json = r.out.trimmed().split('\n');
    QCOMPARE(json.size(), 2);
    const QJsonObject first = QJsonDocument::fromJson(json[0]).object();
    QCOMPARE(first.value(QLatin1String("worker")).toString(), QStringLiteral("talk"));
    QCOMPARE(first.value(QLatin1String("stream")).toString(), QStringLiteral("stderr"));
    QCOMPARE(first.value(QLatin1String("text")).toString(), QStringLiteral("line 1"));
    r = hsuctl(sock, {QStringLiteral("logs"), QStringLiteral("nobody")});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.contains("no worker"));

    // -f: the tail, then lines as they come, until SIGTERM ends it cleanly.
    QProcess follow;
    follow.start(hsuctlPath(), {QStringLiteral("--socket"), sock, QStringLiteral("logs"), QStringLiteral("later"),
                                QStringLiteral("-f"), QStringLiteral("-n"), QStringLiteral("100")});
    QVERIFY(follow.waitForStarted());
    QByteArray seen;
    QTRY_VERIFY_WITH_TIMEOUT((seen += follow.readAllStandardOutput()).contains("line 5\n"), 10000);
    QCOMPARE(seen, QByteArray("line 1\nline 2\nline 3\nline 4\nline 5\n")); // each once, in order
    ::kill(pid_t(follow.processId()), SIGTERM);
    QVERIFY(follow.waitForFinished(5000));
    QCOMPARE(follow.exitCode(), 0);
    QCOMPARE(agent.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestHsuctl)
#include "tst_hsuctl.moc"

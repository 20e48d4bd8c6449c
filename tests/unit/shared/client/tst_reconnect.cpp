// AgentClient's reconnect with backoff. The agent that goes away is the real hsu-agent, killed
// with SIGKILL (no goodbye on the socket, a stale socket file left behind) and started again on
// the same socket; its workers are ended by pid, as a crash would leave them.

#include "shared/client/AgentClient.h"
#include "tests/helpers/support/AgentRunner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <optional>

using namespace hsu;
using client::AgentClient;
using client::Reply;
using test::AgentRunner;

namespace {


// The pids of the running workers, or nothing while any is not running yet.
QList<qint64> runningPids(AgentClient &c)
{
    QList<qint64> pids;
    const Reply r = c.callAndWait(QStringLiteral("workers.list"));
    for (const QJsonValue &v : r.result.toObject().value(QLatin1String("workers")).toArray()) {
        const QJsonObject w = v.toObject();
        if (w.value(QLatin1String("state")).toString() != QLatin1String("running"))
            return {};
        pids << w.value(QLatin1String("pid")).toInteger();
    }
    return pids;
}

// A crash of the agent: SIGKILL, then its workers by pid (they are in their own process groups
// and would outlive it).
void killAgentHard(AgentRunner &agent, const QList<qint64> &workers)
{
    ::kill(pid_t(agent.pid()), SIGKILL);
    QVERIFY(agent.process().waitForFinished(5000));
    for (qint64 pid : workers)
        if (test::processAlive(pid))
            ::kill(pid_t(pid), SIGKILL);
}

QList<int> delaysOf(const QSignalSpy &spy)
{
    QList<int> delays;
    for (const QList<QVariant> &args : spy)
        delays << args.at(1).toInt();
    return delays;
}

} // namespace

class TestReconnect : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void reconnectsToRestartedAgentAndReplaysSubscriptions();
    void noRetryWhenOff();
    void backoffDoublesUpToCap();
    void givingUpStopsRetries();
    void requestsWhileWaitingFailAtOnce();
    void connectAndWaitEndsAtFirstOutcome();
    void relativeSocketPathIsThatFile();
};

void TestReconnect::initTestCase()
{
    QVERIFY2(QFile::exists(test::agentPath()), "HSU_TEST_HSU_AGENT must point at hsu-agent");
    QVERIFY2(QFile::exists(test::testWorkerPath()), "HSU_TEST_TESTWORKER must point at the test worker");
}

void TestReconnect::reconnectsToRestartedAgentAndReplaysSubscriptions()
{
    AgentRunner agent;
    agent.writeConfig(test::kOneWorkerConfig);
    QVERIFY2(agent.start(), agent.output().constData());

    AgentClient c(QStringLiteral("tst"));
    c.setAutoReconnect(true);
    c.subscribe({QStringLiteral("worker.state")});
    QSignalSpy connected(&c, &AgentClient::connected);
    QSignalSpy disconnected(&c, &AgentClient::disconnected);
    QSignalSpy retries(&c, &AgentClient::reconnecting);
    QSignalSpy events(&c, &AgentClient::eventReceived);
    c.connectToAgent(agent.socketPath());
    QVERIFY(connected.wait(5000));
    QCOMPARE(c.agentInfo().value(QStringLiteral("pid")).toInteger(), agent.pid());
    QList<qint64> workers;
    QTRY_VERIFY_WITH_TIMEOUT(!(workers = runningPids(c)).isEmpty(), 5000);
    for (qint64 pid : std::as_const(workers))
        agent.track(pid);

    // Asked just before the crash: the frame is still in our buffer when the agent dies.
    std::optional<Reply> pending;
    c.request(QStringLiteral("workers.list"), {}, [&](const Reply &r) { pending = r; });
    killAgentHard(agent, workers);
    QTRY_VERIFY(pending.has_value());
    QCOMPARE(pending->errorCode, QStringLiteral("disconnected"));
    QTRY_COMPARE(disconnected.size(), 1);
    QVERIFY(!c.isConnected());

    // Away for a while: retries at 100, 200, 400, 800 ms (+ jitter), each announced.
    QTRY_VERIFY_WITH_TIMEOUT(retries.size() >= 4, 5000);
    QVERIFY(c.state() == AgentClient::State::WaitingToReconnect || c.state() == AgentClient::State::Connecting);
    QCOMPARE(connected.size(), 1);

    QVERIFY2(agent.start(), agent.output().constData()); // same socket, stale file replaced
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 2, 10000);
    QCOMPARE(c.state(), AgentClient::State::Connected);
    QCOMPARE(c.agentInfo().value(QStringLiteral("pid")).toInteger(), agent.pid());

    const QList<int> delays = delaysOf(retries);
    for (qsizetype i = 0; i < retries.size(); ++i)
        QCOMPARE(retries.at(i).at(0).toInt(), int(i + 1)); // attempts count up
    QVERIFY2(delays.at(0) >= 100 && delays.at(0) <= 110, qPrintable(QString::number(delays.at(0))));
    QVERIFY2(delays.at(1) >= 200 && delays.at(1) <= 220, qPrintable(QString::number(delays.at(1))));
    for (qsizetype i = 1; i < delays.size(); ++i)
        QVERIFY(delays.at(i) >= delays.at(i - 1));
    QVERIFY(delays.last() <= AgentClient::kMaxRetryDelayMs);

    // The subscription came back by itself: a state change arrives without subscribing again.
    QCOMPARE(c.subscriptions(), QStringList{QStringLiteral("worker.state")});
    QTRY_VERIFY_WITH_TIMEOUT(!(workers = runningPids(c)).isEmpty(), 5000);
    for (qint64 pid : std::as_const(workers))
        agent.track(pid);
    events.clear();
    const Reply stop = c.callAndWait(QStringLiteral("workers.stop"), QJsonObject{{QStringLiteral("id"), QStringLiteral("steady")}});
    QVERIFY2(stop.ok(), qPrintable(stop.errorMessage));
    QTRY_VERIFY_WITH_TIMEOUT(!events.isEmpty(), 5000);
    QCOMPARE(events.first().at(0).toString(), QStringLiteral("worker.state"));
    QCOMPARE(events.first().at(1).toJsonValue().toObject().value(QStringLiteral("id")).toString(), QStringLiteral("steady"));

    // Giving up is final: no retry follows a disconnect the caller asked for.
    const qsizetype before = retries.size();
    c.disconnectFromAgent();
    QCOMPARE(c.state(), AgentClient::State::Disconnected);
    QTest::qWait(300);
    QCOMPARE(retries.size(), before);
}

void TestReconnect::noRetryWhenOff()
{
    AgentRunner agent;
    agent.writeConfig(test::kOneWorkerConfig);
    QVERIFY2(agent.start(), agent.output().constData());

    AgentClient c(QStringLiteral("tst"));
    QVERIFY(!c.autoReconnect());
    QSignalSpy disconnected(&c, &AgentClient::disconnected);
    QSignalSpy retries(&c, &AgentClient::reconnecting);
    QSignalSpy states(&c, &AgentClient::stateChanged);
    QString error;
    QVERIFY2(c.connectAndWait(agent.socketPath(), &error), qPrintable(error));
    QList<qint64> workers;
    QTRY_VERIFY_WITH_TIMEOUT(!(workers = runningPids(c)).isEmpty(), 5000);
    for (qint64 pid : std::as_const(workers))
        agent.track(pid);

    killAgentHard(agent, workers);
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(c.state(), AgentClient::State::Disconnected);
    states.clear();
    QTest::qWait(500); // several first retry delays
    QCOMPARE(retries.size(), 0);
    QCOMPARE(states.size(), 0);

    // A failed connect does not retry either: hsuctl fails fast.
    QSignalSpy failed(&c, &AgentClient::connectionFailed);
    QVERIFY(!c.connectAndWait(agent.socketPath(), &error, 2000));
    QTest::qWait(300);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(retries.size(), 0);
    QCOMPARE(c.state(), AgentClient::State::Disconnected);
}

void TestReconnect::backoffDoublesUpToCap()
{
    QTemporaryDir dir;
    AgentClient c(QStringLiteral("tst"));
    c.setReconnectDelays(10, 80);
    c.setAutoReconnect(true);
    QSignalSpy retries(&c, &AgentClient::reconnecting);
    QSignalSpy failed(&c, &AgentClient::connectionFailed);
    c.connectToAgent(dir.filePath(QStringLiteral("nobody.sock")));
    QTRY_VERIFY_WITH_TIMEOUT(retries.size() >= 8, 5000);
    const QList<int> delays = delaysOf(retries);
    // 10, 20, 40 (+ up to 10 %), then the cap exactly: jitter never passes it.
    QVERIFY(delays.at(0) >= 10 && delays.at(0) <= 11);
    QVERIFY(delays.at(1) >= 20 && delays.at(1) <= 22);
    QVERIFY(delays.at(2) >= 40 && delays.at(2) <= 44);
    for (qsizetype i = 1; i < delays.size(); ++i)
        QVERIFY2(delays.at(i) >= delays.at(i - 1), qPrintable(QString::number(i)));
    for (qsizetype i = 3; i < delays.size(); ++i)
        QCOMPARE(delays.at(i), 80);
    // Each failed attempt is reported, then its retry announced.
    QVERIFY(failed.size() >= retries.size());
    c.disconnectFromAgent();
}

// "state/agent.sock" names that file, as the agent took it, not a name in the temp folder (where
// QLocalSocket puts a name without an absolute path).
void TestReconnect::relativeSocketPathIsThatFile()
{
    AgentRunner agent;
    agent.writeConfig(test::kOneWorkerConfig);
    QVERIFY2(agent.start(), agent.output().constData());
    const QString relative = QDir::current().relativeFilePath(agent.socketPath());
    QVERIFY2(!relative.startsWith(u'/') && relative.contains(u'/'), qPrintable(relative));
    AgentClient c(QStringLiteral("tst"));
    QSignalSpy connected(&c, &AgentClient::connected);
    c.connectToAgent(relative);
    QVERIFY(connected.wait(5000));
    QCOMPARE(c.agentInfo().value(QStringLiteral("pid")).toInteger(), agent.pid());
    c.disconnectFromAgent();
}

void TestReconnect::givingUpStopsRetries()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("nobody.sock"));
    AgentClient c(QStringLiteral("tst"));
    c.setReconnectDelays(10, 20);
    c.setAutoReconnect(true);
    QSignalSpy retries(&c, &AgentClient::reconnecting);

    c.connectToAgent(path);
    QTRY_VERIFY(retries.size() >= 3);
    c.disconnectFromAgent();
    QCOMPARE(c.state(), AgentClient::State::Disconnected);
    qsizetype seen = retries.size();
    QTest::qWait(200);
    QCOMPARE(retries.size(), seen);

    // Turning it off while waiting cancels the retry too.
    c.connectToAgent(path);
    QTRY_VERIFY(retries.size() >= seen + 2);
    QTRY_COMPARE(c.state(), AgentClient::State::WaitingToReconnect);
    c.setAutoReconnect(false);
    QCOMPARE(c.state(), AgentClient::State::Disconnected);
    seen = retries.size();
    QTest::qWait(200);
    QCOMPARE(retries.size(), seen);
}

void TestReconnect::requestsWhileWaitingFailAtOnce()
{
    QTemporaryDir dir;
    AgentClient c(QStringLiteral("tst"));
    c.setReconnectDelays(5000, 5000); // stays waiting for the whole test
    c.setAutoReconnect(true);
    c.connectToAgent(dir.filePath(QStringLiteral("nobody.sock")));
    QTRY_COMPARE(c.state(), AgentClient::State::WaitingToReconnect);
    std::optional<Reply> reply;
    c.request(QStringLiteral("workers.list"), {}, [&](const Reply &r) { reply = r; });
    QVERIFY(!reply);
    QTRY_VERIFY(reply.has_value());
    QCOMPARE(reply->errorCode, QStringLiteral("disconnected"));
}

void TestReconnect::connectAndWaitEndsAtFirstOutcome()
{
    QTemporaryDir dir;
    AgentClient c(QStringLiteral("tst"));
    c.setAutoReconnect(true);
    QSignalSpy retries(&c, &AgentClient::reconnecting);
    QString error;
    QElapsedTimer t;
    t.start();
    // The refusal ends the wait, not the 30 s timeout: its own message, and well before the timeout.
    QVERIFY(!c.connectAndWait(dir.filePath(QStringLiteral("nobody.sock")), &error, 30000));
    qInfo("connectAndWait gave up after %lld ms", qlonglong(t.elapsed()));
    QVERIFY2(t.elapsed() < 20000, qPrintable(QString::number(t.elapsed())));
    QVERIFY2(error.contains(QLatin1String("nobody.sock")), qPrintable(error));
    QVERIFY2(!error.contains(QLatin1String("no answer")), qPrintable(error)); // not the timeout's message
    QCOMPARE(c.state(), AgentClient::State::WaitingToReconnect); // and keeps trying
    QTRY_VERIFY(retries.size() >= 2);
}

QTEST_GUILESS_MAIN(TestReconnect)
#include "tst_reconnect.moc"

// AgentClient against the real IpcServer (with a fake WorkerControl), and against a scripted
// server for what a well-behaved agent never does (stay silent, speak another major version).

#include "FakeWorkerControl.h"

#include "agent/ipc/IpcServer.h"
#include "shared/client/AgentClient.h"
#include "shared/protocol/Envelope.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace hsu;
using client::AgentClient;
using client::Reply;

namespace {

// Answers hello with `helloProtocol` and then nothing at all.
class ScriptedServer : public QObject
{
public:
    explicit ScriptedServer(const QString &path, QString helloProtocol = protocol::versionString())
        : m_helloProtocol(std::move(helloProtocol))
    {
        QLocalServer::removeServer(path);
        m_server.listen(path);
        connect(&m_server, &QLocalServer::newConnection, this, [this] {
            QLocalSocket *s = m_server.nextPendingConnection();
            connect(s, &QLocalSocket::readyRead, s, [this, s] {
                m_decoder.feed(s->readAll());
                for (auto r = m_decoder.next(); r.status == protocol::FrameDecoder::Status::Frame; r = m_decoder.next()) {
                    const auto req = protocol::parseRequest(r.object);
                    received << req.value->method;
                    if (req.value->method == protocol::method::Hello) {
                        s->write(protocol::encodeFrame(protocol::Response::success(
                            req.value->id, QJsonObject{{QStringLiteral("protocol"), m_helloProtocol},
                                                       {QStringLiteral("pid"), 1}}).toJson()));
                    }
                }
            });
            sockets << s;
        });
    }
    bool isListening() const { return m_server.isListening(); }

    QStringList received;
    QList<QLocalSocket *> sockets;

private:
    QString m_helloProtocol;
    QLocalServer m_server;
    protocol::FrameDecoder m_decoder;
};

} // namespace

class TestAgentClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void connectsAndGreets();
    void noAgent();
    void requestsAndErrors();
    void requestsWhileConnectingGoAfterHello();
    void requestWhileDisconnectedFails();
    void timeout();
    void silentAgentFailsConnect();
    void otherMajorVersionIsRefused();
    void agentGoingAwayFailsPending();
    void eventsAndSubscriptionsReplayedOnReconnect();
    void syncCall();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    test::FakeWorkerControl m_control;
    std::unique_ptr<agent::IpcServer> m_server;

    bool startServer()
    {
        m_server = std::make_unique<agent::IpcServer>(m_control);
        return m_server->listen(m_path);
    }
};

void TestAgentClient::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("agent.sock"));
    m_control = test::FakeWorkerControl();
}

void TestAgentClient::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

void TestAgentClient::connectsAndGreets()
{
    QVERIFY(startServer());
    AgentClient c(QStringLiteral("tst"));
    QSignalSpy connected(&c, &AgentClient::connected);
    QSignalSpy states(&c, &AgentClient::stateChanged);
    c.connectToAgent(m_path);
    QVERIFY(connected.wait(5000));
    QVERIFY(c.isConnected());
    QCOMPARE(c.socketPath(), m_path);
    QCOMPARE(c.agentInfo().value(QStringLiteral("pid")).toInteger(), QCoreApplication::applicationPid());
    QCOMPARE(states.size(), 3); // connecting, greeting, connected
    QCOMPARE(states.last().at(0).value<AgentClient::State>(), AgentClient::State::Connected);
}

void TestAgentClient::noAgent()
{
    AgentClient c(QStringLiteral("tst"));
    QString error;
    QVERIFY(!c.connectAndWait(m_path, &error, 2000));
    QVERIFY2(error.contains(m_path), qPrintable(error));
    QCOMPARE(c.state(), AgentClient::State::Disconnected);

    // A stale socket file behaves the same.
    QSignalSpy failed(&c, &AgentClient::connectionFailed);
    c.connectToAgent(m_dir->filePath(QStringLiteral("nothing-here.sock")));
    QTRY_COMPARE(failed.size(), 1);
}

void TestAgentClient::requestsAndErrors()
{
    QVERIFY(startServer());
    AgentClient c(QStringLiteral("tst"));
    QVERIFY(c.connectAndWait(m_path, nullptr));
    QList<Reply> replies;
    c.request(QStringLiteral("workers.get"), QJsonObject{{QStringLiteral("id"), QStringLiteral("db")}},
              [&](const Reply &r) { replies << r; });
    c.request(QStringLiteral("workers.get"), QJsonObject{{QStringLiteral("id"), QStringLiteral("zzz")}},
              [&](const Reply &r) { replies << r; });
    QTRY_COMPARE(replies.size(), 2);
    QVERIFY(replies.at(0).ok());
    QCOMPARE(replies.at(0).result.toObject().value(QStringLiteral("id")).toString(), QStringLiteral("db"));
    QCOMPARE(replies.at(1).errorCode, QStringLiteral("not_found"));
    QVERIFY(!replies.at(1).errorMessage.isEmpty());
}

void TestAgentClient::requestsWhileConnectingGoAfterHello()
{
    QVERIFY(startServer());
    AgentClient c(QStringLiteral("tst"));
    c.connectToAgent(m_path);
    std::optional<Reply> reply;
    c.request(QStringLiteral("workers.list"), {}, [&](const Reply &r) { reply = r; });
    QTRY_VERIFY(reply.has_value());
    QVERIFY2(reply->ok(), qPrintable(reply->errorCode)); // not hello_required
}

void TestAgentClient::requestWhileDisconnectedFails()
{
    AgentClient c(QStringLiteral("tst"));
    std::optional<Reply> reply;
    c.request(QStringLiteral("workers.list"), {}, [&](const Reply &r) { reply = r; });
    QVERIFY(!reply); // never from inside request()
    QTRY_VERIFY(reply.has_value());
    QCOMPARE(reply->errorCode, QStringLiteral("disconnected"));
}

void TestAgentClient::timeout()
{
    ScriptedServer server(m_path);
    QVERIFY(server.isListening());
    AgentClient c(QStringLiteral("tst"));
    QVERIFY(c.connectAndWait(m_path, nullptr));
    int calls = 0;
    Reply reply;
    c.request(QStringLiteral("workers.list"), {}, [&](const Reply &r) { ++calls; reply = r; }, 200);
    QTRY_COMPARE(calls, 1);
    QCOMPARE(reply.errorCode, QStringLiteral("timeout"));
    QTest::qWait(300);
    QCOMPARE(calls, 1); // exactly once
    QVERIFY(c.isConnected()); // a slow answer is not a broken connection
}

void TestAgentClient::silentAgentFailsConnect()
{
    // Accepts connections but never answers hello.
    QLocalServer silent;
    QVERIFY(silent.listen(m_path));
    AgentClient c(QStringLiteral("tst"));
    QString error;
    QVERIFY(!c.connectAndWait(m_path, &error, 300));
    QVERIFY2(error.contains(m_path), qPrintable(error));
    QCOMPARE(c.state(), AgentClient::State::Disconnected);
}

void TestAgentClient::otherMajorVersionIsRefused()
{
    ScriptedServer server(m_path, QStringLiteral("2.0"));
    AgentClient c(QStringLiteral("tst"));
    QString error;
    QVERIFY(!c.connectAndWait(m_path, &error));
    QVERIFY2(error.contains(QLatin1String("2.0")), qPrintable(error));
}

void TestAgentClient::agentGoingAwayFailsPending()
{
    ScriptedServer server(m_path);
    AgentClient c(QStringLiteral("tst"));
    QVERIFY(c.connectAndWait(m_path, nullptr));
    QSignalSpy disconnected(&c, &AgentClient::disconnected);
    std::optional<Reply> reply;
    c.request(QStringLiteral("workers.list"), {}, [&](const Reply &r) { reply = r; });
    QTRY_COMPARE(server.received.size(), 2);
    server.sockets.first()->abort();
    QTRY_VERIFY(reply.has_value());
    QCOMPARE(reply->errorCode, QStringLiteral("disconnected"));
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(c.state(), AgentClient::State::Disconnected);
}

void TestAgentClient::eventsAndSubscriptionsReplayedOnReconnect()
{
    QVERIFY(startServer());
    AgentClient c(QStringLiteral("tst"));
    c.subscribe({QStringLiteral("worker.state")}); // before connecting: sent after hello
    QVERIFY(c.connectAndWait(m_path, nullptr));
    QSignalSpy events(&c, &AgentClient::eventReceived);
    const model::WorkerStatus db = *m_control.worker(QStringLiteral("db"));
    // The subscription travels behind hello; wait until the agent holds it.
    QTRY_VERIFY(c.callAndWait(QStringLiteral("workers.list")).ok());
    m_server->publishWorkerState(db);
    QVERIFY(events.wait(5000));
    QCOMPARE(events.at(0).at(0).toString(), QStringLiteral("worker.state"));
    QCOMPARE(events.at(0).at(1).toJsonValue().toObject(), db.toJson());

    // The agent restarts: a new server, a new connection, the same subscriptions.
    QSignalSpy disconnected(&c, &AgentClient::disconnected);
    m_server.reset();
    QTRY_COMPARE(disconnected.size(), 1);
    QVERIFY(startServer());
    QVERIFY(c.connectAndWait(m_path, nullptr));
    QVERIFY(c.callAndWait(QStringLiteral("workers.list")).ok());
    events.clear();
    m_server->publishWorkerState(db);
    QVERIFY(events.wait(5000));

    c.unsubscribe({QStringLiteral("worker.state")});
    QVERIFY(c.subscriptions().isEmpty());
    QVERIFY(c.callAndWait(QStringLiteral("workers.list")).ok());
    events.clear();
    m_server->publishWorkerState(db);
    QVERIFY(c.callAndWait(QStringLiteral("workers.list")).ok());
    QCOMPARE(events.size(), 0);
}

void TestAgentClient::syncCall()
{
    QVERIFY(startServer());
    AgentClient c(QStringLiteral("tst"));
    QString error;
    QVERIFY(c.connectAndWait(m_path, &error));
    const auto list = c.call(QStringLiteral("workers.list"), {}, &error);
    QVERIFY(list);
    QCOMPARE(list->toObject().value(QStringLiteral("workers")).toArray().size(), 3);
    const auto bad = c.call(QStringLiteral("workers.start"), QJsonObject{{QStringLiteral("id"), QStringLiteral("db")}}, &error);
    QVERIFY(!bad);
    QCOMPARE(error, QStringLiteral("worker \"db\" is already running"));
    const Reply r = c.callAndWait(QStringLiteral("nope"));
    QCOMPARE(r.errorCode, QStringLiteral("unknown_method"));
}

QTEST_GUILESS_MAIN(TestAgentClient)
#include "tst_agentclient.moc"

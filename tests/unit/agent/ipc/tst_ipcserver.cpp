#include "FakeWorkerControl.h"
#include "TestClient.h"

#include "agent/ipc/IpcServer.h"
#include "agent/ipc/LargeBuffers.h"
#include "agent/ipc/PeerCredentials.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

using namespace hsu;
using agent::IpcServer;
using test::TestClient;

namespace {

QJsonObject subscribeParams()
{
    return QJsonObject{{QStringLiteral("events"), QJsonArray{QStringLiteral("worker.state")}}};
}

// A raw, non-blocking Unix socket client: unlike QLocalSocket it reads only when told to,
// which is what a stalled client looks like.
class RawClient
{
public:
    explicit RawClient(const QString &path)
    {
        m_fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr = {};
        addr.sun_family = AF_UNIX;
        const QByteArray p = QFile::encodeName(path);
        qstrncpy(addr.sun_path, p.constData(), sizeof addr.sun_path);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    }
    ~RawClient() { ::close(m_fd); }
    Q_DISABLE_COPY_MOVE(RawClient)

    bool connected() const { return m_connected; }
    void write(const QByteArray &b) { QVERIFY(::write(m_fd, b.constData(), size_t(b.size())) == b.size()); }
    // Reads until `count` newlines arrived (spinning the event loop meanwhile) or time runs out.
    int readLines(int count, int timeoutMs = 5000)
    {
        int lines = 0;
        (void)QTest::qWaitFor([&] {
            char buf[4096];
            ssize_t n;
            while ((n = ::read(m_fd, buf, sizeof buf)) > 0)
                lines += int(std::count(buf, buf + n, '\n'));
            return lines >= count;
        }, timeoutMs);
        return lines;
    }
    // Says hello and subscribes to every event, as a slow client does before it stops reading.
    bool subscribeToEverything()
    {
        write(protocol::encodeFrame(QJsonObject{
            {QStringLiteral("id"), 1}, {QStringLiteral("method"), QStringLiteral("hello")},
            {QStringLiteral("params"), QJsonObject{{QStringLiteral("protocol"), protocol::versionString()}}}}));
        write(protocol::encodeFrame(QJsonObject{
            {QStringLiteral("id"), 2}, {QStringLiteral("method"), QStringLiteral("events.subscribe")},
            {QStringLiteral("params"), subscribeParams()}}));
        return readLines(2) == 2;
    }

private:
    int m_fd = -1;
    bool m_connected = false;
};

} // namespace

class TestIpcServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void socketAndFolderAreOwnerOnly();
    void existingFolderIsLeftAlone();
    void helloRequired();
    void helloReportsAgent();
    void garbageGetsErrorAndOthersAreServed();
    void invalidEnvelopes_data();
    void invalidEnvelopes();
    void oversizedFrame();
    void halfFrameThenRest();
    void severalRequestsInOneWrite();
    void repeatedOffenceDisconnects();
    void fewOffencesAreTolerated();
    void unknownMethod();
    void subscriptionsReceiveWorkerState();
    void unsubscribedReceiveNothing();
    void slowClientIsDropped();
    void droppedLargeSessionReleasesMemory();
    void secondServerRefuses();
    void staleSocketIsReplaced();
    void nonSocketFileIsNotReplaced();
    void linkAtTheSocketPathIsRefused();
    void sharedFolderMustBeSticky();
    void otherUidIsRejected();
    void shutdownCallsControlAfterReply();
    void closeRemovesSocketFile();
    void peerCredentialsOfOwnSocket();

private:
    std::unique_ptr<IpcServer> makeServer(IpcServer::Options options = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    test::FakeWorkerControl m_control;
};

void TestIpcServer::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("run/agent.sock"));
    m_control = test::FakeWorkerControl();
}

void TestIpcServer::cleanup()
{
    m_dir.reset();
}

std::unique_ptr<IpcServer> TestIpcServer::makeServer(IpcServer::Options options)
{
    options.dispatcher.configValidator = {};
    auto server = std::make_unique<IpcServer>(m_control, options);
    QString error;
    if (!server->listen(m_path, &error)) {
        qWarning() << "listen failed:" << error;
        return nullptr;
    }
    return server;
}

void TestIpcServer::socketAndFolderAreOwnerOnly()
{
    auto server = makeServer();
    QVERIFY(server);
    QVERIFY(server->isListening());
    QCOMPARE(server->socketPath(), m_path);
    struct stat st = {};
    QCOMPARE(::stat(QFile::encodeName(m_path).constData(), &st), 0);
    QVERIFY(S_ISSOCK(st.st_mode));
    QCOMPARE(st.st_mode & 07777, mode_t(0600));
    QCOMPARE(::stat(QFile::encodeName(QFileInfo(m_path).absolutePath()).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0700));
}

void TestIpcServer::existingFolderIsLeftAlone()
{
    // A --socket in a shared folder must not chmod that folder.
    m_path = m_dir->filePath(QStringLiteral("agent.sock"));
    QVERIFY(QFile::setPermissions(m_dir->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup));
    auto server = makeServer();
    QVERIFY(server);
    struct stat st = {};
    QCOMPARE(::stat(QFile::encodeName(m_dir->path()).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0750));
    QCOMPARE(::stat(QFile::encodeName(m_path).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0600));
}

void TestIpcServer::helloRequired()
{
    auto server = makeServer();
    QVERIFY(server);
    TestClient c;
    QVERIFY(c.connectTo(m_path));
    QJsonObject r = c.call(1, QStringLiteral("workers.list"));
    QCOMPARE(TestClient::errorCode(r), QStringLiteral("hello_required"));
    QCOMPARE(r.value(QStringLiteral("id")), QJsonValue(1));
    QVERIFY(c.hello(2).contains(QStringLiteral("result")));
    r = c.call(3, QStringLiteral("workers.list"));
    QCOMPARE(r.value(QStringLiteral("result")).toObject().value(QStringLiteral("workers")).toArray().size(), 3);
}

void TestIpcServer::helloReportsAgent()
{
    auto server = makeServer();
    QVERIFY(server);
    TestClient c;
    QVERIFY(c.connectTo(m_path));
    const QJsonObject r = c.hello(7).value(QStringLiteral("result")).toObject();
    QCOMPARE(r.value(QStringLiteral("pid")).toInteger(), QCoreApplication::applicationPid());
    QCOMPARE(r.value(QStringLiteral("protocol")).toString(), protocol::versionString());
    QCOMPARE(r.value(QStringLiteral("agent_version")).toString(), QStringLiteral(HSU_VERSION));
    QVERIFY(r.value(QStringLiteral("capabilities")).toObject().value(QStringLiteral("methods")).toArray().contains(QStringLiteral("workers.list")));
}

void TestIpcServer::garbageGetsErrorAndOthersAreServed()
{
    auto server = makeServer();
    QVERIFY(server);
    TestClient bad;
    QVERIFY(bad.connectTo(m_path));
    bad.sendRaw("this is not json\n");
    const QJsonObject r = bad.take();
    QCOMPARE(TestClient::errorCode(r), QStringLiteral("invalid_frame"));
    QVERIFY(r.value(QStringLiteral("id")).isNull());
    QVERIFY(!r.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().isEmpty());

    TestClient good;
    QVERIFY(good.connectTo(m_path));
    QVERIFY(good.hello().contains(QStringLiteral("result")));
    QVERIFY(good.call(2, QStringLiteral("workers.get"), QJsonObject{{QStringLiteral("id"), QStringLiteral("db")}})
                .contains(QStringLiteral("result")));
    // The offender is still connected and may recover.
    QCOMPARE(bad.socket.state(), QLocalSocket::ConnectedState);
    QVERIFY(bad.hello(9).contains(QStringLiteral("result")));
    QCOMPARE(server->sessionCount(), 2);
}

void TestIpcServer::invalidEnvelopes_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QJsonValue>("id");
    const QJsonValue null(QJsonValue::Null);
    QTest::newRow("array") << QByteArray("[1,2,3]\n") << QStringLiteral("invalid_frame") << null;
    QTest::newRow("truncated") << QByteArray("{\"id\":1,\n") << QStringLiteral("invalid_frame") << null;
    QTest::newRow("no id") << QByteArray(R"({"method":"hello"})" "\n") << QStringLiteral("invalid_request") << null;
    QTest::newRow("bad id") << QByteArray(R"({"id":[1],"method":"hello"})" "\n") << QStringLiteral("invalid_request") << null;
    QTest::newRow("no method") << QByteArray(R"({"id":4})" "\n") << QStringLiteral("invalid_request") << QJsonValue(4);
    QTest::newRow("bad params") << QByteArray(R"({"id":5,"method":"hello","params":[]})" "\n") << QStringLiteral("invalid_request") << QJsonValue(5);
    QTest::newRow("response sent to agent") << QByteArray(R"({"id":6,"result":1})" "\n") << QStringLiteral("invalid_request") << QJsonValue(6);
}

void TestIpcServer::invalidEnvelopes()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, code);
    QFETCH(QJsonValue, id);
    auto server = makeServer();
    QVERIFY(server);
    TestClient c;
    QVERIFY(c.connectTo(m_path));
    c.sendRaw(line);
    const QJsonObject r = c.take();
    QCOMPARE(TestClient::errorCode(r), code);
    QCOMPARE(r.value(QStringLiteral("id")), id);
    QVERIFY(c.hello(10).contains(QStringLiteral("result")));
}

void TestIpcServer::oversizedFrame()
{
    auto server = makeServer();
    QVERIFY(server);
    TestClient big;
    QVERIFY(big.connectTo(m_path));
    QVERIFY(big.hello().contains(QStringLiteral("result")));
    big.sendRaw(QByteArray(protocol::kMaxFrameSize + 1, 'x')); // no newline
    const QJsonObject r = big.take(30000);
    QCOMPARE(TestClient::errorCode(r), QStringLiteral("frame_too_large"));
    QVERIFY(r.value(QStringLiteral("id")).isNull());

    // Others are served meanwhile, and the same client recovers once its line ends.
    TestClient other;
    QVERIFY(other.connectTo(m_path));
    QVERIFY(other.hello().contains(QStringLiteral("result")));
    big.sendRaw(QByteArray(1024, 'y') + "\n");
    QVERIFY(big.call(5, QStringLiteral("workers.list")).contains(QStringLiteral("result")));
    QVERIFY(big.frames.isEmpty()); // the rest of the long line produced nothing more
}

void TestIpcServer::halfFrameThenRest()
{
    auto server = makeServer();
    QVERIFY(server);
    TestClient c;
    QVERIFY(c.connectTo(m_path));
    const QByteArray hello = protocol::encodeFrame(QJsonObject{
        {QStringLiteral("id"), 1}, {QStringLiteral("method"), QStringLiteral("hello")},
        {QStringLiteral("params"), QJsonObject{{QStringLiteral("protocol"), protocol::versionString()}}}});
    c.sendRaw(hello.first(hello.size() / 2));
    QTest::qWait(100); // proving a negative: nothing may come back for half a frame
    QVERIFY(c.frames.isEmpty());
    c.sendRaw(hello.sliced(hello.size() / 2));
    const QJsonObject r = c.take();
    QVERIFY(r.contains(QStringLiteral("result")));
    QCOMPARE(r.value(QStringLiteral("id")), QJsonValue(1));
}

void TestIpcServer::severalRequestsInOneWrite()
{
    auto server = makeServer();
    QVERIFY(server);
    TestClient c;
    QVERIFY(c.connectTo(m_path));
    QByteArray batch;
    batch += protocol::encodeFrame(QJsonObject{{QStringLiteral("id"), 1}, {QStringLiteral("method"), QStringLiteral("hello")},
                                               {QStringLiteral("params"), QJsonObject{{QStringLiteral("protocol"), protocol::versionString()}}}});
    for (int i = 2; i <= 20; ++i)
        batch += protocol::encodeFrame(QJsonObject{{QStringLiteral("id"), i}, {QStringLiteral("method"), QStringLiteral("workers.list")}});
    c.sendRaw(batch);
    QVERIFY(QTest::qWaitFor([&] { return c.frames.size() == 20; }, 5000));
    for (int i = 0; i < 20; ++i) // answered in order
        QCOMPARE(c.frames.at(i).value(QStringLiteral("id")), QJsonValue(i + 1));
}

void TestIpcServer::repeatedOffenceDisconnects()
{
    IpcServer::Options o;
    o.limits.maxBadFrames = 5;
    auto server = makeServer(o);
    QVERIFY(server);
    QSignalSpy closed(server.get(), &IpcServer::sessionClosed);
    TestClient c;
    QVERIFY(c.connectTo(m_path));
    c.sendRaw("a\nb\nc\nd\ne\nf\ng\n");
    QVERIFY(c.waitDisconnected());
    QCOMPARE(c.frames.size(), 5); // an error for each of the five, nothing after
    for (const QJsonObject &f : c.frames)
        QCOMPARE(TestClient::errorCode(f), QStringLiteral("invalid_frame"));
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(server->sessionCount(), 0);

    TestClient next;
    QVERIFY(next.connectTo(m_path));
    QVERIFY(next.hello().contains(QStringLiteral("result")));
}

void TestIpcServer::fewOffencesAreTolerated()
{
    auto server = makeServer();
    QVERIFY(server);
    TestClient c;
    QVERIFY(c.connectTo(m_path));
    c.sendRaw("a\nb\nc\nd\n");
    QVERIFY(QTest::qWaitFor([&] { return c.frames.size() == 4; }, 5000));
    c.frames.clear();
    QVERIFY(c.hello().contains(QStringLiteral("result")));
    QCOMPARE(c.socket.state(), QLocalSocket::ConnectedState);
}

void TestIpcServer::unknownMethod()
{
    auto server = makeServer();
    QVERIFY(server);
    TestClient c;
    QVERIFY(c.connectTo(m_path));
    c.hello();
    const QJsonObject r = c.call(2, QStringLiteral("workers.fly"));
    QCOMPARE(TestClient::errorCode(r), QStringLiteral("unknown_method"));
    QVERIFY(c.call(3, QStringLiteral("workers.list")).contains(QStringLiteral("result")));
}

void TestIpcServer::subscriptionsReceiveWorkerState()
{
    auto server = makeServer();
    QVERIFY(server);
    TestClient a;
    QVERIFY(a.connectTo(m_path));
    a.hello();
    const QJsonObject sub = a.call(2, QStringLiteral("events.subscribe"), subscribeParams());
    QCOMPARE(sub.value(QStringLiteral("result")).toObject().value(QStringLiteral("events")).toArray(),
             QJsonArray{QStringLiteral("worker.state")});

    model::WorkerStatus status = *m_control.worker(QStringLiteral("db"));
    status.state = model::WorkerState::Backoff;
    status.nextRestartMs = 1500;
    server->publishWorkerState(status);
    const QJsonObject e = a.take();
    QCOMPARE(e.value(QStringLiteral("event")).toString(), QStringLiteral("worker.state"));
    QCOMPARE(e.value(QStringLiteral("data")).toObject(), status.toJson());
    QCOMPARE(model::WorkerStatus::fromJson(e.value(QStringLiteral("data")).toObject()), std::optional(status));

    QVERIFY(a.call(3, QStringLiteral("events.unsubscribe"), subscribeParams()).contains(QStringLiteral("result")));
    server->publishWorkerState(status);
    QVERIFY(a.call(4, QStringLiteral("workers.list")).contains(QStringLiteral("result")));
    QVERIFY(a.frames.isEmpty()); // the event would have come before the response
}

void TestIpcServer::unsubscribedReceiveNothing()
{
    auto server = makeServer();
    QVERIFY(server);
    TestClient subscribed, plain, stranger;
    for (TestClient *c : {&subscribed, &plain, &stranger})
        QVERIFY(c->connectTo(m_path));
    subscribed.hello();
    plain.hello();
    subscribed.call(2, QStringLiteral("events.subscribe"), subscribeParams());
    // Before hello, subscribing is refused, so a stranger never gets events.
    QCOMPARE(TestClient::errorCode(stranger.call(2, QStringLiteral("events.subscribe"), subscribeParams())),
             QStringLiteral("hello_required"));

    for (int i = 0; i < 3; ++i)
        server->publishWorkerState(*m_control.worker(QStringLiteral("web")));
    QVERIFY(QTest::qWaitFor([&] { return subscribed.frames.size() == 3; }, 5000));
    QVERIFY(plain.call(3, QStringLiteral("workers.list")).contains(QStringLiteral("result")));
    QVERIFY(stranger.call(3, QStringLiteral("workers.list")).contains(QStringLiteral("error")));
    QVERIFY(plain.frames.isEmpty());
    QVERIFY(stranger.frames.isEmpty());
}

void TestIpcServer::slowClientIsDropped()
{
    IpcServer::Options o;
    o.limits.maxPendingBytes = 64 * 1024;
    auto server = makeServer(o);
    QVERIFY(server);
    QSignalSpy closed(server.get(), &IpcServer::sessionClosed);

    RawClient stalled(m_path);
    QVERIFY(stalled.connected());
    QVERIFY(stalled.subscribeToEverything());

    TestClient reader; // reads everything: must survive the same stream
    QVERIFY(reader.connectTo(m_path));
    reader.hello();
    reader.call(2, QStringLiteral("events.subscribe"), subscribeParams());

    model::WorkerStatus status = *m_control.worker(QStringLiteral("db"));
    status.reason = QString(200, QLatin1Char('r'));
    int published = 0;
    // Batches with the event loop turning in between: a reading client keeps up, a stalled one cannot.
    QVERIFY(QTest::qWaitFor([&] {
        for (int i = 0; i < 50; ++i, ++published)
            server->publishWorkerState(status);
        return closed.size() == 1;
    }, 20000));
    QVERIFY(published > 0);
    QCOMPARE(server->sessionCount(), 1);
    QVERIFY(QTest::qWaitFor([&] { return reader.frames.size() == published; }, 10000));
    QCOMPARE(reader.socket.state(), QLocalSocket::ConnectedState);
    QVERIFY(reader.call(3, QStringLiteral("workers.list")).contains(QStringLiteral("result")));
}

// A slow client dropped with megabytes queued: a moment later the agent gives the heap's free
// pages back (LargeBuffers.h; the chaos test's agent idled at 97 MiB after such clients).
void TestIpcServer::droppedLargeSessionReleasesMemory()
{
    IpcServer::Options o;
    o.limits.maxPendingBytes = 4 * 1024 * 1024;
    auto server = makeServer(o);
    QVERIFY(server);
    QSignalSpy closed(server.get(), &IpcServer::sessionClosed);

    RawClient stalled(m_path);
    QVERIFY(stalled.connected());
    QVERIFY(stalled.subscribeToEverything());

    const std::uint64_t before = agent::freeMemoryReleases();
    model::WorkerStatus status = *m_control.worker(QStringLiteral("db"));
    status.reason = QString(2000, QLatin1Char('r'));
    QVERIFY(QTest::qWaitFor([&] {
        for (int i = 0; i < 200; ++i)
            server->publishWorkerState(status);
        return closed.size() == 1;
    }, 30000));
    QTRY_VERIFY_WITH_TIMEOUT(agent::freeMemoryReleases() > before, 10000);
}

void TestIpcServer::secondServerRefuses()
{
    auto first = makeServer();
    QVERIFY(first);
    IpcServer second(m_control);
    QString error;
    QVERIFY(!second.listen(m_path, &error));
    QCOMPARE(error, QStringLiteral("another hsu-agent is already running on %1 (pid %2)")
                        .arg(m_path).arg(QCoreApplication::applicationPid()));
    QVERIFY(!second.isListening());

    // The first one is untouched.
    QVERIFY(QFileInfo::exists(m_path));
    TestClient c;
    QVERIFY(c.connectTo(m_path));
    QVERIFY(c.hello().contains(QStringLiteral("result")));
    QCOMPARE(first->sessionCount(), 1); // (the probe's session is gone)
}

void TestIpcServer::staleSocketIsReplaced()
{
    // What a crashed agent leaves: a socket file nobody listens on.
    QVERIFY(QDir().mkpath(QFileInfo(m_path).absolutePath()));
    {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr = {};
        addr.sun_family = AF_UNIX;
        qstrncpy(addr.sun_path, QFile::encodeName(m_path).constData(), sizeof addr.sun_path);
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
        QCOMPARE(::listen(fd, 1), 0);
        ::close(fd);
    }
    QVERIFY(QFileInfo::exists(m_path));
    auto server = makeServer();
    QVERIFY(server);
    TestClient c;
    QVERIFY(c.connectTo(m_path));
    QVERIFY(c.hello().contains(QStringLiteral("result")));
}

void TestIpcServer::linkAtTheSocketPathIsRefused()
{
    // The probe, the lock and the removal of a stale socket would all act on whatever the link
    // leads to; a dangling one would have the socket made where it points.
    QVERIFY(QDir().mkpath(QFileInfo(m_path).absolutePath()));
    QVERIFY(QFile::link(m_dir->filePath(QStringLiteral("elsewhere.sock")), m_path));
    IpcServer server(m_control);
    QString error;
    QVERIFY(!server.listen(m_path, &error));
    QVERIFY2(error.contains(QLatin1String("symbolic link")), qPrintable(error));
    QVERIFY(QFileInfo(m_path).isSymLink());
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("elsewhere.sock"))));
}

void TestIpcServer::sharedFolderMustBeSticky()
{
    // Others may write in the folder: only with the sticky bit (as /tmp) can they not replace
    // the socket once it is there.
    m_path = m_dir->filePath(QStringLiteral("agent.sock"));
    QCOMPARE(::chmod(QFile::encodeName(m_dir->path()).constData(), 0777), 0);
    IpcServer server(m_control);
    QString error;
    QVERIFY(!server.listen(m_path, &error));
    QVERIFY2(error.contains(QLatin1String("not sticky")), qPrintable(error));
    QVERIFY(!QFileInfo::exists(m_path));
    QCOMPARE(::chmod(QFile::encodeName(m_dir->path()).constData(), 01777), 0);
    QVERIFY2(server.listen(m_path, &error), qPrintable(error));
    server.close();
    QCOMPARE(::chmod(QFile::encodeName(m_dir->path()).constData(), 0700), 0);
}

void TestIpcServer::nonSocketFileIsNotReplaced()
{
    QVERIFY(QDir().mkpath(QFileInfo(m_path).absolutePath()));
    QFile f(m_path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("precious");
    f.close();
    IpcServer server(m_control);
    QString error;
    QVERIFY(!server.listen(m_path, &error));
    QVERIFY2(error.contains(QLatin1String("not a socket")), qPrintable(error));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("precious"));
}

void TestIpcServer::otherUidIsRejected()
{
    IpcServer::Options o;
    o.allowedUid = agent::currentUid() + 1; // pretend the agent belongs to someone else
    auto server = makeServer(o);
    QVERIFY(server);
    QSignalSpy rejected(server.get(), &IpcServer::peerRejected);
    TestClient c;
    QVERIFY(c.connectTo(m_path));
    c.request(1, QStringLiteral("hello"), QJsonObject{{QStringLiteral("protocol"), protocol::versionString()}});
    QVERIFY(c.waitDisconnected());
    QCOMPARE(rejected.size(), 1);
    QCOMPARE(rejected.at(0).at(0).toLongLong(), agent::currentUid());
    QVERIFY(c.frames.isEmpty());
    QCOMPARE(server->sessionCount(), 0);
}

void TestIpcServer::shutdownCallsControlAfterReply()
{
    auto server = makeServer();
    QVERIFY(server);
    TestClient c;
    QVERIFY(c.connectTo(m_path));
    c.hello();
    const QJsonObject r = c.call(2, QStringLiteral("agent.shutdown"));
    QCOMPARE(r.value(QStringLiteral("result")).toObject().value(QStringLiteral("shutting_down")).toBool(), true);
    QTRY_COMPARE(m_control.shutdownCalls, 1);
}

void TestIpcServer::closeRemovesSocketFile()
{
    auto server = makeServer();
    QVERIFY(server);
    TestClient c;
    QVERIFY(c.connectTo(m_path));
    c.hello();
    QVERIFY(QFileInfo::exists(m_path));
    QVERIFY(QFileInfo::exists(m_path + QStringLiteral(".lock")));
    server->close();
    QVERIFY(!server->isListening());
    QVERIFY(!QFileInfo::exists(m_path));
    QVERIFY(!QFileInfo::exists(m_path + QStringLiteral(".lock")));
    QVERIFY(c.waitDisconnected());
    // And it can listen again.
    QVERIFY(server->listen(m_path));
}

void TestIpcServer::peerCredentialsOfOwnSocket()
{
    int fds[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    const auto creds = agent::peerCredentials(fds[0]);
    ::close(fds[0]);
    ::close(fds[1]);
    QVERIFY(creds);
    QCOMPARE(creds->uid, agent::currentUid());
#ifdef Q_OS_LINUX
    QCOMPARE(creds->pid, QCoreApplication::applicationPid());
#endif
}

QTEST_GUILESS_MAIN(TestIpcServer)
#include "tst_ipcserver.moc"

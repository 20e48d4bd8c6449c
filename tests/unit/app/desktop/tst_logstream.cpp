// LogFeed and LogStream against a fake agent on a local socket (real AgentClient, real framing):
// tail then follow, nothing twice, only the stream's worker, notices, the subscription union,
// and everything asked again after a reconnect.
#include "app/desktop/LogModel.h"
#include "app/desktop/LogStream.h"

#include "shared/client/AgentClient.h"
#include "shared/protocol/FrameCodec.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace hsu::desktop;
using namespace Qt::StringLiterals;
using hsu::client::AgentClient;

namespace {

QJsonObject lineJson(const QString &worker, qint64 seq, const QString &text, bool err = false)
{
    return {{u"worker"_s, worker}, {u"stream"_s, err ? u"stderr"_s : u"stdout"_s}, {u"seq"_s, seq},
            {u"ts"_s, qint64(1700000000000 + seq)}, {u"text"_s, text}};
}

// Just enough of hsu-agent: hello, logs.*, events.subscribe, workers.get; records every request.
class FakeAgent final : public QObject
{
public:
    QJsonArray tail;          // what logs.tail answers (filtered by id)
    bool knowsLogs = true;    // false: an agent from before logs
    qint64 pid = 4242;
    QList<QPair<QString, QJsonObject>> requests;

    bool listen(const QString &path)
    {
        connect(&m_server, &QLocalServer::newConnection, this, [this] {
            m_conn = m_server.nextPendingConnection();
            m_decoder.reset();
            connect(m_conn, &QLocalSocket::readyRead, this, [this, conn = m_conn] { onRead(conn); });
        });
        return m_server.listen(path);
    }
    void push(const QString &name, const QJsonObject &data)
    {
        QVERIFY(m_conn);
        m_conn->write(hsu::protocol::encodeFrame({{u"event"_s, name}, {u"data"_s, data}}));
    }
    void dropConnection()
    {
        m_conn->abort();
        m_conn = nullptr;
    }
    int count(const QString &method) const
    {
        return int(std::count_if(requests.cbegin(), requests.cend(), [&](const auto &r) { return r.first == method; }));
    }
    QJsonObject last(const QString &method) const
    {
        for (auto it = requests.crbegin(); it != requests.crend(); ++it)
            if (it->first == method)
                return it->second;
        return {};
    }

private:
    void onRead(QLocalSocket *conn)
    {
        m_decoder.feed(conn->readAll());
        for (auto r = m_decoder.next(); r.status == hsu::protocol::FrameDecoder::Status::Frame; r = m_decoder.next()) {
            const QString method = r.object.value(u"method"_s).toString();
            const QJsonObject params = r.object.value(u"params"_s).toObject();
            requests.append({method, params});
            QJsonObject reply{{u"id"_s, r.object.value(u"id"_s)}};
            QJsonArray methods{u"hello"_s, u"workers.get"_s, u"events.subscribe"_s};
            QJsonArray events{u"worker.state"_s};
            if (knowsLogs) {
                for (const QString &m : {u"logs.tail"_s, u"logs.subscribe"_s, u"logs.unsubscribe"_s})
                    methods.append(m);
                events.append(u"logs.dropped"_s);
            }
            if (method == u"hello"_s) {
                reply[u"result"_s] = QJsonObject{{u"protocol"_s, u"1.0"_s}, {u"agent_version"_s, u"fake"_s}, {u"pid"_s, pid},
                                              {u"capabilities"_s, QJsonObject{{u"methods"_s, methods}, {u"events"_s, events}}}};
            } else if (method == u"workers.get"_s) {
                QJsonObject result{{u"id"_s, params.value(u"id"_s)}};
                if (knowsLogs)
                    result[u"log_files"_s] = QJsonObject{{u"stdout"_s, QJsonArray{u"/logs/"_s + params.value(u"id"_s).toString() + u".log"_s}},
                                                      {u"stderr"_s, QJsonArray{}}};
                reply[u"result"_s] = result;
            } else if (method.startsWith(u"logs."_s) && !knowsLogs) {
                reply[u"error"_s] = QJsonObject{{u"code"_s, u"unknown_method"_s}, {u"message"_s, u"unknown method "_s + method}};
            } else if (method == u"logs.tail"_s) {
                QJsonArray lines;
                for (const QJsonValue &v : tail)
                    if (!params.contains(u"id"_s) || v.toObject().value(u"worker"_s) == params.value(u"id"_s))
                        lines.append(v);
                reply[u"result"_s] = QJsonObject{{u"lines"_s, lines}};
            } else {
                reply[u"result"_s] = QJsonObject{};
            }
            conn->write(hsu::protocol::encodeFrame(reply));
        }
    }

    QLocalServer m_server;
    QPointer<QLocalSocket> m_conn;
    hsu::protocol::FrameDecoder m_decoder;
};

QStringList texts(const LogModel &m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.lineAt(r).text;
    return out;
}

} // namespace

class TestLogStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void tailThenFollowOneWorker();
    void skippedAndDroppedBecomeNotices();
    void reconnectSubscribesAndTailsAgain();
    void newAgentNumbersAfresh();
    void subscriptionIsTheUnionAndEndsWithTheLastView();
    void switchingWorkerClearsAndTails();
    void olderAgentSaysSo();

private:
    void connectClient();

    QTemporaryDir *m_dir = nullptr;
    FakeAgent *m_agent = nullptr;
    AgentClient *m_client = nullptr;
};

void TestLogStream::init()
{
    m_dir = new QTemporaryDir;
    m_agent = new FakeAgent;
    m_agent->tail = {lineJson(u"web"_s, 1, u"web one"_s), lineJson(u"db"_s, 1, u"db one"_s), lineJson(u"web"_s, 2, u"web two"_s, true)};
    QVERIFY(m_agent->listen(m_dir->filePath(u"agent.sock"_s)));
    m_client = new AgentClient(u"tst_logstream"_s);
    m_client->setAutoReconnect(true);
    m_client->setReconnectDelays(20, 100);
}

void TestLogStream::cleanup()
{
    delete m_client;
    delete m_agent;
    delete m_dir;
}

void TestLogStream::connectClient()
{
    QSignalSpy connected(m_client, &AgentClient::connected);
    m_client->connectToAgent(m_dir->filePath(u"agent.sock"_s));
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 1, 5000);
}

void TestLogStream::tailThenFollowOneWorker()
{
    connectClient();
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    LogStream stream(m_client, &model, LogStream::Scope::OneWorker);
    QSignalSpy files(&stream, &LogStream::logFilesChanged);
    stream.setWorker(u"web"_s);
    QCOMPARE(m_agent->count(u"logs.tail"_s), 0); // inactive: asks nothing
    stream.setActive(true);
    QTRY_COMPARE_WITH_TIMEOUT(texts(model), (QStringList{u"web one"_s, u"web two"_s}), 5000);
    QCOMPARE(m_agent->last(u"logs.tail"_s), (QJsonObject{{u"id"_s, u"web"_s}, {u"lines"_s, LogStream::kTailLines}}));
    QCOMPARE(m_agent->last(u"logs.subscribe"_s), (QJsonObject{{u"ids"_s, QJsonArray{u"web"_s}}}));
    QVERIFY(model.lineAt(1).isStderr());
    QTRY_COMPARE_WITH_TIMEOUT(stream.stdoutFiles(), QStringList{u"/logs/web.log"_s}, 5000);
    QVERIFY(files.size() >= 1);

    // Live: web 2 again (it was in the tail), web 3, and db, which is not this view's.
    m_agent->push(u"logs.lines"_s, {{u"lines"_s, QJsonArray{lineJson(u"web"_s, 2, u"web two"_s, true), lineJson(u"db"_s, 2, u"db two"_s),
                                                      lineJson(u"web"_s, 3, u"web three"_s)}},
                                 {u"skipped"_s, 0}});
    QTRY_COMPARE_WITH_TIMEOUT(texts(model), (QStringList{u"web one"_s, u"web two"_s, u"web three"_s}), 5000);
    // The seq is per stream: stderr 3 is new although stdout 3 was seen.
    m_agent->push(u"logs.lines"_s, {{u"lines"_s, QJsonArray{lineJson(u"web"_s, 3, u"web err three"_s, true)}}, {u"skipped"_s, 0}});
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 4, 5000);
}

void TestLogStream::skippedAndDroppedBecomeNotices()
{
    connectClient();
    LogModel model;
    LogStream stream(m_client, &model, LogStream::Scope::OneWorker);
    stream.setWorker(u"web"_s);
    stream.setActive(true);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 2, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_agent->last(u"events.subscribe"_s), (QJsonObject{{u"events"_s, QJsonArray{u"logs.dropped"_s}}}), 5000);
    m_agent->push(u"logs.lines"_s, {{u"lines"_s, QJsonArray{lineJson(u"web"_s, 3, u"web three"_s)}}, {u"skipped"_s, 7}});
    m_agent->push(u"logs.dropped"_s, {{u"worker"_s, u"db"_s}, {u"target"_s, u"/logs/db.log"_s}, {u"dropped"_s, 3}, {u"total_dropped"_s, 3},
                                   {u"reason"_s, u"disk full"_s}});
    m_agent->push(u"logs.dropped"_s, {{u"worker"_s, u"web"_s}, {u"target"_s, u"/logs/web.log"_s}, {u"dropped"_s, 5}, {u"total_dropped"_s, 9},
                                   {u"reason"_s, u"disk full"_s}});
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 5, 5000);
    QCOMPARE(model.skipped(), 7);
    QVERIFY(model.lineAt(3).kind == LogLine::Kind::Notice);
    QVERIFY(model.lineAt(3).text.startsWith(u"7 lines skipped"_s));
    QCOMPARE(model.lineAt(4).text, QStringLiteral("5 lines dropped for /logs/web.log: disk full"));
    QCOMPARE(model.lineAt(4).worker, QStringLiteral("web"));
}

void TestLogStream::reconnectSubscribesAndTailsAgain()
{
    connectClient();
    LogModel model;
    LogStream stream(m_client, &model, LogStream::Scope::AllWorkers);
    stream.setActive(true);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 3, 5000);
    QCOMPARE(m_agent->last(u"logs.subscribe"_s), QJsonObject{}); // all workers
    QVERIFY(!m_agent->last(u"logs.tail"_s).contains(u"id"_s));

    // Written while the window was away: the new tail holds it, the rest is not repeated.
    m_agent->tail.append(lineJson(u"db"_s, 2, u"db two"_s));
    QSignalSpy connected(m_client, &AgentClient::connected);
    m_agent->dropConnection();
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_agent->count(u"logs.subscribe"_s), 2, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_agent->count(u"logs.tail"_s), 2, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(texts(model), (QStringList{u"web one"_s, u"db one"_s, u"web two"_s, u"db two"_s}), 5000);
    // And it follows on the new connection.
    m_agent->push(u"logs.lines"_s, {{u"lines"_s, QJsonArray{lineJson(u"web"_s, 3, u"web three"_s)}}, {u"skipped"_s, 0}});
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 5, 5000);
}

void TestLogStream::newAgentNumbersAfresh()
{
    connectClient();
    LogModel model;
    LogStream stream(m_client, &model, LogStream::Scope::AllWorkers);
    stream.setActive(true);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 3, 5000);
    // Another agent (another pid) starts its seq at 1 again: its lines are not taken for old ones.
    m_agent->pid = 5151;
    m_agent->tail = {lineJson(u"web"_s, 1, u"new web one"_s)};
    m_agent->dropConnection();
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 5, 5000);
    QCOMPARE(model.lineAt(3).kind, LogLine::Kind::Notice);
    QCOMPARE(model.lineAt(4).text, QStringLiteral("new web one"));
}

void TestLogStream::subscriptionIsTheUnionAndEndsWithTheLastView()
{
    connectClient();
    LogModel one, all;
    LogStream web(m_client, &one, LogStream::Scope::OneWorker);
    LogStream every(m_client, &all, LogStream::Scope::AllWorkers);
    web.setWorker(u"web"_s);
    web.setActive(true);
    QTRY_COMPARE_WITH_TIMEOUT(m_agent->last(u"logs.subscribe"_s), (QJsonObject{{u"ids"_s, QJsonArray{u"web"_s}}}), 5000);
    every.setActive(true);
    QTRY_COMPARE_WITH_TIMEOUT(m_agent->count(u"logs.subscribe"_s), 2, 5000);
    QCOMPARE(m_agent->last(u"logs.subscribe"_s), QJsonObject{});
    // Both views get what is pushed once.
    m_agent->push(u"logs.lines"_s, {{u"lines"_s, QJsonArray{lineJson(u"web"_s, 3, u"w3"_s), lineJson(u"db"_s, 2, u"d2"_s)}}, {u"skipped"_s, 0}});
    QTRY_COMPARE_WITH_TIMEOUT(all.rowCount(), 5, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(one.rowCount(), 3, 5000);
    every.setActive(false);
    QTRY_COMPARE_WITH_TIMEOUT(m_agent->count(u"logs.subscribe"_s), 3, 5000);
    QCOMPARE(m_agent->last(u"logs.subscribe"_s), (QJsonObject{{u"ids"_s, QJsonArray{u"web"_s}}}));
    web.setActive(false);
    QTRY_COMPARE_WITH_TIMEOUT(m_agent->count(u"logs.unsubscribe"_s), 1, 5000);
    // Inactive views take nothing.
    m_agent->push(u"logs.lines"_s, {{u"lines"_s, QJsonArray{lineJson(u"web"_s, 4, u"w4"_s)}}, {u"skipped"_s, 0}});
    QTest::qWait(100);
    QCOMPARE(one.rowCount(), 3);
    QCOMPARE(all.rowCount(), 5);
}

void TestLogStream::switchingWorkerClearsAndTails()
{
    connectClient();
    LogModel model;
    LogStream stream(m_client, &model, LogStream::Scope::OneWorker);
    stream.setActive(true);
    QTest::qWait(50);
    QCOMPARE(m_agent->count(u"logs.tail"_s), 0); // no worker selected: nothing to ask
    stream.setWorker(u"web"_s);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 2, 5000);
    stream.setWorker(u"db"_s);
    QCOMPARE(model.rowCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(texts(model), QStringList{u"db one"_s}, 5000);
    QCOMPARE(m_agent->last(u"logs.subscribe"_s), (QJsonObject{{u"ids"_s, QJsonArray{u"db"_s}}}));
    QTRY_COMPARE_WITH_TIMEOUT(stream.stdoutFiles(), QStringList{u"/logs/db.log"_s}, 5000);
    stream.setWorker(QString());
    QCOMPARE(model.rowCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_agent->count(u"logs.unsubscribe"_s), 1, 5000);
}

void TestLogStream::olderAgentSaysSo()
{
    m_agent->knowsLogs = false;
    connectClient();
    LogModel model;
    LogStream stream(m_client, &model, LogStream::Scope::OneWorker);
    QSignalSpy problem(&stream, &LogStream::problem);
    stream.setWorker(u"web"_s);
    stream.setActive(true);
    QTRY_COMPARE_WITH_TIMEOUT(problem.size(), 1, 5000);
    QVERIFY(problem.first().at(0).toString().contains(u"does not provide"_s));
    QTest::qWait(50);
    QVERIFY(stream.stdoutFiles().isEmpty()); // no log_files: Open log file stays disabled
    QCOMPARE(m_agent->count(u"events.subscribe"_s), 0); // logs.dropped is not offered: not asked for
}

QTEST_MAIN(TestLogStream)
#include "tst_logstream.moc"

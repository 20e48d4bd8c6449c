// The gRPC pieces of agent/health: the grpc.health.v1 messages written out and read back, the
// address forms, and GrpcCall against real servers (the test worker's Ping over HTTP/2, its HTTP/1
// server, a closed port) with the answer or the reason each gives.

#include "agent/health/GrpcCall.h"
#include "agent/health/HealthProbe.h"
#include "tests/helpers/support/AgentRunner.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <optional>

#include <csignal>

using namespace hsu::agent::health;

namespace {

int freePort()
{
    QTcpServer s;
    return s.listen(QHostAddress::LocalHost, 0) ? s.serverPort() : 0;
}

// The test worker serving `flag` on a free port, ended (by pid) when the test ends.
struct Server
{
    QProcess process;
    quint16 port = 0;
    Server(const char *flag, QStringList more = {})
    {
        port = quint16(freePort());
        more << QString::fromLatin1(flag) << QString::number(port) << QStringLiteral("--run-for") << QStringLiteral("60000")
             << QStringLiteral("--ready-file") << ready();
        QFile::remove(ready());
        process.start(hsu::test::testWorkerPath(), more);
    }
    ~Server()
    {
        process.kill();
        process.waitForFinished(5000);
        QFile::remove(ready());
    }
    QString ready() const { return QDir::temp().filePath(QStringLiteral("tst_grpccall.%1.ready").arg(port)); }
    bool waitReady() const
    {
        QElapsedTimer t;
        t.start();
        while (!QFile::exists(ready()) && t.elapsed() < 10000)
            QTest::qWait(10);
        return QFile::exists(ready());
    }
};

bool waitStopped(qint64 pid)
{
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 5000) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (stat.open(QIODevice::ReadOnly)) {
            const QByteArray line = stat.readAll();
            const qsizetype close = line.lastIndexOf(')'); // the name may hold blanks and parentheses
            if (close > 0 && line.size() > close + 2 && line.at(close + 2) == 'T')
                return true;
        }
        QTest::qWait(1);
    }
    return false;
}

std::optional<GrpcReply> call(quint16 port, const QByteArray &path, int timeoutMs = 2000)
{
    GrpcCall c;
    std::optional<GrpcReply> reply;
    c.start(QStringLiteral("127.0.0.1"), port, path, QByteArray(), timeoutMs, {}, [&](const GrpcReply &r) { reply = r; });
    QElapsedTimer waited;
    waited.start();
    while (!reply && waited.elapsed() < 10000) // GrpcCall bounds itself: this only catches a hang
        QTest::qWait(5);
    return reply;
}

} // namespace

class TestGrpcCall : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void healthRequestBytes()
    {
        // grpc-proto's HealthCheckRequest: field 1, length-delimited; the whole server is empty.
        QCOMPARE(healthCheckRequest(QString()), QByteArray());
        QCOMPARE(healthCheckRequest(QStringLiteral("foo")), QByteArray::fromHex("0a03666f6f"));
        const QString longName(200, QLatin1Char('s'));
        QCOMPARE(healthCheckRequest(longName).left(3), QByteArray::fromHex("0ac801")); // 200 as a two-byte varint
    }

    void servingStatusRead_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<int>("status");
        QTest::newRow("SERVING") << QByteArray::fromHex("0801") << 1;
        QTest::newRow("NOT_SERVING") << QByteArray::fromHex("0802") << 2;
        QTest::newRow("empty is UNKNOWN") << QByteArray() << 0;
        QTest::newRow("an unknown field skipped") << QByteArray::fromHex("1203616263" "0801") << 1;
        QTest::newRow("truncated varint") << QByteArray::fromHex("0881") << -1;
        QTest::newRow("length past the end") << QByteArray::fromHex("1209616263") << -1;
        QTest::newRow("wire type 7") << QByteArray::fromHex("0f") << -1;
    }
    void servingStatusRead()
    {
        QFETCH(QByteArray, message);
        QFETCH(int, status);
        QCOMPARE(servingStatus(message), status);
    }

    void addresses()
    {
        QString host;
        quint16 port = 0;
        QVERIFY(splitHostPort(QStringLiteral("127.0.0.1:50051"), host, port));
        QCOMPARE(host, QStringLiteral("127.0.0.1"));
        QCOMPARE(port, quint16(50051));
        QVERIFY(splitHostPort(QStringLiteral("[::1]:7"), host, port));
        QCOMPARE(host, QStringLiteral("::1"));
        QVERIFY(splitHostPort(QStringLiteral("localhost:1"), host, port));
        QVERIFY(!splitHostPort(QStringLiteral("localhost"), host, port));
        QVERIFY(!splitHostPort(QStringLiteral(":80"), host, port));
        QVERIFY(!splitHostPort(QStringLiteral("h:0"), host, port));
        QVERIFY(!splitHostPort(QStringLiteral("h:65536"), host, port));
        QCOMPARE(grpcStatusName(5), QStringLiteral("NOT_FOUND"));
        QCOMPARE(grpcStatusName(99), QStringLiteral("status 99"));
    }

    void pingAnswersAndOtherMethodsAreUnimplemented()
    {
        Server s("--port");
        QVERIFY(s.waitReady());
        auto r = call(s.port, "/proto.CoreService/Ping");
        QVERIFY(r && r->answered);
        QCOMPARE(r->grpcStatus, 0);
        QVERIFY(r->message.isEmpty());
        r = call(s.port, "/grpc.health.v1.Health/Check");
        QVERIFY(r && r->answered);
        QCOMPARE(r->grpcStatus, 12);
        QCOMPARE(r->grpcMessage, QStringLiteral("unknown method"));
    }

    void pingStatusIsPassedOn()
    {
        Server s("--port", {QStringLiteral("--ping-status"), QStringLiteral("14")});
        QVERIFY(s.waitReady());
        const auto r = call(s.port, "/proto.CoreService/Ping");
        QVERIFY(r && r->answered);
        QCOMPARE(r->grpcStatus, 14);
    }

    // Not gRPC at all: each says what it met, none hangs.
    void anHttp1ServerIsNotGrpc()
    {
        Server s("--serve-http");
        QVERIFY(s.waitReady());
        const auto r = call(s.port, "/proto.CoreService/Ping");
        QVERIFY(r && !r->answered);
        // Which of its answer, its close or our refused write the call sees first is timing (under
        // ThreadSanitizer the write came last): each ends the call with a reason.
        QVERIFY2(r->error.contains(QLatin1String("not gRPC")) || r->error.contains(QLatin1String("closed the connection"))
                     || r->error.contains(QLatin1String("Broken pipe")) || r->error.contains(QLatin1String("reset by peer")),
                 qPrintable(r->error));
    }

    void aClosedPortIsRefused()
    {
        const auto r = call(quint16(freePort()), "/proto.CoreService/Ping");
        QVERIFY(r && !r->answered);
        QVERIFY2(r->error.contains(QLatin1String("refused")), qPrintable(r->error));
    }

    void aSilentServerTimesOut()
    {
        // Frozen with SIGSTOP, a server's listening socket still completes connections (the
        // backlog) but nothing answers.
        Server s("--serve-tcp");
        QVERIFY(s.waitReady());
        QCOMPARE(::kill(pid_t(s.process.processId()), SIGSTOP), 0);
        // kill() returns before the stop takes hold: a server still running on the other core
        // could accept (and close) the connection meanwhile. Wait for the kernel to say "T".
        QVERIFY(waitStopped(s.process.processId()));
        QElapsedTimer t;
        t.start();
        const auto r = call(s.port, "/proto.CoreService/Ping", 300);
        ::kill(pid_t(s.process.processId()), SIGCONT);
        QVERIFY(r && !r->answered);
        QVERIFY2(r->error.contains(QLatin1String("within 300 ms")), qPrintable(r->error));
        QVERIFY(t.elapsed() >= 300);
    }
};

QTEST_GUILESS_MAIN(TestGrpcCall)
#include "tst_grpccall.moc"

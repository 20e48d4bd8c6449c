// The metrics endpoint over real sockets: what a scrape gets, what other requests get, that bad and
// oversized requests are answered and the endpoint goes on serving, that a taken port is an error,
// and which addresses it accepts.

#include "agent/metrics/MetricsServer.h"

#include <QTcpSocket>
#include <QTest>

#include <atomic>

using namespace hsu::agent::metrics;

namespace {

// One request on a fresh connection; everything the server sent until it closed (or 10 s).
QByteArray exchange(quint16 port, const QByteArray &request)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(5000))
        return QByteArray("no connection: ") + s.errorString().toUtf8();
    s.write(request);
    s.waitForBytesWritten(5000);
    QByteArray reply;
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired() && s.state() == QAbstractSocket::ConnectedState) {
        if (s.waitForReadyRead(200))
            reply += s.readAll();
        // A complete response with a length: done without waiting for a close.
        const qsizetype end = reply.indexOf("\r\n\r\n");
        if (end > 0) {
            const QByteArray head = reply.left(end).toLower();
            const qsizetype at = head.indexOf("content-length:");
            if (at >= 0) {
                const qsizetype eol = head.indexOf("\r\n", at);
                const int length = head.mid(at + 15, (eol < 0 ? head.size() : eol) - at - 15).trimmed().toInt();
                if (reply.size() >= end + 4 + length)
                    break;
            }
        }
    }
    reply += s.readAll();
    return reply;
}

QByteArray get(quint16 port, const char *path, const char *method = "GET")
{
    return exchange(port, QByteArray(method) + ' ' + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
}

int statusOf(const QByteArray &reply)
{
    return reply.startsWith("HTTP/1.") ? reply.mid(9, 3).toInt() : -1;
}

QByteArray bodyOf(const QByteArray &reply)
{
    const qsizetype end = reply.indexOf("\r\n\r\n");
    return end < 0 ? QByteArray() : reply.mid(end + 4);
}

ListenAddress loopbackAnyPort()
{
    QString error;
    return *ListenAddress::parse(QStringLiteral("127.0.0.1:0"), &error);
}

} // namespace

class TestMetricsServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scrape();
    void otherPathsAndMethods();
    void badRequestsKeepItServing();
    void takenPortIsAnError();
    void closeStopsServing();
    void addresses_data();
    void addresses();
};

void TestMetricsServer::scrape()
{
    std::atomic<int> renders{0};
    MetricsServer server([&renders] {
        ++renders;
        return QByteArray("# HELP hsu_x X.\n# TYPE hsu_x gauge\nhsu_x ") + QByteArray::number(renders.load()) + '\n';
    });
    QString error;
    QVERIFY2(server.listen(loopbackAnyPort(), &error), qPrintable(error));
    QVERIFY(server.port() > 0);
    const QByteArray reply = get(server.port(), "/metrics");
    QCOMPARE(statusOf(reply), 200);
    QVERIFY2(reply.toLower().contains("content-type: text/plain; version=0.0.4; charset=utf-8"), reply.constData());
    QCOMPARE(bodyOf(reply), QByteArray("# HELP hsu_x X.\n# TYPE hsu_x gauge\nhsu_x 1\n"));
    // Each scrape renders anew.
    QCOMPARE(bodyOf(get(server.port(), "/metrics")), QByteArray("# HELP hsu_x X.\n# TYPE hsu_x gauge\nhsu_x 2\n"));
    QCOMPARE(server.scrapes(), quint64(2));
    // HEAD: the head only.
    const QByteArray head = get(server.port(), "/metrics", "HEAD");
    QCOMPARE(statusOf(head), 200);
    QVERIFY(bodyOf(head).isEmpty());
}

void TestMetricsServer::otherPathsAndMethods()
{
    MetricsServer server([] { return QByteArray("hsu_x 1\n"); });
    QString error;
    QVERIFY2(server.listen(loopbackAnyPort(), &error), qPrintable(error));
    const QByteArray root = get(server.port(), "/");
    QCOMPARE(statusOf(root), 200);
    QVERIFY(bodyOf(root).contains("/metrics"));
    QCOMPARE(statusOf(get(server.port(), "/nothing-here")), 404);
    const QByteArray post = exchange(server.port(), "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
    QCOMPARE(statusOf(post), 405);
    QVERIFY2(post.toLower().contains("allow: get, head"), post.constData());
    QCOMPARE(statusOf(get(server.port(), "/metrics", "DELETE")), 405);
    QCOMPARE(server.scrapes(), quint64(0)); // none of these rendered the text
}

void TestMetricsServer::badRequestsKeepItServing()
{
    MetricsServer server([] { return QByteArray("hsu_x 1\n"); });
    QString error;
    QVERIFY2(server.listen(loopbackAnyPort(), &error), qPrintable(error));
    // Garbage: answered with an error status (or the connection closed), never a scrape.
    const QByteArray garbage = exchange(server.port(), QByteArray("\x01\x02\xff not http at all\r\n\r\n"));
    QVERIFY2(garbage.isEmpty() || statusOf(garbage) >= 400, garbage.constData());
    // Headers far over the 32 KiB the endpoint allows a request.
    const QByteArray huge = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(200 * 1024, 'a') + "\r\n\r\n";
    const QByteArray big = exchange(server.port(), huge);
    QVERIFY2(big.isEmpty() || statusOf(big) >= 400, big.left(200).constData());
    // A client that connects and sends half a request, then stays: others are still served.
    QTcpSocket idle;
    idle.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(idle.waitForConnected(5000));
    idle.write("GET /met");
    QVERIFY(idle.waitForBytesWritten(5000));
    for (int i = 0; i < 5; ++i)
        QCOMPARE(statusOf(get(server.port(), "/metrics")), 200);
    QCOMPARE(server.scrapes(), quint64(5));
}

void TestMetricsServer::takenPortIsAnError()
{
    MetricsServer first([] { return QByteArray(); });
    QString error;
    QVERIFY2(first.listen(loopbackAnyPort(), &error), qPrintable(error));
    MetricsServer second([] { return QByteArray(); });
    ListenAddress same = loopbackAnyPort();
    same.port = first.port();
    QVERIFY(!second.listen(same, &error));
    QVERIFY2(error.contains(same.toString()), qPrintable(error));
    QVERIFY(!second.isListening());
    QCOMPARE(statusOf(get(first.port(), "/")), 200); // the first is untouched
}

void TestMetricsServer::closeStopsServing()
{
    MetricsServer server([] { return QByteArray("hsu_x 1\n"); });
    QString error;
    QVERIFY2(server.listen(loopbackAnyPort(), &error), qPrintable(error));
    const quint16 port = server.port();
    QCOMPARE(statusOf(get(port, "/metrics")), 200);
    server.close();
    QVERIFY(!server.isListening());
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(!s.waitForConnected(2000));
    // And it can serve again (a reload that turns it back on).
    QVERIFY2(server.listen(loopbackAnyPort(), &error), qPrintable(error));
    QCOMPARE(statusOf(get(server.port(), "/metrics")), 200);
}

void TestMetricsServer::addresses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host"); // empty: refused
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("loopback");
    QTest::newRow("ipv4") << "127.0.0.1:9464" << "127.0.0.1" << 9464 << true;
    QTest::newRow("bare port") << "9500" << "127.0.0.1" << 9500 << true;
    QTest::newRow("localhost") << "localhost:9464" << "127.0.0.1" << 9464 << true;
    QTest::newRow("ipv6") << "[::1]:9464" << "::1" << 9464 << true;
    QTest::newRow("all interfaces") << "0.0.0.0:9464" << "0.0.0.0" << 9464 << false;
    QTest::newRow("lan") << "192.168.1.5:80" << "192.168.1.5" << 80 << false;
    QTest::newRow("port too big") << "127.0.0.1:70000" << "" << 0 << false;
    QTest::newRow("no port") << "127.0.0.1" << "" << 0 << false;
    QTest::newRow("host name") << "example.org:9464" << "" << 0 << false;
    QTest::newRow("empty") << "" << "" << 0 << false;
    QTest::newRow("ipv6 unbracketed") << "::1:9464" << "" << 0 << false;
}

void TestMetricsServer::addresses()
{
    QFETCH(QString, text);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(bool, loopback);
    QString error;
    const std::optional<ListenAddress> a = ListenAddress::parse(text, &error);
    if (host.isEmpty()) {
        QVERIFY(!a);
        QVERIFY2(error.contains(QLatin1String("metrics address")), qPrintable(error));
        return;
    }
    QVERIFY2(a, qPrintable(error));
    QCOMPARE(a->host, QHostAddress(host));
    QCOMPARE(int(a->port), port);
    QCOMPARE(a->isLoopback(), loopback);
}

QTEST_GUILESS_MAIN(TestMetricsServer)
#include "tst_metricsserver.moc"

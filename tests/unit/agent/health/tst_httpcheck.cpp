// The http and tcp checks on the agent's own small socket layer (CheckSocket, no Qt Network),
// against servers this test runs: each answer gives the verdict and reason a person would expect,
// and nothing hangs (a silent server ends at the timeout).

#include "agent/health/HealthProbe.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <optional>

using namespace hsu::agent::health;
using hsu::config::HealthCheckSpec;
using hsu::config::HealthCheckType;

namespace {

// Answers every connection with `answer` (after reading the request head), then closes;
// an empty answer: accepts and never answers.
class Server : public QTcpServer
{
public:
    explicit Server(QByteArray answer)
        : m_answer(std::move(answer))
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [this, s] {
                    m_request += s->readAll();
                    if (!m_request.contains("\r\n\r\n") || m_answer.isEmpty())
                        return;
                    s->write(m_answer);
                    s->disconnectFromHost();
                });
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }
    QByteArray request() const { return m_request; }

private:
    QByteArray m_answer;
    QByteArray m_request;
};

std::optional<ProbeResult> runCheck(const HealthCheckSpec &check)
{
    HealthProbe probe;
    std::optional<ProbeResult> result;
    probe.run(check, 0, [&](const ProbeResult &r) { result = r; });
    QElapsedTimer t;
    t.start();
    while (!result && t.elapsed() < 15000) // the probe bounds itself: this only catches a hang
        QTest::qWait(5);
    return result;
}

HealthCheckSpec http(const QString &url, int timeoutMs = 1000)
{
    HealthCheckSpec c;
    c.type = HealthCheckType::Http;
    c.httpUrl = url;
    c.httpHeaders.insert(QStringLiteral("X-Probe"), QStringLiteral("yes"));
    c.runOptions.timeout = std::chrono::milliseconds(timeoutMs);
    return c;
}

} // namespace

class TestHttpCheck : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void answers_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<bool>("healthy");
        QTest::addColumn<QString>("reason");
        QTest::newRow("200") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") << true << QString();
        QTest::newRow("301 is an answer") << QByteArray("HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n") << true << QString();
        QTest::newRow("1.0 204") << QByteArray("HTTP/1.0 204 No Content\r\n\r\n") << true << QString();
        QTest::newRow("500") << QByteArray("HTTP/1.1 500 Internal Server Error\r\n\r\n") << false << QStringLiteral("HTTP 500 from http://127.0.0.1:");
        QTest::newRow("404") << QByteArray("HTTP/1.1 404 Not Found\r\n\r\n") << false << QStringLiteral("HTTP 404 from");
        QTest::newRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n") << false << QStringLiteral("did not answer HTTP");
        QTest::newRow("closed without an answer") << QByteArray(" ") << false
                                                  << QStringLiteral("closed the connection without an answer");
    }
    void answers()
    {
        QFETCH(QByteArray, answer);
        QFETCH(bool, healthy);
        QFETCH(QString, reason);
        Server s(answer);
        QVERIFY(s.isListening());
        const auto r = runCheck(http(QStringLiteral("http://127.0.0.1:%1/health?x=1").arg(s.serverPort())));
        QVERIFY(r);
        QCOMPARE(r->healthy, healthy);
        QVERIFY2(r->reason.contains(reason), qPrintable(r->reason));
        // The request: the method, path and query, Host, our header, and Connection: close.
        QVERIFY2(s.request().startsWith("GET /health?x=1 HTTP/1.1\r\n"), s.request().constData());
        QVERIFY(s.request().contains("Host: 127.0.0.1:" + QByteArray::number(s.serverPort()) + "\r\n"));
        QVERIFY(s.request().contains("X-Probe: yes\r\n"));
        QVERIFY(s.request().contains("Connection: close\r\n"));
    }

    void aSilentServerEndsAtTheTimeout()
    {
        Server s{QByteArray()};
        QElapsedTimer t;
        t.start();
        const auto r = runCheck(http(QStringLiteral("http://127.0.0.1:%1/").arg(s.serverPort()), 300));
        QVERIFY(r && !r->healthy);
        QVERIFY2(r->reason.contains(QLatin1String("within 300 ms")), qPrintable(r->reason));
        QVERIFY(t.elapsed() >= 300);
    }

    void namesAreResolvedOffTheThread()
    {
        Server s(QByteArray("HTTP/1.1 200 OK\r\n\r\n"));
        const auto r = runCheck(http(QStringLiteral("http://localhost:%1/").arg(s.serverPort())));
        QVERIFY(r);
        QVERIFY2(r->healthy, qPrintable(r->reason));
        // A name nobody knows: "not found", or (a resolver that waits for a DNS server that does
        // not answer) the timeout; never a hang.
        const auto unknown = runCheck(http(QStringLiteral("http://nosuch.invalid/"), 2000));
        QVERIFY(unknown && !unknown->healthy);
        QVERIFY2(unknown->reason.contains(QLatin1String("not found")) || unknown->reason.contains(QLatin1String("within 2000 ms")),
                 qPrintable(unknown->reason));
    }

    void httpsAndOtherSchemesSayWhy()
    {
        auto r = runCheck(http(QStringLiteral("https://127.0.0.1:1/")));
        QVERIFY(r && !r->healthy);
        QVERIFY2(r->reason.contains(QLatin1String("https is not checked")), qPrintable(r->reason));
        r = runCheck(http(QStringLiteral("ftp://127.0.0.1/")));
        QVERIFY(r && !r->healthy);
        QVERIFY2(r->reason.contains(QLatin1String("is not an http:// URL")), qPrintable(r->reason));
    }

    void tcpAcceptedAndRefused()
    {
        Server s(QByteArray("x"));
        HealthCheckSpec c;
        c.type = HealthCheckType::Tcp;
        c.tcpPort = s.serverPort();
        c.runOptions.timeout = std::chrono::milliseconds(1000);
        auto r = runCheck(c);
        QVERIFY(r && r->healthy);
        const quint16 port = s.serverPort();
        s.close();
        c.tcpPort = port;
        r = runCheck(c);
        QVERIFY(r && !r->healthy);
        QVERIFY2(r->reason.contains(QLatin1String("Connection refused")), qPrintable(r->reason));
    }
};

QTEST_GUILESS_MAIN(TestHttpCheck)
#include "tst_httpcheck.moc"

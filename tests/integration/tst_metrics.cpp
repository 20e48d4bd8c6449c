// Metrics with the real agent, real workers and a real Prometheus (Debian's prometheus package):
// it scrapes the agent every second and its query API sees a crash-looping worker's restarts
// rise; promtool finds nothing wrong with the endpoint's text; hsuctl metrics prints the same
// families; the endpoint follows a reload; bad addresses, a taken port and garbage requests get
// clear answers and the agent serves on.

#include "tests/helpers/support/AgentRunner.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace hsu::test;

namespace {

int freePort()
{
    QTcpServer s;
    return s.listen(QHostAddress::LocalHost, 0) ? s.serverPort() : 0;
}

// GET url: {status, body}; status 0 when nothing answered within the timeout.
std::pair<int, QByteArray> httpGet(const QString &url, int timeoutMs = 5000)
{
    QNetworkAccessManager nam;
    QNetworkReply *reply = nam.get(QNetworkRequest(QUrl(url)));
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    if (!reply->isFinished()) {
        reply->abort();
        reply->deleteLater();
        return {0, {}};
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return {status, body};
}

// The value of one series in a Prometheus text (-1: not there).
double seriesValue(const QByteArray &text, const QByteArray &series)
{
    for (const QByteArray &line : text.split('\n'))
        if (line.startsWith(series + ' '))
            return line.mid(series.size() + 1).toDouble();
    return -1;
}

QStringList familiesIn(const QByteArray &text)
{
    QStringList out;
    for (const QByteArray &line : text.split('\n'))
        if (line.startsWith("# TYPE "))
            out << QString::fromUtf8(line.split(' ').value(2));
    return out;
}

QByteArray managed(const QByteArray &id, const QByteArray &args, const QByteArray &more = {})
{
    return "  - id: " + id + "\n    type: managed\n    unit:\n      managed:\n        control:\n"
           "          execution: { executable_path: \"@WORKER@\", args: [" + args + "] }\n" + more;
}

// A crash loop ("crash": exits with 3 after 200 ms, restarted at once), a web server with an http
// check that prints 5 lines ("web"), a memory hog over a watched limit ("hog").
QByteArray threeWorkers(const QByteArray &webPort, const QByteArray &master = {})
{
    return master + "workers:\n"
           + managed("crash", "\"--run-for\", \"200\", \"--exit-code\", \"3\"",
                     "          restart_policy: always\n"
                     "          context_aware_restart: { default: { max_retries: 100000, retry_delay: 0s, backoff_rate: 1 } }\n")
           + managed("web", "\"--serve-http\", \"" + webPort + "\", \"--lines\", \"5\"",
                     "        health_check:\n"
                     "          type: http\n"
                     "          http: { url: \"http://127.0.0.1:" + webPort + "/\" }\n"
                     "          run_options: { interval: 300ms, timeout: 200ms }\n")
           + managed("hog", "\"--hog-memory\", \"40\"",
                     "          limits:\n"
                     "            memory: { max_rss: 8MB, policy: log }\n"
                     "            monitoring: { interval: 500ms }\n");
}

// Prometheus, started by the test on a free port with a 1 s scrape of `target`; ended by its pid.
class Prometheus
{
public:
    bool start(const QString &target)
    {
        m_port = freePort();
        const QString config = m_dir.filePath(QStringLiteral("prometheus.yml"));
        QFile f(config);
        if (!f.open(QIODevice::WriteOnly))
            return false;
        f.write("global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }\n"
                "scrape_configs:\n"
                "  - job_name: hsu\n"
                "    static_configs: [ { targets: [\"" + target.toUtf8() + "\"] } ]\n");
        f.close();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(QStringLiteral("prometheus"),
                        {QStringLiteral("--config.file=") + config, QStringLiteral("--storage.tsdb.path=") + m_dir.filePath(QStringLiteral("data")),
                         QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_port), QStringLiteral("--log.level=warn")});
        return m_process.waitForStarted(10000);
    }
    ~Prometheus()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(10000)) {
                m_process.kill();
                m_process.waitForFinished(5000);
            }
        }
    }
    // The instant query's first value, or -1 (no answer yet, no series).
    double query(const QString &promql)
    {
        const auto [status, body] = httpGet(QStringLiteral("http://127.0.0.1:%1/api/v1/query?query=%2")
                                                .arg(m_port)
                                                .arg(QString::fromUtf8(QUrl::toPercentEncoding(promql))));
        if (status != 200)
            return -1;
        const QJsonArray result = QJsonDocument::fromJson(body).object().value(QLatin1String("data")).toObject()
                                      .value(QLatin1String("result")).toArray();
        if (result.isEmpty())
            return -1;
        return result.first().toObject().value(QLatin1String("value")).toArray().at(1).toString().toDouble();
    }
    QByteArray output() { return m_process.readAll(); }
    bool running() const { return m_process.state() == QProcess::Running; }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    int m_port = 0;
};

// promtool check metrics on `text`: its exit code and what it said.
std::pair<int, QByteArray> promtoolCheck(const QByteArray &text)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("promtool"), {QStringLiteral("check"), QStringLiteral("metrics")});
    if (!p.waitForStarted(10000))
        return {-1, "promtool did not start"};
    p.write(text);
    p.closeWriteChannel();
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
        return {-1, "promtool hung"};
    }
    return {p.exitCode(), p.readAll()};
}

} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(agentPath()), "HSU_TEST_HSU_AGENT must point at hsu-agent");
        QVERIFY2(QFile::exists(testWorkerPath()), "HSU_TEST_TESTWORKER must point at the test worker");
    }

    void prometheusScrapesTheAgent()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("prometheus")).isEmpty())
            QSKIP("no prometheus here (scripts/dev.sh setup installs Debian's)");
        const int metricsPort = freePort();
        AgentRunner agent;
        // On by the config's master.metrics (the command line is the other way, below).
        agent.writeConfig(threeWorkers(QByteArray::number(freePort()),
                                       "master: { metrics: { enabled: true, listen: \"127.0.0.1:" + QByteArray::number(metricsPort) + "\" } }\n"));
        QVERIFY2(agent.start(), agent.output().constData());
        Prometheus prometheus;
        QVERIFY(prometheus.start(QStringLiteral("127.0.0.1:%1").arg(metricsPort)));
        // Prometheus sees the target up, then the crash loop's restarts rising between two queries.
        QTRY_VERIFY2_WITH_TIMEOUT(prometheus.query(QStringLiteral("up{job=\"hsu\"}")) == 1.0, prometheus.output().constData(), 30000);
        const QString restarts = QStringLiteral("hsu_worker_restarts_total{worker=\"crash\",cause=\"exit\"}");
        double first = -1;
        QTRY_VERIFY_WITH_TIMEOUT((first = prometheus.query(restarts)) > 0, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(prometheus.query(restarts) > first, 30000);
        // The rate a dashboard would draw is above zero, and the other workers are seen too.
        QTRY_VERIFY_WITH_TIMEOUT(prometheus.query(QStringLiteral("rate(") + restarts + QStringLiteral("[5s])")) > 0, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(prometheus.query(QStringLiteral("hsu_worker_health{worker=\"web\",status=\"healthy\"}")), 1.0, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(prometheus.query(QStringLiteral("hsu_worker_up{worker=\"hog\"}")), 1.0, 30000);
        // Nothing Prometheus itself complains about: its scrape of us had no failed samples.
        QCOMPARE(prometheus.query(QStringLiteral("scrape_samples_post_metric_relabeling{job=\"hsu\"} > 0")) > 0, true);
        QVERIFY(prometheus.running());
    }

    void theTextPassesPromtoolAndCountsWhatHappened()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("promtool")).isEmpty())
            QSKIP("no promtool here (Debian's prometheus package has it)");
        const int metricsPort = freePort();
        AgentRunner agent;
        agent.writeConfig(threeWorkers(QByteArray::number(freePort())));
        agent.setExtraArgs({QStringLiteral("--metrics"), QStringLiteral("127.0.0.1:%1").arg(metricsPort)});
        QVERIFY2(agent.start(), agent.output().constData());
        const QString url = QStringLiteral("http://127.0.0.1:%1/metrics").arg(metricsPort);
        QByteArray text;
        // Every kind of event has happened once: restarts, a health run, a violation, lines read.
        QTRY_VERIFY_WITH_TIMEOUT((text = httpGet(url).second,
                                  seriesValue(text, "hsu_worker_restarts_total{worker=\"crash\",cause=\"exit\"}") > 0
                                      && seriesValue(text, "hsu_worker_health_check_duration_seconds_count{worker=\"web\"}") > 0
                                      && seriesValue(text, "hsu_worker_limit_violations_total{worker=\"hog\",resource=\"memory\",policy=\"log\"}") >= 1
                                      && seriesValue(text, "hsu_worker_log_lines_total{worker=\"web\"}") == 5
                                      && seriesValue(text, "hsu_worker_resident_memory_bytes{worker=\"hog\"}") > 8 * 1024 * 1024),
                                 30000);
        QVERIFY(seriesValue(text, "hsu_agent_resident_memory_bytes") > 0);
        QVERIFY(seriesValue(text, "hsu_agent_cpu_seconds_total") > 0);
        QCOMPARE(seriesValue(text, "hsu_workers{state=\"running\"}") + seriesValue(text, "hsu_workers{state=\"backoff\"}")
                     + seriesValue(text, "hsu_workers{state=\"starting\"}") + seriesValue(text, "hsu_workers{state=\"restarting\"}")
                     + seriesValue(text, "hsu_workers{state=\"exited\"}"),
                 3.0);
        const auto [code, said] = promtoolCheck(text);
        QVERIFY2(code == 0 && said.trimmed().isEmpty(), said.constData());

        // hsuctl metrics: the same families, over the agent's socket.
        QProcess ctl;
        ctl.start(hsuctlPath(), {QStringLiteral("--socket"), agent.socketPath(), QStringLiteral("metrics")});
        QVERIFY(ctl.waitForFinished(15000));
        QCOMPARE(ctl.exitCode(), 0);
        const QByteArray printed = ctl.readAllStandardOutput();
        QCOMPARE(familiesIn(printed), familiesIn(text));
        QVERIFY(seriesValue(printed, "hsu_worker_log_lines_total{worker=\"web\"}") == 5);
        ctl.start(hsuctlPath(), {QStringLiteral("--socket"), agent.socketPath(), QStringLiteral("--json"), QStringLiteral("metrics")});
        QVERIFY(ctl.waitForFinished(15000));
        const QJsonObject json = QJsonDocument::fromJson(ctl.readAllStandardOutput()).object();
        QCOMPARE(json.value(QLatin1String("endpoint")).toString(), QStringLiteral("127.0.0.1:%1").arg(metricsPort));
        QVERIFY(json.value(QLatin1String("text")).toString().contains(QLatin1String("# TYPE hsu_worker_up gauge")));
    }

    void offUnlessAskedAndFollowsReloads()
    {
        const int first = freePort();
        const int second = freePort();
        AgentRunner agent;
        const QByteArray workers = "workers:\n" + managed("idle", "\"--run-for\", \"600000\"");
        agent.writeConfig(workers);
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        // Never on by itself; metrics.get answers regardless, and says it is served nowhere.
        const QJsonObject got = c.call(QStringLiteral("metrics.get")).value(QLatin1String("result")).toObject();
        QCOMPARE(got.value(QLatin1String("endpoint")).toString(), QString());
        QVERIFY(got.value(QLatin1String("text")).toString().contains(QLatin1String("hsu_worker_up{worker=\"idle\"}")));
        // A reload turns it on at the config's address, another moves it, a third turns it off.
        const auto reloadWith = [&](const QByteArray &master) {
            agent.writeConfig(master + workers);
            const QJsonObject r = c.call(QStringLiteral("config.reload"));
            return r.contains(QLatin1String("result"));
        };
        QVERIFY(reloadWith("master: { metrics: { enabled: true, listen: \"127.0.0.1:" + QByteArray::number(first) + "\" } }\n"));
        QTRY_COMPARE_WITH_TIMEOUT(httpGet(QStringLiteral("http://127.0.0.1:%1/metrics").arg(first)).first, 200, 15000);
        QVERIFY(reloadWith("master: { metrics: { enabled: true, listen: \"" + QByteArray::number(second) + "\" } }\n"));
        QTRY_COMPARE_WITH_TIMEOUT(httpGet(QStringLiteral("http://127.0.0.1:%1/metrics").arg(second)).first, 200, 15000);
        QCOMPARE(httpGet(QStringLiteral("http://127.0.0.1:%1/metrics").arg(first), 2000).first, 0);
        const QByteArray text = httpGet(QStringLiteral("http://127.0.0.1:%1/metrics").arg(second)).second;
        QVERIFY(seriesValue(text, "hsu_agent_config_reloads_total{result=\"ok\"}") >= 2);
        QVERIFY(reloadWith("master: { metrics: { enabled: false } }\n"));
        QTRY_COMPARE_WITH_TIMEOUT(httpGet(QStringLiteral("http://127.0.0.1:%1/metrics").arg(second), 2000).first, 0, 15000);
        // A config with a bad address is refused whole, as every broken config is: nothing changes.
        agent.writeConfig("master: { metrics: { enabled: true, listen: \"somewhere\" } }\n" + workers);
        const QJsonObject refused = c.call(QStringLiteral("config.reload"));
        QVERIFY2(QJsonDocument(refused).toJson().contains("listen"), QJsonDocument(refused).toJson().constData());
        QCOMPARE(c.call(QStringLiteral("metrics.get")).value(QLatin1String("result")).toObject().value(QLatin1String("endpoint")).toString(), QString());
    }

    void badAddressesAndRequests()
    {
        // A usage error names what is wrong; a taken port stops a start that asked for it by name.
        {
            AgentRunner agent;
            agent.writeConfig("workers: []\n");
            agent.setExtraArgs({QStringLiteral("--metrics"), QStringLiteral("example.org:80")});
            QVERIFY(!agent.start(5000));
            QVERIFY2(agent.output().contains("--metrics must be"), agent.output().constData());
        }
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        {
            AgentRunner agent;
            agent.writeConfig("workers:\n" + managed("idle", "\"--run-for\", \"600000\""));
            agent.setExtraArgs({QStringLiteral("--metrics"), QStringLiteral("127.0.0.1:%1").arg(taken.serverPort())});
            QVERIFY(!agent.start(5000));
            QVERIFY2(agent.output().contains(QStringLiteral("cannot serve metrics on 127.0.0.1:%1").arg(taken.serverPort()).toUtf8()),
                     agent.output().constData());
        }
        // The same port in the config: the agent runs its workers and says why there are no metrics.
        {
            AgentRunner agent;
            agent.writeConfig("master: { metrics: { enabled: true, listen: \"127.0.0.1:" + QByteArray::number(taken.serverPort())
                              + "\" } }\nworkers:\n" + managed("idle", "\"--run-for\", \"600000\""));
            QVERIFY2(agent.start(), agent.output().constData());
            RawClient c;
            QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
            QTRY_COMPARE_WITH_TIMEOUT(workerIn(c.call(QStringLiteral("workers.list")), QStringLiteral("idle")).value(QLatin1String("state")).toString(),
                                      QStringLiteral("running"), 10000);
            QVERIFY2(agent.output().contains("cannot serve metrics"), agent.output().constData());
        }
        // Garbage and an oversized request to a serving agent: answered, and both its HTTP and its
        // socket go on serving.
        const int port = freePort();
        AgentRunner agent;
        agent.writeConfig("workers:\n" + managed("idle", "\"--run-for\", \"600000\""));
        agent.setExtraArgs({QStringLiteral("--metrics"), QString::number(port)});
        QVERIFY2(agent.start(), agent.output().constData());
        for (const QByteArray &bad : {QByteArray("\x16\x03\x01 not http\r\n\r\n"),
                                      QByteArray("GET /metrics HTTP/1.1\r\nX: " + QByteArray(100 * 1024, 'x') + "\r\n\r\n")}) {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, quint16(port));
            QVERIFY(s.waitForConnected(5000));
            s.write(bad);
            s.waitForBytesWritten(5000);
            s.waitForReadyRead(5000);
            const QByteArray reply = s.readAll();
            QVERIFY2(reply.isEmpty() || reply.startsWith("HTTP/1.1 4"), reply.left(100).constData());
        }
        QCOMPARE(httpGet(QStringLiteral("http://127.0.0.1:%1/metrics").arg(port)).first, 200);
        QCOMPARE(httpGet(QStringLiteral("http://127.0.0.1:%1/nope").arg(port)).first, 404);
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        QVERIFY(c.call(QStringLiteral("workers.list")).contains(QLatin1String("result")));
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"

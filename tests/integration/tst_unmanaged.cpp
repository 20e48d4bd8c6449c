// Unmanaged workers (issue 13): processes the agent did not start, found by pid file, process name
// or port; sampled; their end seen at once (pidfd) and found again after someone else restarts
// them; controlled only as their `control` allows; left running when the agent shuts down.

#include "tests/helpers/support/AgentRunner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTest>

#include <csignal>
#include <memory>

using namespace hsu::test;

namespace {

int freePort()
{
    QTcpServer s;
    return s.listen(QHostAddress::LocalHost, 0) ? s.serverPort() : 0;
}

QByteArray unmanaged(const QByteArray &id, const QByteArray &discovery, const QByteArray &control)
{
    return "  - id: " + id + "\n"
           "    type: unmanaged\n"
           "    unit:\n"
           "      unmanaged:\n"
           "        discovery: { " + discovery + ", check_interval: 200ms }\n"
           "        control: { " + control + " }\n";
}

// A test worker this test starts, as "someone else" would; ended by its pid when the test ends.
class Outsider
{
public:
    explicit Outsider(const QStringList &args)
    {
        m_process.setProgram(testWorkerPath());
        m_process.setArguments(args);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.setStandardOutputFile(QProcess::nullDevice());
        m_process.start();
        m_process.waitForStarted(5000);
    }
    ~Outsider()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    qint64 pid() const { return m_process.processId(); }
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
};

QJsonObject status(RawClient &c, const QString &id)
{
    return c.call(QStringLiteral("workers.get"), {{QStringLiteral("id"), id}}).value(QLatin1String("result")).toObject();
}

bool runningWith(RawClient &c, const QString &id, qint64 pid)
{
    const QJsonObject s = status(c, id);
    return s.value(QLatin1String("state")).toString() == QLatin1String("running") && s.value(QLatin1String("pid")).toInteger() == pid;
}

void writePidFile(const QString &path, qint64 pid)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(QByteArray::number(pid) + '\n');
}

} // namespace

class TestUnmanaged : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(agentPath()), "HSU_TEST_HSU_AGENT must point at hsu-agent");
        QVERIFY2(QFile::exists(testWorkerPath()), "HSU_TEST_TESTWORKER must point at the test worker");
    }

    void byPidFile()
    {
        AgentRunner agent;
        const QString pidFile = agent.dir() + QStringLiteral("/app.pid");
        auto first = std::make_unique<Outsider>(QStringList{QStringLiteral("--spin-cpu"), QStringLiteral("5")});
        writePidFile(pidFile, first->pid());
        agent.writeConfig("workers:\n"
                          + unmanaged("app", "method: pid-file, pid_file: \"" + pidFile.toUtf8() + "\"",
                                      "can_terminate: false, can_restart: false, allowed_signals: [SIGHUP]"));
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        QTRY_VERIFY_WITH_TIMEOUT(runningWith(c, QStringLiteral("app"), first->pid()), 10000);
        const QJsonObject s = status(c, QStringLiteral("app"));
        QCOMPARE(s.value(QLatin1String("type")).toString(), QStringLiteral("unmanaged"));
        QVERIFY2(s.value(QLatin1String("reason")).toString().contains(QLatin1String("pid file")), qPrintable(s.value(QLatin1String("reason")).toString()));
        QCOMPARE(s.value(QLatin1String("control")).toObject().value(QLatin1String("allowed_signals")).toArray(), QJsonArray{QStringLiteral("SIGHUP")});

        // Sampled like a managed worker.
        QTRY_VERIFY_WITH_TIMEOUT(c.call(QStringLiteral("resources.get"), {{QStringLiteral("id"), QStringLiteral("app")}})
                                         .value(QLatin1String("result")).toObject().value(QLatin1String("now")).toObject()
                                         .value(QLatin1String("rss")).toInteger() > 0,
                                 10000);

        // What its control refuses, with the reason; nothing happens to the process.
        QJsonObject r = c.call(QStringLiteral("workers.stop"), {{QStringLiteral("id"), QStringLiteral("app")}});
        QCOMPARE(r.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("refused"));
        QVERIFY(r.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().contains(QLatin1String("can_terminate")));
        r = c.call(QStringLiteral("workers.restart"), {{QStringLiteral("id"), QStringLiteral("app")}});
        QVERIFY(r.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().contains(QLatin1String("can_restart")));
        r = c.call(QStringLiteral("workers.start"), {{QStringLiteral("id"), QStringLiteral("app")}});
        QCOMPARE(r.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("refused"));
        r = c.call(QStringLiteral("workers.signal"), {{QStringLiteral("id"), QStringLiteral("app")}, {QStringLiteral("signal"), QStringLiteral("SIGKILL")}});
        QVERIFY2(r.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().contains(QLatin1String("allowed_signals")),
                 QJsonDocument(r).toJson().constData());
        QVERIFY(processAlive(first->pid()));

        // SIGHUP is allowed: delivered (the test worker does not catch it, so it ends by it), and
        // the end is seen through the pidfd.
        r = c.call(QStringLiteral("workers.signal"), {{QStringLiteral("id"), QStringLiteral("app")}, {QStringLiteral("signal"), QStringLiteral("SIGHUP")}});
        QVERIFY2(r.contains(QLatin1String("result")), QJsonDocument(r).toJson().constData());
        QVERIFY(first->process().waitForFinished(5000));
        QCOMPARE(first->process().exitStatus(), QProcess::CrashExit);
        QTRY_COMPARE_WITH_TIMEOUT(status(c, QStringLiteral("app")).value(QLatin1String("state")).toString(), QStringLiteral("exited"), 5000);
        QCOMPARE(status(c, QStringLiteral("app")).value(QLatin1String("pid")).toInteger(), 0);

        // Someone starts it again: found again.
        Outsider second({QStringLiteral("--run-for"), QStringLiteral("600000")});
        writePidFile(pidFile, second.pid());
        QTRY_VERIFY_WITH_TIMEOUT(runningWith(c, QStringLiteral("app"), second.pid()), 10000);

        // The agent's shutdown leaves it running: it was never the agent's.
        QCOMPARE(agent.terminate(), 0);
        QVERIFY(processAlive(second.pid()));
    }

    void byProcessNameAndSeveralMatches()
    {
        AgentRunner agent;
        const QByteArray mark = agent.dir().toUtf8() + "/by-name";
        Outsider one({QStringLiteral("--print"), QString::fromUtf8(mark), QStringLiteral("--run-for"), QStringLiteral("600000")});
        agent.writeConfig("workers:\n"
                          + unmanaged("named", "method: process-name, process_name: testworker, process_args: [\"--print\", \"" + mark + "\"]",
                                      "can_terminate: true, graceful_timeout: 2s"));
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        QTRY_VERIFY_WITH_TIMEOUT(runningWith(c, QStringLiteral("named"), one.pid()), 10000);

        // can_terminate: a stop ends it (SIGTERM) and the worker is `stopped`.
        QJsonObject r = c.call(QStringLiteral("workers.stop"), {{QStringLiteral("id"), QStringLiteral("named")}});
        QVERIFY2(r.contains(QLatin1String("result")), QJsonDocument(r).toJson().constData());
        QVERIFY(one.process().waitForFinished(5000));
        QTRY_COMPARE_WITH_TIMEOUT(status(c, QStringLiteral("named")).value(QLatin1String("state")).toString(), QStringLiteral("stopped"), 5000);

        // Two candidates: none is picked, and the reason lists both.
        Outsider two({QStringLiteral("--print"), QString::fromUtf8(mark), QStringLiteral("--run-for"), QStringLiteral("600000")});
        Outsider three({QStringLiteral("--print"), QString::fromUtf8(mark), QStringLiteral("--run-for"), QStringLiteral("600000")});
        QTRY_VERIFY_WITH_TIMEOUT(status(c, QStringLiteral("named")).value(QLatin1String("reason")).toString().contains(QLatin1String("matches 2 processes")), 10000);
        const QString reason = status(c, QStringLiteral("named")).value(QLatin1String("reason")).toString();
        QVERIFY2(reason.contains(QString::number(two.pid())) && reason.contains(QString::number(three.pid())), qPrintable(reason));
        QCOMPARE(status(c, QStringLiteral("named")).value(QLatin1String("pid")).toInteger(), 0);
        QCOMPARE(agent.terminate(), 0);
    }

    void byPortAndServiceNameWithoutSystemd()
    {
        AgentRunner agent;
        const QByteArray port = QByteArray::number(freePort());
        Outsider server({QStringLiteral("--serve-tcp"), QString::fromUtf8(port), QStringLiteral("--run-for"), QStringLiteral("600000")});
        agent.writeConfig("workers:\n"
                          + unmanaged("server", "method: port, port: " + port + ", protocol: tcp", "can_terminate: false")
                          + unmanaged("unit", "method: service-name, service_name: hsu-test-nothing-here", "can_terminate: false"));
        QVERIFY2(agent.start(), agent.output().constData());
        RawClient c;
        QVERIFY(c.connectTo(agent.socketPath()) && c.hello());
        QTRY_VERIFY_WITH_TIMEOUT(runningWith(c, QStringLiteral("server"), server.pid()), 10000);
        // Ended by someone else: seen at once, not after a check interval of polling.
        ::kill(pid_t(server.pid()), SIGTERM);
        QTRY_COMPARE_WITH_TIMEOUT(status(c, QStringLiteral("server")).value(QLatin1String("state")).toString(), QStringLiteral("exited"), 5000);
        // Where systemd does not answer, the reason says so; where it does, the unit does not exist.
        QTRY_VERIFY_WITH_TIMEOUT(!status(c, QStringLiteral("unit")).value(QLatin1String("reason")).toString().isEmpty(), 10000);
        const QString reason = status(c, QStringLiteral("unit")).value(QLatin1String("reason")).toString();
        QVERIFY2(reason.contains(QLatin1String("not available here")) || reason.contains(QLatin1String("hsu-test-nothing-here")), qPrintable(reason));
        QCOMPARE(agent.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestUnmanaged)
#include "tst_unmanaged.moc"

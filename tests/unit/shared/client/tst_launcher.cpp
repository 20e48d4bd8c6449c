// AgentLauncher starting the real hsu-agent: it answers, it lives in its own session (the GUI can
// go), and a broken config comes back as the agent's own file:line:col message. Every XDG folder
// and the program lookup point into a temporary folder.

#include "shared/client/AgentClient.h"
#include "shared/client/AgentLauncher.h"
#include "tests/helpers/support/AgentRunner.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include <unistd.h>

using namespace hsu;
using client::AgentClient;
using client::AgentLauncher;

namespace {


// Line 8, column 11: the misspelt key.
const QByteArray kBroken = R"(workers:
  - id: a
    type: managed
    unit:
      managed:
        control:
          execution: { executable_path: "@WORKER@" }
          restart_polcy: always
)";

qint64 parentPid(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> rest = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return rest.size() > 1 ? rest.at(1).toLongLong() : -1;
}

// A detached agent is nobody's child: if a check fails half-way, end it (and its workers) here.
struct PidGuard
{
    QList<qint64> pids;
    ~PidGuard()
    {
        for (qint64 pid : std::as_const(pids))
            if (test::processAlive(pid))
                ::kill(pid_t(pid), SIGKILL);
    }
};

} // namespace

class TestLauncher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void startsDetachedAgentThatAnswers();
    void brokenConfigReportsPositions();
    void missingProgramOrConfig();
    void noConfigStartsTheDefault();
    void programFromPath();
    void defaultConfigFile();

private:
    QString writeConfig(const QString &name, QByteArray yaml);
    QString socketPath() const { return m_dir.filePath(QStringLiteral("run/agent.sock")); }

    QTemporaryDir m_dir;
};

void TestLauncher::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(test::agentPath()), "HSU_TEST_HSU_AGENT must point at hsu-agent");
    QVERIFY2(QFile::exists(test::testWorkerPath()), "HSU_TEST_TESTWORKER must point at the test worker");
    qputenv("HSU_AGENT_PROGRAM", test::agentPath().toLocal8Bit());
    // The agent's pid files and worker logs, our log and config lookup: all in the temporary folder.
    qputenv("XDG_RUNTIME_DIR", m_dir.filePath(QStringLiteral("run")).toLocal8Bit());
    qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("XDG_STATE_HOME", m_dir.filePath(QStringLiteral("state")).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toLocal8Bit());
    qunsetenv("HSU_SOCKET");
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("run"))));
}

QString TestLauncher::writeConfig(const QString &name, QByteArray yaml)
{
    yaml.replace("@WORKER@", test::testWorkerPath().toUtf8());
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    f.write(yaml);
    return path;
}

void TestLauncher::startsDetachedAgentThatAnswers()
{
    const QString config = writeConfig(QStringLiteral("good.yaml"), test::kOneWorkerConfig);
    AgentLauncher launcher;
    QSignalSpy ready(&launcher, &AgentLauncher::ready);
    QSignalSpy failed(&launcher, &AgentLauncher::failed);
    PidGuard guard;
    launcher.start(config, socketPath());
    QVERIFY(launcher.isRunning());
    const qint64 pid = launcher.pid();
    QVERIFY(pid > 0);
    guard.pids << pid;
    QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() || !failed.isEmpty(), 10000);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    QCOMPARE(ready.size(), 1);
    QVERIFY(!launcher.isRunning());

    AgentClient c(QStringLiteral("tst"));
    QString error;
    QVERIFY2(c.connectAndWait(socketPath(), &error), qPrintable(error));
    QCOMPARE(c.agentInfo().value(QStringLiteral("pid")).toInteger(), pid);
    QList<qint64> workers;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            workers.clear();
            const auto list = c.call(QStringLiteral("workers.list"), {}, &error);
            for (const QJsonValue &v : list.value_or(QJsonValue()).toObject().value(QLatin1String("workers")).toArray())
                if (const qint64 w = v.toObject().value(QLatin1String("pid")).toInteger(); w > 0)
                    workers << w;
            return !workers.isEmpty();
        }(),
        5000);
    guard.pids << workers;

    // Not ours: another session, another parent. Closing the GUI (or its terminal) leaves it be.
    QVERIFY(::getsid(pid_t(pid)) > 0);
    QVERIFY(::getsid(pid_t(pid)) != ::getsid(0));
    QVERIFY(parentPid(pid) != QCoreApplication::applicationPid());

    // Its output went to the log file, not to us.
    QFile log(AgentLauncher::logFilePath());
    QCOMPARE(AgentLauncher::logFilePath(), m_dir.filePath(QStringLiteral("state/hsu-master/agent.log")));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray text = log.readAll();
    QVERIFY2(text.contains("running") && text.contains(config.toUtf8()), text.constData());

    c.disconnectFromAgent();
    QCOMPARE(::kill(pid_t(pid), SIGTERM), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(socketPath()), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(!test::processAlive(pid), 5000);
    for (qint64 w : std::as_const(workers))
        QTRY_VERIFY_WITH_TIMEOUT(!test::processAlive(w), 5000); // the agent stopped them on its way out
}

void TestLauncher::brokenConfigReportsPositions()
{
    const QString config = writeConfig(QStringLiteral("broken.yaml"), kBroken);
    AgentLauncher launcher;
    QSignalSpy ready(&launcher, &AgentLauncher::ready);
    QSignalSpy failed(&launcher, &AgentLauncher::failed);
    PidGuard guard;
    launcher.start(config, socketPath());
    guard.pids << launcher.pid();
    QVERIFY(failed.wait(10000));
    QCOMPARE(ready.size(), 0);
    const QString message = failed.at(0).at(0).toString();
    QVERIFY2(message.startsWith(QLatin1String("hsu-agent exited: ")), qPrintable(message));
    QVERIFY2(message.contains(config + QStringLiteral(":8:11:")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("restart_policy")), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1String("---")), qPrintable(message)); // only this run's output
    QVERIFY(!QFile::exists(socketPath()));
}

void TestLauncher::missingProgramOrConfig()
{
    const QString config = writeConfig(QStringLiteral("good.yaml"), test::kOneWorkerConfig);
    QString error;
    const QByteArray saved = qgetenv("HSU_AGENT_PROGRAM");
    qputenv("HSU_AGENT_PROGRAM", m_dir.filePath(QStringLiteral("no-such-agent")).toLocal8Bit());
    QVERIFY(!AgentLauncher::startDetached(config, socketPath(), &error));
    QVERIFY2(error.contains(QLatin1String("HSU_AGENT_PROGRAM")), qPrintable(error));

    // The async form reports the same through failed(), from the event loop.
    AgentLauncher launcher;
    QSignalSpy failed(&launcher, &AgentLauncher::failed);
    launcher.start(config, socketPath());
    QCOMPARE(failed.size(), 0);
    QVERIFY(failed.wait(2000));
    QVERIFY(failed.at(0).at(0).toString().contains(QLatin1String("HSU_AGENT_PROGRAM")));
    qputenv("HSU_AGENT_PROGRAM", saved);
}

// The GUI's "Start agent" with no --config: the agent runs the user's default config, which a
// first start creates with no workers.
void TestLauncher::noConfigStartsTheDefault()
{
    const QString user = m_dir.filePath(QStringLiteral("config/hsu-master/config.yaml"));
    QVERIFY(!QFile::exists(user));
    AgentLauncher launcher;
    QSignalSpy ready(&launcher, &AgentLauncher::ready);
    QSignalSpy failed(&launcher, &AgentLauncher::failed);
    PidGuard guard;
    launcher.start(QString(), socketPath());
    const qint64 pid = launcher.pid();
    QVERIFY(pid > 0);
    guard.pids << pid;
    QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() || !failed.isEmpty(), 10000);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    QVERIFY(QFile::exists(user));

    AgentClient c(QStringLiteral("tst"));
    QString error;
    QVERIFY2(c.connectAndWait(socketPath(), &error), qPrintable(error));
    const auto list = c.call(QStringLiteral("workers.list"), {}, &error);
    QVERIFY2(list, qPrintable(error));
    QCOMPARE(list->toObject().value(QLatin1String("workers")).toArray().size(), 0);
    c.disconnectFromAgent();
    QCOMPARE(::kill(pid_t(pid), SIGTERM), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!test::processAlive(pid), 15000);
    QVERIFY(QFile::remove(user)); // defaultConfigFile() below starts without one
}

void TestLauncher::programFromPath()
{
    const QByteArray savedProgram = qgetenv("HSU_AGENT_PROGRAM");
    const QByteArray savedPath = qgetenv("PATH");
    const QString bin = m_dir.filePath(QStringLiteral("bin"));
    QVERIFY(QDir().mkpath(bin));
    QVERIFY(QFile::link(test::agentPath(), bin + QStringLiteral("/hsu-agent")));
    qunsetenv("HSU_AGENT_PROGRAM");
    qputenv("PATH", bin.toLocal8Bit());
    QString error;
    const QString found = AgentLauncher::findAgentProgram(&error);
    qputenv("PATH", savedPath);
    qputenv("HSU_AGENT_PROGRAM", savedProgram);
    QCOMPARE(found, bin + QStringLiteral("/hsu-agent"));
}

void TestLauncher::defaultConfigFile()
{
    // The user's file whether or not it exists yet (never the demo: that is `hsu-master --demo`).
    const QString user = m_dir.filePath(QStringLiteral("config/hsu-master/config.yaml"));
    QVERIFY(!QFile::exists(user));
    QCOMPARE(AgentLauncher::defaultConfigFile(), user);
}

QTEST_GUILESS_MAIN(TestLauncher)
#include "tst_launcher.moc"

// The agent started without --config (a first start, as the user's autostart entry and
// hsu-master's "Start agent" do it): it runs ${XDG_CONFIG_HOME}/hsu-master/config.yaml, creates it
// with no workers and a comment pointing at the docs when there is none, and never replaces one
// that exists, good or broken.
#include "tests/helpers/support/AgentRunner.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTest>

using namespace hsu::test;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
}

// The agent's own environment: XDG_CONFIG_HOME in its temporary folder, no --config.
QString useDefaultConfig(AgentRunner &agent)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), agent.dir() + QStringLiteral("/xdg"));
    env.remove(QStringLiteral("HSU_SOCKET"));
    agent.process().setProcessEnvironment(env);
    agent.setPassConfig(false);
    return agent.dir() + QStringLiteral("/xdg/hsu-master/config.yaml");
}

struct Run
{
    int code = -1;
    QByteArray out, err;
};

Run hsuctl(const QString &socket, const QStringList &args)
{
    QProcess p;
    p.start(hsuctlPath(), QStringList{QStringLiteral("--socket"), socket} + args);
    Run r;
    if (!p.waitForFinished(15000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace

class TestFirstRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void firstStartCreatesTheEmptyConfig();
    void existingConfigIsRunAndKept();
    void brokenConfigIsReportedAndKept();
};

void TestFirstRun::initTestCase()
{
    QVERIFY2(QFile::exists(agentPath()), "HSU_TEST_HSU_AGENT must point at hsu-agent");
    QVERIFY2(QFile::exists(hsuctlPath()), "HSU_TEST_HSUCTL must point at hsuctl");
}

void TestFirstRun::firstStartCreatesTheEmptyConfig()
{
    AgentRunner agent;
    const QString config = useDefaultConfig(agent);
    QVERIFY(!QFileInfo::exists(QFileInfo(config).absolutePath())); // not even the folder
    QVERIFY2(agent.start(), agent.output().constData());

    const QByteArray text = readAll(config);
    QVERIFY2(text.contains("\nworkers: []\n"), text.constData());
    QVERIFY2(text.startsWith("# HSU Master"), text.constData());
    QVERIFY(text.contains("docs/user-guide.md") && text.contains("/usr/share/doc/hsu-master"));
    QVERIFY2(agent.output().contains(config.toUtf8()), agent.output().constData()); // it says what it made

    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()));
    QVERIFY(c.hello());
    const QJsonObject list = c.call(QStringLiteral("workers.list"));
    QVERIFY(list.contains(QLatin1String("result")));
    QCOMPARE(list.value(QLatin1String("result")).toObject().value(QLatin1String("workers")).toArray().size(), 0);
    // The agent knows the file it runs: a reload reads the same one.
    QCOMPARE(hsuctl(agent.socketPath(), {QStringLiteral("reload")}).code, 0);

    // hsuctl status: nothing listed, no error.
    const Run status = hsuctl(agent.socketPath(), {QStringLiteral("--json"), QStringLiteral("status")});
    QCOMPARE(status.code, 0);
    QVERIFY2(status.err.isEmpty(), status.err.constData());
    QCOMPARE(QJsonDocument::fromJson(status.out).array().size(), 0);
    QCOMPARE(agent.terminate(), 0);

    // The next start finds it and leaves it as it is.
    QVERIFY(agent.start());
    QCOMPARE(readAll(config), text);
    QCOMPARE(agent.terminate(), 0);
}

void TestFirstRun::existingConfigIsRunAndKept()
{
    AgentRunner agent;
    const QString config = useDefaultConfig(agent);
    QByteArray mine = kOneWorkerConfig;
    mine.replace("@WORKER@", testWorkerPath().toUtf8());
    mine.prepend("# my own config\n");
    writeFile(config, mine);
    QVERIFY2(agent.start(), agent.output().constData());
    RawClient c;
    QVERIFY(c.connectTo(agent.socketPath()));
    QVERIFY(c.hello());
    qint64 pid = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        (pid = workerIn(c.call(QStringLiteral("workers.list")), QStringLiteral("steady")).value(QLatin1String("pid")).toInteger()) > 0,
        10000);
    agent.track(pid);
    QCOMPARE(readAll(config), mine);
    QCOMPARE(agent.terminate(), 0);
}

void TestFirstRun::brokenConfigIsReportedAndKept()
{
    AgentRunner agent;
    const QString config = useDefaultConfig(agent);
    const QByteArray broken = "workers:\n  - id: bad\n    type: managed\n    unit:\n      managed:\n        control:\n"
                              "          execution: { executable_path: /bin/true }\n          restart_polcy: always\n";
    writeFile(config, broken);
    QVERIFY(!agent.start()); // it exits: start() says so once it has
    QCOMPARE(agent.process().state(), QProcess::NotRunning);
    QCOMPARE(agent.process().exitCode(), 1);
    const QByteArray out = agent.output();
    QVERIFY2(out.contains(config.toUtf8() + ":8:11:"), out.constData()); // file:line:col of the typo
    QCOMPARE(readAll(config), broken);
}

QTEST_GUILESS_MAIN(TestFirstRun)
#include "tst_firstrun.moc"

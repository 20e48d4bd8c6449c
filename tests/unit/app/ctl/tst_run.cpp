// hsuctl end to end: its logic through run() in-process, and the real program as a child process,
// both against an IpcServer with a fake WorkerControl (tests/unit/agent/ipc/FakeWorkerControl.h).

#include "tests/unit/agent/ipc/FakeWorkerControl.h"

#include "agent/ipc/IpcServer.h"
#include "app/ctl/Ctl.h"
#include "app/ctl/CtlArguments.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace hsu;

namespace {

struct Outcome
{
    int code = -1;
    QString out;
    QString err;
};

Outcome runCtl(const QStringList &args)
{
    Outcome o;
    QTextStream out(&o.out);
    QTextStream err(&o.err);
    o.code = ctl::run(QStringList{QStringLiteral("hsuctl")} + args, out, err);
    out.flush();
    err.flush();
    return o;
}

QJsonDocument json(const QString &text)
{
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &e);
    if (e.error != QJsonParseError::NoError)
        qWarning() << "not JSON:" << e.errorString() << text;
    return doc;
}

const char kGoodConfig[] = R"(master:
  log_level: info
workers:
  - id: clock
    type: managed
    unit:
      managed:
        control:
          execution:
            executable_path: /bin/sh
            args: ["-c", "sleep 1"]
)";

const char kMissingProgramConfig[] = R"(workers:
  - id: ghost
    type: managed
    unit:
      managed:
        control:
          execution:
            executable_path: /nonexistent/hsu-test/ghost
)";

const char kBadConfig[] = R"(workers:
  - id: one
    type: managed
    colour: blue
    unit:
      managed:
        control:
          execution:
            executable_path: /bin/sh
  - id: two
    type: spaceship
)";

} // namespace

class TestCtlRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void usageErrorsExit2_data();
    void usageErrorsExit2();
    void helpAndVersion();
    void noAgentExit3();
    void environmentSocketIsUsed();
    void statusTable();
    void statusJson();
    void statusOneIsAnArrayOfOne();
    void statusUnknownWorker();
    void startStopRestart();
    void refusedOperationExit1();
    void operateAll();
    void shutdown();
    void validateGood();
    void validateWarningsStillValid();
    void validateBad();
    void validateMissingFile();
    void validateWithoutFileChecksTheDefaultConfig();
    void validateJson();
    void program_data();
    void program();

private:
    QString writeFile(const QString &name, const char *text);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    test::FakeWorkerControl m_control;
    std::unique_ptr<agent::IpcServer> m_server;
    QByteArray m_savedSocketEnv;
    bool m_hadSocketEnv = false;
};

void TestCtlRun::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("agent.sock"));
    m_control = test::FakeWorkerControl();
    m_server = std::make_unique<agent::IpcServer>(m_control);
    QVERIFY(m_server->listen(m_path));
    m_hadSocketEnv = qEnvironmentVariableIsSet("HSU_SOCKET");
    m_savedSocketEnv = qgetenv("HSU_SOCKET");
    qunsetenv("HSU_SOCKET");
}

void TestCtlRun::cleanup()
{
    m_server.reset();
    m_dir.reset();
    if (m_hadSocketEnv)
        qputenv("HSU_SOCKET", m_savedSocketEnv);
}

QString TestCtlRun::writeFile(const QString &name, const char *text)
{
    const QString path = m_dir->filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(text);
    return path;
}

void TestCtlRun::usageErrorsExit2_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("none") << QStringList();
    QTest::newRow("unknown command") << QStringList{QStringLiteral("explode")};
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--nope"), QStringLiteral("status")};
    QTest::newRow("start without ids") << QStringList{QStringLiteral("start")};
    QTest::newRow("ids and all") << QStringList{QStringLiteral("stop"), QStringLiteral("a"), QStringLiteral("--all")};
}

void TestCtlRun::usageErrorsExit2()
{
    QFETCH(QStringList, args);
    const Outcome o = runCtl(args);
    QCOMPARE(o.code, 2);
    QVERIFY(o.out.isEmpty());
    QVERIFY(o.err.startsWith(QStringLiteral("hsuctl: ")));
    QVERIFY(o.err.contains(QStringLiteral("--help")));
}

void TestCtlRun::helpAndVersion()
{
    Outcome o = runCtl({QStringLiteral("--help")});
    QCOMPARE(o.code, 0);
    QVERIFY(o.out.startsWith(QStringLiteral("Usage: hsuctl")));
    o = runCtl({QStringLiteral("--version")});
    QCOMPARE(o.code, 0);
    QCOMPARE(o.out, ctl::versionText());
}

void TestCtlRun::noAgentExit3()
{
    const QString nowhere = m_dir->filePath(QStringLiteral("nobody.sock"));
    const Outcome o = runCtl({QStringLiteral("--socket"), nowhere, QStringLiteral("status")});
    QCOMPARE(o.code, 3);
    QVERIFY(o.out.isEmpty());
    QVERIFY2(o.err.contains(nowhere), qPrintable(o.err));           // which socket
    QVERIFY2(o.err.contains(QStringLiteral("hsu-agent")), qPrintable(o.err)); // how to start it
    QVERIFY(o.err.contains(QStringLiteral("--socket")));
}

void TestCtlRun::environmentSocketIsUsed()
{
    const QString nowhere = m_dir->filePath(QStringLiteral("env.sock"));
    qputenv("HSU_SOCKET", QFile::encodeName(nowhere));
    Outcome o = runCtl({QStringLiteral("status")});
    QCOMPARE(o.code, 3);
    QVERIFY(o.err.contains(nowhere));
    // --socket wins over the environment.
    o = runCtl({QStringLiteral("--socket"), m_path, QStringLiteral("status")});
    QCOMPARE(o.code, 0);
    qputenv("HSU_SOCKET", QFile::encodeName(m_path));
    o = runCtl({QStringLiteral("status")});
    QCOMPARE(o.code, 0);
    qunsetenv("HSU_SOCKET");
}

void TestCtlRun::statusTable()
{
    const Outcome o = runCtl({QStringLiteral("--socket"), m_path, QStringLiteral("status")});
    QCOMPARE(o.code, 0);
    QVERIFY(o.err.isEmpty());
    const QStringList lines = o.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QVERIFY(lines.at(0).contains(QStringLiteral("UPTIME/SINCE")));
    QVERIFY(lines.at(1).startsWith(QStringLiteral("db ")));
    QVERIFY(lines.at(1).contains(QStringLiteral("running")));
    QVERIFY(lines.at(1).contains(QStringLiteral("4242")));
    QVERIFY(lines.at(3).contains(QStringLiteral("exited with code 3")));
}

void TestCtlRun::statusJson()
{
    const Outcome o = runCtl({QStringLiteral("--socket"), m_path, QStringLiteral("--json"), QStringLiteral("status")});
    QCOMPARE(o.code, 0);
    const QJsonDocument doc = json(o.out);
    QVERIFY(doc.isArray());
    QCOMPARE(doc.array().size(), 3);
    QCOMPARE(doc.array().at(0).toObject(), m_control.workers().at(0).toJson());
}

void TestCtlRun::statusOneIsAnArrayOfOne()
{
    Outcome o = runCtl({QStringLiteral("--socket"), m_path, QStringLiteral("status"), QStringLiteral("web"), QStringLiteral("--json")});
    QCOMPARE(o.code, 0);
    const QJsonDocument doc = json(o.out);
    QVERIFY(doc.isArray());
    QCOMPARE(doc.array().size(), 1);
    QCOMPARE(doc.array().at(0).toObject().value(QStringLiteral("id")).toString(), QStringLiteral("web"));
    o = runCtl({QStringLiteral("--socket"), m_path, QStringLiteral("status"), QStringLiteral("web")});
    QCOMPARE(o.code, 0);
    QCOMPARE(o.out.count(QLatin1Char('\n')), 2); // header + one row
}

void TestCtlRun::statusUnknownWorker()
{
    const Outcome o = runCtl({QStringLiteral("--socket"), m_path, QStringLiteral("status"), QStringLiteral("nope")});
    QCOMPARE(o.code, 1);
    QVERIFY(o.out.isEmpty());
    QCOMPARE(o.err, QStringLiteral("hsuctl: no worker \"nope\"\n"));
}

void TestCtlRun::startStopRestart()
{
    Outcome o = runCtl({QStringLiteral("--socket"), m_path, QStringLiteral("start"), QStringLiteral("web")});
    QCOMPARE(o.code, 0);
    QCOMPARE(o.out, QStringLiteral("web: starting\n"));
    o = runCtl({QStringLiteral("--socket"), m_path, QStringLiteral("stop"), QStringLiteral("db")});
    QCOMPARE(o.code, 0);
    QCOMPARE(o.out, QStringLiteral("db: stopping\n"));
    o = runCtl({QStringLiteral("--socket"), m_path, QStringLiteral("restart"), QStringLiteral("batch"), QStringLiteral("--json")});
    QCOMPARE(o.code, 0);
    const QJsonArray results = json(o.out).array();
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.at(0).toObject().value(QStringLiteral("ok")).toBool(), true);
    QCOMPARE(m_control.calls, (QStringList{QStringLiteral("start:web"), QStringLiteral("stop:db"), QStringLiteral("restart:batch")}));
}

void TestCtlRun::refusedOperationExit1()
{
    // db is running: start is refused, web is started; both are reported.
    const Outcome o = runCtl({QStringLiteral("--socket"), m_path, QStringLiteral("start"), QStringLiteral("db"), QStringLiteral("web"),
                              QStringLiteral("ghost")});
    QCOMPARE(o.code, 1);
    QCOMPARE(o.out, QStringLiteral("web: starting\n"));
    QVERIFY2(o.err.contains(QStringLiteral("hsuctl: start db: worker \"db\" is already running\n")), qPrintable(o.err));
    QVERIFY(o.err.contains(QStringLiteral("hsuctl: start ghost: no worker \"ghost\"\n")));
}

void TestCtlRun::operateAll()
{
    const Outcome o = runCtl({QStringLiteral("--socket"), m_path, QStringLiteral("restart"), QStringLiteral("--all")});
    QCOMPARE(o.code, 0);
    QCOMPARE(o.out.count(QLatin1Char('\n')), 3);
    QCOMPARE(m_control.calls.size(), 3);
}

void TestCtlRun::shutdown()
{
    const Outcome o = runCtl({QStringLiteral("--socket"), m_path, QStringLiteral("shutdown")});
    QCOMPARE(o.code, 0);
    QVERIFY(!o.out.isEmpty());
    QTRY_COMPARE(m_control.shutdownCalls, 1);
}

void TestCtlRun::validateGood()
{
    const QString file = writeFile(QStringLiteral("good.yaml"), kGoodConfig);
    // No agent needed: the server is gone and HSU_SOCKET points nowhere.
    m_server.reset();
    qputenv("HSU_SOCKET", "/nonexistent/hsu.sock");
    const Outcome o = runCtl({QStringLiteral("validate"), file});
    qunsetenv("HSU_SOCKET");
    QCOMPARE(o.code, 0);
    QVERIFY2(o.err.isEmpty(), qPrintable(o.err));
    QCOMPARE(o.out, QStringLiteral("%1: valid (1 worker)\n").arg(file));
}

void TestCtlRun::validateWarningsStillValid()
{
    const QString file = writeFile(QStringLiteral("ghost.yaml"), kMissingProgramConfig);
    const Outcome o = runCtl({QStringLiteral("validate"), file});
    QCOMPARE(o.code, 0);
    // checkExecutables: a warning at executable_path (line 8), "FILE:LINE:COL: warning: ...".
    QVERIFY2(o.err.startsWith(file + QStringLiteral(":8:")), qPrintable(o.err));
    QVERIFY(o.err.contains(QStringLiteral("warning: ")));
    QVERIFY(o.err.contains(QStringLiteral("/nonexistent/hsu-test/ghost")));
}

void TestCtlRun::validateBad()
{
    const QString file = writeFile(QStringLiteral("bad.yaml"), kBadConfig);
    const Outcome o = runCtl({QStringLiteral("validate"), file});
    QCOMPARE(o.code, 1);
    QVERIFY(o.out.isEmpty());
    const QStringList lines = o.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(lines.size() >= 2, qPrintable(o.err)); // every error, not only the first
    const QRegularExpression form(QStringLiteral("^%1:(\\d+):(\\d+): .+").arg(QRegularExpression::escape(file)));
    for (const QString &line : lines)
        QVERIFY2(form.match(line).hasMatch(), qPrintable(line));
    QVERIFY2(o.err.contains(file + QStringLiteral(":4:")), qPrintable(o.err));  // colour
    QVERIFY2(o.err.contains(file + QStringLiteral(":11:")), qPrintable(o.err)); // spaceship
}

void TestCtlRun::validateMissingFile()
{
    const QString file = m_dir->filePath(QStringLiteral("absent.yaml"));
    const Outcome o = runCtl({QStringLiteral("validate"), file});
    QCOMPARE(o.code, 1);
    QVERIFY2(o.err.startsWith(file + QStringLiteral(":")), qPrintable(o.err));
}

void TestCtlRun::validateWithoutFileChecksTheDefaultConfig()
{
    // No FILE: the config the agent runs without --config ($XDG_CONFIG_HOME/hsu-master/config.yaml).
    const QByteArray old = qgetenv("XDG_CONFIG_HOME");
    qputenv("XDG_CONFIG_HOME", m_dir->filePath(QStringLiteral("xdg")).toUtf8());
    const QString file = m_dir->filePath(QStringLiteral("xdg/hsu-master/config.yaml"));
    Outcome o = runCtl({QStringLiteral("validate")});
    QCOMPARE(o.code, 1);
    QVERIFY2(o.err.startsWith(file + QStringLiteral(":")), qPrintable(o.err));
    QVERIFY(QDir().mkpath(QFileInfo(file).absolutePath()));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("workers: []\n");
    f.close();
    o = runCtl({QStringLiteral("validate")});
    if (old.isNull())
        qunsetenv("XDG_CONFIG_HOME");
    else
        qputenv("XDG_CONFIG_HOME", old);
    QCOMPARE(o.code, 0);
}

void TestCtlRun::validateJson()
{
    const QString bad = writeFile(QStringLiteral("bad.yaml"), kBadConfig);
    Outcome o = runCtl({QStringLiteral("validate"), QStringLiteral("--json"), bad});
    QCOMPARE(o.code, 1);
    QVERIFY(o.err.isEmpty());
    QJsonObject r = json(o.out).object();
    QCOMPARE(r.value(QStringLiteral("valid")).toBool(true), false);
    QCOMPARE(r.value(QStringLiteral("file")).toString(), bad);
    const QJsonArray diags = r.value(QStringLiteral("diagnostics")).toArray();
    QVERIFY(diags.size() >= 2);
    const QJsonObject d = diags.at(0).toObject();
    for (const char *key : {"severity", "file", "line", "column", "message"})
        QVERIFY2(d.contains(QString::fromUtf8(key)), key);
    QCOMPARE(d.value(QStringLiteral("severity")).toString(), QStringLiteral("error"));

    const QString good = writeFile(QStringLiteral("good.yaml"), kGoodConfig);
    o = runCtl({QStringLiteral("validate"), QStringLiteral("--json"), good});
    QCOMPARE(o.code, 0);
    r = json(o.out).object();
    QCOMPARE(r.value(QStringLiteral("valid")).toBool(), true);
}

void TestCtlRun::program_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("stdoutHas");

    const QString sock = QStringLiteral("@SOCKET@");
    QTest::newRow("usage") << QStringList{QStringLiteral("bogus")} << 2 << QString();
    QTest::newRow("version") << QStringList{QStringLiteral("--version")} << 0 << QStringLiteral("hsuctl ");
    QTest::newRow("no agent") << QStringList{QStringLiteral("--socket"), QStringLiteral("@NOWHERE@"), QStringLiteral("status")} << 3 << QString();
    QTest::newRow("status") << QStringList{QStringLiteral("--socket"), sock, QStringLiteral("status")} << 0 << QStringLiteral("running");
    QTest::newRow("refused") << QStringList{QStringLiteral("--socket"), sock, QStringLiteral("stop"), QStringLiteral("web")} << 1 << QString();
    QTest::newRow("validate") << QStringList{QStringLiteral("validate"), QStringLiteral("@GOOD@")} << 0 << QStringLiteral("valid");
}

// The real hsuctl program: exit codes as a shell sees them.
void TestCtlRun::program()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, stdoutHas);
    const QString exe = qEnvironmentVariable("HSU_TEST_HSUCTL");
    if (exe.isEmpty())
        QSKIP("HSU_TEST_HSUCTL not set (run through ctest)");
    const QString good = writeFile(QStringLiteral("good.yaml"), kGoodConfig);
    for (QString &a : args) {
        a.replace(QStringLiteral("@SOCKET@"), m_path);
        a.replace(QStringLiteral("@NOWHERE@"), m_dir->filePath(QStringLiteral("nobody.sock")));
        a.replace(QStringLiteral("@GOOD@"), good);
    }
    QProcess p;
    p.start(exe, args);
    QVERIFY(p.waitForStarted());
    // Not waitForFinished(): the in-process server must keep answering meanwhile.
    const bool finished = QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 20000);
    if (!finished) {
        p.kill();
        p.waitForFinished();
        QFAIL("hsuctl did not finish");
    }
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), code);
    if (!stdoutHas.isEmpty())
        QVERIFY(QString::fromUtf8(p.readAllStandardOutput()).contains(stdoutHas));
}

QTEST_GUILESS_MAIN(TestCtlRun)
#include "tst_run.moc"

// hsuctl autostart on|off|status: its parsing, its logic through run() in-process, and the real
// hsuctl program, all with HSU_AUTOSTART_ROOT pointing at a temporary folder (no agent involved).

#include "app/ctl/Ctl.h"
#include "app/ctl/CtlArguments.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
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

Outcome runInProcess(const QStringList &args)
{
    Outcome o;
    QTextStream out(&o.out);
    QTextStream err(&o.err);
    o.code = ctl::run(QStringList{QStringLiteral("hsuctl")} + args, out, err);
    out.flush();
    err.flush();
    return o;
}

Outcome runProgram(const QStringList &args, const QString &root)
{
    Outcome o;
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HSU_AUTOSTART_ROOT"), root);
    p.setProcessEnvironment(env);
    p.start(qEnvironmentVariable("HSU_TEST_HSUCTL"), args);
    if (!p.waitForFinished(30000))
        return o;
    o.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    o.out = QString::fromUtf8(p.readAllStandardOutput());
    o.err = QString::fromUtf8(p.readAllStandardError());
    return o;
}

QJsonObject json(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

} // namespace

class TestCtlAutostart : public QObject
{
    Q_OBJECT

    QString userEntry() const { return m_dir->path() + QStringLiteral("/home/.config/autostart/hsu-agent.desktop"); }
    QString systemEntry() const { return m_dir->path() + QStringLiteral("/etc/xdg/autostart/hsu-agent.desktop"); }

    void installSystemEntry()
    {
        QDir().mkpath(QFileInfo(systemEntry()).absolutePath());
        QFile f(systemEntry());
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[Desktop Entry]\nType=Application\nName=HSU Master agent\nExec=/usr/lib/hsu-master/hsu-agent-session\n");
    }

    std::unique_ptr<QTemporaryDir> m_dir;

private Q_SLOTS:
    void init()
    {
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
        QSKIP("the file checks here are the XDG backend's");
#endif
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        qputenv("HSU_AUTOSTART_ROOT", QFile::encodeName(m_dir->path()));
    }

    void cleanup()
    {
        qunsetenv("HSU_AUTOSTART_ROOT");
        m_dir.reset();
    }

    void parsing_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("action");
        QTest::newRow("on") << QStringList{QStringLiteral("autostart"), QStringLiteral("on")} << true << int(ctl::AutostartAction::On);
        QTest::newRow("off") << QStringList{QStringLiteral("autostart"), QStringLiteral("off")} << true << int(ctl::AutostartAction::Off);
        QTest::newRow("status --json") << QStringList{QStringLiteral("--json"), QStringLiteral("autostart"), QStringLiteral("status")}
                                       << true << int(ctl::AutostartAction::Status);
        QTest::newRow("no action") << QStringList{QStringLiteral("autostart")} << false << 0;
        QTest::newRow("unknown action") << QStringList{QStringLiteral("autostart"), QStringLiteral("maybe")} << false << 0;
        QTest::newRow("two actions") << QStringList{QStringLiteral("autostart"), QStringLiteral("on"), QStringLiteral("off")} << false << 0;
        QTest::newRow("--all") << QStringList{QStringLiteral("autostart"), QStringLiteral("on"), QStringLiteral("--all")} << false << 0;
    }

    void parsing()
    {
        QFETCH(QStringList, args);
        QFETCH(bool, ok);
        QFETCH(int, action);
        const ctl::ParseResult r = ctl::parseArguments(QStringList{QStringLiteral("hsuctl")} + args);
        QCOMPARE(r.ok(), ok);
        if (ok) {
            QCOMPARE(r.args.command, ctl::Command::Autostart);
            QCOMPARE(int(r.args.autostart), action);
        }
        QCOMPARE(runInProcess(args).code, ok ? 0 : int(ctl::ExitUsage));
    }

    void helpMentionsAutostart()
    {
        QVERIFY(ctl::usageText().contains(QLatin1String("autostart on|off|status")));
    }

    void onOffStatusInProcess()
    {
        Outcome o = runInProcess({QStringLiteral("autostart"), QStringLiteral("status")});
        QCOMPARE(o.code, 0);
        QVERIFY2(o.out.startsWith(QLatin1String("autostart: off\n")), qPrintable(o.out));

        o = runInProcess({QStringLiteral("autostart"), QStringLiteral("on")});
        QCOMPARE(o.code, 0);
        QVERIFY2(o.out.startsWith(QLatin1String("autostart: on\n")), qPrintable(o.out));
        QVERIFY2(o.out.contains(QStringLiteral("decided by: user entry ") + userEntry()), qPrintable(o.out));
        QVERIFY(QFileInfo::exists(userEntry()));

        o = runInProcess({QStringLiteral("--json"), QStringLiteral("autostart"), QStringLiteral("status")});
        QCOMPARE(o.code, 0);
        const QJsonObject s = json(o.out);
        QCOMPARE(s.value(QLatin1String("enabled")).toBool(), true);
        QCOMPARE(s.value(QLatin1String("source")).toString(), QStringLiteral("user"));
        QCOMPARE(s.value(QLatin1String("entry")).toString(), userEntry());
        QCOMPARE(s.value(QLatin1String("backend")).toString(), QStringLiteral("xdg"));
        // No --config: the agent runs the user's default config itself.
        QVERIFY(s.value(QLatin1String("command")).toString().contains(QLatin1String("hsu-agent")));
        QVERIFY(!s.value(QLatin1String("command")).toString().contains(QLatin1String("--config")));
        QVERIFY(!s.value(QLatin1String("reason")).toString().isEmpty());

        o = runInProcess({QStringLiteral("autostart"), QStringLiteral("off")});
        QCOMPARE(o.code, 0);
        QVERIFY2(o.out.startsWith(QLatin1String("autostart: off\n")), qPrintable(o.out));
        QVERIFY(!QFileInfo::exists(userEntry()));
    }

    void offOverridesSystemEntryInProcess()
    {
        installSystemEntry();
        Outcome o = runInProcess({QStringLiteral("--json"), QStringLiteral("autostart"), QStringLiteral("status")});
        QCOMPARE(json(o.out).value(QLatin1String("source")).toString(), QStringLiteral("system"));
        QCOMPARE(json(o.out).value(QLatin1String("enabled")).toBool(), true);

        o = runInProcess({QStringLiteral("--json"), QStringLiteral("autostart"), QStringLiteral("off")});
        QCOMPARE(o.code, 0);
        const QJsonObject s = json(o.out);
        QCOMPARE(s.value(QLatin1String("enabled")).toBool(), false);
        QCOMPARE(s.value(QLatin1String("source")).toString(), QStringLiteral("user"));
        QCOMPARE(s.value(QLatin1String("systemEntry")).toString(), systemEntry());
        QFile f(userEntry());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("\nHidden=true\n"));

        o = runInProcess({QStringLiteral("autostart"), QStringLiteral("on")});
        QCOMPARE(o.code, 0);
        QVERIFY2(o.out.contains(QStringLiteral("decided by: system entry ") + systemEntry()), qPrintable(o.out));
        QVERIFY(!QFileInfo::exists(userEntry()));
    }

    // A switch that cannot be made is exit 1 with the reason on stderr: here the autostart folder
    // is a file, so no entry can be written in it.
    void failureIsExitOne()
    {
        QDir().mkpath(m_dir->path() + QStringLiteral("/home/.config"));
        QFile blocker(m_dir->path() + QStringLiteral("/home/.config/autostart"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const Outcome o = runInProcess({QStringLiteral("autostart"), QStringLiteral("on")});
        QCOMPARE(o.code, int(ctl::ExitFailed));
        QVERIFY2(o.err.startsWith(QLatin1String("hsuctl: autostart on: ")), qPrintable(o.err));
    }

    void realProgram()
    {
        if (qEnvironmentVariableIsEmpty("HSU_TEST_HSUCTL"))
            QSKIP("HSU_TEST_HSUCTL is not set (run through CTest)");
        installSystemEntry();
        const QString root = m_dir->path();
        Outcome o = runProgram({QStringLiteral("autostart"), QStringLiteral("status")}, root);
        QCOMPARE(o.code, 0);
        QVERIFY2(o.out.startsWith(QLatin1String("autostart: on\n")), qPrintable(o.out + o.err));
        QVERIFY2(o.out.contains(QStringLiteral("decided by: system entry ") + systemEntry()), qPrintable(o.out));

        o = runProgram({QStringLiteral("autostart"), QStringLiteral("off")}, root);
        QCOMPARE(o.code, 0);
        QVERIFY(QFileInfo::exists(userEntry()));
        o = runProgram({QStringLiteral("--json"), QStringLiteral("autostart"), QStringLiteral("status")}, root);
        QCOMPARE(o.code, 0);
        QCOMPARE(json(o.out).value(QLatin1String("enabled")).toBool(), false);
        QCOMPARE(json(o.out).value(QLatin1String("source")).toString(), QStringLiteral("user"));

        o = runProgram({QStringLiteral("autostart"), QStringLiteral("on")}, root);
        QCOMPARE(o.code, 0);
        QVERIFY(!QFileInfo::exists(userEntry()));

        o = runProgram({QStringLiteral("autostart"), QStringLiteral("sideways")}, root);
        QCOMPARE(o.code, int(ctl::ExitUsage));
        QVERIFY(o.err.contains(QLatin1String("autostart takes one of: on, off, status")));
    }
};

QTEST_GUILESS_MAIN(TestCtlAutostart)
#include "tst_autostart.moc"

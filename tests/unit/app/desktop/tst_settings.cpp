// The settings dialog's autostart toggle goes through hsu::autostart for real, redirected to a
// temporary folder (HSU_AUTOSTART_ROOT); and hsu-master's command line.
#include "app/desktop/DesktopOptions.h"
#include "app/desktop/SettingsDialog.h"

#include "shared/protocol/SocketPath.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace hsu::desktop;

class TestSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void autostartToggleWritesTheEntry();
    void options_data();
    void options();
    void helpAndErrors();
    void demo();
};

void TestSettings::autostartToggleWritesTheEntry()
{
#ifndef HSU_HAVE_AUTOSTART
    QSKIP("built without app/autostart");
#else
    QTemporaryDir root;
    QVERIFY(root.isValid());
    qputenv("HSU_AUTOSTART_ROOT", root.path().toUtf8());
    const QString entry = root.filePath(QStringLiteral("home/.config/autostart/hsu-agent.desktop"));

    SettingsDialog dialog(QStringLiteral("/tmp/x.sock"), QString());
    QVERIFY(dialog.autostartBox()->isEnabled());
    QVERIFY(!dialog.autostartBox()->isChecked());
    QVERIFY(!QFile::exists(entry));

    QVERIFY(!dialog.trayAtLoginBox()->isEnabled()); // nothing starts at login, the tray neither
    QVERIFY(dialog.trayAtLoginBox()->isChecked());  // on by default

    dialog.autostartBox()->setChecked(true);
    QVERIFY2(QFile::exists(entry), qPrintable(dialog.autostartStatusText()));
    QVERIFY(dialog.autostartStatusText().contains(entry));
    QVERIFY(dialog.trayAtLoginBox()->isEnabled());
    dialog.trayAtLoginBox()->setChecked(false);
    QVERIFY(QFile::exists(entry)); // rewritten, still on

    // A fresh dialog reads the state back from the files.
    SettingsDialog again(QStringLiteral("/tmp/x.sock"), QString());
    QVERIFY(again.autostartBox()->isChecked());
    QVERIFY(!again.trayAtLoginBox()->isChecked());
    again.autostartBox()->setChecked(false);
    QVERIFY(!QFile::exists(entry));
    qunsetenv("HSU_AUTOSTART_ROOT");
#endif
}

void TestSettings::options_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("socket");
    QTest::addColumn<bool>("startAgent");
    QTest::addColumn<bool>("hidden");
    QTest::addColumn<bool>("hasConfig");
    QTest::newRow("socket") << QStringList{QStringLiteral("--socket"), QStringLiteral("/tmp/a.sock")}
                            << QStringLiteral("/tmp/a.sock") << false << false << false;
    QTest::newRow("all") << QStringList{QStringLiteral("--socket=/tmp/b.sock"), QStringLiteral("--start-agent"),
                                        QStringLiteral("--hidden"), QStringLiteral("--config"), QStringLiteral("c.yaml")}
                         << QStringLiteral("/tmp/b.sock") << true << true << true;
}

void TestSettings::options()
{
    QFETCH(QStringList, args);
    QFETCH(QString, socket);
    QFETCH(bool, startAgent);
    QFETCH(bool, hidden);
    QFETCH(bool, hasConfig);
    DesktopOptions o;
    QString output;
    int code = -1;
    QVERIFY2(parseDesktopOptions(QStringList{QStringLiteral("hsu-master")} + args, &o, &output, &code), qPrintable(output));
    QCOMPARE(o.socketPath, socket);
    QCOMPARE(o.startAgent, startAgent);
    QCOMPARE(o.hidden, hidden);
    QCOMPARE(!o.configFile.isEmpty(), hasConfig);
    if (hasConfig)
        QCOMPARE(o.configFile, QDir::current().absoluteFilePath(QStringLiteral("c.yaml"))); // made absolute
}

void TestSettings::helpAndErrors()
{
    DesktopOptions o;
    QString output;
    int code = -1;
    QVERIFY(!parseDesktopOptions({QStringLiteral("hsu-master"), QStringLiteral("--help")}, &o, &output, &code));
    QCOMPARE(code, 0);
    QVERIFY(output.contains(QLatin1String("--start-agent")));
    QVERIFY(!parseDesktopOptions({QStringLiteral("hsu-master"), QStringLiteral("--bogus")}, &o, &output, &code));
    QCOMPARE(code, 2);
    QVERIFY(!parseDesktopOptions({QStringLiteral("hsu-master"), QStringLiteral("stray")}, &o, &output, &code));
    QCOMPARE(code, 2);
}

// --demo: the demo config on an agent of its own (socket, state and log folders apart from the
// user's), started when none answers; the test worker handed over through HSU_DEMO_BIN.
void TestSettings::demo()
{
    QTemporaryDir run;
    QVERIFY(run.isValid());
    const QByteArray savedRun = qgetenv("XDG_RUNTIME_DIR");
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(run.path()));
    qputenv("HSU_DEMO_BIN", "/opt/demo/testworker");
    qunsetenv("HSU_SOCKET");
    DesktopOptions o;
    QString output;
    int code = -1;
    QVERIFY2(parseDesktopOptions({QStringLiteral("hsu-master"), QStringLiteral("--demo")}, &o, &output, &code), qPrintable(output));
    QVERIFY(o.demo);
    QVERIFY(o.startAgent);
    QVERIFY2(o.configFile.endsWith(QLatin1String("/demo.yaml")) && QFile::exists(o.configFile), qPrintable(o.configFile));
    QCOMPARE(o.socketPath, run.filePath(QStringLiteral("hsu-master-demo/agent.sock")));
    QVERIFY(o.socketPath != hsu::protocol::defaultSocketPath());
    QCOMPARE(o.demoWorkerProgram, QStringLiteral("/opt/demo/testworker"));
    const QStringList a = o.agentArguments;
    QCOMPARE(a.value(a.indexOf(QStringLiteral("--config")) + 1), o.configFile);
    QCOMPARE(a.value(a.indexOf(QStringLiteral("--socket")) + 1), o.socketPath);
    // Not the user agent's default state folder ($XDG_RUNTIME_DIR/hsu-master): its records stay apart.
    QCOMPARE(a.value(a.indexOf(QStringLiteral("--state-dir")) + 1), run.filePath(QStringLiteral("hsu-master-demo/state")));
    QVERIFY(a.contains(QStringLiteral("--log-dir")));

    // Without --demo nothing of it.
    DesktopOptions plain;
    QVERIFY(parseDesktopOptions({QStringLiteral("hsu-master")}, &plain, &output, &code));
    QVERIFY(!plain.demo && !plain.startAgent && plain.agentArguments.isEmpty() && plain.configFile.isEmpty());
    QCOMPARE(plain.socketPath, hsu::protocol::defaultSocketPath());

    // The demo is its own config: not with --config.
    DesktopOptions both;
    QVERIFY(!parseDesktopOptions({QStringLiteral("hsu-master"), QStringLiteral("--demo"), QStringLiteral("--config"), QStringLiteral("c.yaml")},
                                 &both, &output, &code));
    QCOMPARE(code, 2);
    qunsetenv("HSU_DEMO_BIN");
    qputenv("XDG_RUNTIME_DIR", savedRun);
}

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"

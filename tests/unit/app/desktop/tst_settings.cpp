// The settings dialog's autostart toggle goes through hsu::autostart for real, redirected to a
// temporary folder (HSU_AUTOSTART_ROOT); and hsu-master's command line.
#include "app/desktop/DesktopOptions.h"
#include "app/desktop/SettingsDialog.h"

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

    dialog.autostartBox()->setChecked(true);
    QVERIFY2(QFile::exists(entry), qPrintable(dialog.autostartStatusText()));
    QVERIFY(dialog.autostartStatusText().contains(entry));

    // A fresh dialog reads the state back from the file.
    SettingsDialog again(QStringLiteral("/tmp/x.sock"), QString());
    QVERIFY(again.autostartBox()->isChecked());
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

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"

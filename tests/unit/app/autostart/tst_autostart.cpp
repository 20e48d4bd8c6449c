// The autostart API with HSU_AUTOSTART_ROOT pointing at a temporary folder: what enable/disable
// write (checked as files), what status reports, and that repeating a switch changes nothing.
// The XDG backend is the one built on Linux; the Windows and macOS backends build only there.

#include "app/autostart/Autostart.h"
#include "shared/config/DefaultConfig.h"

#if !defined(Q_OS_WIN) && !defined(Q_OS_MACOS)
#include "app/autostart/XdgAutostart.h"
#endif

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace hsu::autostart;

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

const char kSystemEntry[] = "[Desktop Entry]\n"
                            "Type=Application\n"
                            "Name=HSU Master agent\n"
                            "Exec=/usr/lib/hsu-master/hsu-agent-session\n"
                            "NoDisplay=true\n";

} // namespace

class TestAutostart : public QObject
{
    Q_OBJECT

private:
    QString root() const { return m_dir->path(); }
    QString userEntry() const { return root() + QStringLiteral("/home/.config/autostart/hsu-agent.desktop"); }
    QString systemEntry() const { return root() + QStringLiteral("/etc/xdg/autostart/hsu-agent.desktop"); }

    void installSystemEntry(const QByteArray &extra = {})
    {
        writeFile(systemEntry(), QByteArray(kSystemEntry) + extra);
    }

    // Every mutation leaves the user entry in one of three shapes; this names them for QCOMPARE.
    QString userEntryShape() const
    {
        if (!QFileInfo::exists(userEntry()))
            return QStringLiteral("absent");
        const detail::DesktopEntry e = detail::DesktopEntry::read(userEntry());
        return e.isTrue(QStringLiteral("Hidden")) ? QStringLiteral("hidden") : QStringLiteral("starts");
    }

    std::unique_ptr<QTemporaryDir> m_dir;

private Q_SLOTS:
    void init()
    {
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
        QSKIP("these cases cover the XDG backend");
#endif
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        qputenv("HSU_AUTOSTART_ROOT", QFile::encodeName(root()));
    }

    void cleanup()
    {
        qunsetenv("HSU_AUTOSTART_ROOT");
        m_dir.reset();
    }

    void noEntryIsOff()
    {
        const Status s = Autostart::status();
        QVERIFY(!s.enabled);
        QCOMPARE(s.source, Source::None);
        QCOMPARE(s.backend, QStringLiteral("xdg"));
        QVERIFY(s.entry.isEmpty());
        QVERIFY2(s.reason.contains(userEntry()), qPrintable(s.reason));
        QCOMPARE(sourceName(s.source), QStringLiteral("none"));
    }

    void onWritesUserEntryThatStartsTheAgent()
    {
        QString error;
        QVERIFY(Autostart::setTrayAtLogin(false, &error)); // the agent alone (the tray: below)
        QVERIFY2(Autostart::enable(&error), qPrintable(error));
        QCOMPARE(userEntryShape(), QStringLiteral("starts"));

        const detail::DesktopEntry e = detail::DesktopEntry::read(userEntry());
        QCOMPARE(e.values.value(QStringLiteral("Type")), QStringLiteral("Application"));
        const QStringList command = Autostart::agentCommand();
        QCOMPARE(e.values.value(QStringLiteral("Exec")), detail::desktopExecLine(command));
        // No package installed beside the test: hsu-agent itself, with no --config (it runs the
        // user's config, created empty on a first start).
        QVERIFY2(QFileInfo(command.value(0)).fileName() == QLatin1String("hsu-agent"), qPrintable(command.join(u' ')));
        QCOMPARE(command.size(), 1);

        const Status s = Autostart::status();
        QVERIFY(s.enabled);
        QCOMPARE(s.source, Source::User);
        QCOMPARE(s.entry, userEntry());
        QVERIFY(s.systemEntry.isEmpty());
        QCOMPARE(s.command, e.values.value(QStringLiteral("Exec")));
        QVERIFY2(s.reason.contains(QLatin1String("starts it")), qPrintable(s.reason));
    }

    void userConfigIsTheSharedDefault()
    {
        QCOMPARE(Autostart::userConfigFile(), root() + QStringLiteral("/home/.config/hsu-master/config.yaml"));
        QCOMPARE(Autostart::settingsFile(), root() + QStringLiteral("/home/.config/hsu-master/hsu-master.conf"));
        qunsetenv("HSU_AUTOSTART_ROOT");
        QCOMPARE(Autostart::userConfigFile(), hsu::config::defaultConfigFile());
    }

    // "Show the tray icon at login" (on by default): the entry starts the agent and
    // `hsu-master --hidden`; turned off, the entry is rewritten to start the agent alone. The
    // command is run for real against two stand-in programs that write down their arguments.
    void trayAtLoginStartsTheTrayToo()
    {
        const QString bin = root() + QStringLiteral("/bin");
        for (const char *name : {"hsu-master", "hsu-agent"}) {
            const QString path = bin + u'/' + QLatin1String(name);
            writeFile(path, "#!/bin/sh\necho \"$@\" > \"$0.args\"\n");
            QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        }
        const QByteArray savedPath = qgetenv("PATH");
        qputenv("PATH", QFile::encodeName(bin));
        QVERIFY(Autostart::trayAtLogin());
        const QStringList command = Autostart::agentCommand();
        QVERIFY(Autostart::enable());
        qputenv("PATH", savedPath);
        QCOMPARE(command.value(0), QStringLiteral("/bin/sh"));
        QVERIFY2(command.contains(bin + QStringLiteral("/hsu-master")) && command.contains(bin + QStringLiteral("/hsu-agent")),
                 qPrintable(command.join(u' ')));
        QCOMPARE(detail::DesktopEntry::read(userEntry()).values.value(QStringLiteral("Exec")), detail::desktopExecLine(command));

        QProcess session;
        session.start(command.value(0), command.mid(1));
        QVERIFY(session.waitForFinished(10000));
        QTRY_COMPARE_WITH_TIMEOUT(readAll(bin + QStringLiteral("/hsu-master.args")), QByteArray("--hidden\n"), 10000);
        QCOMPARE(readAll(bin + QStringLiteral("/hsu-agent.args")), QByteArray("\n"));

        qputenv("PATH", QFile::encodeName(bin));
        QVERIFY(Autostart::setTrayAtLogin(false));
        qputenv("PATH", savedPath);
        QVERIFY(!Autostart::trayAtLogin());
        QCOMPARE(detail::DesktopEntry::read(userEntry()).values.value(QStringLiteral("Exec")),
                 detail::desktopExecLine({bin + QStringLiteral("/hsu-agent")}));
        QVERIFY(Autostart::status().enabled);
    }

    // hsu-master's first start turns autostart on once; a user who turns it off stays off.
    void firstRunTurnsItOnOnce()
    {
        QString error;
        QVERIFY2(Autostart::enableOnFirstRun(&error), qPrintable(error));
        QVERIFY(Autostart::status().enabled);
        QVERIFY(Autostart::disable());
        QVERIFY(!Autostart::enableOnFirstRun(&error));
        QVERIFY(error.isEmpty());
        QVERIFY(!Autostart::status().enabled);
        QVERIFY(QFile::exists(Autostart::settingsFile()));
    }

    void offWithoutSystemEntryRemovesUserEntry()
    {
        QVERIFY(Autostart::enable());
        QString error;
        QVERIFY2(Autostart::disable(&error), qPrintable(error));
        QCOMPARE(userEntryShape(), QStringLiteral("absent"));
        const Status s = Autostart::status();
        QVERIFY(!s.enabled);
        QCOMPARE(s.source, Source::None);
    }

    void systemEntryDecidesWhenUserHasNone()
    {
        installSystemEntry();
        const Status s = Autostart::status();
        QVERIFY(s.enabled);
        QCOMPARE(s.source, Source::System);
        QCOMPARE(s.entry, systemEntry());
        QCOMPARE(s.systemEntry, systemEntry());
        QCOMPARE(s.command, QStringLiteral("/usr/lib/hsu-master/hsu-agent-session"));
        // Already on: enabling writes nothing, the package's entry keeps deciding.
        QVERIFY(Autostart::enable());
        QCOMPARE(userEntryShape(), QStringLiteral("absent"));
    }

    void offWithSystemEntryHidesItForThisUser()
    {
        installSystemEntry();
        QString error;
        QVERIFY2(Autostart::disable(&error), qPrintable(error));
        QCOMPARE(userEntryShape(), QStringLiteral("hidden"));
        QVERIFY(QFileInfo::exists(systemEntry())); // other users keep it
        const detail::DesktopEntry e = detail::DesktopEntry::read(userEntry());
        QCOMPARE(e.values.value(QStringLiteral("Exec")), QStringLiteral("/usr/lib/hsu-master/hsu-agent-session"));

        const Status s = Autostart::status();
        QVERIFY(!s.enabled);
        QCOMPARE(s.source, Source::User);
        QCOMPARE(s.entry, userEntry());
        QCOMPARE(s.systemEntry, systemEntry());
        QVERIFY2(s.reason.contains(QLatin1String("Hidden=true")) && s.reason.contains(systemEntry()), qPrintable(s.reason));
    }

    void onAfterOffWithSystemEntryRemovesTheOverride()
    {
        installSystemEntry();
        QVERIFY(Autostart::disable());
        QVERIFY(Autostart::enable());
        QCOMPARE(userEntryShape(), QStringLiteral("absent"));
        const Status s = Autostart::status();
        QVERIFY(s.enabled);
        QCOMPARE(s.source, Source::System);
    }

    void switchesAreIdempotent_data()
    {
        QTest::addColumn<bool>("withSystemEntry");
        QTest::addColumn<bool>("on");
        QTest::addColumn<QString>("shape");
        QTest::newRow("on, no system entry") << false << true << QStringLiteral("starts");
        QTest::newRow("off, no system entry") << false << false << QStringLiteral("absent");
        QTest::newRow("on, system entry") << true << true << QStringLiteral("absent");
        QTest::newRow("off, system entry") << true << false << QStringLiteral("hidden");
    }

    void switchesAreIdempotent()
    {
        QFETCH(bool, withSystemEntry);
        QFETCH(bool, on);
        QFETCH(QString, shape);
        if (withSystemEntry)
            installSystemEntry();
        // From either starting state, the same switch twice ends in the same files.
        for (const bool start : {true, false}) {
            QVERIFY(start ? Autostart::enable() : Autostart::disable());
            QVERIFY(on ? Autostart::enable() : Autostart::disable());
            const QByteArray first = readAll(userEntry());
            QVERIFY(on ? Autostart::enable() : Autostart::disable());
            QCOMPARE(readAll(userEntry()), first);
            QCOMPARE(userEntryShape(), shape);
            QCOMPARE(Autostart::status().enabled, on);
        }
    }

    void handWrittenEntriesAreHonoured_data()
    {
        QTest::addColumn<QString>("where");
        QTest::addColumn<QByteArray>("extra");
        QTest::addColumn<QString>("why");
        QTest::newRow("user, GNOME switch off") << QStringLiteral("user") << QByteArray("X-GNOME-Autostart-enabled=false\n")
                                                << QStringLiteral("X-GNOME-Autostart-enabled=false");
        QTest::newRow("user, hidden") << QStringLiteral("user") << QByteArray("Hidden=true\n") << QStringLiteral("Hidden=true");
        QTest::newRow("system, hidden") << QStringLiteral("system") << QByteArray("Hidden=true\n") << QStringLiteral("Hidden=true");
    }

    // Entries someone else wrote (the desktop's own settings, an admin): status reads them as
    // the desktop would, and "on" still turns autostart on.
    void handWrittenEntriesAreHonoured()
    {
        QFETCH(QString, where);
        QFETCH(QByteArray, extra);
        QFETCH(QString, why);
        writeFile(where == QLatin1String("user") ? userEntry() : systemEntry(), QByteArray(kSystemEntry) + extra);
        Status s = Autostart::status();
        QVERIFY(!s.enabled);
        QCOMPARE(sourceName(s.source), where);
        QVERIFY2(s.reason.contains(why), qPrintable(s.reason));

        QVERIFY(Autostart::enable());
        s = Autostart::status();
        QVERIFY(s.enabled);
        QCOMPARE(s.source, Source::User);
        QCOMPARE(userEntryShape(), QStringLiteral("starts"));
    }

#if !defined(Q_OS_WIN) && !defined(Q_OS_MACOS)
    // Without the test root the backend follows XDG_CONFIG_HOME and XDG_CONFIG_DIRS (first wins).
    void followsXdgVariables()
    {
        qunsetenv("HSU_AUTOSTART_ROOT");
        const QByteArray oldHome = qgetenv("XDG_CONFIG_HOME");
        const QByteArray oldDirs = qgetenv("XDG_CONFIG_DIRS");
        const QString home = root() + QStringLiteral("/cfg");
        const QString first = root() + QStringLiteral("/xdg1");
        const QString second = root() + QStringLiteral("/xdg2");
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(home));
        qputenv("XDG_CONFIG_DIRS", QFile::encodeName(first + u':' + second));

        writeFile(second + QStringLiteral("/autostart/hsu-agent.desktop"), kSystemEntry);
        detail::XdgAutostart xdg = detail::XdgAutostart::fromEnvironment(QString());
        QCOMPARE(xdg.userEntryPath(), home + QStringLiteral("/autostart/hsu-agent.desktop"));
        QCOMPARE(xdg.systemEntryPath(), second + QStringLiteral("/autostart/hsu-agent.desktop"));
        writeFile(first + QStringLiteral("/autostart/hsu-agent.desktop"), QByteArray(kSystemEntry) + "Hidden=true\n");
        QCOMPARE(xdg.systemEntryPath(), first + QStringLiteral("/autostart/hsu-agent.desktop"));
        QVERIFY(!Autostart::status().enabled); // the first dir's hidden entry decides

        QVERIFY(Autostart::enable());
        QVERIFY(QFileInfo::exists(home + QStringLiteral("/autostart/hsu-agent.desktop")));
        QVERIFY(Autostart::status().enabled);

        qputenv("XDG_CONFIG_HOME", oldHome);
        qputenv("XDG_CONFIG_DIRS", oldDirs);
        if (oldHome.isEmpty())
            qunsetenv("XDG_CONFIG_HOME");
        if (oldDirs.isEmpty())
            qunsetenv("XDG_CONFIG_DIRS");
    }

    void execLineQuoting_data()
    {
        QTest::addColumn<QStringList>("argv");
        QTest::addColumn<QString>("exec");
        QTest::newRow("plain") << QStringList{QStringLiteral("/usr/bin/hsu-agent"), QStringLiteral("--config"), QStringLiteral("/a/b.yaml")}
                               << QStringLiteral("/usr/bin/hsu-agent --config /a/b.yaml");
        QTest::newRow("space") << QStringList{QStringLiteral("/opt/my apps/hsu-agent")} << QStringLiteral("\"/opt/my apps/hsu-agent\"");
        QTest::newRow("percent") << QStringList{QStringLiteral("/a/100%.yaml")} << QStringLiteral("/a/100%%.yaml");
        QTest::newRow("dollar, quote, backslash")
            << QStringList{QStringLiteral("/a/$x\"y\\z")} << QStringLiteral("\"/a/\\$x\\\"y\\\\z\"");
        QTest::newRow("empty") << QStringList{QStringLiteral("a"), QString()} << QStringLiteral("a \"\"");
    }

    void execLineQuoting()
    {
        QFETCH(QStringList, argv);
        QFETCH(QString, exec);
        QCOMPARE(detail::desktopExecLine(argv), exec);
    }

    // The Exec value survives the file's own escaping (a backslash is written twice).
    void execRoundTripsThroughTheFile()
    {
        const QString odd = root() + QStringLiteral("/odd dir/back\\slash $HOME/hsu-agent");
        QVERIFY(detail::XdgAutostart::fromEnvironment(root()).enable({odd}, nullptr));
        QCOMPARE(detail::DesktopEntry::read(userEntry()).values.value(QStringLiteral("Exec")), detail::desktopExecLine({odd}));
        QVERIFY(readAll(userEntry()).contains("back\\\\\\\\slash"));
    }

    // desktop-file-validate (desktop-file-utils) is the reference; skipped where it is not installed.
    void writtenEntriesValidate()
    {
        const QString validator = QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
        if (validator.isEmpty())
            QSKIP("desktop-file-validate is not installed");
        QVERIFY(Autostart::enable());
        QCOMPARE(QProcess::execute(validator, {userEntry()}), 0);
        installSystemEntry();
        QVERIFY(Autostart::disable());
        QCOMPARE(QProcess::execute(validator, {userEntry()}), 0);
    }
#endif
};

QTEST_GUILESS_MAIN(TestAutostart)
#include "tst_autostart.moc"

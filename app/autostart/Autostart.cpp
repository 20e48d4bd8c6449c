#include "Autostart.h"

#include "AutostartBackend.h"

#include "shared/config/DefaultConfig.h"

#if defined(Q_OS_WIN)
#include "WindowsAutostart.h"
#elif defined(Q_OS_MACOS)
#include "MacAutostart.h"
#else
#include "XdgAutostart.h"
#endif

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>

#include <memory>

namespace hsu::autostart {

namespace detail {

bool writeFileAtomically(const QString &path, const QByteArray &contents, QString *error)
{
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir)) {
        setError(error, QCoreApplication::translate("hsu::autostart::Autostart", "cannot create the folder %1").arg(dir));
        return false;
    }
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(contents) != contents.size() || !f.commit()) {
        setError(error, QCoreApplication::translate("hsu::autostart::Autostart", "cannot write %1: %2").arg(path, f.errorString()));
        return false;
    }
    return true;
}

bool removeFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.exists() || f.remove())
        return true;
    setError(error, QCoreApplication::translate("hsu::autostart::Autostart", "cannot remove %1: %2").arg(path, f.errorString()));
    return false;
}

} // namespace detail

namespace {

std::unique_ptr<detail::Backend> backend()
{
    const QString root = Autostart::testRoot();
#if defined(Q_OS_WIN)
    return std::make_unique<detail::WindowsAutostart>(root);
#elif defined(Q_OS_MACOS)
    return std::make_unique<detail::MacAutostart>(root);
#else
    return std::make_unique<detail::XdgAutostart>(detail::XdgAutostart::fromEnvironment(root));
#endif
}

QString applicationDir()
{
    // Without an application object Qt cannot tell where the program lives; callers then fall
    // back to PATH and the standard install locations.
    return QCoreApplication::instance() ? QCoreApplication::applicationDirPath() : QString();
}

bool isExecutableFile(const QString &path)
{
    const QFileInfo fi(path);
    return fi.isFile() && fi.isExecutable();
}

// A program beside the running one, else in PATH; empty if neither.
QString findProgram(const QString &name)
{
    const QString appDir = applicationDir();
    const QString beside = appDir.isEmpty() ? QString() : appDir + u'/' + name;
    if (isExecutableFile(beside))
        return QDir::cleanPath(beside);
    return QStandardPaths::findExecutable(name);
}

constexpr char kTrayKey[] = "autostart/tray_at_login";
constexpr char kFirstRunKey[] = "autostart/first_run_done";

} // namespace

QString sourceName(Source source)
{
    switch (source) {
    case Source::User: return QStringLiteral("user");
    case Source::System: return QStringLiteral("system");
    case Source::None: break;
    }
    return QStringLiteral("none");
}

QString Autostart::testRoot()
{
    const QString root = qEnvironmentVariable("HSU_AUTOSTART_ROOT");
    return root.isEmpty() ? QString() : QDir::cleanPath(QDir(root).absolutePath());
}

bool Autostart::enable(QString *error)
{
    return backend()->enable(agentCommand(), error);
}

bool Autostart::disable(QString *error)
{
    return backend()->disable(error);
}

Status Autostart::status()
{
    return backend()->status();
}

QString Autostart::userConfigFile()
{
    const QString root = testRoot();
    return root.isEmpty() ? config::defaultConfigFile() : root + QStringLiteral("/home/.config/hsu-master/config.yaml");
}

QString Autostart::settingsFile()
{
    const QString root = testRoot();
    return root.isEmpty() ? config::desktopSettingsFile() : QFileInfo(userConfigFile()).absolutePath() + QStringLiteral("/hsu-master.conf");
}

bool Autostart::trayAtLogin()
{
    return QSettings(settingsFile(), QSettings::IniFormat).value(QLatin1String(kTrayKey), true).toBool();
}

bool Autostart::setTrayAtLogin(bool on, QString *error)
{
    {
        QSettings settings(settingsFile(), QSettings::IniFormat);
        settings.setValue(QLatin1String(kTrayKey), on);
        settings.sync();
        if (settings.status() != QSettings::NoError) {
            detail::setError(error, QCoreApplication::translate("hsu::autostart::Autostart", "cannot write %1").arg(settingsFile()));
            return false;
        }
    }
    // The entry carries the choice in its command: write it again (off, then on: every backend
    // writes its entry from agentCommand()).
    const Status s = status();
    if (!s.enabled || s.source != Source::User)
        return true;
    return disable(error) && enable(error);
}

bool Autostart::enableOnFirstRun(QString *error)
{
    QSettings settings(settingsFile(), QSettings::IniFormat);
    if (settings.value(QLatin1String(kFirstRunKey), false).toBool())
        return false;
    // Marked first: a failure to write the entry is reported once, not at every start.
    settings.setValue(QLatin1String(kFirstRunKey), true);
    settings.sync();
    if (status().enabled)
        return false;
    return enable(error);
}

QStringList Autostart::agentCommand()
{
    [[maybe_unused]] const QString appDir = applicationDir();
#if defined(Q_OS_WIN)
    const QString master = findProgram(QStringLiteral("hsu-master.exe"));
#else
    const QString master = findProgram(QStringLiteral("hsu-master"));
#endif
    const bool tray = !master.isEmpty() && trayAtLogin();
#if !defined(Q_OS_WIN) && !defined(Q_OS_MACOS)
    // The package's wrapper: the agent on the user's config, and with --tray the tray icon too.
    const QString session = appDir + QStringLiteral("/../lib/hsu-master/hsu-agent-session");
    if (!appDir.isEmpty() && isExecutableFile(session)) {
        QStringList command{QDir::cleanPath(session)};
        if (tray)
            command << QStringLiteral("--tray");
        return command;
    }
#endif
#if defined(Q_OS_WIN)
    QString agent = findProgram(QStringLiteral("hsu-agent.exe"));
#else
    QString agent = findProgram(QStringLiteral("hsu-agent"));
#endif
    // A build tree: app/desktop/hsu-master or app/ctl/hsuctl, agent/hsu-agent two levels up.
    if (agent.isEmpty() && !appDir.isEmpty() && isExecutableFile(appDir + QStringLiteral("/../../agent/hsu-agent")))
        agent = QDir::cleanPath(appDir + QStringLiteral("/../../agent/hsu-agent"));
    if (agent.isEmpty())
        agent = QStringLiteral("hsu-agent"); // left to the login session's PATH
#if !defined(Q_OS_WIN) && !defined(Q_OS_MACOS)
    // No package wrapper (a build tree, another prefix): the shell starts both, as the wrapper does.
    if (tray)
        return {QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("\"$0\" --hidden & exec \"$1\""), master, agent};
#else
    Q_UNUSED(tray); // Windows and macOS: the agent alone for now
#endif
    return {agent};
}

} // namespace hsu::autostart

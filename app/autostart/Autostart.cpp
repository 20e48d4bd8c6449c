#include "Autostart.h"

#include "AutostartBackend.h"

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
#include <QStandardPaths>

#include <memory>

namespace hsu::autostart {

namespace detail {

bool writeFileAtomically(const QString &path, const QByteArray &contents, QString *error)
{
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir)) {
        setError(error, QStringLiteral("cannot create the folder %1").arg(dir));
        return false;
    }
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(contents) != contents.size() || !f.commit()) {
        setError(error, QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
        return false;
    }
    return true;
}

bool removeFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.exists() || f.remove())
        return true;
    setError(error, QStringLiteral("cannot remove %1: %2").arg(path, f.errorString()));
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
    const QString configHome = root.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
                                              : root + QStringLiteral("/home/.config");
    return configHome + QStringLiteral("/hsu-master/config.yaml");
}

QString Autostart::demoConfigFile()
{
    // Installed beside the programs (Linux prefix, Windows installer: <prefix>/share/hsu-master),
    // in the bundle's Resources (macOS), else where the DEB puts it.
    const QString appDir = applicationDir();
    QStringList candidates;
    if (!appDir.isEmpty())
        candidates << appDir + QStringLiteral("/../share/hsu-master/demo.yaml")
                   << appDir + QStringLiteral("/../Resources/demo.yaml");
    candidates << QStringLiteral("/usr/share/hsu-master/demo.yaml");
    for (const QString &c : std::as_const(candidates))
        if (QFileInfo(c).isFile())
            return QDir::cleanPath(c);
    return candidates.constLast();
}

QString Autostart::defaultConfigFile()
{
    const QString user = userConfigFile();
    return QFileInfo(user).isFile() ? user : demoConfigFile();
}

QStringList Autostart::agentCommand()
{
    const QString appDir = applicationDir();
#if !defined(Q_OS_WIN) && !defined(Q_OS_MACOS)
    // The package's wrapper chooses the config at each login, so an entry written before the user
    // had a config of their own still picks it up once it exists.
    const QString session = appDir + QStringLiteral("/../lib/hsu-master/hsu-agent-session");
    if (!appDir.isEmpty() && isExecutableFile(session))
        return {QDir::cleanPath(session)};
#endif
#if defined(Q_OS_WIN)
    const QString name = QStringLiteral("hsu-agent.exe");
#else
    const QString name = QStringLiteral("hsu-agent");
#endif
    QString agent = appDir.isEmpty() ? QString() : appDir + u'/' + name;
    if (!isExecutableFile(agent))
        agent = QStandardPaths::findExecutable(QStringLiteral("hsu-agent"));
    if (agent.isEmpty())
        agent = QStringLiteral("hsu-agent"); // left to the login session's PATH
    return {QDir::cleanPath(agent), QStringLiteral("--config"), defaultConfigFile()};
}

} // namespace hsu::autostart
